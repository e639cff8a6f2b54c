"""Named read queries, and the JSON shapes of articles and events (the contract of docs/json.md)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from ..errors import NotFound, QueryInterrupted, StoreError
from ..render import article_title, participants
from .browse import containing, date_source, fts_query

ARTICLE_FIELDS = (
    "id", "external_id", "source", "url", "outlet", "title", "published", "published_source",
    "published_range", "published_reason", "language", "status", "ingested_at", "cluster_id", "copy_of",
)


@dataclass(frozen=True)
class EventFilter:
    type: str | None = None
    mode: str | None = None
    actor: str | None = None
    since: str | None = None  # inclusive ISO date
    until: str | None = None  # inclusive ISO date
    article_id: str | None = None
    country: tuple[str, str] | None = None  # (ISO code, English name): where it happened or an actor's country
    topic: str | None = None
    limit: int | None = None
    offset: int = 0


class Queries:
    conn: sqlite3.Connection

    # -- articles --------------------------------------------------------------------------

    def count_articles(self) -> int:
        return self.conn.execute("SELECT count(*) FROM articles").fetchone()[0]

    def articles(self, *, search: str | None = None, language: str | None = None, outlet: str | None = None,
                 since: str | None = None, until: str | None = None,
                 limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Articles in ingestion order (optionally matching a full-text query), as JSON objects."""
        where, params = _article_where(search, language, outlet, since, until)
        rows = self._read(f"SELECT a.*, a.rowid FROM articles a WHERE {where} ORDER BY a.rowid LIMIT ? OFFSET ?",
                          [*params, limit if limit is not None else -1, offset])
        main_events = self._events_by_id([row["main_event_id"] for row in rows if row["main_event_id"]])
        entities = self._entities_of([row["id"] for row in rows])
        return [self._article_json(row, main_events, entities) for row in rows]

    def count_matching_articles(self, *, search: str | None = None, language: str | None = None,
                                outlet: str | None = None, since: str | None = None, until: str | None = None) -> int:
        where, params = _article_where(search, language, outlet, since, until)
        return self._read(f"SELECT count(*) FROM articles a WHERE {where}", params)[0][0]

    def article(self, article_id: str) -> dict[str, Any]:
        """One article with its text, sentences, mentions and events. Accepts a unique id prefix."""
        rows = self._read("SELECT a.*, a.rowid FROM articles a WHERE a.id >= ? AND a.id < ? LIMIT 2",
                          [article_id, article_id + "\uffff"])
        exact = [row for row in rows if row["id"] == article_id]
        if exact:
            rows = exact
        if not rows:
            raise NotFound(f"no article with id {article_id!r}")
        if len(rows) > 1:
            raise NotFound(f"id prefix {article_id!r} matches several articles; give more characters")
        row = rows[0]
        events = self.events(EventFilter(article_id=row["id"]))
        data = self._article_json(row, {event["id"]: event for event in events}, self._entities_of([row["id"]]))
        data["raw_text"] = row["raw_text"]
        data["clean_text"] = row["clean_text"]
        data["language_confidence"] = row["language_confidence"]
        data["sentences"] = [
            {"start": s["start"], "end": s["end"]}
            for s in self._read("SELECT start, end FROM sentences WHERE article_id = ? ORDER BY idx", [row["id"]])
        ]
        data["mentions"] = [
            dict(m) for m in self._read(
                """SELECT start, end, text, label, sentence_idx AS sentence, entity_id, entity_name, entity_type
                   FROM mentions WHERE article_id = ? ORDER BY start""", [row["id"]])
        ]
        data["events"] = events
        data["quotes"] = self._quotes([row["id"]])
        return data

    def _quotes(self, article_ids: list[str]) -> list[dict]:
        found: list[dict] = []
        for start in range(0, len(article_ids), 500):
            found += self._quotes_of(article_ids[start:start + 500])
        return found

    def _quotes_of(self, article_ids: list[str]) -> list[dict]:
        marks = ",".join("?" * len(article_ids))
        rows = self._read(
            f"""SELECT q.article_id, q.start, q.end, q.speaker_id, q.speaker,
                       substr(a.clean_text, q.start + 1, q.end - q.start) AS text
                FROM quotes q JOIN articles a ON a.id = q.article_id
                WHERE q.article_id IN ({marks}) ORDER BY q.article_id, q.start""", article_ids)
        return [dict(r) for r in rows]

    def _article_json(self, row: sqlite3.Row, events_by_id: dict[str, dict],
                      entities: dict[str, list[dict]]) -> dict[str, Any]:
        data = {name: row[name] for name in ARTICLE_FIELDS}
        data["title"], data["title_source"] = article_title(row["title"], row["clean_text"], row["language"])
        data["main_event"] = events_by_id.get(row["main_event_id"]) if row["main_event_id"] else None
        data["entities"] = entities.get(row["id"], [])
        return data

    def _entities_of(self, article_ids: list[str]) -> dict[str, list[dict]]:
        """The entities linked in each article, most mentioned first."""
        found: dict[str, list[dict]] = {}
        for start in range(0, len(article_ids), 500):
            chunk = article_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self._read(
                f"""SELECT m.article_id, e.id, e.name, e.type, e.wikidata, e.country, count(*) AS mentions
                    FROM mentions m JOIN entities e ON e.id = m.entity_id
                    WHERE m.article_id IN ({marks})
                    GROUP BY m.article_id, e.id ORDER BY m.article_id, mentions DESC, min(m.start)""", chunk):
                found.setdefault(r["article_id"], []).append(
                    {"id": r["id"], "name": r["name"], "type": r["type"], "wikidata": r["wikidata"],
                     "country": r["country"], "mentions": r["mentions"]})
        return found

    # -- events ----------------------------------------------------------------------------

    def events(self, filters: EventFilter = EventFilter()) -> list[dict[str, Any]]:
        where, params = [], []
        if filters.type:
            where.append("e.type = ?")
            params.append(filters.type.upper())
        if filters.mode:
            where.append("e.mode = ?")
            params.append(filters.mode.lower())
        # A date of any precision is in range when part of it is: "2018-04" in since=2018-04-15, "2020-FA"
        # (autumn 2020) until=2020-10-01, "199X" since=1995-01-01 (store/db.py: first_day, last_day).
        if filters.since:
            where.append("last_day(coalesce(e.inferred_date, e.date)) >= ?")
            params.append(filters.since)
        if filters.until:
            where.append("first_day(coalesce(e.inferred_date, e.date)) <= ?")
            params.append(filters.until)
        if filters.article_id:
            where.append("e.article_id = ?")
            params.append(filters.article_id)
        if filters.actor:  # an entity id or a name the knowledge base knows ("Poutine"), else part of a name
            known = self.entities_named(filters.actor)
            if known is not None:
                where.append("e.id IN (SELECT event_id FROM event_actors WHERE entity_id IN (SELECT value FROM json_each(?)))")
                params.append(json.dumps(known))
            else:
                where.append("e.id IN (SELECT event_id FROM event_actors WHERE name LIKE ? ESCAPE '\\')")
                params.append(containing(filters.actor))
        if filters.country:
            code, name = filters.country
            where.append("""(e.country = ? COLLATE NOCASE OR e.id IN (
                SELECT a.event_id FROM event_actors a JOIN entities n ON n.id = a.entity_id
                WHERE n.country = ? COLLATE NOCASE))""")
            params += [name, code]
        if filters.topic:
            where.append("EXISTS (SELECT 1 FROM json_each(e.topics) WHERE value = ? COLLATE NOCASE)")
            params.append(filters.topic)
        sql = f"SELECT e.* FROM events e {'WHERE ' + ' AND '.join(where) if where else ''}"
        sql += " ORDER BY coalesce(e.inferred_date, e.date) IS NULL, coalesce(e.inferred_date, e.date), e.id LIMIT ? OFFSET ?"
        params += [filters.limit if filters.limit is not None else -1, filters.offset]
        return self._assemble_events(self._read(sql, params))

    def cluster_of_event(self, event_id: str) -> str | None:
        """The event cluster of an event; None for an id that is an event cluster's own (a cluster takes
        the id of its first event), an unknown id, or an event not clustered."""
        rows = self._read("""SELECT cluster_id FROM events WHERE id = ?
                             AND NOT EXISTS (SELECT 1 FROM event_clusters WHERE id = ?)""", [event_id, event_id])
        return rows[0][0] if rows else None

    def article_stories(self) -> dict[str, tuple[str | None, list[str]]]:
        """The stories of each article's events: article id → (the story of its main event, or
        None; every story its events are in, sorted)."""
        found: dict[str, tuple[str | None, list[str]]] = {}
        for article, story, is_main in self._read(
                """SELECT DISTINCT e.article_id, c.story_id, e.is_main FROM events e
                   JOIN event_clusters c ON c.id = e.cluster_id
                   WHERE c.story_id IS NOT NULL ORDER BY e.article_id, c.story_id"""):
            main, stories = found.get(article, (None, []))
            found[article] = (story if is_main else main, sorted({*stories, story}))
        return found

    def _events_by_id(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self._read(f"SELECT e.* FROM events e WHERE e.id IN ({marks})", ids)
        return {event["id"]: event for event in self._assemble_events(rows)}

    def _assemble_events(self, rows: list[sqlite3.Row], with_quotes: bool = True) -> list[dict[str, Any]]:
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        marks = ",".join("?" * len(ids))
        actors: dict[str, list] = {}
        for a in self._read(
                f"""SELECT a.*, e.type FROM event_actors a LEFT JOIN entities e ON e.id = a.entity_id
                    WHERE a.event_id IN ({marks}) ORDER BY a.event_id, a.position""", ids):
            actors.setdefault(a["event_id"], []).append(
                {"id": a["entity_id"], "name": a["name"], "type": a["type"], "role": a["role"]})
        evidence: dict[str, list] = {}
        for ev in self._read(
            f"""SELECT v.event_id, v.article_id, v.start, v.end, substr(a.clean_text, v.start + 1, v.end - v.start) AS text
                FROM event_evidence v JOIN articles a ON a.id = v.article_id
                WHERE v.event_id IN ({marks}) ORDER BY v.event_id, v.article_id, v.start""", ids):
            evidence.setdefault(ev["event_id"], []).append(
                {"article_id": ev["article_id"], "sentence": ev["text"], "start": ev["start"], "end": ev["end"]}
            )
        events = [_event_json(row, actors.get(row["id"], []), evidence.get(row["id"], [])) for row in rows]
        if not with_quotes:
            return events
        quotes: dict[str, list[dict]] = {}
        for quote in self._quotes(sorted({a for event in events for a in event["articles"]})):
            quotes.setdefault(quote["article_id"], []).append(quote)
        for event in events:  # the quotations of its actors in the articles that report it
            speakers = {a["id"] for a in event["actors"] if a["id"]}
            event["quotes"] = [q for a in event["articles"] for q in quotes.get(a, []) if q["speaker_id"] in speakers]
        return events

    # -- statistics ------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """The few counts a front page shows, cheap at any size (stats() counts everything)."""
        one = lambda sql: self._read(sql)[0][0]  # noqa: E731
        return {"articles": one("SELECT count(*) FROM articles"), "outlets": one("SELECT count(DISTINCT outlet) FROM articles"),
                "event_clusters": one("SELECT count(*) FROM event_clusters WHERE n_events > 0"),
                "stories": one("SELECT count(*) FROM stories")}

    def stats(self) -> dict[str, Any]:
        one = lambda sql: self._read(sql)[0][0]  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "analysed": one("SELECT count(*) FROM articles WHERE status = 'analysed'"),
            "unsupported_language": one("SELECT count(*) FROM articles WHERE status = 'unsupported_language'"),
            "languages": {row[0] or "unknown": row[1] for row in self._read(
                "SELECT language, count(*) FROM articles GROUP BY language ORDER BY count(*) DESC")},
            "outlets": one("SELECT count(DISTINCT outlet) FROM articles"),
            "published_range": list(self._read("SELECT min(published), max(published) FROM articles")[0]),
            "sentences": one("SELECT count(*) FROM sentences"),
            "mentions": one("SELECT count(*) FROM mentions"),
            "linked_mentions": one("SELECT count(*) FROM mentions WHERE entity_id NOT LIKE 'local:%'"),
            "entities": one("SELECT count(*) FROM entities"),
            "imported_kb_entities": one("SELECT count(*) FROM kb_entities"),
            "events": one("SELECT count(*) FROM events"),
            "event_types": {row[0]: row[1] for row in self._read(
                "SELECT type, count(*) FROM events GROUP BY type ORDER BY count(*) DESC")},
            "news_clusters": one("SELECT count(*) FROM news_clusters"),
            "event_clusters": one("SELECT count(*) FROM event_clusters WHERE n_events > 0"),
            "near_duplicates": one("SELECT count(*) FROM articles WHERE copy_of IS NOT NULL"),
            "stories": one("SELECT count(*) FROM stories"),
            "failed_articles": one("SELECT count(*) FROM problems"),
            "schema_version": one("SELECT max(version) FROM schema_version"),
        }

    def problems(self) -> list[dict[str, Any]]:
        """The articles whose last analysis or storing failed (they are not stored), latest first."""
        return [dict(row) for row in self._read("SELECT * FROM problems ORDER BY last_failed DESC, article_id")]

    # -- helpers ---------------------------------------------------------------------------

    def _read(self, sql: str, params: list | tuple = ()) -> list[sqlite3.Row]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.OperationalError as err:
            if str(err) == "interrupted":
                raise QueryInterrupted(f"{getattr(self, 'path', 'store')}: query stopped at its time limit") from None
            if "fts5" in str(err) or "MATCH" in sql and "syntax" in str(err):
                raise StoreError(f"invalid search query ({err})") from None
            raise StoreError(f"{getattr(self, 'path', 'store')}: query failed ({err})") from None


def _event_json(row: sqlite3.Row, actors: list[dict], evidence: list[dict]) -> dict[str, Any]:
    location = None
    if row["city"] or row["country"]:
        location = {"city": row["city"], "country": row["country"]}
    articles = sorted({row["article_id"], *(ev["article_id"] for ev in evidence)})
    return {
        "id": row["id"],
        "type": row["type"],
        "mode": row["mode"],
        "cameo": row["cameo"],
        "actors": actors,
        "participants": participants({"type": row["type"], "actors": actors}),
        # A day its event cluster agrees on replaces an unknown or approximate one (date_source "cluster").
        "date": row["inferred_date"] or row["date"],
        "date_precision": "day" if row["inferred_date"] else row["date_precision"],
        "date_source": "cluster" if row["inferred_date"] else date_source(row["date_precision"]),
        "date_constraint": row["date_constraint"],
        "date_reason": json.loads(row["inferred_reason"]) if row["inferred_date"] and row["inferred_reason"] else None,
        "location": location,
        "topics": json.loads(row["topics"]),
        "contexts": json.loads(row["contexts"]),
        "attribution": row["attribution"],
        "cluster_id": row["cluster_id"],
        "article_id": row["article_id"],
        "articles": articles,
        "evidence": evidence,
        "confidence": row["confidence"],
        "trace": json.loads(row["trace"]) if row["trace"] else None,
    }


def _article_where(search: str | None, language: str | None, outlet: str | None,
                   since: str | None, until: str | None) -> tuple[str, list]:
    where, params = ["1"], []
    if search and search.strip():
        where.append("a.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(fts_query(search))
    for clause, value in (("a.language = ?", language), ("a.outlet = ?", outlet),
                          ("substr(a.published, 1, 10) <= ?", until)):
        if value:
            where.append(clause)
            params.append(value)
    if since:  # an article stamped with a month only ("2018-04") is in since=2018-04-01
        where.append("(a.published >= ? OR a.published = ?)")
        params += [since, since[:7]]
    return " AND ".join(where), params
