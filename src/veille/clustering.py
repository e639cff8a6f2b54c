"""Clustering over the store: near-duplicates, news clusters, event clusters, inferred dates, stories.

``Clustering(store).update(article_ids)`` places newly stored articles (ingestion calls it inside
the transaction that writes them, so a killed run never leaves an article half-clustered);
``recluster()`` forgets every result and places all articles again, in publication order. The
algorithms live in veille.cluster; this module only moves data between them and the store.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .cluster import duplicates, ranked
from .cluster.events import EventItem, EventLinker, fits_constraint, publication_range, summarise
from .cluster.model import PairModel
from .cluster.news import NewsClusterer
from .cluster.profile import ArticleProfile, build_profile, signature, stop_words
from .cluster.text import vector
from .kb.load import country_names
from .store import Store

STORY_GAP_DAYS = 365  # an event more than a year after a story's last one starts a new story
STORY_PARTIES = 3  # a story follows at most this many parties (countries or organisations)


@dataclass
class ClusterReport:
    articles: int = 0
    copies: int = 0
    news_clusters: set[str] = field(default_factory=set)
    event_clusters: set[str] = field(default_factory=set)


class Clustering:
    def __init__(self, store: Store, model: PairModel | None = None) -> None:
        self.store = store
        self.news = NewsClusterer(model or PairModel.load(), store)
        self.events = EventLinker(store)

    def update(self, article_ids: Iterable[str]) -> ClusterReport:
        """Place articles already stored and analysed; call inside a store transaction."""
        report = ClusterReport()
        inputs = sorted(self.store.cluster_inputs(list(article_ids)), key=arrival_order)
        placed = []
        for article in inputs:
            profile = profile_of(article)
            signature_, profile.grams = duplicates.minhash(article["clean_text"])
            original = self._original(article["id"], signature_, profile.grams)
            self.store.save_profile(profile, duplicates.to_bytes(signature_))
            self.store.mark_copy(article["id"], duplicates.bands(signature_), original)
            report.copies += original is not None
            placed.append((article, self.news.add(profile, copy_of=original)))
        for article, _ in placed:  # events once every article of the batch has its news cluster
            news_cluster = self.store.news_cluster_of(article["id"])
            for event in article["events"]:
                report.event_clusters.add(self.events.add(event_item(article, event, news_cluster)))
        report.articles = len(placed)
        report.news_clusters = {self.store.news_cluster_of(a["id"]) for a, _ in placed} | self.news.changed
        self.news.changed = set()
        self._refresh(report)
        return report

    def recluster(self) -> ClusterReport:
        """Forget every clustering result and place all analysed articles again; call inside a transaction."""
        self.store.clear_clusters()
        ids = [row[0] for row in self.store.conn.execute(
            "SELECT id FROM articles WHERE status = 'analysed' ORDER BY rowid")]
        return self.update(ids)

    # -- near-duplicates -----------------------------------------------------------------------

    def _original(self, article_id: str, signature_, grams: int) -> str | None:
        """The earliest stored article this one is a near-duplicate of (itself a copy: its original)."""
        for other, stored in self.store.copy_candidates(duplicates.bands(signature_)):
            if other != article_id and duplicates.are_copies(signature_, grams, duplicates.from_bytes(stored),
                                                             self.store.news_profile(other).grams):
                row = self.store.conn.execute("SELECT copy_of FROM articles WHERE id = ?", [other]).fetchone()
                return row[0] or other
        return None

    # -- records -------------------------------------------------------------------------------

    def _refresh(self, report: ClusterReport) -> None:
        for cluster in sorted(report.event_clusters):
            members = self.store.event_cluster_members(cluster)
            if not members:
                continue
            record = summarise(cluster, members)
            self.store.save_event_cluster(record)
            self._infer_event_dates(members, record)
        self._refresh_news_clusters(report.news_clusters)
        self._place_in_stories(report.event_clusters)

    def _infer_event_dates(self, members: list[dict[str, Any]], record: dict[str, Any]) -> None:
        """Reports that could not date the event get the day the others agree on, when it fits them."""
        day = record["date"] if record["date_precision"] == "day" else None
        for event in members:
            own_known = event["own_precision"] in ("day", "month")
            inferred = day if day and not own_known and fits_constraint(day, event.get("date_constraint")) else None
            self.store.conn.execute("UPDATE events SET inferred_date = ? WHERE id = ?", (inferred, event["id"]))

    def _refresh_news_clusters(self, clusters: set[str]) -> None:
        conn = self.store.conn
        for cluster in sorted(clusters):
            rows = conn.execute(
                """SELECT a.id, a.published, a.ingested_at, e.cluster_id AS event_cluster
                   FROM articles a LEFT JOIN events e ON e.id = a.main_event_id WHERE a.cluster_id = ?""",
                [cluster]).fetchall()
            if not rows:  # its articles moved to other clusters
                conn.execute("DELETE FROM news_clusters WHERE id = ?", [cluster])
                continue
            mains = Counter(r["event_cluster"] for r in rows if r["event_cluster"])
            main = next(iter(ranked(mains)), None)
            seen = min((r["published"] for r in rows if r["published"]), default=None)
            conn.execute(
                """INSERT INTO news_clusters (id, main_event_cluster_id, n_articles, first_seen) VALUES (?, ?, ?, ?)
                   ON CONFLICT (id) DO UPDATE SET main_event_cluster_id = excluded.main_event_cluster_id,
                   n_articles = excluded.n_articles, first_seen = excluded.first_seen""",
                (cluster, main, len(rows), seen))
            self._infer_publication(rows, main)

    def _infer_publication(self, rows, main_event_cluster: str | None) -> None:
        """An undated article that reports a dated event was published on that day or within a week:
        kept as a range with its reason, never as a guessed day."""
        record = self.store.conn.execute(
            "SELECT date, date_precision, n_articles FROM event_clusters WHERE id = ?", [main_event_cluster]
        ).fetchone() if main_event_cluster else None
        for row in rows:
            if row["published"]:
                continue
            if record and record["date_precision"] == "day":
                reason = (f"reports the event of {record['date']} (event cluster {main_event_cluster}, "
                          f"{record['n_articles']} articles)")
                self.store.conn.execute("UPDATE articles SET published_range = ?, published_reason = ? WHERE id = ?",
                                        (publication_range(record["date"]), reason, row["id"]))
            else:
                self.store.conn.execute(
                    "UPDATE articles SET published_range = NULL, published_reason = NULL WHERE id = ?", [row["id"]])

    # -- stories -------------------------------------------------------------------------------

    def _place_in_stories(self, event_clusters: set[str]) -> None:
        conn = self.store.conn
        touched = set()
        for cluster in sorted(event_clusters):
            row = conn.execute("SELECT actors, date, first_seen, story_id FROM event_clusters WHERE id = ?",
                               [cluster]).fetchone()
            if row is None:
                continue
            key = self._story_key(json.loads(row["actors"]))
            when = row["date"] or row["first_seen"]  # when it happened, else when it was first reported
            current = conn.execute("SELECT key FROM stories WHERE id = ?", [row["story_id"]]).fetchone() \
                if row["story_id"] else None
            if current and current["key"] == key:
                touched.add(row["story_id"])
                continue
            story = self._story_for(key, when) or f"s-{cluster}"
            conn.execute("INSERT OR IGNORE INTO stories (id, name, created_at, key) VALUES (?, ?, datetime('now'), ?)",
                         (story, key, key))
            conn.execute("UPDATE event_clusters SET story_id = ? WHERE id = ?", (story, cluster))
            touched |= {story, row["story_id"]} - {None}
        for story in sorted(touched):
            self._refresh_story(story)

    def _story_key(self, actors: list[dict[str, Any]]) -> str:
        """The parties an event involves: the country of each person or body, else the actor itself."""
        parties: Counter[str] = Counter()
        for actor in actors:
            country = None
            if actor.get("id"):
                found = self.store.conn.execute("SELECT country FROM entities WHERE id = ?", [actor["id"]]).fetchone()
                country = found[0] if found else None
            parties[country or actor["name"]] += 1
        top = ranked(parties)[:STORY_PARTIES]
        return "+".join(sorted(top)) or "unknown"

    def _story_for(self, key: str, when: str | None) -> str | None:
        day = _as_day(when)
        if day:
            since = (day - timedelta(days=STORY_GAP_DAYS)).isoformat()
            until = (day + timedelta(days=STORY_GAP_DAYS)).isoformat()
            row = self.store.conn.execute(
                """SELECT id FROM stories WHERE key = ? AND (last_seen IS NULL OR (last_seen >= ? AND first_seen <= ?))
                   ORDER BY last_seen DESC LIMIT 1""", (key, since, until)).fetchone()
        else:
            row = self.store.conn.execute(
                "SELECT id FROM stories WHERE key = ? ORDER BY last_seen DESC LIMIT 1", [key]).fetchone()
        return row[0] if row else None

    def _refresh_story(self, story: str) -> None:
        conn = self.store.conn
        rows = conn.execute("SELECT date, topics FROM event_clusters WHERE story_id = ?", [story]).fetchall()
        if not rows:
            conn.execute("DELETE FROM stories WHERE id = ?", [story])
            return
        days = sorted(r["date"][:10] for r in rows if r["date"])
        topics = Counter(t for r in rows for t in json.loads(r["topics"]))
        key = conn.execute("SELECT key FROM stories WHERE id = ?", [story]).fetchone()[0]
        conn.execute("UPDATE stories SET name = ?, n_events = ?, first_seen = ?, last_seen = ? WHERE id = ?",
                     (self._story_name(key, topics), len(rows), days[0] if days else None,
                      days[-1] if days else None, story))

    def _story_name(self, key: str, topics: Counter) -> str:
        names = [country_names().get(party, party) for party in key.split("+")]
        top = ranked(topics)[:2]
        return " – ".join(names) + (f": {', '.join(top)}" if top else "")


def _as_day(value: str | None) -> date | None:
    """The first day a date value can denote ("2017-05" → 2017-05-01), or None."""
    for text in ((value or "")[:10], (value or "")[:7] + "-01"):
        try:
            return date.fromisoformat(text)
        except ValueError:
            continue
    return None


def arrival_order(article: dict[str, Any]) -> tuple:
    """Dated articles in date order, then undated ones: earlier news first, whatever the input order."""
    return (article["published"] is None, (article["published"] or "")[:10], article["id"])


def profile_of(article: dict[str, Any]) -> ArticleProfile:
    """The profile of an article as ``Store.cluster_inputs`` gives it."""
    main = next((e for e in article["events"] if e["is_main"]), None)
    return build_profile(article, article["entities"], main)


def event_item(article: dict[str, Any], event: dict[str, Any], news_cluster: str | None) -> EventItem:
    """What event linking compares, for one event of an article as ``Store.cluster_inputs`` gives it."""
    evidence = " ".join(e["sentence"] for e in event.get("evidence", []))
    language = article.get("language") or "fr"
    published = article.get("published") or ""
    own = event if event.get("date_source") != "cluster" else {**event, "date": None}
    return EventItem(
        id=event["id"], article_id=article["id"], signature=signature(own), news_cluster=news_cluster,
        is_main=event["is_main"], reference_day=published[:10] if len(published) >= 10 else None,
        terms=vector(evidence, language, stop_words(language)),
    )
