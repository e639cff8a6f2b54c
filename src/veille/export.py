"""Exports of the store's events and articles: CSV, JSON Lines and Parquet (shared by CLI and API).

Parquet keeps types: a day is a ``date32``, a timestamp a ``timestamp``, actors and evidence are
lists of structs, and every field carries its description in the schema's metadata. A date
coarser than a day ("2018-03", "199X") has no date type: the ``date`` column is then null and
``date_value`` keeps the TimeML value, with ``date_precision`` saying what it is (docs/export.md).

CSV is flat (lists ``; ``-joined), one record per line (line breaks inside a text become spaces),
text always quoted and numbers bare, so that "03" reads as text in tools that heed quotes.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import ConfigError, VeilleError
from .render import event_date, participants
from .store import Store

FORMATS = ("csv", "jsonl", "parquet")
TABLES = ("events", "articles")
DAY = re.compile(r"\d{4}-\d\d-\d\d")
LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x85\u2028\u2029]+\s*")


@dataclass(frozen=True)
class Column:
    name: str
    type: pa.DataType
    description: str
    in_csv: bool = True
    in_parquet: bool = True  # a few CSV columns flatten what Parquet keeps as a list of structs


ACTOR = pa.struct([("id", pa.string()), ("name", pa.string()), ("type", pa.string()), ("role", pa.string())])
EVIDENCE = pa.struct([("article_id", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
                      ("sentence", pa.string())])
TEXTS = pa.list_(pa.string())

EVENT_COLUMNS = [
    Column("id", pa.string(), "event id"),
    Column("type", pa.string(), "PLOVER event type"),
    Column("mode", pa.string(), "PLOVER mode of the type, or null"),
    Column("cameo", pa.string(), "CAMEO root code of the type, as text (\"04\")"),
    Column("date", pa.date32(), "the day it happened when a day is known (precision day or reference), else null"),
    Column("date_value", pa.string(), "the date as extracted, any precision: a day, 2018-03, 2018-W11, 2020-FA, 199X…"),
    Column("date_precision", pa.string(), "day, week, weekend, month, season, year, decade, century, reference "
                                          "(the article's day), unknown"),
    Column("date_constraint", pa.string(), "what is known when the day is not (\"Tuesday\"), or null"),
    Column("date_source", pa.string(), "text, article, cluster (a day read from other reports), or null"),
    Column("date_text", pa.string(), "the date in words, as every view of veille shows it"),
    Column("participants", pa.string(), "who did what to whom: \"A → B\", \"A ↔ B\" (mutual), \"A, B → ?\" "
                                        "(no target found)"),
    Column("actors", pa.list_(ACTOR), "the actors: entity id (Wikidata QID where known), English name, "
                                      "entity type, role (source or target); CSV: their names"),
    Column("actor_ids", TEXTS, "the actors' entity ids, in the order of actors", in_parquet=False),
    Column("actor_roles", TEXTS, "the actors' roles (source, target), in the order of actors", in_parquet=False),
    Column("city", pa.string(), "where it happened: city (English), or null"),
    Column("country", pa.string(), "where it happened: country (English), or null"),
    Column("topics", TEXTS, "short English topic tags"),
    Column("contexts", TEXTS, "PLOVER contexts implied by the topics"),
    Column("attribution", pa.string(), "who the article says reported the event, or null"),
    Column("cluster_id", pa.string(), "the event cluster: the same real-world event across articles"),
    Column("articles", TEXTS, "ids of the articles that report it"),
    Column("evidence", pa.list_(EVIDENCE), "the evidence sentences: article id, character offsets into its "
                                           "clean text (start, end), sentence; CSV: the sentences"),
    Column("confidence", pa.float64(), "probability that the type is right (main events) or the trigger's weight"),
]
ARTICLE_COLUMNS = [
    Column("id", pa.string(), "article id (hash of its normalised text)"),
    Column("external_id", pa.string(), "the id field of a JSON Lines record, or null"),
    Column("source", pa.string(), "the file path, <stdin> or URL it was ingested from"),
    Column("url", pa.string(), "its web address, or null"),
    Column("outlet", pa.string(), "its outlet, or null"),
    Column("title", pa.string(), "its title: its own, else its headline or first sentence (see title_source)"),
    Column("published", pa.date32(), "its publication day, or null when only the month (or nothing) is known"),
    Column("published_value", pa.string(), "its publication date as given: YYYY-MM-DD or YYYY-MM, or null"),
    Column("published_source", pa.string(), "where the publication date comes from (metadata, html…)"),
    Column("language", pa.string(), "ISO 639-1 code, or null"),
    Column("status", pa.string(), "analysed or unsupported_language"),
    Column("ingested_at", pa.timestamp("ms", tz="UTC"), "when it was ingested (UTC)"),
    Column("cluster_id", pa.string(), "its news cluster"),
    Column("main_event_id", pa.string(), "the event its headline and lead report, or null"),
    Column("clean_text", pa.string(), "its cleaned text (CSV: line breaks become spaces)"),
    Column("title_source", pa.string(), "article (its own or the headline found at ingestion), headline or lead "
                                         "(read from the top of its text)"),
]
COLUMNS = {"events": EVENT_COLUMNS, "articles": ARTICLE_COLUMNS}


def export(store: Store, table: str, fmt: str, output: str | os.PathLike | TextIO) -> int:
    """Write one table in one format to a path (atomically) or an open text stream; returns the row count."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if table not in TABLES:
        raise ConfigError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")
    objects = store.events() if table == "events" else _articles_with_text(store)
    rows = [(_flat_event if table == "events" else _flat_article)(obj) for obj in objects]
    payload = objects if fmt == "jsonl" else rows
    write = partial({"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}[fmt], payload, table)
    if isinstance(output, (str, os.PathLike)):
        _atomic_write(Path(output), fmt, write)
    elif fmt == "parquet":
        raise ConfigError("Parquet is binary: give --output FILE")
    else:
        write(output)
    return len(rows)


def _articles_with_text(store: Store) -> list[dict[str, Any]]:
    texts = {row["id"]: (row["clean_text"], row["main_event_id"])
             for row in store.conn.execute("SELECT id, clean_text, main_event_id FROM articles")}
    articles = store.articles()
    for article in articles:
        article["clean_text"], article["main_event_id"] = texts[article["id"]]
        article.pop("main_event", None)
    return articles


def _flat_event(event: dict[str, Any]) -> dict[str, Any]:
    location = event["location"] or {}
    actors = event["actors"]
    return {
        **{key: event[key] for key in ("id", "type", "mode", "cameo", "date_precision", "date_constraint",
                                       "date_source", "topics", "contexts", "attribution", "cluster_id",
                                       "articles", "confidence")},
        "date": as_day(event["date"]), "date_value": event["date"], "date_text": event_date(event),
        "participants": participants(event), "city": location.get("city"), "country": location.get("country"),
        "actors": [{key: actor.get(key) for key in ("id", "name", "type", "role")} for actor in actors],
        "evidence": [{key: ev[key] for key in ("article_id", "start", "end", "sentence")} for ev in event["evidence"]],
    }


def _csv_row(row: dict[str, Any]) -> dict[str, Any]:
    """A row with its lists of structs flattened: the actors' names, ids and roles in three columns."""
    if "actors" not in row:
        return row
    actors = row["actors"]
    return {**row, "actors": [a["name"] for a in actors], "actor_ids": [a["id"] for a in actors],
            "actor_roles": [a["role"] for a in actors], "evidence": [ev["sentence"] for ev in row["evidence"]]}


def _flat_article(article: dict[str, Any]) -> dict[str, Any]:
    row = {column.name: article.get(column.name) for column in ARTICLE_COLUMNS}
    row["published"], row["published_value"] = as_day(article["published"]), article["published"]
    row["ingested_at"] = datetime.fromisoformat(article["ingested_at"]) if article.get("ingested_at") else None
    return row


def as_day(value: str | None) -> date | None:
    """A date value that is a whole day, as a date; anything coarser ("2018-03", "199X") is None."""
    return date.fromisoformat(value) if value and DAY.fullmatch(value) else None


# -- CSV ----------------------------------------------------------------------------------------------

def _write_csv(rows: list[dict[str, Any]], table: str, stream: TextIO) -> None:
    names = [column.name for column in COLUMNS[table] if column.in_csv]
    stream.writelines(csv_lines(map(_csv_row, rows), names))


def _write_jsonl(objects: list[dict[str, Any]], table: str, stream: TextIO) -> None:
    stream.writelines(json.dumps(obj, ensure_ascii=False) + "\n" for obj in objects)


def csv_lines(rows: Iterable[dict[str, Any]], names: list[str]) -> Iterator[str]:
    """A header and one line per row (RFC 4180, CRLF): text quoted, numbers bare, null empty."""
    yield ",".join(names) + "\r\n"
    for row in rows:
        yield ",".join(csv_cell(row.get(name)) for name in names) + "\r\n"


def csv_cell(value: Any) -> str:
    """One CSV field. A list is ``; ``-joined; a line break inside a text becomes a space, so that a
    record is always one line; a text a spreadsheet would run as a formula starts with a quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        value = "; ".join("" if item is None else str(item) for item in value)
    text = spreadsheet_safe(LINE_BREAKS.sub(" ", str(value)))
    return '"' + text.replace('"', '""') + '"'


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula ("=HYPERLINK(…)"), also after spaces (a line
    break made a space, which some spreadsheets trim on import), starts with a quote, which
    spreadsheets show as text (OWASP's CSV injection advice); numbers and other text are unchanged."""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)):
        return "'" + value
    return value


# -- Parquet --------------------------------------------------------------------------------------------

def parquet_schema(columns: list[Column], table: str) -> pa.Schema:
    """The columns' types, each field's description in its metadata (``description``), and what the
    file holds in the schema's metadata."""
    fields = [pa.field(c.name, c.type, metadata={"description": c.description}) for c in columns if c.in_parquet]
    return pa.schema(fields, metadata={"veille.table": table, "veille.columns": "docs/export.md"})


def _write_parquet(rows: list[dict[str, Any]], table: str, path: str) -> None:
    schema = parquet_schema(COLUMNS[table], table)
    pq.write_table(pa.Table.from_pylist(rows, schema=schema), path)


# -- files ------------------------------------------------------------------------------------------------

def _atomic_write(path: Path, fmt: str, write: Callable) -> None:
    """Write next to the target and rename, so that a failed export never leaves half a file."""
    if path.is_dir():
        raise ConfigError(f"{path}: is a directory; give a file name")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise ConfigError(f"{path}: folder {directory} does not exist")
    temporary = directory / f".{path.name}.{secrets.token_hex(6)}.tmp"
    try:
        # created with mode 0666 less the user's umask, like any file the user writes (mkstemp's 0600 is not)
        os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        if fmt == "parquet":
            write(str(temporary))
        else:
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                write(stream)
        os.replace(temporary, path)
    except OSError as err:
        raise VeilleError(f"{path}: cannot write ({err.strerror or err})") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


__all__ = ["COLUMNS", "FORMATS", "TABLES", "as_day", "csv_cell", "csv_lines", "export", "parquet_schema",
           "spreadsheet_safe"]
