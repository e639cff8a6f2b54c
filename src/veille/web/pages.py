"""The data of every page, built once from the store; routes render it as JSON, CSV or HTML.

Each function takes an open Store and the page's parameters and returns plain JSON-ready data.
Nothing here knows about HTTP or HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from ..export import as_day, csv_lines, gdelt_lines
from ..kb.base import KnowledgeBase, country_filter
from ..kb.geo import place_point
from ..render import event_date, participants
from ..store import Store
from ..store.browse import ClusterFilter

MAX_PAGE_SIZE = 500  # rows in one page of a listing, whatever the request asks
PAGE_SIZE = 50  # rows in a page of events when the request does not say
EVENTS_SHOWN = 20  # events in a page of a story's or an actor's events (a page a reader scrolls, not a wall)
EXPORT_BATCH = 500  # event clusters an export reads with one connection and one time limit


@dataclass(frozen=True)
class EventQuery:
    """The filters of the timeline and of /api/events, as the user gave them."""

    q: str | None = None
    actor: tuple[str, ...] = ()
    type: str | None = None
    mode: str | None = None
    country: str | None = None
    city: str | None = None
    outlet: str | None = None
    topic: str | None = None
    story: str | None = None
    since: date | None = None
    until: date | None = None
    sort: str = "date"
    limit: int | None = None  # a page: PAGE_SIZE; an export: every matching event
    offset: int = 0

    def to_filter(self) -> ClusterFilter:
        """The filter of a page of events (limit: PAGE_SIZE unless given, at most MAX_PAGE_SIZE)."""
        return self.export_filter(min(self.limit or PAGE_SIZE, MAX_PAGE_SIZE))

    def export_filter(self, limit: int | None = None) -> ClusterFilter:
        """The filter of an export: every matching event unless a limit is given (here or in the query)."""
        return ClusterFilter(
            story=self.story or None, actors=tuple(a for a in self.actor if a.strip()), type=self.type or None,
            mode=self.mode or None, country=country_filter(self.country), city=self.city or None,
            outlet=self.outlet or None, topic=self.topic or None,
            since=self.since.isoformat() if self.since else None, until=self.until.isoformat() if self.until else None,
            text=self.q or None, sort=self.sort, limit=limit or self.limit, offset=self.offset)

    def given(self) -> dict[str, Any]:
        """The parameters that narrow the list (for links to other pages of it)."""
        return {key: (value.isoformat() if isinstance(value, date) else value)
                for key, value in asdict(self).items() if value not in (None, "", ()) and key not in ("limit", "offset")}


def home(store: Store) -> dict[str, Any]:
    return {"counts": store.counts(), "latest": store.event_clusters(ClusterFilter(sort="-date", limit=12)),
            "stories": store.stories(limit=8), "actors": store.actors(limit=12)}


def events(store: Store, query: EventQuery, *, breakdown: bool = True) -> dict[str, Any]:
    """A page of event clusters, with their facets and places unless ``breakdown`` is false (a CSV
    has no use for them, and they cost more than a page: store/breakdown.py)."""
    filters = query.to_filter()
    page = store.event_cluster_page(filters)
    data = {"filters": query.given(), "total": page["total"], "limit": filters.limit, "offset": filters.offset,
            "events": page["events"], "per_month": page["per_month"]}
    if breakdown:
        parts = store.event_cluster_breakdown(filters)
        data |= {"facets": parts["facets"], "places": located(parts["places"])}
    return data


def event(store: Store, cluster_id: str) -> dict[str, Any]:
    record = store.event_cluster(cluster_id)
    story = store.story(record["story_id"]) if record["story_id"] else None
    return {"event": record, "story": story, "sources": store.event_sources(cluster_id)}


def articles(store: Store, *, q: str | None, outlet: str | None, since: date | None, until: date | None,
             limit: int, offset: int) -> dict[str, Any]:
    given = {"search": q, "outlet": outlet, "since": since.isoformat() if since else None,
             "until": until.isoformat() if until else None}
    limit = min(limit, MAX_PAGE_SIZE)
    return {"filters": {("q" if key == "search" else key): value for key, value in given.items() if value},
            "total": store.count_matching_articles(**given), "limit": limit, "offset": offset,
            "articles": [public(a) for a in store.articles(**given, limit=limit, offset=offset)]}


def article(store: Store, article_id: str) -> dict[str, Any]:
    data = public(store.article(article_id))
    data.pop("raw_text")
    marked = [(ev["start"], ev["end"], event["id"]) for event in data["events"] for ev in event["evidence"]
              if ev["article_id"] == data["id"]]
    data["segments"] = highlight(data["clean_text"], marked)
    return data


def actors(store: Store, *, q: str | None, limit: int, offset: int) -> dict[str, Any]:
    limit = min(limit, MAX_PAGE_SIZE)
    return {"filters": {"q": q} if q else {}, "limit": limit, "offset": offset,
            "actors": store.actors(search=q, limit=limit, offset=offset)}


def actor(store: Store, entity_id: str, *, limit: int = EVENTS_SHOWN, offset: int = 0) -> dict[str, Any]:
    """An actor, and one page of its events, the latest first (``total``: its events in all)."""
    data = store.actor(entity_id)
    known = KnowledgeBase.load().get(entity_id)
    data["offices"] = [{"role": o.role, "of": o.of, "start": o.start and o.start.isoformat(),
                        "end": o.end and o.end.isoformat()} for o in known.offices] if known else []
    limit = min(limit, MAX_PAGE_SIZE)
    page = store.event_cluster_page(ClusterFilter(actors=(entity_id,), sort="-date", limit=limit, offset=offset))
    return {**data, "total": page["total"], "limit": limit, "offset": offset, "events": page["events"]}


def stories(store: Store, *, limit: int, offset: int) -> dict[str, Any]:
    limit = min(limit, MAX_PAGE_SIZE)
    return {"total": store.count_stories(), "limit": limit, "offset": offset,
            "stories": store.stories(limit=limit, offset=offset)}


def story(store: Store, story_id: str, *, limit: int = EVENTS_SHOWN, offset: int = 0) -> dict[str, Any]:
    """A story with its events per month and its places (all of them), and one page of its timeline."""
    record = store.story(story_id)
    limit = min(limit, MAX_PAGE_SIZE)
    page = store.event_cluster_page(ClusterFilter(story=story_id, limit=limit, offset=offset))
    places = store.event_cluster_breakdown(ClusterFilter(story=story_id))["places"]  # all its events, not the page's
    return {"story": record, "per_month": page["per_month"], "total": page["total"], "limit": limit, "offset": offset,
            "events": page["events"], "places": located(places)}


# -- shaping ---------------------------------------------------------------------------------

def located(places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each place with its point (lon, lat): its city's, else its country's capital; null where the
    place is nowhere known."""
    found = []
    for place in places:
        point = place_point(place["city"], place["country"])
        found.append({**place, "lon": point[0] if point else None, "lat": point[1] if point else None})
    return found


def public(article: dict[str, Any]) -> dict[str, Any]:
    """An article as the server shows it: its ``source`` without the server's folders."""
    return {**article, "source": public_source(article.get("source"))}


def public_source(source: str | None) -> str | None:
    """Where an article was read from, without the folders of the machine that read it: a web
    address or "<stdin>" as stored, a file by its name ("/home/ana/veille/feeds/lemonde.jsonl" →
    "lemonde.jsonl"). A path names users, mounts and layout, which a client has no business
    knowing; the CLI, run by the one who ingested, shows the whole path."""
    if not source or source == "<stdin>" or is_web_url(source):
        return source
    return PurePath(source.replace("\\", "/")).name or source


def is_web_url(text: str | None) -> bool:
    """Whether a stored string is an http(s) address; not for one urllib cannot split ("http://[::1",
    which a feed's guid may be): a page must not fail on it."""
    try:
        return bool(text) and urlsplit(text).scheme in ("http", "https")
    except ValueError:
        return False



def highlight(text: str, spans: list[tuple[int, int, str]]) -> list[dict[str, Any]]:
    """The text cut into plain and highlighted pieces (overlapping spans merge into the first)."""
    pieces, at = [], 0
    for start, end, event_id in sorted(spans):
        if start < at:
            continue
        if start > at:
            pieces.append({"text": text[at:start], "event": None})
        pieces.append({"text": text[start:end], "event": event_id})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:], "event": None})
    return pieces


EVENT_CSV_COLUMNS = ("id", "date", "date_value", "date_precision", "date_constraint", "date_source", "date_text",
                     "type", "mode", "participants", "actors", "actor_ids", "actor_roles", "city", "country", "topics",
                     "n_sources", "n_articles", "n_outlets", "first_seen", "last_seen", "story_id", "headline")


def events_csv(page: dict[str, Any]) -> str:
    """One row per event cluster of a page of /api/events, written as `veille export` writes CSV."""
    return "".join(csv_lines(map(_csv_cluster, page["events"]), list(EVENT_CSV_COLUMNS)))


def export_chunks(ids: list[str], fmt: str, open_store: Callable[[], AbstractContextManager[Store]]) -> Iterator[str]:
    """The text of an export of the event clusters ``ids``, in their order, a batch at a time: CSV
    (a header, then a row each) or GDELT's event table (a line each). Each batch reads the store
    through its own ``open_store()`` (a connection and a time limit of its own), so that an export of
    any size is never one long query, and holds no connection while the client reads."""
    if fmt == "csv":
        yield ",".join(EVENT_CSV_COLUMNS) + "\r\n"
    for start in range(0, len(ids), EXPORT_BATCH):
        with open_store() as store:
            text = "".join(_export_lines(store, ids[start:start + EXPORT_BATCH], fmt))
        yield text


def _export_lines(store: Store, ids: list[str], fmt: str) -> Iterable[str]:
    if fmt == "gdelt":
        return gdelt_lines(store, ids)
    return csv_lines(map(_csv_cluster, store.event_clusters_by_id(ids)), list(EVENT_CSV_COLUMNS), header=False)


def _csv_cluster(cluster: dict[str, Any]) -> dict[str, Any]:
    location, actors = cluster.get("location") or {}, cluster["actors"]
    return {**cluster, "date": as_day(cluster.get("date")), "date_value": cluster.get("date"),
            "date_text": event_date(cluster), "participants": participants(cluster),
            "actors": [a["name"] for a in actors], "actor_ids": [a.get("id") for a in actors],
            "actor_roles": [a.get("role") for a in actors], "city": location.get("city"),
            "country": location.get("country")}
