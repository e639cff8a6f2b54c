"""Stage: derive the clean text, headline and metadata-line date of each article."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..models import Document
from ..settings import Settings
from ..text.clean import clean_text


class CleanStage:
    name = "clean"
    requires = frozenset({"article.raw_text", "article.metadata"})
    assigns = frozenset({"article.clean_text", "article.title"})

    def initialize(self, settings: Settings) -> None:
        pass

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            article = doc.article
            cleaned = clean_text(article.raw_text)
            article.clean_text = cleaned.text
            article.title = article.title or cleaned.title
            if article.published is None and cleaned.published:
                article.published, article.published_source = cleaned.published, "metadata-line"
            yield doc
