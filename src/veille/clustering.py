"""Clustering over the store: near-duplicates, news clusters, event clusters, inferred dates, stories.

``Clustering(store).update(article_ids)`` places newly stored articles (ingestion calls it inside
the transaction that writes them, so a killed run never leaves an article half-clustered);
``recluster()`` forgets every result and places all articles again in the order they were stored,
which reproduces what ingestion placed, whatever its ``commit_every``. The
algorithms live in veille.cluster; this module only moves data between them and the store.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .cluster import duplicates, ranked, stories
from .cluster.events import (EventItem, EventLinker, InferredDate, cluster_inferred_date, day_in_news, inferred_day,
                             joint_day, placeable_constraint, publication_range, summarise)
from .cluster.model import PairModel
from .cluster.news import NewsClusterer
from .cluster.profile import ArticleProfile, build_profile, signature, stop_words
from .cluster.text import vector
from .kb.base import KnowledgeBase
from .kb.load import country_names, entity_from_record
from .store import Store


@dataclass
class ClusterReport:
    articles: int = 0
    copies: int = 0
    news_clusters: set[str] = field(default_factory=set)
    event_clusters: set[str] = field(default_factory=set)


@dataclass
class Placement:
    """Where an article was placed: its profile and near-duplicate signature, its news cluster and
    the event cluster of each of its events (as EventItem, cluster id)."""

    profile: ArticleProfile
    minhash: bytes
    bands: list[str]
    copy_of: str | None
    news_cluster: str
    events: list[tuple[EventItem, str]] = field(default_factory=list)


class Clustering:
    def __init__(self, store: Store, model: PairModel | None = None) -> None:
        self.store = store
        self.model = model or PairModel.load()
        self.news = NewsClusterer(self.model, store)
        self.events = EventLinker(store)
        self._kb: KnowledgeBase | None = None
        self._redated: set[str | None] = set()  # event clusters some of whose reports were given a day (or lost it)

    def update(self, article_ids: Iterable[str]) -> ClusterReport:
        """Place articles already stored and analysed, one at a time in the order given (their
        arrival order); call inside a store transaction.

        Each article is placed completely (near-duplicate, news cluster, its events, the events of
        the articles its regrouping moved, then the records, inferred dates and stories) before the
        next one, so placing a batch gives exactly what placing its articles one by one would:
        clusters never depend on where ingestion's transactions (``commit_every``) begin and end."""
        ids = list(dict.fromkeys(article_ids))
        # Placing an article never changes what ``cluster_inputs`` gives for one not yet placed, so
        # the batch's inputs are read at once.
        inputs = {article["id"]: article for article in self.store.cluster_inputs(ids)}
        report = ClusterReport()
        steps = [self._settle(ClusterReport())] if self.news.moved or self.news.changed else []  # moved by a caller
        for article_id in ids:
            if article_id in inputs:
                steps.append(self._place(inputs[article_id]))
        for step in steps:
            report.articles += step.articles
            report.copies += step.copies
            report.news_clusters |= step.news_clusters
            report.event_clusters |= step.event_clusters
        return report

    def _place(self, article: dict[str, Any]) -> ClusterReport:
        """Place one article and refresh every record its placing touched."""
        report = ClusterReport(articles=1)
        profile = profile_of(article)
        signature_, profile.grams = duplicates.minhash(article["clean_text"])
        original = self._original(article["id"], signature_, profile.grams)
        self.store.save_profile(profile, duplicates.to_bytes(signature_))
        self.store.mark_copy(article["id"], duplicates.bands(signature_), original)
        report.copies = int(original is not None)
        news_cluster = self.news.add(profile, copy_of=original)
        # the main event first: the article's passing reports of it then follow it
        for event in sorted(article["events"], key=lambda e: not e["is_main"]):
            report.event_clusters.add(self.events.add(event_item(article, event, news_cluster)))
        report.news_clusters.add(news_cluster)
        return self._settle(report, placed=article["id"])

    def _settle(self, report: ClusterReport, placed: str | None = None) -> ClusterReport:
        """Link again the events of the articles regrouping moved (but the one just ``placed``),
        then refresh every record the report and the regrouping touched."""
        self._relink_moved(self.news.moved - {placed}, report)
        report.news_clusters |= self.news.changed
        self.news.changed, self.news.moved = set(), set()
        self._refresh(report)
        return report

    def _relink_moved(self, article_ids: set[str], report: ClusterReport) -> None:
        """Link again the events of earlier articles that regrouping moved to another news cluster:
        the news cluster two reports share is part of what ties them (cluster.events.link_score)."""
        for article_id in sorted(article_ids):
            news_cluster = self.store.news_cluster_of(article_id)
            items = self.store.linked_events(article_id)
            for item in items:  # all of them first: the article's other reports must not hold one back
                report.event_clusters.add(self.store.unlink_event(item.id))
            for item in items:
                item.news_cluster = news_cluster
                # the cluster named after this event may hold the reports that joined it
                alone = item.id if not self.store.event_cluster_in_use(item.id) else f"{item.id}@{news_cluster}"
                report.event_clusters.add(self.events.add(item, new_cluster=alone))

    def adopt(self, placements: Iterable[Placement]) -> ClusterReport:
        """Record placements decided elsewhere (by `veille batch`) for stored articles, filling the
        same index tables as ``update`` so that later articles cluster incrementally against them.
        Call ``refresh`` with the report once every placement is recorded; inside a transaction."""
        report = ClusterReport()
        for placed in placements:
            self.store.save_profile(placed.profile, placed.minhash)
            self.store.mark_copy(placed.profile.article_id, placed.bands, placed.copy_of)
            self.store.add_to_news_cluster(placed.profile, placed.news_cluster)
            for item, cluster in placed.events:
                self.store.add_event(item, cluster)
                report.event_clusters.add(cluster)
            report.news_clusters.add(placed.news_cluster)
            report.copies += placed.copy_of is not None
            report.articles += 1
        return report

    def refresh(self, report: ClusterReport) -> None:
        """Rebuild the records (event and news clusters, inferred dates, stories) a report names."""
        self._refresh(report)

    def recluster(self) -> ClusterReport:
        """Forget every clustering result and place all analysed articles again, in the order they
        were stored (as ingestion placed them); call inside a transaction."""
        self.store.clear_clusters()
        return self.update(self.store.analysed_article_ids())

    # -- near-duplicates -----------------------------------------------------------------------

    def _original(self, article_id: str, signature_, grams: int) -> str | None:
        """The earliest stored article this one is a near-duplicate of (itself a copy: its original)."""
        for other, stored in self.store.copy_candidates(duplicates.bands(signature_)):
            if other != article_id and duplicates.are_copies(signature_, grams, duplicates.from_bytes(stored),
                                                             self.store.news_profile(other).grams):
                return self.store.original_of(other)
        return None

    # -- records -------------------------------------------------------------------------------

    def _refresh(self, report: ClusterReport) -> None:
        emptied, summaries = set(), []
        for cluster in sorted(report.event_clusters):
            members = self.store.event_cluster_members(cluster)
            if not members:  # its events were linked again to other clusters
                emptied.add(self.store.delete_event_cluster(cluster))
                continue
            record = summarise(cluster, members)
            self.store.save_event_cluster(record)
            summaries.append((members, record))
        for members, record in summaries:  # once every record is saved: a news cluster's day may be in another
            self._infer_event_dates(members, record)
        self._refresh_news_clusters(report.news_clusters, refreshed=report.event_clusters)
        redated = self._date_event_clusters(report.event_clusters | self._redated)
        self.place_in_stories(report.event_clusters | redated, emptied)

    def _date_event_clusters(self, clusters: set[str]) -> set[str]:
        """Give each event cluster the day its reports were given when they agree on one and it has
        none of its own (cluster.events.cluster_inferred_date), so that it reads as its reports do in
        every view and takes its place in a story by that day; returns those whose day changed.
        ``clusters``: every cluster refreshed or holding a report whose day was inferred again."""
        changed = set()
        for cluster in sorted(clusters - {None}):
            found = self.store.event_cluster_inferred(cluster)
            if found is not None and self.store.set_event_cluster_inferred(cluster, cluster_inferred_date(*found)):
                changed.add(cluster)
        self._redated = set()
        return changed

    def _set_inferred_date(self, event_id: str, inferred: InferredDate | None) -> None:
        self._redated.add(self.store.set_inferred_date(event_id, inferred))

    def _infer_event_dates(self, members: list[dict[str, Any]], record: dict[str, Any]) -> None:
        """Reports that could not date the event get it from the day the others agree on; an
        article's main event that no report dates, from the day of its news cluster's dated main
        events, else from what its undated reports say together. Each inferred day keeps the rule
        that gave it. When the reports dated so agree on one day, it dates the event's other reports
        as a day they stated would."""
        found = {event["id"]: self._inferred(event, record) for event in members}
        days = {inferred.day for inferred in found.values() if inferred}
        if len(days) == 1 and record.get("date_precision") != "day":
            agreed = {**record, "date": days.pop(), "date_precision": "day"}
            for event in members:
                day = None if found[event["id"]] else inferred_day(event, agreed)
                if day:
                    found[event["id"]] = InferredDate(day, "event_cluster", record["id"])
        for event in members:
            self._set_inferred_date(event["id"], found[event["id"]])

    def _inferred(self, event: dict[str, Any], record: dict[str, Any]) -> InferredDate | None:
        day = inferred_day(event, record)
        if day:
            return InferredDate(day, "event_cluster", record["id"])
        if not event["is_main"] or record.get("date_precision") == "day":
            return None
        news = self.store.news_cluster_day(event["article_id"])
        day = day_in_news(event, dict(news)) if news else None
        if day:
            return InferredDate(day, "news_cluster", self.store.news_cluster_of(event["article_id"]))
        return self._day_from_reports(event)

    def _day_from_reports(self, event: dict[str, Any]) -> InferredDate | None:
        """The day the undated reports of the event leave together (``joint_day``). It dates every
        one of them whose constraint it fits: those read before the report that completed the
        dating were left undated then."""
        own = placeable_constraint(event)
        if own is None:
            return None
        news_cluster = self.store.news_cluster_of(event["article_id"])
        day, reports = joint_day(news_cluster, self.store)
        if day is None:
            return None
        inferred = InferredDate(day.isoformat(), "joint_constraints", news_cluster)
        for report in reports:
            constraint = placeable_constraint(report)
            if report["id"] != event["id"] and constraint and constraint.fits(day):
                self._set_inferred_date(report["id"], inferred)
        return inferred if own.fits(day) else None

    def _refresh_news_clusters(self, clusters: set[str], refreshed: set[str]) -> None:
        """Save the news clusters' records; the main events of their articles whose event clusters
        were not ``refreshed`` now may take their day from their news cluster's."""
        undated = set()
        for cluster in sorted(clusters):
            articles = self.store.news_cluster_articles(cluster)
            if not articles:  # its articles moved to other clusters
                self.store.delete_news_cluster(cluster)
                continue
            main = next(iter(ranked(Counter(a["event_cluster"] for a in articles if a["event_cluster"]))), None)
            seen = min((a["published"] for a in articles if a["published"]), default=None)
            self.store.save_news_cluster(cluster, main, len(articles), seen)
            self._infer_publication(articles, main)
            undated |= {a["event_cluster"] for a in articles if a["event_cluster"] not in refreshed}
        for cluster in sorted(undated - {None}):
            record = self.store.event_cluster_dating(cluster)
            if record and record["date_precision"] != "day":
                self._infer_event_dates(self.store.event_cluster_members(cluster), dict(record))

    def _infer_publication(self, articles: list[dict[str, Any]], main_event_cluster: str | None) -> None:
        """An undated article that reports a dated event was published on that day or within a week:
        kept as a range with its reason, never as a guessed day."""
        record = self.store.event_cluster_dating(main_event_cluster) if main_event_cluster else None
        dated = record and record["date_precision"] == "day"
        for article in articles:
            if article["published"]:
                continue
            if dated:
                reason = (f"reports the event of {record['date']} (event cluster {main_event_cluster}, "
                          f"{record['n_articles']} articles)")
                self.store.set_published_range(article["id"], publication_range(record["date"]), reason)
            else:
                self.store.set_published_range(article["id"], None, None)

    # -- stories -------------------------------------------------------------------------------

    def place_in_stories(self, event_clusters: Iterable[str],
                         emptied: Iterable[tuple[str | None, str | None]] = ()) -> None:
        """Give each recorded event cluster its story key and day (cluster.stories), chain again the
        threads a change touched, and refresh their stories; ``emptied``: the (thread, key) of event
        clusters deleted since."""
        dirty = {thread for thread, _ in emptied if thread}  # threads to chain again
        keys = {key for _, key in emptied if key}  # keys whose undated clusters may follow another thread
        touched: set[str] = set()  # threads whose stories to refresh
        for cluster in sorted(event_clusters):
            row = self.store.event_cluster_placing(cluster)
            if row is None:
                continue
            key, day = self._story_place(row)
            touched |= {row["thread"]} - {None}
            if (key, day) == (row["story_key"], row["story_day"]):
                continue
            dirty |= {row["thread"]} - {None}
            keys |= {key, row["story_key"]} - {None}
            own = stories.thread_id([cluster]) if key else None
            self.store.set_story_place(cluster, key, day, own)
            if key:
                dirty.add(own)
                if day:
                    dirty |= self.store.threads_near(key, *stories.window(day))
        touched |= dirty | self._chain(dirty, keys)
        touched |= self._place_undated(keys)
        for thread in sorted(touched):
            self._refresh_story(thread)

    def _story_place(self, row) -> tuple[str | None, str | None]:
        """An event cluster's story key and day (cluster.stories); none for one that holds no
        article's main event, names no known actor, or recalls history."""
        if not row["has_main"] or stories.historical(row["date"], row["first_seen"]):
            return None, None
        day = stories.story_day(row["date"], row["date_precision"], row["first_seen"])
        key = stories.story_key(json.loads(row["actors"]), json.loads(row["topics"]), self.kb, stories.as_day(day))
        return (key, day) if key else (None, None)

    def _chain(self, threads: set[str], keys: set[str]) -> set[str]:
        """Cut the dated event clusters of these threads into runs of their keys (cluster.stories.runs),
        each a thread; returns the threads made. Adds the keys met to ``keys``."""
        if not threads:
            return set()
        dated: dict[str, list[tuple[str, str]]] = {}
        for member in self.store.thread_members(threads):
            keys.add(member["story_key"])
            if member["story_day"]:
                dated.setdefault(member["story_key"], []).append((member["id"], member["story_day"]))
        made = set()
        for key in sorted(dated):
            for run in stories.runs(dated[key]):
                made.add(stories.thread_id(run))
                self.store.set_thread(run, stories.thread_id(run))
        return made

    def _place_undated(self, keys: set[str]) -> set[str]:
        """The undated event clusters of a key follow its latest thread (else they are one thread of
        their own); returns the threads they left and joined."""
        touched = set()
        for key in sorted(keys):
            undated = self.store.undated_story_clusters(key)
            if not undated:
                continue
            target = self.store.latest_thread(key) or stories.thread_id(row["id"] for row in undated)
            before = {row["thread"] for row in undated}
            if before != {target}:
                self.store.move_undated(key, target)
                touched |= before | {target}
        return touched

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base with the entities imported into the store (who held which office when)."""
        if self._kb is None:
            self._kb = KnowledgeBase.load(extra=[entity_from_record(record) for record in self.store.kb_records()])
        return self._kb

    def _actor_parties(self, actors: list[dict[str, Any]], day: str | None) -> list[tuple[str, str]]:
        on = stories.as_day(day)
        found = ((actor["name"], stories.party(self.kb, actor["id"], on)) for actor in actors if stories.known(actor))
        return [(name, party) for name, party in found if party]

    def _refresh_story(self, thread: str) -> None:
        """A thread long enough is a story, named and spanned from its event clusters; a shorter one is none."""
        clusters = self.store.thread_event_clusters(thread)
        if len(clusters) < stories.MIN_STORY_EVENTS:
            self.store.delete_story(thread)
            return
        key = clusters[0]["story_key"]
        days = sorted(c["story_day"] for c in clusters if c["story_day"])
        name = stories.story_name(key, [(self._actor_parties(json.loads(c["actors"]), c["story_day"]),
                                         json.loads(c["topics"])) for c in clusters], country_names())
        self.store.save_story(thread, key, name, len(clusters), days[0] if days else None, days[-1] if days else None)


def publication_order(article: dict[str, Any]) -> tuple:
    """Dated articles in date order, then undated ones: earlier news first, whatever the input order
    (for `veille batch`, whose inputs have no arrival order)."""
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
