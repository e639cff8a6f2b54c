"""Baselines that veille's scores are reported beside (docs/evaluation.md)."""

from __future__ import annotations

from ..text.clean import clean_text
from .corpus import Corpus

DEFAULT_TFIDF_THRESHOLD = 0.3  # cosine similarity above which average-linked articles merge (best on dev and dev2)


def tfidf_clusters(corpus: Corpus, threshold: float = DEFAULT_TFIDF_THRESHOLD) -> dict[str, str]:
    """Plain TF-IDF cosine clustering of the article texts, average link, one similarity threshold."""
    # scikit-learn is imported here, not with the module: every `veille` command would pay for it
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    ids = [article["id"] for article in corpus.articles]
    if len(ids) < 2:
        return {item: f"tfidf:{n}" for n, item in enumerate(ids)}
    texts = [clean_text(article["text"]).text for article in corpus.articles]
    vectors = TfidfVectorizer(sublinear_tf=True, min_df=1, strip_accents="unicode").fit_transform(texts)
    labels = AgglomerativeClustering(
        n_clusters=None, metric="cosine", linkage="average", distance_threshold=1 - threshold
    ).fit_predict(vectors.toarray())
    return {item: f"tfidf:{label}" for item, label in zip(ids, labels)}
