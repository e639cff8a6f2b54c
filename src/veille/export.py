"""Exports of the store's events and articles: CSV, JSON Lines and Parquet (shared by CLI and API)."""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from .errors import ConfigError, VeilleError
from .store import Store

FORMATS = ("csv", "jsonl", "parquet")
TABLES = ("events", "articles")

EVENT_COLUMNS = [
    ("id", pa.string()), ("type", pa.string()), ("mode", pa.string()), ("cameo", pa.string()), ("date", pa.string()),
    ("date_precision", pa.string()), ("date_constraint", pa.string()), ("city", pa.string()), ("country", pa.string()),
    ("actors", pa.list_(pa.string())), ("actor_ids", pa.list_(pa.string())), ("actor_roles", pa.list_(pa.string())),
    ("topics", pa.list_(pa.string())), ("contexts", pa.list_(pa.string())), ("attribution", pa.string()),
    ("cluster_id", pa.string()), ("articles", pa.list_(pa.string())),
    ("evidence", pa.list_(pa.string())), ("confidence", pa.float64()),
]
ARTICLE_COLUMNS = [
    ("id", pa.string()), ("external_id", pa.string()), ("source", pa.string()), ("url", pa.string()),
    ("outlet", pa.string()), ("title", pa.string()), ("published", pa.string()),
    ("published_source", pa.string()), ("language", pa.string()), ("status", pa.string()),
    ("ingested_at", pa.string()), ("cluster_id", pa.string()), ("main_event_id", pa.string()),
    ("clean_text", pa.string()),
]


def export(store: Store, table: str, fmt: str, output: str | os.PathLike | TextIO) -> int:
    """Write one table in one format to a path (atomically) or an open text stream; returns the row count."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r} (choose from {', '.join(FORMATS)})")
    if table not in TABLES:
        raise ConfigError(f"unknown table {table!r} (choose from {', '.join(TABLES)})")
    objects = store.events() if table == "events" else _articles_with_text(store)
    rows = [(_flat_event if table == "events" else _flat_article)(obj) for obj in objects]
    columns = EVENT_COLUMNS if table == "events" else ARTICLE_COLUMNS
    writer = {"csv": _write_csv, "jsonl": _write_jsonl, "parquet": _write_parquet}[fmt]
    payload = objects if fmt == "jsonl" else rows
    if isinstance(output, (str, os.PathLike)):
        _atomic_write(Path(output), fmt, lambda stream: writer(payload, columns, stream))
    else:
        if fmt == "parquet":
            raise ConfigError("Parquet is binary: give --output FILE")
        writer(payload, columns, output)
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
    return {
        **{key: event[key] for key in ("id", "type", "mode", "cameo", "date", "date_precision", "date_constraint",
                                       "topics", "contexts", "attribution", "cluster_id", "articles", "confidence")},
        "city": location.get("city"),
        "country": location.get("country"),
        "actors": [actor["name"] for actor in event["actors"]],
        "actor_ids": [actor["id"] for actor in event["actors"]],
        "actor_roles": [actor["role"] for actor in event["actors"]],
        "evidence": [ev["sentence"] for ev in event["evidence"]],
    }


def _flat_article(article: dict[str, Any]) -> dict[str, Any]:
    return {name: article.get(name) for name, _ in ARTICLE_COLUMNS}


def _write_csv(rows, columns, stream: TextIO) -> None:
    writer = csv.writer(stream)
    writer.writerow([name for name, _ in columns])
    for row in rows:
        writer.writerow([_csv_cell(row[name]) for name, _ in columns])


def _csv_cell(value: Any) -> Any:
    if isinstance(value, list):
        value = "; ".join("" if item is None else str(item) for item in value)
    return "" if value is None else spreadsheet_safe(value)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula ("=HYPERLINK(…)") starts with a quote, which
    spreadsheets show as text (OWASP's CSV injection advice); numbers and other text are unchanged."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def _write_jsonl(objects, columns, stream: TextIO) -> None:
    for obj in objects:
        stream.write(json.dumps(obj, ensure_ascii=False) + "\n")


def _write_parquet(rows, columns, path: str) -> None:
    schema = pa.schema(columns)
    table = pa.Table.from_pylist(rows, schema=schema)
    pq.write_table(table, path)


def _atomic_write(path: Path, fmt: str, write: Callable) -> None:
    """Write next to the target and rename, so that a failed export never leaves half a file."""
    if path.is_dir():
        raise ConfigError(f"{path}: is a directory; give a file name")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise ConfigError(f"{path}: folder {directory} does not exist")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    try:
        if fmt == "parquet":
            write(temporary)
        else:
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                write(stream)
        os.replace(temporary, path)
    except OSError as err:
        raise VeilleError(f"{path}: cannot write ({err.strerror or err})") from None
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


__all__ = ["FORMATS", "TABLES", "export"]
