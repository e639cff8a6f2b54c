"""The stage contract and the runner.

A stage is an object with a ``name``, the document fields it ``requires`` and ``assigns``, an
``initialize(settings)`` that loads its resources (cheap ``__init__``, as in spaCy), and a
``__call__`` that takes a stream of Documents and yields them, in the same order, with what it
assigns filled in. Stages stream so that the parser can batch (``nlp.pipe``) across documents.

The fields a stage may require or assign are the names below. The runner checks, when the
pipeline is built, that every requirement is assigned by an earlier stage, so that the entity,
date, event and clustering stages can be appended without touching the runner.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Protocol, runtime_checkable

from .errors import ConfigError
from .models import Article, Document
from .settings import Settings

# What a Document carries when it enters the pipeline (set by ingestion).
INPUT_FIELDS = frozenset({"article.raw_text", "article.metadata"})
KNOWN_FIELDS = INPUT_FIELDS | frozenset(
    {
        "article.clean_text",
        "article.title",
        "article.published",  # publication date inferred where the input gave none
        "article.language",
        "sentences",
        "spacy_doc",
        "mentions",
        "entities",
        "time_expressions",
        "events",
        "main_event",
        "quotes",
    }
)


@runtime_checkable
class Stage(Protocol):
    name: str
    requires: frozenset[str]
    assigns: frozenset[str]

    def initialize(self, settings: Settings) -> None: ...

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]: ...


class Pipeline:
    """An ordered list of stages, validated once, run lazily over a stream of Documents."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages = list(stages)
        self._validate()
        self._initialized = False

    @property
    def assigns(self) -> frozenset[str]:
        return frozenset().union(*(stage.assigns for stage in self.stages))

    def has(self, field: str) -> bool:
        """Whether some stage produces ``field``; the evaluation reports null for what none does."""
        return field in self.assigns

    def initialize(self, settings: Settings) -> None:
        if not self._initialized:
            for stage in self.stages:
                stage.initialize(settings)
            self._initialized = True

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        if not self._initialized:
            raise ConfigError("pipeline used before initialize(settings)")
        stream: Iterable[Document] = docs
        for stage in self.stages:
            stream = stage(stream)
        return iter(stream)

    def isolated(self, docs: Iterable[Document]) -> Iterator[Document]:
        """Run the pipeline so that one document whose analysis raises does not stop the others.

        Documents stream through as usual; when the stream raises, the documents that were inside
        it (read but not yet out: at most a parser batch) are analysed again one at a time from
        their input, and the one that raises again comes out with ``failure`` set, naming the stage
        and the error, in its place. The stream then goes on with the next documents. Errors of the
        input stream itself are not analysis failures and propagate."""
        source = iter(docs)
        while True:
            in_flight: deque[tuple[Document, Article]] = deque()
            try:
                for doc in self(_entering(source, in_flight)):
                    in_flight.popleft()
                    yield doc
                return
            except _InputStreamError as err:
                raise err.__cause__ from None
            except Exception:  # noqa: BLE001 - the culprit is found and named below
                for doc, article in list(in_flight):
                    yield self._alone(Document(article=article, where=doc.where))

    def _alone(self, doc: Document) -> Document:
        """One document through each stage in turn, its failure recorded with the stage that raised."""
        for stage in self.stages:
            try:
                doc = next(iter(stage([doc])))
            except Exception as err:  # noqa: BLE001 - recorded for this document, the run goes on
                return Document(article=doc.article, where=doc.where, failure=failure_reason(stage.name, err))
        return doc

    def _validate(self) -> None:
        available = set(INPUT_FIELDS)
        names = set()
        for stage in self.stages:
            if stage.name in names:
                raise ConfigError(f"stage {stage.name!r} appears twice in the pipeline")
            names.add(stage.name)
            unknown = (stage.requires | stage.assigns) - KNOWN_FIELDS
            if unknown:
                raise ConfigError(f"stage {stage.name!r} names unknown fields: {', '.join(sorted(unknown))}")
            missing = stage.requires - available
            if missing:
                raise ConfigError(
                    f"stage {stage.name!r} requires {', '.join(sorted(missing))}, which no earlier stage assigns"
                )
            available |= stage.assigns


class _InputStreamError(Exception):
    """Raised in place of an error of the stream of documents given to the pipeline (its cause)."""


def _entering(source: Iterator[Document], in_flight: deque) -> Iterator[Document]:
    """The documents of ``source``, each noted with a copy of its input as it enters the pipeline."""
    while True:
        try:
            doc = next(source)
        except StopIteration:
            return
        except Exception as err:
            raise _InputStreamError() from err
        in_flight.append((doc, replace(doc.article)))
        yield doc


def failure_reason(stage: str, err: BaseException) -> str:
    """One line saying where and how an analysis failed."""
    message = " ".join(str(err).split()) or "no message"
    return f"analysis failed in stage {stage!r}: {type(err).__name__}: {message[:300]}"


def analysis_pipeline(imported: Iterable[dict] = (), *, rules_only: bool = False) -> Pipeline:
    """The analysis every path runs — `veille ingest` and `veille watch` into a store, `veille batch`
    on either engine, `veille evaluate`: ``default_pipeline`` linking against the shipped knowledge
    base plus the entities ``imported`` with `veille kb import`, given as their records
    (``Store.kb_records()``: plain JSON data, which a Spark job ships to its executors as it is)."""
    records = list(imported)
    if not records:
        return default_pipeline(rules_only=rules_only)
    from .kb.base import KnowledgeBase
    from .kb.load import entity_from_record

    kb = KnowledgeBase.load(extra=[entity_from_record(record) for record in records])
    return default_pipeline(kb=kb, rules_only=rules_only)


def default_pipeline(kb=None, *, rules_only: bool = False) -> Pipeline:
    """veille's analysis, in order. Later capabilities append their stages here.

    ``kb``: the knowledge base to link against (default: the shipped one); ``rules_only``: choose
    each article's main event by the reading-order rule instead of the shipped model.
    """
    from .nlp.clean import CleanStage
    from .nlp.events import EventStage
    from .nlp.language import LanguageStage
    from .nlp.link import LinkStage
    from .nlp.parse import ParseStage
    from .nlp.quotes import QuoteStage
    from .nlp.reference import ReferenceDateStage

    return Pipeline([CleanStage(), ReferenceDateStage(), LanguageStage(), ParseStage(), LinkStage(kb),
                     QuoteStage(), EventStage(kb, rules_only=rules_only)])
