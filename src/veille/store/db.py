"""Opening, migrating and writing the store. Reads live in queries.py."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

from ..dates import value_span
from ..errors import SchemaTooNew, StoreError
from ..models import Document
from . import breakdown, browse, clusters, feeds, names, queries

BUSY_TIMEOUT_MS = 30_000  # a reader or a second writer waits this long for the writer's lock
ANALYSIS_ROWS = 1000  # index entries sampled per index when a writer refreshes the planner's statistics


def _migrations() -> list[tuple[int, str]]:
    folder = resources.files(__package__).joinpath("migrations")
    scripts = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".sql"))
    return [(int(name.split("_", 1)[0]), folder.joinpath(name).read_text(encoding="utf-8")) for name in scripts]


MIGRATIONS = _migrations()
SCHEMA_VERSION = MIGRATIONS[-1][0]


class Store(queries.Queries, browse.BrowseQueries, breakdown.BreakdownQueries, names.NameQueries, clusters.ClusterTables,
            feeds.FeedTables):
    """One veille database file. Read-only handles never write; a writer migrates on open."""

    def __init__(self, connection: sqlite3.Connection, path: str, read_only: bool) -> None:
        self.conn = connection
        self.path = path
        self.read_only = read_only
        self.changed = False  # a transaction committed since opening

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, *, read_only: bool = False) -> Store:
        path = str(path)
        if read_only and not Path(path).is_file():
            raise StoreError(f"{path}: no veille database here (create one with `veille ingest ... --db {path}`)")
        if not read_only and Path(path).is_dir():
            raise StoreError(f"{path}: is a directory, not a database file")
        try:
            conn = cls._connect(path, read_only)
            store = cls(conn, path, read_only)
            store._prepare()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"{path}: cannot open as a veille database ({err})") from None
        return store

    @staticmethod
    def _connect(path: str, read_only: bool) -> sqlite3.Connection:
        if read_only:
            uri = f"{Path(path).resolve().as_uri()}?mode=ro"
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        else:
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        # The first and last day of a date value of any precision ("2020-FA": autumn 2020), for filters
        conn.create_function("first_day", 1, _first_day, deterministic=True)
        conn.create_function("last_day", 1, _last_day, deterministic=True)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    def _prepare(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise SchemaTooNew(
                f"{self.path}: database schema version {version} is newer than this veille's "
                f"({SCHEMA_VERSION}); upgrade veille to read it"
            )
        if self.read_only:
            if version < SCHEMA_VERSION:
                self._migrate_through_writer()
            return
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")  # durable at each checkpoint; safe with WAL
        self._migrate(version)

    def schema_version(self) -> int:
        tables = {row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" not in tables:
            if tables - {"sqlite_sequence"}:
                raise StoreError(f"{self.path}: this SQLite file is not a veille database")
            return 0
        row = self.conn.execute("SELECT max(version) FROM schema_version").fetchone()
        return row[0] or 0

    def _migrate(self, version: int) -> None:
        for number, script in MIGRATIONS:
            if number <= version:
                continue
            with self.transaction():
                if number == 1:
                    self.conn.execute(
                        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)"
                    )
                for statement in _statements(script):
                    self.conn.execute(statement)
                self.conn.execute("INSERT INTO schema_version VALUES (?, ?)", (number, _now()))

    def _migrate_through_writer(self) -> None:
        """An old file opened for reading is migrated once by a short-lived writer, then re-read."""
        writer = Store.open(self.path)
        writer.close()
        self.conn.close()
        self.conn = self._connect(self.path, read_only=True)

    def close(self) -> None:
        if self.changed:
            self._refresh_statistics()
        self.conn.close()

    def _refresh_statistics(self) -> None:
        """Sampled index statistics (a few milliseconds at any size) let SQLite's planner tell a
        selective filter (an actor) from a wide one (an event type) when both are indexed."""
        try:
            self.conn.execute("PRAGMA busy_timeout = 100")  # never wait for them
            self.conn.execute(f"PRAGMA analysis_limit = {ANALYSIS_ROWS}")
            self.conn.execute("ANALYZE")
        except sqlite3.OperationalError:  # another writer holds the file: the next run refreshes them
            pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: a run killed inside leaves the file as it was before."""
        if self.read_only:
            raise StoreError(f"{self.path}: opened read-only")
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            if self.conn.in_transaction:  # SQLite rolls back by itself on some errors (disk full)
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        self.changed = True

    def existing_article_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            found.update(row[0] for row in self.conn.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk))
        return found

    def write_documents(self, docs: Sequence[Document],
                        then: Callable[[list[str]], object] | None = None) -> None:
        """Store analysed documents in one transaction; an article already stored is left as it is.

        ``then(new_ids)`` runs inside the same transaction (clustering), so that either the articles
        and everything derived from them are stored, or nothing is."""
        try:
            with self.transaction():
                new = self.insert_documents(docs)
                if then and new:
                    then(new)
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot write ({err})") from None

    def record_problem(self, article_id: str, source: str, reason: str) -> None:
        """Note that an article failed (again); it stays unstored, to be tried by the next run."""
        now = _now()
        try:
            with self.transaction():
                self.conn.execute(
                    """INSERT INTO problems (article_id, source, reason, first_failed, last_failed)
                       VALUES (?, ?, ?, ?, ?)
                       ON CONFLICT (article_id) DO UPDATE SET source = excluded.source, reason = excluded.reason,
                           attempts = attempts + 1, last_failed = excluded.last_failed""",
                    (article_id, _storable(source), _storable(reason), now, now))
        except sqlite3.Error as err:
            raise StoreError(f"{self.path}: cannot write ({err})") from None

    def insert_documents(self, docs: Sequence[Document]) -> list[str]:
        """Insert analysed documents inside the caller's transaction; returns the ids that were new."""
        new = []
        for doc in docs:
            if self._insert_article(doc):
                self._insert_analysis(doc)
                new.append(doc.article.id)
        return new

    def _insert_article(self, doc: Document) -> bool:
        self.conn.execute("DELETE FROM problems WHERE article_id = ?", (doc.article.id,))
        a = doc.article
        a.ingested_at = a.ingested_at or _now()
        a.main_event_id = next((event.id for event in doc.events if event.is_main), a.main_event_id)
        cursor = self.conn.execute(
            """INSERT INTO articles (id, external_id, source, url, outlet, title, published,
                   published_source, language, language_confidence, status, raw_text, clean_text,
                   ingested_at, cluster_id, main_event_id)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (id) DO NOTHING""",
            (a.id, a.external_id, a.source, a.url, a.outlet, a.title, a.published, a.published_source,
             a.language, a.language_confidence, a.status, a.raw_text, a.clean_text, a.ingested_at,
             a.cluster_id, a.main_event_id),
        )
        return cursor.rowcount == 1

    def _insert_analysis(self, doc: Document) -> None:
        aid = doc.article.id
        self.conn.executemany(
            """INSERT INTO entities (id, name, type, wikidata, country) VALUES (?, ?, ?, ?, ?)
               ON CONFLICT (id) DO NOTHING""",
            [(e.id, e.name, e.type, e.wikidata, e.country) for e in doc.entities.values()],
        )
        self.conn.executemany(
            "INSERT INTO sentences (article_id, idx, start, end) VALUES (?, ?, ?, ?)",
            [(aid, i, s.start, s.end) for i, s in enumerate(doc.sentences)],
        )
        self.conn.executemany(
            """INSERT INTO mentions (article_id, sentence_idx, start, end, text, label, entity_id,
                   entity_name, entity_type) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [(aid, m.sentence, m.start, m.end, m.text, m.label, m.entity_id, m.entity_name, m.entity_type)
             for m in doc.mentions],
        )
        self.conn.executemany(
            "INSERT INTO quotes (article_id, start, end, speaker_id, speaker) VALUES (?, ?, ?, ?, ?)",
            [(aid, q.start, q.end, q.speaker_id, q.speaker) for q in doc.quotes],
        )
        for event in doc.events:
            location = event.location or {}
            self.conn.execute(
                """INSERT INTO events (id, article_id, type, mode, date, date_precision, city, country,
                       topics, confidence, is_main, cluster_id, cameo, date_constraint, contexts, attribution, trace)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (event.id, aid, event.type, event.mode, event.date, event.date_precision,
                 location.get("city"), location.get("country"), json.dumps(event.topics, ensure_ascii=False),
                 event.confidence, int(event.is_main), event.cluster_id, event.cameo, event.date_constraint,
                 json.dumps(event.contexts), event.attribution,
                 json.dumps(event.trace, ensure_ascii=False) if event.trace else None),
            )
            self.conn.executemany(
                "INSERT INTO event_actors (event_id, position, entity_id, name, role) VALUES (?, ?, ?, ?, ?)",
                [(event.id, i, actor.id, actor.name, actor.role) for i, actor in enumerate(event.actors)],
            )
            self.conn.executemany(
                """INSERT INTO event_evidence (event_id, article_id, start, end) VALUES (?, ?, ?, ?)
                   ON CONFLICT DO NOTHING""",
                [(event.id, ev.article_id, ev.start, ev.end) for ev in event.evidence],
            )


    # -- imported knowledge ----------------------------------------------------------------

    def import_kb_records(self, records: Sequence[dict], source: str) -> int:
        """Store entities imported from a Wikidata dump (kb/data FORMAT.md form); a newer import wins."""
        with self.transaction():
            self.conn.executemany(
                """INSERT INTO kb_entities (id, record, source, imported_at) VALUES (?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET record = excluded.record, source = excluded.source,
                   imported_at = excluded.imported_at""",
                [(r["id"], json.dumps(r, ensure_ascii=False), source, _now()) for r in records],
            )
        return len(records)

    def kb_records(self) -> list[dict]:
        return [json.loads(row[0]) for row in self.conn.execute("SELECT record FROM kb_entities ORDER BY id")]


def _statements(script: str) -> list[str]:
    """Split a migration script into complete statements (triggers contain semicolons)."""
    statements, current = [], ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not current:
            continue
        current += line
        if sqlite3.complete_statement(current):
            statements.append(current.strip())
            current = ""
    if current.strip():
        statements.append(current.strip())
    return statements


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _storable(text: str) -> str:
    """Text SQLite can take: a file name's undecodable bytes (surrogates) written as escapes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _first_day(value: str | None) -> str | None:
    span = value_span(value)
    return span[0].isoformat() if span else None


def _last_day(value: str | None) -> str | None:
    span = value_span(value)
    return span[1].isoformat() if span else None
