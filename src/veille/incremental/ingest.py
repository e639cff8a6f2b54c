"""Ingestion into the store: inputs → Records → Documents → analysis → store → clustering,
idempotent and resumable (`veille ingest`, `veille watch`, the evaluation).

Reading is veille.ingest's, the analysis veille.pipeline's (``analysis_pipeline``: the shipped
knowledge base plus what `veille kb import` added to this store), placing articles in clusters
veille.clustering's; this module drives them over one store. The same article (same normalised
text) is stored once. Documents are written in transactions of
``settings.commit_every`` articles, so a run killed at any point leaves a consistent store, and a
re-run skips what is already stored and completes the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..clustering import Clustering
from ..errors import InputError, StoreError
from ..ingest import check_record, document_for
from ..ingest.sources import Skipped, iter_records
from ..kb.base import KnowledgeBase
from ..kb.load import entity_from_record
from ..models import Document, Record
from ..pipeline import Pipeline, analysis_pipeline, failure_reason
from ..settings import Settings
from ..store import Store


@dataclass
class IngestReport:
    new: int = 0
    duplicate: int = 0
    unsupported_language: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)
    failed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failed

    def as_dict(self) -> dict:
        return {
            "new": self.new,
            "duplicate": self.duplicate,
            "unsupported_language": self.unsupported_language,
            "skipped": [{"where": w, "reason": r} for w, r in self.skipped],
            "failed": [{"where": w, "reason": r} for w, r in self.failed],
        }


def ingest(
    inputs: Iterable[str],
    store: Store,
    settings: Settings,
    *,
    pipeline: Pipeline | None = None,
    on_record: Callable[[str], None] | None = None,
    stdin=None,
) -> IngestReport:
    """Read every input, analyse new articles and store them. Never raises for a bad input."""
    items = iter_records(inputs, settings, stdin)
    return ingest_records(items, store, settings, pipeline=pipeline, on_record=on_record)


def ingest_records(
    items: Iterable[Record | InputError | Skipped],
    store: Store,
    settings: Settings,
    *,
    pipeline: Pipeline | None = None,
    on_record: Callable[[str], None] | None = None,
    cluster: bool = True,
) -> IngestReport:
    """Analyse and store records that were read already (the evaluation builds its own).

    ``cluster``: place new articles in news and event clusters as they are stored (off only for
    fitting the clustering model, bench/train_clustering.py)."""
    pipeline = pipeline or analysis_pipeline(store.kb_records())
    pipeline.initialize(settings)
    report = IngestReport()
    notify = on_record or (lambda status: None)
    fresh = _fresh_documents(items, store, settings, report, notify)
    return store_documents(pipeline.isolated(fresh), store, settings, cluster=cluster, report=report, notify=notify)


def store_documents(docs: Iterable[Document], store: Store, settings: Settings, *, cluster: bool = True,
                    report: IngestReport | None = None, notify: Callable[[str], None] | None = None,
                    ) -> IngestReport:
    """Store analysed documents (those with a ``failure`` are reported instead) in transactions of
    ``settings.commit_every``, placing each in news and event clusters as it is stored."""
    report = report or IngestReport()
    notify = notify or (lambda status: None)
    place = Clustering(store).update if cluster else None
    if place:  # articles stored before this store had clustering (schema 3 and older)
        pending = store.unclustered_article_ids()
        if pending:
            with store.transaction():
                place(pending)
    batch: list[Document] = []
    actors = _ActorEntities(store)
    for doc in docs:
        if doc.failure:
            _failed(store, doc, doc.failure, report, notify)
            continue
        actors.complete(doc)
        batch.append(doc)
        if len(batch) >= settings.commit_every:
            _commit(store, batch, report, notify, place)
    _commit(store, batch, report, notify, place)
    return report


class _ActorEntities:
    """Each article stores the entities its events name, not only those it mentions ("Moscou a
    annoncé": the actor is Russia): clustering reads an actor's country from the store's entities
    (stories, the sides of undated reports), and it must not depend on whether a later article of
    the same transaction happened to store that entity first."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._kb: KnowledgeBase | None = None

    def complete(self, doc: Document) -> None:
        for event in doc.events:
            for actor in event.actors:
                if actor.id and actor.id not in doc.entities:
                    entity = self.kb.get(actor.id)
                    if entity is not None:
                        doc.entities[actor.id] = entity

    @property
    def kb(self) -> KnowledgeBase:
        if self._kb is None:  # what the analysis linked against: the shipped base and the imported entities
            self._kb = KnowledgeBase.load(extra=[entity_from_record(record) for record in self.store.kb_records()])
        return self._kb


def _fresh_documents(items, store: Store, settings: Settings, report: IngestReport, notify) -> Iterator[Document]:
    """Documents for the records not stored yet; problems and duplicates are counted on the way."""
    in_flight: set[str] = set()
    for item in items:
        if isinstance(item, Skipped):
            report.skipped.append((item.where, item.reason))
            notify("skipped")
        elif isinstance(item, InputError):
            report.failed.append((item.where, item.reason))
            notify("failed")
        else:
            problem = check_record(item, settings)
            if problem:
                (report.skipped if problem[0] == "skipped" else report.failed).append((item.where, problem[1]))
                notify(problem[0])
                continue
            doc = document_for(item)
            if doc.article.id in in_flight or store.existing_article_ids([doc.article.id]):
                report.duplicate += 1
                notify("duplicate")
                continue
            in_flight.add(doc.article.id)
            yield doc


def _commit(store: Store, batch: list[Document], report: IngestReport, notify, place) -> None:
    """Store a batch in one transaction; if an article of it cannot be stored or clustered, the
    batch is stored one article at a time, and that article alone is reported as failed. An error
    of the store itself (disk full, locked) stops the run: nothing more could be stored."""
    if not batch:
        return
    try:
        store.write_documents(batch, then=place)
        stored = list(batch)
    except StoreError:
        raise
    except Exception:  # noqa: BLE001 - found again and named, one article at a time
        stored = []
        for doc in batch:
            try:
                store.write_documents([doc], then=place)
                stored.append(doc)
            except StoreError:
                raise
            except Exception as err:  # noqa: BLE001 - recorded for this article, the run goes on
                _failed(store, doc, failure_reason("store", err), report, notify)
    for doc in stored:
        report.new += 1
        if not doc.supported:
            report.unsupported_language += 1
        notify("new")
    batch.clear()


def _failed(store: Store, doc: Document, reason: str, report: IngestReport, notify) -> None:
    """An article that could not be analysed or stored: reported, noted in the store, not stored."""
    where = doc.where or doc.article.source
    store.record_problem(doc.article.id, where, reason)
    report.failed.append((where, reason))
    notify("failed")


__all__ = ["IngestReport", "ingest", "ingest_records", "store_documents"]
