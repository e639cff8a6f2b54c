"""Ingestion: inputs → Records → Documents → pipeline → store, idempotent and resumable.

The same article (same normalised text) is stored once. Documents are written in transactions of
``settings.commit_every`` articles, so a run killed at any point leaves a consistent store, and a
re-run skips what is already stored and completes the rest.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ..clustering import Clustering
from ..errors import InputError, StoreError, one_line
from ..models import Article, Document, Record
from ..pipeline import Pipeline, default_pipeline, failure_reason
from ..settings import Settings
from ..store import Store
from .sources import Skipped, iter_records

_WHITESPACE = re.compile(r"\s+")


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


def article_id(text: str) -> str:
    """Stable id: hash of the text, normalised so that spacing, case and Unicode forms do not matter."""
    normalised = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


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
    pipeline = pipeline or _pipeline_for(store)
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
    for doc in docs:
        if doc.failure:
            _failed(store, doc, doc.failure, report, notify)
            continue
        batch.append(doc)
        if len(batch) >= settings.commit_every:
            _commit(store, batch, report, notify, place)
    _commit(store, batch, report, notify, place)
    return report


def _pipeline_for(store: Store) -> Pipeline:
    """The default pipeline, linking against the shipped knowledge base plus what the store imported."""
    records = store.kb_records()
    if not records:
        return default_pipeline()
    from ..kb.base import KnowledgeBase
    from ..kb.load import entity_from_record

    return default_pipeline(kb=KnowledgeBase.load(extra=[entity_from_record(r) for r in records]))


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


def check_record(record: Record, settings: Settings) -> tuple[str, str] | None:
    """("skipped"|"failed", reason) for a record that cannot be analysed, else None."""
    length = len(record.text.strip())
    if length < settings.min_article_chars:
        return ("skipped", "empty text" if length == 0 else f"text too short ({length} characters)")
    if length > settings.max_article_chars:
        return ("failed", f"text too long ({length:,} characters; the limit is max_article_chars="
                          f"{settings.max_article_chars:,})")
    return None


def document_for(record: Record) -> Document:
    """The Document a record enters the pipeline as (its id: the hash of its text)."""
    return Document(
        article=Article(
            id=article_id(record.text),
            source=one_line(record.source),
            raw_text=record.text,
            external_id=record.external_id,
            url=record.url,
            outlet=record.outlet,
            title=record.title,
            published=record.published,
            published_source=record.published_source,
        ),
        where=one_line(record.where),
    )


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


__all__ = ["IngestReport", "article_id", "check_record", "document_for", "ingest", "ingest_records", "store_documents"]
