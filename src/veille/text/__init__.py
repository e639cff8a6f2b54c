"""Text algorithms over language data, shared by reading, analysis and clustering.

Pure functions of a text and the language's data (veille.lang): no spaCy, no knowledge base, no
store. ``timex``: time expressions found and normalised (the analysis dates events with them,
clustering reads the dates an article's lead states); ``clean``: an article's clean text and
headline from its raw text, and the metadata line some copies open with (the clean stage and the
readers use it, and the evaluation reads gold corpora with it).
"""
