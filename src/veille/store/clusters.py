"""The store's side of clustering: profiles, blocking tables, assignments and cluster records.

``ClusterTables`` is mixed into Store; it implements the NewsIndex and EventIndex protocols of
veille.cluster, so the algorithms never see SQL. Candidate lookups are index range scans bounded by
``CANDIDATES_PER_KEY``, whatever the size of the store (the bounds are cluster.blocking's).
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import replace
from typing import Any

from ..cluster.blocking import CANDIDATES_PER_KEY, CANDIDATES_PER_NEWS_CLUSTER, NEWS_WINDOW_DAYS, news_day
from ..cluster.events import WINDOW_DAYS, EventItem, InferredDate, event_keys
from ..cluster.news import blocking_keys
from ..cluster.profile import ArticleProfile


class ClusterTables:
    conn: sqlite3.Connection

    # -- profiles and near-duplicates ------------------------------------------------------

    def save_profile(self, profile: ArticleProfile, minhash: bytes) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO article_profiles (article_id, profile, minhash, day) VALUES (?, ?, ?, ?)",
            (profile.article_id, json.dumps(profile.to_json(), ensure_ascii=False), minhash, news_day(profile)))
        self._profiles[profile.article_id] = profile

    def news_profile(self, article_id: str) -> ArticleProfile:
        if article_id not in self._profiles:
            row = self.conn.execute("SELECT profile FROM article_profiles WHERE article_id = ?", [article_id]).fetchone()
            self._profiles[article_id] = ArticleProfile.from_json(json.loads(row[0]))
        return self._profiles[article_id]

    @property
    def _profiles(self) -> dict[str, ArticleProfile]:
        cache = self.__dict__.setdefault("_profile_cache", {})
        if len(cache) > 50_000:  # a bounded cache: profiles are re-read when needed
            cache.clear()
        return cache

    def copy_candidates(self, bands: list[str]) -> list[tuple[str, bytes]]:
        """Earlier articles sharing an LSH band, oldest first, with their MinHash signatures."""
        marks = ",".join("?" * len(bands))
        return [(row[0], row[1]) for row in self.conn.execute(
            f"""SELECT p.article_id, p.minhash FROM article_profiles p JOIN articles a ON a.id = p.article_id
                WHERE p.article_id IN (SELECT article_id FROM minhash_bands WHERE band IN ({marks}))
                ORDER BY a.rowid""", bands)]

    def mark_copy(self, article_id: str, bands: list[str], original: str | None) -> None:
        self.conn.executemany("INSERT INTO minhash_bands (band, article_id) VALUES (?, ?)",
                              [(band, article_id) for band in bands])
        self.conn.execute("UPDATE articles SET copy_of = ? WHERE id = ?", (original, article_id))

    # -- NewsIndex ---------------------------------------------------------------------------

    def _sharing_key(self, table: str, column: str, key: str, day: int | None, window: int,
                     undated: bool = True) -> list[str]:
        """The most recent rows of a blocking table with this key: within ±window days of ``day``
        (or undated, unless ``undated`` is False); any day when ``day`` is None."""
        if day is None:
            sql, params = f"SELECT {column} FROM {table} WHERE key = ? ORDER BY rowid DESC LIMIT ?", (key,)
        elif undated:
            sql = f"""SELECT {column} FROM (SELECT {column}, rowid FROM {table} WHERE key = ? AND day BETWEEN ? AND ?
                      UNION ALL SELECT {column}, rowid FROM {table} WHERE key = ? AND day IS NULL)
                      ORDER BY rowid DESC LIMIT ?"""
            params = (key, day - window, day + window, key)
        else:
            sql = f"SELECT {column} FROM {table} WHERE key = ? AND day BETWEEN ? AND ? ORDER BY rowid DESC LIMIT ?"
            params = (key, day - window, day + window)
        return [row[0] for row in self.conn.execute(sql, (*params, CANDIDATES_PER_KEY))]

    def news_candidates(self, profile: ArticleProfile) -> list[ArticleProfile]:
        day = news_day(profile)
        found = {item for key in blocking_keys(profile)
                 for item in self._sharing_key("news_keys", "article_id", key, day, NEWS_WINDOW_DAYS)}
        found.discard(profile.article_id)
        return [self.news_profile(item) for item in sorted(found)]

    def news_cluster_of(self, article_id: str) -> str:
        return self.conn.execute("SELECT cluster_id FROM articles WHERE id = ?", [article_id]).fetchone()[0]

    def news_members(self, cluster_id: str, limit: int) -> list[ArticleProfile]:
        rows = self.conn.execute("SELECT id FROM articles WHERE cluster_id = ? ORDER BY rowid DESC LIMIT ?",
                                 (cluster_id, limit)).fetchall()
        return [self.news_profile(row[0]) for row in rows]

    def news_cluster_size(self, cluster_id: str) -> int:
        return self.conn.execute("SELECT count(*) FROM articles WHERE cluster_id = ?", [cluster_id]).fetchone()[0]

    def add_to_news_cluster(self, profile: ArticleProfile, cluster_id: str) -> None:
        self.conn.execute("UPDATE articles SET cluster_id = ? WHERE id = ?", (cluster_id, profile.article_id))
        day = news_day(profile)
        self.conn.executemany("INSERT INTO news_keys (key, day, article_id) VALUES (?, ?, ?)",
                              [(key, day, profile.article_id) for key in blocking_keys(profile)])

    def move_to_news_cluster(self, article_id: str, cluster_id: str) -> None:
        self.conn.execute("UPDATE articles SET cluster_id = ? WHERE id = ?", (cluster_id, article_id))

    # -- EventIndex --------------------------------------------------------------------------

    def event_candidates(self, item: EventItem) -> list[EventItem]:
        """Reports of the same type and news cluster, and, when the event has a day, reports sharing
        its type and an actor within the window. Reports from other news clusters without a day
        are not read: link_score needs a shared day or a shared news cluster."""
        same_news = self._news_cluster_events(item) if item.news_cluster else []
        found = dict.fromkeys(same_news)
        if item.day is not None:
            found.update(dict.fromkeys(
                event for key in event_keys(item)
                for event in self._sharing_key("event_keys", "event_id", key, item.day, WINDOW_DAYS, undated=False)))
        found.pop(item.id, None)
        items = self.__dict__.setdefault("_event_items", {})
        here = set(same_news)
        candidates = []
        for event in found:
            candidate = items.get(event) or self._stored_item(event)
            # Compare with the news cluster a report is in now, not when it was linked: regrouping moves articles.
            if (candidate.news_cluster == item.news_cluster) != (event in here):
                candidate = replace(candidate, news_cluster=item.news_cluster if event in here else None)
            candidates.append(candidate)
        return candidates

    def _news_cluster_events(self, item: EventItem) -> list[str]:
        return [row[0] for row in self.conn.execute(
            """SELECT e.id FROM articles a JOIN events e ON e.article_id = a.id
               WHERE a.cluster_id = ? AND e.type = ? AND e.link IS NOT NULL ORDER BY e.rowid DESC LIMIT ?""",
            (item.news_cluster, item.signature.type, CANDIDATES_PER_NEWS_CLUSTER))]

    def event_cluster_of(self, event_id: str) -> str:
        return self.conn.execute("SELECT cluster_id FROM events WHERE id = ?", [event_id]).fetchone()[0]

    def linked_reports(self, cluster_id: str, limit: int) -> list[EventItem]:
        """The most recently linked reports of an event cluster."""
        return [EventItem.from_json(json.loads(row[0])) for row in self.conn.execute(
            "SELECT link FROM events WHERE cluster_id = ? AND link IS NOT NULL ORDER BY rowid DESC LIMIT ?",
            (cluster_id, limit))]

    def add_event(self, item: EventItem, cluster_id: str) -> None:
        self.conn.execute("INSERT OR IGNORE INTO event_clusters (id) VALUES (?)", [cluster_id])
        self.conn.execute("UPDATE events SET cluster_id = ?, link = ? WHERE id = ?",
                          (cluster_id, json.dumps(item.to_json(), ensure_ascii=False), item.id))
        self.conn.executemany("INSERT INTO event_keys (key, day, event_id) VALUES (?, ?, ?)",
                              [(key, item.day, item.id) for key in event_keys(item)])
        items = self.__dict__.setdefault("_event_items", {})
        if len(items) > 50_000:
            items.clear()
        items[item.id] = item

    def linked_events(self, article_id: str) -> list[EventItem]:
        """The events of an article as they were linked, its main event first."""
        return [EventItem.from_json(json.loads(row[0])) for row in self.conn.execute(
            "SELECT link FROM events WHERE article_id = ? AND link IS NOT NULL ORDER BY is_main DESC, id",
            [article_id])]

    def event_cluster_in_use(self, cluster_id: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM events WHERE cluster_id = ? LIMIT 1", [cluster_id]).fetchone()
        return row is not None

    def unlink_event(self, event_id: str) -> str:
        """Take an event out of its event cluster (to link it again); returns that cluster's id."""
        cluster = self.event_cluster_of(event_id)
        self.conn.execute("DELETE FROM event_keys WHERE event_id = ?", [event_id])
        self.conn.execute("UPDATE events SET cluster_id = NULL, link = NULL WHERE id = ?", [event_id])
        self.__dict__.get("_event_items", {}).pop(event_id, None)
        return cluster

    def _stored_item(self, event_id: str) -> EventItem:
        row = self.conn.execute("SELECT link FROM events WHERE id = ?", [event_id]).fetchone()
        return EventItem.from_json(json.loads(row[0]))

    # -- records -----------------------------------------------------------------------------

    def save_event_cluster(self, record: dict[str, Any]) -> None:
        self.conn.execute(
            """INSERT INTO event_clusters (id, type, mode, date, date_precision, city, country, topics, n_articles,
                   n_outlets, first_seen, last_seen, actors, date_constraint, n_sources, n_events, story_id)
               VALUES (:id, :type, :mode, :date, :date_precision, :city, :country, :topics, :n_articles, :n_outlets,
                   :first_seen, :last_seen, :actors, :date_constraint, :n_sources, :n_events,
                   (SELECT story_id FROM event_clusters WHERE id = :id))
               ON CONFLICT (id) DO UPDATE SET type = excluded.type, mode = excluded.mode, date = excluded.date,
                   date_precision = excluded.date_precision, city = excluded.city, country = excluded.country,
                   topics = excluded.topics, n_articles = excluded.n_articles, n_outlets = excluded.n_outlets,
                   first_seen = excluded.first_seen, last_seen = excluded.last_seen, actors = excluded.actors,
                   date_constraint = excluded.date_constraint, n_sources = excluded.n_sources,
                   n_events = excluded.n_events""",
            {**record, "topics": json.dumps(record["topics"], ensure_ascii=False),
             "actors": json.dumps(record["actors"], ensure_ascii=False)})

    def original_of(self, article_id: str) -> str:
        """The article itself, or the original it is a copy of."""
        return self.conn.execute("SELECT copy_of FROM articles WHERE id = ?", [article_id]).fetchone()[0] or article_id

    def set_inferred_date(self, event_id: str, inferred: InferredDate | None) -> str | None:
        """Give an event a day from other reports, with the rule that gave it (None: take it back);
        returns its event cluster, whose record reads its reports' days (``event_cluster_inferred``)."""
        rows = self.conn.execute(
            "UPDATE events SET inferred_date = ?, inferred_reason = ? WHERE id = ? RETURNING cluster_id",
            (inferred.day if inferred else None, json.dumps(inferred.reason()) if inferred else None,
             event_id)).fetchall()
        return rows[0][0] if rows else None

    def event_cluster_inferred(self, cluster_id: str) -> tuple[dict[str, Any], list[InferredDate]] | None:
        """What an event cluster's inferred day is read from (cluster.events.cluster_inferred_date): its
        record's own date (id, date, date_precision, date_constraint) and the days inferred for its
        reports, with their reasons; None for a cluster no longer stored."""
        record = self.conn.execute("SELECT id, date, date_precision, date_constraint FROM event_clusters WHERE id = ?",
                                   [cluster_id]).fetchone()
        if record is None:
            return None
        inferred = []
        for row in self.conn.execute(
                """SELECT inferred_date, inferred_reason FROM events WHERE cluster_id = ? AND inferred_date IS NOT NULL
                   ORDER BY id""", [cluster_id]):
            reason = json.loads(row["inferred_reason"]) if row["inferred_reason"] else {}
            inferred.append(InferredDate(row["inferred_date"], reason.get("rule") or "", reason.get("from")))
        return dict(record), inferred

    def set_event_cluster_inferred(self, cluster_id: str, inferred: InferredDate | None) -> bool:
        """Give an event cluster the day its reports were given, with its reason (None: none);
        returns whether that changed anything."""
        day, reason = (inferred.day, json.dumps(inferred.reason())) if inferred else (None, None)
        changed = self.conn.execute(
            """UPDATE event_clusters SET inferred_date = ?, inferred_reason = ?
               WHERE id = ? AND (inferred_date IS NOT ? OR inferred_reason IS NOT ?)""",
            (day, reason, cluster_id, day, reason))
        return changed.rowcount > 0

    def set_published_range(self, article_id: str, days: str | None, reason: str | None) -> None:
        self.conn.execute("UPDATE articles SET published_range = ?, published_reason = ? WHERE id = ?",
                          (days, reason, article_id))

    def news_cluster_articles(self, cluster_id: str) -> list[dict[str, Any]]:
        """Its articles: id, published, and the event cluster of their main event."""
        return [dict(row) for row in self.conn.execute(
            """SELECT a.id, a.published, e.cluster_id AS event_cluster
               FROM articles a LEFT JOIN events e ON e.id = a.main_event_id WHERE a.cluster_id = ?""", [cluster_id])]

    def save_news_cluster(self, cluster_id: str, main_event_cluster: str | None, n_articles: int,
                          first_seen: str | None) -> None:
        self.conn.execute(
            """INSERT INTO news_clusters (id, main_event_cluster_id, n_articles, first_seen) VALUES (?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET main_event_cluster_id = excluded.main_event_cluster_id,
               n_articles = excluded.n_articles, first_seen = excluded.first_seen""",
            (cluster_id, main_event_cluster, n_articles, first_seen))

    def delete_event_cluster(self, cluster_id: str) -> tuple[str | None, str | None]:
        """Remove an event cluster left without events; returns the story thread it was in and its key."""
        row = self.conn.execute("SELECT thread, story_key FROM event_clusters WHERE id = ?", [cluster_id]).fetchone()
        # news clusters that pointed to it are refreshed with their moved articles
        self.conn.execute("UPDATE news_clusters SET main_event_cluster_id = NULL WHERE main_event_cluster_id = ?",
                          [cluster_id])
        self.conn.execute("DELETE FROM event_clusters WHERE id = ?", [cluster_id])
        return (row[0], row[1]) if row else (None, None)

    def delete_news_cluster(self, cluster_id: str) -> None:
        self.conn.execute("DELETE FROM news_clusters WHERE id = ?", [cluster_id])

    def news_cluster_day(self, article_id: str) -> dict[str, Any] | None:
        """The day of the news an article is in: of the event clusters of its news cluster's main
        events that have a day (stated, else their articles'), the one most articles report
        (date, date_precision), whether the stated days of those main events all agree
        (``agreed``), and the actors of the main events of that day (``actors``: entity ids, else
        names)."""
        rows = self.conn.execute(
            """SELECT c.id, c.date, c.date_precision, e.id AS event_id FROM articles a
               JOIN events e ON e.id = a.main_event_id JOIN event_clusters c ON c.id = e.cluster_id
               WHERE a.cluster_id = (SELECT cluster_id FROM articles WHERE id = ?)
                 AND c.date_precision IN ('day', 'reference')""",
            [article_id]).fetchall()
        if not rows:
            return None
        reports = Counter(row["id"] for row in rows)
        best = min(rows, key=lambda r: (r["date_precision"] != "day", -reports[r["id"]], r["date"]))
        events = [row["event_id"] for row in rows if row["id"] == best["id"]]
        actors = {a["entity_id"] or a["name"] for a in self.conn.execute(
            f"SELECT entity_id, name FROM event_actors WHERE event_id IN ({','.join('?' * len(events))})", events)}
        stated = {row["date"] for row in rows if row["date_precision"] == "day"}
        return {"date": best["date"], "date_precision": best["date_precision"], "agreed": len(stated) <= 1,
                "actors": actors}

    def undated_reports(self, news_cluster: str) -> list[dict[str, Any]]:
        """The main events of a news cluster that state no day, with their constraint and actor ids."""
        return self._reports(
            """SELECT e.id, e.article_id, e.type, e.date_constraint, a.cluster_id AS news_cluster
               FROM articles a JOIN events e ON e.id = a.main_event_id
               WHERE a.cluster_id = ? AND e.date IS NULL ORDER BY a.rowid DESC LIMIT ?""",
            (news_cluster, CANDIDATES_PER_NEWS_CLUSTER))

    def undated_twins(self, key: str) -> list[dict[str, Any]]:
        """The most recent main events with this blocking key (type and actor) whose articles have
        no day and that state no day themselves but constrain it."""
        return self._reports(
            """SELECT e.id, e.article_id, e.type, e.date_constraint, a.cluster_id AS news_cluster
               FROM event_keys k JOIN events e ON e.id = k.event_id JOIN articles a ON a.id = e.article_id
               WHERE k.key = ? AND k.day IS NULL AND e.is_main AND e.date IS NULL
                 AND e.date_constraint IS NOT NULL ORDER BY k.rowid DESC LIMIT ?""",
            (key, CANDIDATES_PER_KEY))

    def _reports(self, sql: str, params: tuple) -> list[dict[str, Any]]:
        reports = [dict(row) for row in self.conn.execute(sql, params)]
        for report in reports:
            rows = self.conn.execute(
                """SELECT coalesce(a.entity_id, a.name), coalesce(e.country, a.entity_id, a.name)
                   FROM event_actors a LEFT JOIN entities e ON e.id = a.entity_id WHERE a.event_id = ?""",
                [report["id"]]).fetchall()
            report["actors"] = sorted({row[0] for row in rows})
            report["sides"] = sorted({row[1] for row in rows})  # the state a person or body stands for
        return reports

    def event_cluster_dating(self, cluster_id: str) -> sqlite3.Row | None:
        return self.conn.execute("SELECT id, date, date_precision, n_articles FROM event_clusters WHERE id = ?",
                                 [cluster_id]).fetchone()

    # -- stories -------------------------------------------------------------------------------

    def event_cluster_placing(self, cluster_id: str) -> sqlite3.Row | None:
        """What places an event cluster in a story: actors, topics, date and date_precision (the day
        inferred for its reports when it has one: what every view shows), first_seen, whether it
        holds some article's main event (has_main), and where it is now (story_key, story_day, thread)."""
        return self.conn.execute(
            """SELECT actors, topics, coalesce(inferred_date, date) AS date,
                      CASE WHEN inferred_date IS NULL THEN date_precision ELSE 'day' END AS date_precision,
                      first_seen, story_key, story_day, thread,
                      EXISTS (SELECT 1 FROM events WHERE cluster_id = c.id AND is_main) AS has_main
               FROM event_clusters c WHERE id = ?""", [cluster_id]).fetchone()

    def set_story_place(self, cluster_id: str, key: str | None, day: str | None, thread: str | None) -> None:
        self.conn.execute("UPDATE event_clusters SET story_key = ?, story_day = ?, thread = ? WHERE id = ?",
                          (key, day, thread, cluster_id))

    def threads_near(self, key: str, first: str, last: str) -> set[str]:
        """The threads of the dated event clusters with this key whose day is between first and last."""
        return {row[0] for row in self.conn.execute(
            "SELECT DISTINCT thread FROM event_clusters WHERE story_key = ? AND story_day BETWEEN ? AND ?",
            (key, first, last))}

    def undated_story_clusters(self, key: str) -> list[sqlite3.Row]:
        """The undated event clusters with this key: id, thread."""
        return self.conn.execute("SELECT id, thread FROM event_clusters WHERE story_key = ? AND story_day IS NULL",
                                 [key]).fetchall()

    def latest_thread(self, key: str) -> str | None:
        """The thread of the latest dated event cluster with this key."""
        row = self.conn.execute(
            """SELECT thread FROM event_clusters WHERE story_key = ? AND story_day IS NOT NULL
               ORDER BY story_day DESC, id DESC LIMIT 1""", [key]).fetchone()
        return row[0] if row else None

    def thread_members(self, threads: set[str]) -> list[sqlite3.Row]:
        """The event clusters of these threads: id, story_key, story_day."""
        marks = ",".join("?" * len(threads))
        return self.conn.execute(f"SELECT id, story_key, story_day FROM event_clusters WHERE thread IN ({marks})",
                                 sorted(threads)).fetchall()

    def set_thread(self, cluster_ids: list[str], thread: str) -> None:
        self.conn.executemany("UPDATE event_clusters SET thread = ? WHERE id = ?", [(thread, c) for c in cluster_ids])

    def move_undated(self, key: str, thread: str) -> None:
        self.conn.execute("UPDATE event_clusters SET thread = ? WHERE story_key = ? AND story_day IS NULL",
                          (thread, key))

    def thread_event_clusters(self, thread: str) -> list[sqlite3.Row]:
        """What names and spans a thread: each event cluster's story_key, story_day, actors and topics."""
        return self.conn.execute("SELECT story_key, story_day, actors, topics FROM event_clusters WHERE thread = ?",
                                 [thread]).fetchall()

    def save_story(self, story_id: str, key: str, name: str, n_events: int, first_seen: str | None,
                   last_seen: str | None) -> None:
        """Make a thread a story: its record, and the story of each of its event clusters."""
        self.conn.execute(
            """INSERT INTO stories (id, name, created_at, key, n_events, first_seen, last_seen)
               VALUES (?, ?, datetime('now'), ?, ?, ?, ?)
               ON CONFLICT (id) DO UPDATE SET name = excluded.name, key = excluded.key,
                   n_events = excluded.n_events, first_seen = excluded.first_seen, last_seen = excluded.last_seen""",
            (story_id, name, key, n_events, first_seen, last_seen))
        self.conn.execute("UPDATE event_clusters SET story_id = NULL WHERE story_id = ? AND thread IS NOT ?",
                          (story_id, story_id))
        self.conn.execute("UPDATE event_clusters SET story_id = ? WHERE thread = ? AND story_id IS NOT ?",
                          (story_id, story_id, story_id))

    def delete_story(self, story_id: str) -> None:
        """No story any more (the thread is too short or gone): its clusters are in none."""
        self.conn.execute("UPDATE event_clusters SET story_id = NULL WHERE story_id = ? OR thread = ?",
                          (story_id, story_id))
        self.conn.execute("DELETE FROM stories WHERE id = ?", [story_id])

    # -- starting again --------------------------------------------------------------------------

    def analysed_article_ids(self) -> list[str]:
        return [row[0] for row in self.conn.execute("SELECT id FROM articles WHERE status = 'analysed' ORDER BY rowid")]

    def clear_clusters(self) -> None:
        """Forget every clustering result (before `veille recluster`); analyses stay."""
        for statement in (
            "UPDATE articles SET cluster_id = NULL, copy_of = NULL, published_range = NULL, published_reason = NULL",
            "UPDATE events SET cluster_id = NULL, link = NULL, inferred_date = NULL, inferred_reason = NULL",
            "DELETE FROM news_keys", "DELETE FROM event_keys", "DELETE FROM minhash_bands",
            "DELETE FROM article_profiles", "DELETE FROM news_clusters", "DELETE FROM event_clusters",
            "DELETE FROM stories",
        ):
            self.conn.execute(statement)
        self.__dict__.pop("_profile_cache", None)
        self.__dict__.pop("_event_items", None)

    def unclustered_article_ids(self) -> list[str]:
        return [row[0] for row in self.conn.execute(
            """SELECT id FROM articles WHERE status = 'analysed'
               AND id NOT IN (SELECT article_id FROM article_profiles) ORDER BY rowid""")]

    # -- inputs of clustering ------------------------------------------------------------------

    def cluster_inputs(self, article_ids: list[str]) -> list[dict[str, Any]]:
        """Analysed articles with their text, entities and events (JSON shapes), in arrival order."""
        found = []
        for start in range(0, len(article_ids), 200):
            chunk = article_ids[start:start + 200]
            marks = ",".join("?" * len(chunk))
            rows = self.conn.execute(
                f"""SELECT id, language, outlet, published, title, clean_text, ingested_at FROM articles
                    WHERE id IN ({marks}) AND status = 'analysed' ORDER BY rowid""", chunk).fetchall()
            entities = self._entities_of(chunk)
            event_rows = self.conn.execute(
                f"SELECT e.* FROM events e WHERE e.article_id IN ({marks}) ORDER BY e.id", chunk).fetchall()
            events: dict[str, list] = {}
            for row, event in zip(event_rows, self._assemble_events(event_rows, with_quotes=False)):
                events.setdefault(row["article_id"], []).append({**event, "is_main": bool(row["is_main"])})
            for row in rows:
                found.append({**dict(row), "entities": entities.get(row["id"], []), "events": events.get(row["id"], [])})
        return found

    def event_cluster_members(self, cluster_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            """SELECT e.id, e.article_id, e.type, e.mode, e.date AS own_date, e.date_precision AS own_precision,
                      e.date_constraint, e.is_main, e.city, e.country, e.topics, a.outlet, a.copy_of,
                      a.published AS seen
               FROM events e JOIN articles a ON a.id = e.article_id WHERE e.cluster_id = ? ORDER BY e.id""",
            [cluster_id]).fetchall()
        actors: dict[str, list] = {}
        for a in self.conn.execute(
                """SELECT event_id, entity_id, name, role FROM event_actors
                   WHERE event_id IN (SELECT id FROM events WHERE cluster_id = ?) ORDER BY event_id, position""",
                [cluster_id]):
            actors.setdefault(a["event_id"], []).append({"id": a["entity_id"], "name": a["name"], "role": a["role"]})
        return [{**dict(r), "topics": json.loads(r["topics"]), "actors": actors.get(r["id"], []),
                 "location": {"city": r["city"], "country": r["country"]}} for r in rows]
