"""The Parquet tables of a batch output: their columns, and Documents ⇄ rows.

Both engines write these columns with these types, so that a reader (DuckDB, pandas, `veille
load`) cannot tell which one wrote a folder. Every table but ``problems`` is partitioned by the
month its article was published (``month=2017-05``, ``month=unknown``), so that an article's rows
of every table sit in the same partition. Nested values that are lists of plain strings are
Parquet lists; records (actors, quotes, entities) are JSON strings, which DuckDB reads with
``json_extract`` and pandas with ``json.loads``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..models import Actor, Article, Document, Event, Evidence, Mention, Quote, Sentence

UNKNOWN_MONTH = "unknown"
_MONTH = re.compile(r"\d{4}-\d\d")

# table → [(column, type)]; types: string, int, double, bool, binary, list<string>, list<int>
TABLES: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("article_id", "string"), ("source", "string"), ("external_id", "string"), ("url", "string"),
        ("outlet", "string"), ("title", "string"), ("published", "string"), ("published_source", "string"),
        ("language", "string"), ("language_confidence", "double"), ("status", "string"),
        ("raw_text", "string"), ("clean_text", "string"), ("ingested_at", "string"),
        ("main_event_id", "string"), ("news_cluster_id", "string"), ("copy_of", "string"),
        ("sentence_starts", "list<int>"), ("sentence_ends", "list<int>"),
        ("quotes", "string"), ("entities", "string"), ("month", "string"),
    ],
    "mentions": [
        ("article_id", "string"), ("sentence", "int"), ("start", "int"), ("end", "int"), ("text", "string"),
        ("label", "string"), ("entity_id", "string"), ("entity_name", "string"), ("entity_type", "string"),
        ("month", "string"),
    ],
    "events": [
        ("event_id", "string"), ("article_id", "string"), ("type", "string"), ("mode", "string"),
        ("cameo", "string"), ("date", "string"), ("date_precision", "string"), ("date_constraint", "string"),
        ("city", "string"), ("country", "string"), ("topics", "list<string>"), ("contexts", "list<string>"),
        ("attribution", "string"), ("confidence", "double"), ("is_main", "bool"), ("sentence", "int"),
        ("trace", "string"), ("actors", "string"), ("actor_ids", "list<string>"), ("cluster_id", "string"), ("link", "string"),
        ("month", "string"),
    ],
    "evidence": [
        ("event_id", "string"), ("article_id", "string"), ("start", "int"), ("end", "int"), ("text", "string"),
        ("month", "string"),
    ],
    "profiles": [  # what clustering compares; `veille load` keeps it so that later ingests cluster incrementally
        ("article_id", "string"), ("profile", "string"), ("minhash", "binary"), ("bands", "list<string>"),
        ("month", "string"),
    ],
    "event_clusters": [  # partitioned by the month of the event (else of its first report)
        ("cluster_id", "string"), ("type", "string"), ("mode", "string"), ("date", "string"),
        ("date_precision", "string"), ("date_constraint", "string"), ("city", "string"), ("country", "string"),
        ("actors", "string"), ("topics", "list<string>"), ("n_events", "int"), ("n_articles", "int"),
        ("n_sources", "int"), ("n_outlets", "int"), ("first_seen", "string"), ("last_seen", "string"),
        ("month", "string"),
    ],
    "problems": [("where", "string"), ("kind", "string"), ("reason", "string")],
}
PARTITIONED = frozenset(TABLES) - {"problems"}


def columns(table: str) -> list[str]:
    return [name for name, _ in TABLES[table]]


def month_of(day: str | None) -> str:
    """The partition of a date value: its YYYY-MM, else ``unknown``."""
    return day[:7] if day and _MONTH.match(day[:7]) else UNKNOWN_MONTH


def as_tuple(table: str, row: dict[str, Any]) -> tuple:
    """A row in column order (Spark builds DataFrames from tuples)."""
    return tuple(row.get(name) for name in columns(table))


# ------------------------------------------------------------------ Document → rows
def document_rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """The rows an analysed document contributes to each table (cluster columns left empty)."""
    a = doc.article
    month = month_of(a.published)
    article = {
        "article_id": a.id, "source": a.source, "external_id": a.external_id, "url": a.url, "outlet": a.outlet,
        "title": a.title, "published": a.published, "published_source": a.published_source,
        "language": a.language, "language_confidence": a.language_confidence, "status": a.status,
        "raw_text": a.raw_text, "clean_text": a.clean_text, "ingested_at": a.ingested_at,
        "main_event_id": next((e.id for e in doc.events if e.is_main), None),
        "news_cluster_id": None, "copy_of": None,
        "sentence_starts": [s.start for s in doc.sentences], "sentence_ends": [s.end for s in doc.sentences],
        "quotes": _json([{"start": q.start, "end": q.end, "speaker_id": q.speaker_id, "speaker": q.speaker}
                         for q in doc.quotes]),
        "entities": _json([{"id": e.id, "name": e.name, "type": e.type, "wikidata": e.wikidata, "country": e.country}
                           for e in sorted(doc.entities.values(), key=lambda e: e.id)]),
        "month": month,
    }
    mentions = [{"article_id": a.id, "sentence": m.sentence, "start": m.start, "end": m.end, "text": m.text,
                 "label": m.label, "entity_id": m.entity_id, "entity_name": m.entity_name,
                 "entity_type": m.entity_type, "month": month} for m in doc.mentions]
    events, evidence = [], []
    for e in doc.events:
        location = e.location or {}
        events.append({
            "event_id": e.id, "article_id": a.id, "type": e.type, "mode": e.mode, "cameo": e.cameo,
            "date": e.date, "date_precision": e.date_precision, "date_constraint": e.date_constraint,
            "city": location.get("city"), "country": location.get("country"), "topics": list(e.topics),
            "contexts": list(e.contexts), "attribution": e.attribution, "confidence": e.confidence,
            "is_main": e.is_main, "sentence": e.sentence, "trace": _json(e.trace) if e.trace else None,
            "actors": _json([{"id": x.id, "name": x.name, "role": x.role} for x in e.actors]),
            "actor_ids": [x.id for x in e.actors if x.id], "cluster_id": None, "link": None, "month": month,
        })
        evidence += [{"event_id": e.id, "article_id": v.article_id, "start": v.start, "end": v.end, "text": v.text,
                      "month": month} for v in e.evidence]
    return {"articles": [article], "mentions": mentions, "events": events, "evidence": evidence}


# ------------------------------------------------------------------ rows → Document
def document_from_rows(article: dict[str, Any], mentions: list[dict], events: list[dict],
                       evidence: list[dict], entity) -> Document:
    """The Document the rows of one article were made from; ``entity(record)`` builds a KB entity."""
    fields = {name: article.get(name) for name in ("source", "raw_text", "external_id", "url", "outlet", "title",
                                                   "published", "published_source", "clean_text", "language",
                                                   "language_confidence", "status", "ingested_at", "main_event_id")}
    doc = Document(article=Article(id=article["article_id"], cluster_id=None, **fields))
    doc.sentences = [Sentence(start, end) for start, end in zip(article["sentence_starts"] or [],
                                                                 article["sentence_ends"] or [])]
    doc.mentions = [Mention(start=m["start"], end=m["end"], text=m["text"], label=m["label"], sentence=m["sentence"],
                            entity_id=m["entity_id"], entity_name=m["entity_name"], entity_type=m["entity_type"])
                    for m in sorted(mentions, key=lambda m: (m["start"], m["end"]))]
    clean = doc.article.clean_text or ""
    doc.quotes = [Quote(article_id=doc.article.id, start=q["start"], end=q["end"], text=clean[q["start"]:q["end"]],
                        speaker_id=q["speaker_id"], speaker=q["speaker"]) for q in json.loads(article["quotes"] or "[]")]
    doc.entities = {record["id"]: entity(record) for record in json.loads(article["entities"] or "[]")}
    proofs: dict[str, list[Evidence]] = {}
    for v in sorted(evidence, key=lambda v: (v["start"], v["end"])):
        proofs.setdefault(v["event_id"], []).append(Evidence(v["article_id"], v["start"], v["end"], v["text"]))
    for e in sorted(events, key=lambda e: e["event_id"]):
        doc.events.append(Event(
            id=e["event_id"], article_id=doc.article.id, type=e["type"], mode=e["mode"],
            actors=[Actor(name=x["name"], role=x["role"], id=x["id"]) for x in json.loads(e["actors"] or "[]")],
            date=e["date"], date_precision=e["date_precision"],
            location={"city": e["city"], "country": e["country"]} if e["city"] or e["country"] else None,
            topics=list(e["topics"] or []), contexts=list(e["contexts"] or []), attribution=e["attribution"],
            evidence=proofs.get(e["event_id"], []), confidence=e["confidence"], is_main=bool(e["is_main"]),
            cameo=e["cameo"], date_constraint=e["date_constraint"], sentence=e["sentence"],
            trace=json.loads(e["trace"]) if e["trace"] else None))
    return doc


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
