"""Read queries over deduplicated events: event clusters (the timeline), their sources, stories and
actors. `veille timeline`, `veille cluster` and every page of `veille serve` are built from these."""

from __future__ import annotations

import json
import sqlite3
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from ..dates import MONTH
from ..errors import ConfigError, NotFound
from ..render import article_title, event_headline, participants

# What a cluster's date is in every view: the day inferred for its reports when it has one
# (event_clusters.inferred_date: clustering.Clustering._date_event_clusters), else its own.
CLUSTER_DATE = "coalesce(c.inferred_date, c.date)"
# Where a cluster's date sorts: at its first day (dates.value_span). A day, a month or a year as its text
# ("2018-03" and "2018" before their days); a week at its Monday (week 1 holds 4 January), a weekend
# at its Saturday, a season at its first day (dates.SEASONS), a decade ("199X") and a century ("19XX")
# as their first year. The indexes of migration 12 hold the same expression (without the "c.").
_D = CLUSTER_DATE
DATE_ORDER = f"""(CASE WHEN {_D} GLOB '*[A-Z]*' THEN CASE
        WHEN {_D} GLOB '*-W[0-9][0-9]*' THEN date(substr({_D}, 1, 4) || '-01-04', 'weekday 0',
                                                  (substr({_D}, 7, 2) * 7 - 13 + 5 * ({_D} GLOB '*-WE')) || ' days')
        WHEN {_D} GLOB '*-[A-Z][A-Z]' THEN substr({_D}, 1, 5) || CASE substr({_D}, 6)
            WHEN 'SP' THEN '03-20' WHEN 'SU' THEN '06-21' WHEN 'FA' THEN '09-23' ELSE '12-21' END
        WHEN {_D} GLOB '*XX' THEN substr({_D}, 1, 2) || '00'
        ELSE substr({_D}, 1, 3) || '0' END
    ELSE {_D} END)"""
SORTS = {  # name → ORDER BY of event clusters, each an index of migration 12; undated events always come last
    "date": f"{CLUSTER_DATE} IS NULL, {DATE_ORDER}, {CLUSTER_DATE}, c.first_seen, c.id",
    "-date": f"{CLUSTER_DATE} IS NULL, {DATE_ORDER} DESC, {CLUSTER_DATE} DESC, c.first_seen DESC, c.id DESC",
    "sources": f"c.n_sources DESC, {CLUSTER_DATE} IS NULL, {DATE_ORDER} DESC, {CLUSTER_DATE} DESC, c.id",
}
CONTEXT_CHARS = 400  # the most of a neighbouring sentence shown around a piece of evidence
SOURCES_SHOWN = 200  # articles listed on one event's page
TITLE_TEXT_CHARS = 2000  # the top of an untitled article's text that its title is read from


@dataclass(frozen=True)
class ClusterFilter:
    """Which event clusters to list; every field narrows the list, None means "any"."""

    story: str | None = None
    actors: tuple[str, ...] = ()  # part of a name or an entity id; all must take part
    type: str | None = None
    mode: str | None = None
    country: tuple[str, str] | None = None  # (ISO code, English name): where, or an actor's country
    city: str | None = None  # where, as stored (the city's English name)
    outlet: str | None = None  # an outlet of an article that reports it
    topic: str | None = None
    since: str | None = None  # inclusive ISO day
    until: str | None = None  # inclusive ISO day
    text: str | None = None  # words of the articles that report it (full-text search)
    sort: str = "date"
    limit: int | None = None
    offset: int = 0


class BrowseQueries:
    conn: sqlite3.Connection

    # -- event clusters --------------------------------------------------------------------

    def timeline(self, *, story: str | None = None, actors: tuple[str, ...] = (), since: str | None = None,
                 until: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Event clusters in date order (undated last): one entry per real-world event."""
        return self.event_clusters(ClusterFilter(story=story, actors=tuple(actors), since=since, until=until,
                                                 limit=limit))

    def event_clusters(self, filters: ClusterFilter = ClusterFilter()) -> list[dict[str, Any]]:
        where, params = self._cluster_where(filters)
        return self._cluster_rows(where, params, filters)

    def event_clusters_per_month(self, filters: ClusterFilter = ClusterFilter()) -> list[dict[str, Any]]:
        """How many event clusters dated by a day or a month fall in each month, oldest first (for
        charts; a coarser date is in no month: ``_dated_months``)."""
        where, params = self._cluster_where(filters)
        return _dated_months(self._months(where, params))

    def event_cluster_page(self, filters: ClusterFilter = ClusterFilter()) -> dict[str, Any]:
        """One page of event clusters, with how many match in all and in each month."""
        where, params = self._cluster_where(filters)
        if filters.text and filters.text.strip():
            return self._searched_page(where, params, filters)
        months = self._months(where, params)
        return {"total": sum(months.values()), "events": self._cluster_rows(where, params, filters),
                "per_month": _dated_months(months)}

    def _searched_page(self, where: str, params: list, filters: ClusterFilter) -> dict[str, Any]:
        """A full-text filter costs more to evaluate than its result does to read (a common word hits
        thousands of articles): evaluate it once, and take the counts and the page from its result."""
        order = _order(filters)
        rows = self._read(
            f"""WITH matched AS MATERIALIZED (
                    SELECT c.id, c.date, c.inferred_date, c.first_seen, c.n_sources FROM event_clusters c WHERE {where})
                SELECT substr(coalesce(inferred_date, date), 1, 7) AS month, count(*) AS n, NULL AS id, NULL AS position
                FROM matched GROUP BY month
                UNION ALL
                SELECT * FROM (SELECT NULL, NULL, c.id, row_number() OVER (ORDER BY {order}) AS position
                               FROM matched c ORDER BY {order} LIMIT ? OFFSET ?)""",
            [*params, filters.limit if filters.limit is not None else -1, filters.offset])
        months = {row["month"]: row["n"] for row in rows if row["id"] is None}
        page = sorted((row for row in rows if row["id"] is not None), key=lambda row: row["position"])
        ids = [row["id"] for row in page]
        return {"total": sum(months.values()), "events": self._clusters_by_id(ids), "per_month": _dated_months(months)}

    def _months(self, where: str, params: list) -> dict[str | None, int]:
        rows = self._read(f"""SELECT substr({CLUSTER_DATE}, 1, 7) AS month, count(*) AS n FROM event_clusters c
                              WHERE {where} GROUP BY month ORDER BY month""", params)
        return {row["month"]: row["n"] for row in rows}

    def event_cluster_ids(self, filters: ClusterFilter = ClusterFilter()) -> list[str]:
        """The ids of every matching event cluster in the filter's order (all of them unless the filter
        has a limit): an export reads the ids at once, then the clusters a batch at a time."""
        where, params = self._cluster_where(filters)
        rows = self._read(f"SELECT c.id FROM event_clusters c WHERE {where} ORDER BY {_order(filters)} LIMIT ? OFFSET ?",
                          [*params, filters.limit if filters.limit is not None else -1, filters.offset])
        return [row[0] for row in rows]

    def event_clusters_by_id(self, ids: list[str]) -> list[dict[str, Any]]:
        """Event clusters in the order of ``ids``; an id no longer stored (reclustered since) is left out."""
        return self._clusters_by_id(ids)

    def _clusters_by_id(self, ids: list[str]) -> list[dict[str, Any]]:
        rows = {row["id"]: row for row in self._read(
            "SELECT * FROM event_clusters WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])}
        sentences = self._first_sentences(ids)
        return [self._event_cluster_json(rows[i], sentences.get(i)) for i in ids if i in rows]

    def event_cluster_reports(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """What dyadic event tables (GDELT) say of each event cluster beyond its record, by id: its
        CAMEO root (``cameo``), its evidence spans in all its reports (``n_mentions``), and of its first
        report (the earliest stored article): whether it is that article's main event (``is_main``)
        and when it was stored (``ingested_at``); ``url``: the web address of the first report that has one."""
        rows = self._read(
            """SELECT c.id,
                   (SELECT e.cameo FROM events e WHERE e.cluster_id = c.id AND e.type = c.type AND e.cameo IS NOT NULL
                    LIMIT 1) AS cameo,
                   (SELECT count(*) FROM events e JOIN event_evidence v ON v.event_id = e.id
                    WHERE e.cluster_id = c.id) AS n_mentions,
                   (SELECT json_array(e.is_main, a.ingested_at) FROM events e JOIN articles a ON a.id = e.article_id
                    WHERE e.cluster_id = c.id ORDER BY a.rowid, e.is_main DESC LIMIT 1) AS first,
                   (SELECT a.url FROM events e JOIN articles a ON a.id = e.article_id
                    WHERE e.cluster_id = c.id AND a.url IS NOT NULL ORDER BY a.rowid LIMIT 1) AS url
               FROM event_clusters c WHERE c.id IN (SELECT value FROM json_each(?))""", [json.dumps(ids)])
        found = {}
        for row in rows:
            is_main, ingested_at = json.loads(row["first"]) if row["first"] else (None, None)
            found[row["id"]] = {"cameo": row["cameo"], "n_mentions": row["n_mentions"], "is_main": is_main,
                                "ingested_at": ingested_at, "url": row["url"]}
        return found

    def entity_facts(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """The stored type and country (ISO 3166-1 alpha-2) of each entity id that is stored."""
        rows = self._read("SELECT id, type, country FROM entities WHERE id IN (SELECT value FROM json_each(?))",
                          [json.dumps(sorted(set(ids)))])
        return {row["id"]: {"type": row["type"], "country": row["country"]} for row in rows}

    def _cluster_rows(self, where: str, params: list, filters: ClusterFilter) -> list[dict[str, Any]]:
        rows = self._read(f"SELECT c.* FROM event_clusters c WHERE {where} ORDER BY {_order(filters)} LIMIT ? OFFSET ?",
                          [*params, filters.limit if filters.limit is not None else -1, filters.offset])
        sentences = self._first_sentences([row["id"] for row in rows])
        return [self._event_cluster_json(row, sentences.get(row["id"])) for row in rows]

    def _cluster_where(self, filters: ClusterFilter) -> tuple[str, list]:
        where, params = ["c.n_events > 0"], []
        if filters.story:
            if not self._read("SELECT 1 FROM stories WHERE id = ?", [filters.story]):
                raise NotFound(f"no story with id {filters.story!r} (see `veille stories`)")
            where.append("c.story_id = ?")
            params.append(filters.story)
        for actor in filters.actors:  # by entity (indexed)
            where.append("""c.id IN (SELECT e.cluster_id FROM event_actors a JOIN events e ON e.id = a.event_id
                            WHERE a.entity_id IN (SELECT value FROM json_each(?)))""")
            params.append(json.dumps(self._entities_meant(actor)))
        if filters.type:
            where.append("c.type = ?")
            params.append(filters.type.upper())
        if filters.mode:
            where.append("c.mode = ?")
            params.append(filters.mode.lower())
        if filters.country:
            code, name = filters.country
            where.append("""(c.country = ? COLLATE NOCASE OR c.id IN (
                SELECT e.cluster_id FROM events e JOIN event_actors a ON a.event_id = e.id
                JOIN entities n ON n.id = a.entity_id WHERE n.country = ? COLLATE NOCASE))""")
            params += [name, code]
        if filters.city:
            where.append("c.city = ? COLLATE NOCASE")
            params.append(filters.city)
        if filters.outlet:
            where.append("""c.id IN (SELECT e.cluster_id FROM articles a JOIN events e ON e.article_id = a.id
                            WHERE a.outlet = ?)""")
            params.append(filters.outlet)
        if filters.topic:
            where.append("EXISTS (SELECT 1 FROM json_each(c.topics) WHERE value = ? COLLATE NOCASE)")
            params.append(filters.topic)
        if filters.since:
            where.append(_SINCE)
            params += _since_params(filters.since)
        if filters.until:
            where.append(_UNTIL)
            params += _until_params(filters.until)
        if filters.text and filters.text.strip():
            where.append("""c.id IN (SELECT e.cluster_id FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
                            JOIN events e ON e.article_id = a.id WHERE articles_fts MATCH ?)""")
            params.append(fts_query(filters.text))
        return " AND ".join(where), params

    def _entities_meant(self, actor: str) -> list[str]:
        """An entity id means that entity, a name the knowledge base knows ("Poutine") its entities
        (store/names.py); anything else is part of a stored name (which scans the entities)."""
        known = self.entities_named(actor)
        if known is not None:
            return known
        return [row[0] for row in self._read("SELECT id FROM entities WHERE name LIKE ? ESCAPE '\\'",
                                             [containing(actor)])]

    def event_cluster(self, cluster_id: str) -> dict[str, Any]:
        """One event cluster with every report of it (events, articles, evidence)."""
        rows = self._read("SELECT * FROM event_clusters WHERE id = ?", [cluster_id])
        if not rows:
            raise NotFound(f"no event cluster with id {cluster_id!r}")
        data = self._event_cluster_json(rows[0], self._first_sentences([cluster_id]).get(cluster_id))
        data["reports"] = self._assemble_events(
            self._read("SELECT e.* FROM events e WHERE e.cluster_id = ? ORDER BY e.id", [cluster_id]), with_quotes=False)
        return data

    def event_sources(self, cluster_id: str) -> list[dict[str, Any]]:
        """The articles that report an event cluster, earliest first, each with its evidence sentences
        in context (the sentence before and after) and the quotations of the event's actors."""
        rows = self._read(
            """SELECT v.article_id, v.start, v.end, a.title, a.url, a.outlet, a.published, a.copy_of, e.type,
                      a.language, substr(a.clean_text, 1, ?) AS top,
                      e.confidence, e.trace, e.inferred_date, e.inferred_reason
               FROM events e JOIN event_evidence v ON v.event_id = e.id JOIN articles a ON a.id = v.article_id
               WHERE e.cluster_id = ? ORDER BY a.published IS NULL, a.published, a.rowid, v.start""",
            [TITLE_TEXT_CHARS, cluster_id])
        sources: dict[str, dict[str, Any]] = {}
        for row in rows:
            if row["article_id"] not in sources and len(sources) == SOURCES_SHOWN:
                continue
            source = sources.setdefault(row["article_id"], {
                "article": {key: row[key] for key in ("url", "outlet", "published", "copy_of")}
                | {"id": row["article_id"], "title": article_title(row["title"], row["top"], row["language"])[0]}, "evidence": [], "quotes": [], "decision": None, "dated_from": None})
            if row["inferred_date"] and row["inferred_reason"] and source["dated_from"] is None:
                source["dated_from"] = {"date": row["inferred_date"], **json.loads(row["inferred_reason"])}
            if row["trace"] and source["decision"] is None:  # what made this article report it so
                source["decision"] = {"type": row["type"], "confidence": row["confidence"],
                                      "trace": json.loads(row["trace"])}
            if all(ev["start"] != row["start"] for ev in source["evidence"]):
                source["evidence"].append({"start": row["start"], "end": row["end"]})
        for article_id, source in sources.items():
            source["evidence"] = self._in_context(article_id, source["evidence"])
        speakers = {row[0] for row in self._read(
            """SELECT DISTINCT a.entity_id FROM events e JOIN event_actors a ON a.event_id = e.id
               WHERE e.cluster_id = ? AND a.entity_id IS NOT NULL""", [cluster_id])}
        for quote in self._quotes(list(sources)):
            if quote["speaker_id"] in speakers:
                sources[quote["article_id"]]["quotes"].append(quote)
        return list(sources.values())

    def _in_context(self, article_id: str, spans: list[dict[str, int]]) -> list[dict[str, Any]]:
        text = self._read("SELECT clean_text FROM articles WHERE id = ?", [article_id])[0][0]
        sentences = [(r[0], r[1]) for r in self._read(
            "SELECT start, end FROM sentences WHERE article_id = ? ORDER BY idx", [article_id])]
        starts = [start for start, _ in sentences]
        found = []
        for span in sorted(spans, key=lambda s: s["start"]):
            at = bisect_right(starts, span["start"]) - 1
            before = text[sentences[at - 1][0]:span["start"]] if at > 0 else text[:span["start"]]
            after = text[span["end"]:sentences[at + 1][1]] if 0 <= at < len(sentences) - 1 else text[span["end"]:]
            found.append({**span, "before": _tail(before), "sentence": text[span["start"]:span["end"]].strip(),
                          "after": _head(after)})
        return found

    def _first_sentences(self, cluster_ids: list[str]) -> dict[str, str]:
        """Each event cluster's first evidence sentence: that of its earliest main report."""
        rows = self._read(
            """SELECT first.cluster_id, substr(a.clean_text, first.start + 1, first.end - first.start) AS text
               FROM (SELECT e.cluster_id, e.article_id, v.start, v.end, row_number() OVER (
                         PARTITION BY e.cluster_id ORDER BY e.is_main DESC, a.rowid, v.start) AS rank
                     FROM events e JOIN event_evidence v ON v.event_id = e.id JOIN articles a ON a.id = e.article_id
                     WHERE e.cluster_id IN (SELECT value FROM json_each(?))) AS first
               JOIN articles a ON a.id = first.article_id WHERE first.rank = 1""", [json.dumps(cluster_ids)])
        return {row["cluster_id"]: " ".join(row["text"].split()) for row in rows}

    @staticmethod
    def _event_cluster_json(row: sqlite3.Row, sentence: str | None) -> dict[str, Any]:
        location = {"city": row["city"], "country": row["country"]} if row["city"] or row["country"] else None
        actors = json.loads(row["actors"])
        cluster = {
            "id": row["id"], "type": row["type"], "mode": row["mode"], "actors": actors,
            "participants": participants({"type": row["type"], "actors": actors}),
            **cluster_date(row),
            "location": location, "topics": json.loads(row["topics"]), "story_id": row["story_id"],
            "n_events": row["n_events"], "n_articles": row["n_articles"], "n_sources": row["n_sources"],
            "n_outlets": row["n_outlets"], "first_seen": row["first_seen"], "last_seen": row["last_seen"],
            "sentence": sentence,
        }
        cluster["headline"] = event_headline(cluster)  # who did what, where, when: never a sentence's fragment
        return cluster

    # -- stories ---------------------------------------------------------------------------

    def stories(self, *, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Stories, the most recently active first."""
        rows = self._read("""SELECT s.*, (SELECT sum(n_sources) FROM event_clusters c WHERE c.story_id = s.id) AS n_sources
                             FROM stories s ORDER BY last_seen IS NULL, last_seen DESC, id LIMIT ? OFFSET ?""",
                          [limit if limit is not None else -1, offset])
        return [_story_json(row) for row in rows]

    def count_stories(self) -> int:
        return self._read("SELECT count(*) FROM stories")[0][0]

    def story(self, story_id: str) -> dict[str, Any]:
        rows = self._read("""SELECT s.*, (SELECT sum(n_sources) FROM event_clusters c WHERE c.story_id = s.id) AS n_sources
                             FROM stories s WHERE id = ?""", [story_id])
        if not rows:
            raise NotFound(f"no story with id {story_id!r}")
        return _story_json(rows[0])

    # -- actors ----------------------------------------------------------------------------

    def actors(self, *, search: str | None = None, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Entities that take part in events, ranked by how many reports name them (an index scan,
        cheap at any size), each with its number of distinct events (optionally matching a name)."""
        where, params = "a.entity_id IS NOT NULL", []
        if search:  # a name as the filters take it: "Poutine" is Vladimir Putin
            where += " AND a.entity_id IN (SELECT value FROM json_each(?))"
            params = [json.dumps(self._entities_meant(search))]
        rows = self._read(
            f"""WITH top AS MATERIALIZED (SELECT a.entity_id, count(*) AS n_reports FROM event_actors a WHERE {where}
                             GROUP BY a.entity_id ORDER BY n_reports DESC, a.entity_id LIMIT ? OFFSET ?)
                SELECT n.id, n.name, n.type, n.country, top.n_reports,
                       (SELECT count(DISTINCT e.cluster_id) FROM event_actors x JOIN events e ON e.id = x.event_id
                        WHERE x.entity_id = top.entity_id) AS n_events
                FROM top JOIN entities n ON n.id = top.entity_id ORDER BY top.n_reports DESC, top.entity_id""",
            [*params, limit if limit is not None else -1, offset])
        return [dict(row) for row in rows]

    def actor(self, entity_id: str) -> dict[str, Any]:
        """An entity with whom it dealt (counterparts by event type) and how often, month by month."""
        rows = self._read("SELECT id, name, type, wikidata, country FROM entities WHERE id = ?", [entity_id])
        if not rows:
            raise NotFound(f"no actor with id {entity_id!r}")
        counterparts: dict[str, dict[str, Any]] = {}
        for r in self._read(
                """SELECT coalesce(o.entity_id, o.name) AS id, coalesce(n.name, o.name) AS name, o.entity_id,
                          c.type, count(DISTINCT c.id) AS n
                   FROM event_actors me JOIN events e ON e.id = me.event_id
                   JOIN event_clusters c ON c.id = e.cluster_id
                   JOIN event_actors o ON o.event_id = me.event_id AND coalesce(o.entity_id, o.name) != me.entity_id
                   LEFT JOIN entities n ON n.id = o.entity_id
                   WHERE me.entity_id = ? GROUP BY 1, c.type""", [entity_id]):
            entry = counterparts.setdefault(r["id"], {"id": r["entity_id"], "name": r["name"], "n_events": 0,
                                                      "types": {}})
            entry["types"][r["type"]] = r["n"]
            entry["n_events"] += r["n"]
        mine = ClusterFilter(actors=(entity_id,))
        types = self._read("""SELECT c.type, count(*) FROM event_clusters c
                              WHERE c.id IN (SELECT e.cluster_id FROM events e JOIN event_actors a ON a.event_id = e.id
                                             WHERE a.entity_id = ?) GROUP BY c.type ORDER BY count(*) DESC""",
                           [entity_id])
        by_type = {t[0]: t[1] for t in types}
        return {**dict(rows[0]), "n_events": sum(by_type.values()),  # each event cluster has one type
                "types": by_type,
                "counterparts": sorted(counterparts.values(), key=lambda c: (-c["n_events"], c["name"])),
                "per_month": self.event_clusters_per_month(mine)}


def _order(filters: ClusterFilter) -> str:
    if filters.sort not in SORTS:
        raise ConfigError(f"unknown sort {filters.sort!r} (choose from {', '.join(SORTS)})")
    return SORTS[filters.sort]


# A cluster's date (CLUSTER_DATE) is in a range of days when part of it is (as events' dates,
# store/queries.py). A day, a month or a year compares as text: "2018-04" and "2018" sort before
# "2018-04-05", so since=2018-04-05 takes the month and the year that hold it, and until=2018-04-05
# takes them too. A value with letters
# (a week "2020-W11", a weekend "2020-W11-WE", a season "2020-FA", a decade "199X", a century "19XX")
# sorts after the days of its year, decade or century: it is compared by the days it covers
# (first_day, last_day: dates.value_span). Around that test, bounds on the text keep the date index in
# use. A value that ends on or after a day of year Y sorts from Y-1's last weeks and winter ("2019-W"…)
# on. One that starts on or before a day of year Y sorts before it, or is of year Y ("2020-A" to
# "2020-X": its seasons and weeks), or is week 1 of Y+1 (which may start in December), or Y's decade
# or century.
_LETTERS = f"{CLUSTER_DATE} GLOB '*[A-Z]*'"
_SINCE = f"""({CLUSTER_DATE} >= ? AND CASE WHEN {_LETTERS} THEN last_day({CLUSTER_DATE}) >= ?
                                    ELSE {CLUSTER_DATE} >= ? OR {CLUSTER_DATE} IN (?, ?) END)"""
_UNTIL = f"""(({CLUSTER_DATE} <= ? OR {CLUSTER_DATE} BETWEEN ? AND ? OR {CLUSTER_DATE} IN (?, ?, ?))
             AND CASE WHEN {_LETTERS} THEN first_day({CLUSTER_DATE}) <= ? ELSE {CLUSTER_DATE} <= ? END)"""


def _since_params(since: str) -> list[str]:
    year = int(since[:4])
    return [f"{year - 1:04d}-W", since, since, since[:7], since[:4]]


def _until_params(until: str) -> list[str]:
    year = int(until[:4])
    return [until, f"{year:04d}-A", f"{year:04d}-X", f"{year + 1:04d}-W01", f"{year // 10:03d}X",
            f"{year // 100:02d}XX", until, until]


def _dated_months(months: dict[str | None, int]) -> list[dict[str, Any]]:
    """The counts of clusters by month: those dated by a day or a month. A coarser date names no single
    month ("2020-FA", "2019", "199X", a week that may straddle two): such a cluster counts in the total,
    in no month, rather than in a month it may not be in."""
    return [{"month": month, "count": n} for month, n in months.items() if month and MONTH.fullmatch(month)]


def cluster_date(row: sqlite3.Row) -> dict[str, Any]:
    """An event cluster's date as its JSON gives it, the fields of a report's (store/queries.py): the day
    inferred for its reports when it has one (``date_source`` "cluster", ``date_reason`` why), else
    the date its reports state; and what they state, in ``stated_date`` and ``stated_precision``."""
    inferred = row["inferred_date"]
    return {
        "date": inferred or row["date"], "date_precision": "day" if inferred else row["date_precision"],
        "date_constraint": row["date_constraint"],
        "date_source": "cluster" if inferred else date_source(row["date_precision"]),
        "date_reason": json.loads(row["inferred_reason"]) if inferred and row["inferred_reason"] else None,
        "stated_date": row["date"], "stated_precision": row["date_precision"],
    }


def date_source(precision: str | None) -> str | None:
    """Where an event's own date comes from: its text (or a summit, an office), or only its article's day."""
    if precision in (None, "unknown"):
        return None
    return "article" if precision == "reference" else "text"


def _story_json(row: sqlite3.Row) -> dict[str, Any]:
    parties = (row["key"] or "").split(":")[0]  # "FR:pensions": a story of one party follows a subject too
    return {"id": row["id"], "name": row["name"], "parties": parties.split("+") if parties else [],
            "first_seen": row["first_seen"], "last_seen": row["last_seen"], "n_events": row["n_events"],
            "n_sources": row["n_sources"] or 0}


def _tail(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CONTEXT_CHARS else "…" + text[-CONTEXT_CHARS:]


def _head(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= CONTEXT_CHARS else text[:CONTEXT_CHARS] + "…"


def containing(text: str) -> str:
    """A LIKE pattern for names that contain ``text`` as typed: its own % and _ are letters, not
    wildcards (``actor=%`` would otherwise match every name). Use with ESCAPE '\\'. A name longer
    than MAX_NAME_CHARS is refused: SQLite refuses a pattern of 50,000 bytes as "too complex"."""
    if len(text) > MAX_NAME_CHARS:
        raise ConfigError(f"a name of {len(text):,} characters (a name is at most {MAX_NAME_CHARS})")
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


MAX_NAME_CHARS = 200  # as the API's actor parameter


def fts_query(text: str) -> str:
    """Quote each word so that user input is searched as words, never parsed as FTS5 syntax."""
    words = [word.replace('"', '""') for word in text.split()]
    return " ".join(f'"{word}"' for word in words if word)
