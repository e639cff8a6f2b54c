"""What runs on the workers: reading input files, and analysing articles with the pipeline.

Both are plain functions over iterables, called by either engine. The analysis is the one every
path runs (``pipeline.analysis_pipeline``): the shipped knowledge base plus the entities the user
imported (`veille kb import`), which the run's Context carries as plain records, so that a Spark
executor receives them with its tasks. Each process loads that pipeline (the spaCy model, the
knowledge base) once and keeps it for every partition it is given. It stores each analysed
document in a throw-away in-memory store and reads its clustering inputs back from it, so that
batch clustering compares exactly what the incremental clusterer compares.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cluster import duplicates
from ..clustering import publication_order, event_item, profile_of
from ..errors import InputError
from ..ingest import article_id, check_record, document_for
from ..ingest.pages import extract_pages
from ..ingest.records import Skipped
from ..ingest.sources import read_file
from ..models import Record
from ..pipeline import Pipeline, analysis_pipeline, failure_reason
from ..settings import Settings
from ..store import Store
from .tables import TABLES, document_rows

_pipelines: dict[tuple[str, str], Pipeline] = {}


@dataclass(frozen=True)
class Context:
    """What every worker needs to know about the run."""

    settings: Settings
    created: str  # the run's timestamp: every article's ingested_at
    imported: tuple[dict, ...] = ()  # the KB records imported with `veille kb import` (Store.kb_records)


@dataclass(frozen=True)
class Problem:
    where: str
    kind: str  # skipped | failed
    reason: str

    def row(self) -> dict[str, str]:
        return {"where": self.where, "kind": self.kind, "reason": self.reason}


# ------------------------------------------------------------------ reading
def read_units(units: Iterable[tuple[int, str]], context: Context) -> Iterator[tuple[str, Any]]:
    """("record", (article id, ((unit, position), record))) for each readable record of the files,
    ("problem", Problem) for everything else; web pages are extracted here."""
    for unit, path in units:
        position = 0
        for item in extract_pages(read_file(Path(path), context.settings)):
            if isinstance(item, Skipped):
                yield "problem", Problem(item.where, "skipped", item.reason)
            elif isinstance(item, InputError):
                yield "problem", Problem(item.where, "failed", item.reason)
            else:
                problem = check_record(item, context.settings)
                if problem:
                    yield "problem", Problem(item.where, *problem)
                else:
                    yield "record", (article_id(item.text), ((unit, position), item))
                    position += 1


# ------------------------------------------------------------------ analysis
def analyse_records(records: Iterable[Record], context: Context) -> Iterator[dict[str, Any]]:
    """One result per record: its table rows and what clustering needs of it, or, for a record
    whose analysis fails, no rows and the problem (the other records go on)."""
    for doc in _pipeline(context).isolated(document_for(record) for record in records):
        if doc.failure is None:
            doc.article.ingested_at = context.created
            try:
                result = {"id": doc.article.id, "tables": document_rows(doc),
                          "cluster": cluster_input(_stored_shape(doc)), "problem": None}
            except Exception as err:  # noqa: BLE001 - recorded for this record, the run goes on
                doc.failure = failure_reason("store", err)
        yield _failed(doc) if doc.failure else result


def _failed(doc) -> dict[str, Any]:
    """The result of a record whose analysis failed: no rows, one problem."""
    return {"id": doc.article.id, "tables": {table: [] for table in TABLES}, "cluster": None,
            "problem": Problem(doc.where, "failed", doc.failure).row()}


def _pipeline(context: Context) -> Pipeline:
    """The run's analysis, built once per process (per spaCy model and set of imported entities)."""
    key = (context.settings.spacy_model, _fingerprint(context.imported))
    if key not in _pipelines:
        pipeline = analysis_pipeline(context.imported)
        pipeline.initialize(context.settings)
        _pipelines[key] = pipeline
    return _pipelines[key]


def _fingerprint(records: tuple[dict, ...]) -> str:
    if not records:
        return ""
    text = json.dumps(records, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _stored_shape(doc) -> dict[str, Any] | None:
    """The article as ``Store.cluster_inputs`` gives it, from a store of its own: a shared one would
    type an entity unknown to the KB as the first article naming it did, whichever that was."""
    shard = Store.open(":memory:")
    try:
        shard.write_documents([doc])
        found = shard.cluster_inputs([doc.article.id])
    finally:
        shard.conn.close()  # not Store.close: statistics of a throw-away store are wasted work
    return found[0] if found else None


def cluster_input(article: dict[str, Any] | None) -> dict[str, Any] | None:
    """An analysed article as clustering sees it (None for an article in an unsupported language):
    its arrival key, profile and MinHash signature, and for each event the item that event linking
    compares (its news cluster still unknown) and the member record cluster summaries are made of."""
    if article is None:
        return None
    profile = profile_of(article)
    signature, profile.grams = duplicates.minhash(article["clean_text"])
    return {
        "node": publication_order(article),
        "profile": profile,
        "minhash": duplicates.to_bytes(signature),
        "bands": duplicates.bands(signature),
        "events": [(event_item(article, event, None), _member(article, event)) for event in article["events"]],
    }


def _member(article: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """An event as ``cluster.events.summarise`` reads it (``copy_of`` is filled in once copies are known)."""
    location = event.get("location") or {}
    return {"id": event["id"], "article_id": article["id"], "type": event["type"], "mode": event["mode"],
            "own_date": event["date"], "own_precision": event["date_precision"],
            "date_constraint": event["date_constraint"], "is_main": event["is_main"], "city": location.get("city"),
            "country": location.get("country"), "topics": event["topics"],
            "actors": [{"id": a["id"], "name": a["name"], "role": a["role"]} for a in event["actors"]],
            "outlet": article["outlet"], "copy_of": None, "seen": article["published"]}
