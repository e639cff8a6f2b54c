"""`veille watch`: poll feeds, fetch each new item's page, analyse and store it.

A poll reads the feed (a conditional request: an unchanged feed costs one 304), keeps the items
not handled before, fetches their pages, extracts them like saved pages and ingests them through
the same path as `veille ingest`. What was handled is remembered in the store (FeedTables): a
restarted watcher goes on where it stopped, and an item whose page failed for a reason that may
pass (a timeout, a 503) is tried again at later polls, at most ``MAX_ATTEMPTS`` times.
"""

from __future__ import annotations

import re
import threading
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

from ..errors import ConfigError, FetchError, InputError, RecordError
from ..ingest import article_id
from ..ingest.encoding import decode_declared
from ..ingest.feeds import FeedItem, parse_feed
from ..ingest.fetch import Fetcher
from ..ingest.pages import HTML_TYPES, page_record
from ..ingest.records import outlet_from_url, parsable_url, read_at_most
from ..ingest.sources import open_regular
from ..models import Record
from ..pipeline import Pipeline, analysis_pipeline
from ..settings import Settings
from ..store import Store
from ..store.feeds import FINAL_STATUSES, ItemOutcome
from .ingest import ingest_records

DEFAULT_INTERVAL = 900.0  # seconds between two polls of a feed
MIN_INTERVAL = 10.0
MAX_ATTEMPTS = 3  # fetches of one item's page before it is given up
FEED_TYPES = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
PAGE_TYPES = "text/html, application/xhtml+xml;q=0.9"
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|min|h)?\s*$")


@dataclass(frozen=True)
class Source:
    """A feed to watch: an http(s) URL or a file, polled every ``interval`` seconds."""

    url: str
    name: str | None = None
    interval: float = DEFAULT_INTERVAL


@dataclass
class PollReport:
    source: Source
    status: str = "ok"  # ok | not_modified | failed
    items: int = 0  # items in the feed
    new_items: int = 0  # not handled at an earlier poll
    stored: int = 0  # new articles
    duplicate: int = 0  # items whose article was stored already
    problems: list[tuple[str, str]] = field(default_factory=list)  # (where, reason)

    @property
    def ok(self) -> bool:
        return self.status != "failed" and not self.problems

    def as_dict(self) -> dict:
        return {"feed": self.source.url, "name": self.source.name, "status": self.status, "items": self.items,
                "new_items": self.new_items, "stored": self.stored, "duplicate": self.duplicate,
                "problems": [{"where": w, "reason": r} for w, r in self.problems]}


def load_sources(path: str | Path) -> list[Source]:
    """A sources file: TOML with one ``[[source]]`` table per feed (url, optional name and interval)."""
    try:
        with open_regular(path) as stream:  # a named pipe would wait for a writer for ever
            data = tomllib.loads(stream.read().decode("utf-8"))
    except InputError as err:
        raise ConfigError(f"{err.where}: cannot read the sources file ({err.reason})") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read the sources file ({err})") from None
    tables = data.get("source")
    if not isinstance(tables, list) or not tables:
        raise ConfigError(f"{path}: no [[source]] tables (each needs a url)")
    return [_source(table, f"{path}: source {number}") for number, table in enumerate(tables, start=1)]


def _source(table: dict, where: str) -> Source:
    unknown = sorted(set(table) - {"url", "name", "interval"})
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")
    url = table.get("url")
    if not isinstance(url, str) or not url.strip():
        raise ConfigError(f"{where}: a url is required")
    name = table.get("name")
    if name is not None and not isinstance(name, str):
        raise ConfigError(f"{where}: name must be a string")
    interval = parse_interval(table.get("interval", DEFAULT_INTERVAL), where)
    return Source(url=url.strip(), name=name, interval=interval)


def parse_interval(value: object, where: str) -> float:
    """Seconds, as a number or a string with a unit: 90, "90s", "15m", "1h"."""
    match = _DURATION.match(str(value)) if isinstance(value, (int, float, str)) else None
    if not match:
        raise ConfigError(f"{where}: interval {value!r} is not a duration (e.g. 900, \"15m\", \"1h\")")
    seconds = float(match.group(1)) * {None: 1, "s": 1, "m": 60, "min": 60, "h": 3600}[match.group(2)]
    if seconds < MIN_INTERVAL:
        raise ConfigError(f"{where}: interval {value!r} is shorter than {MIN_INTERVAL:g} s")
    return seconds


class Watcher:
    """Polls sources into one store; the analysis (spaCy, the knowledge base with the store's
    imported entities: ``analysis_pipeline``) is loaded once, at the first new item, for every poll."""

    def __init__(self, store: Store, settings: Settings, fetcher: Fetcher, *, pipeline: Pipeline | None = None,
                 stop: threading.Event | None = None) -> None:
        self.store = store
        self.settings = settings
        self.fetcher = fetcher
        self.pipeline = pipeline
        self.stop = stop or threading.Event()

    def run(self, sources: list[Source], *, once: bool, on_poll: Callable[[PollReport], None],
            clock: Callable[[], float] = time.monotonic) -> None:
        """Poll each source when it is due until ``stop`` is set (or once each with ``once``)."""
        due = dict.fromkeys(sources, 0.0)
        while not self.stop.is_set():
            for source in sources:
                if due[source] <= clock() and not self.stop.is_set():
                    on_poll(self.poll(source))
                    due[source] = clock() + source.interval
            if once:
                return
            self.stop.wait(max(0.0, min(due.values()) - clock()))

    def poll(self, source: Source) -> PollReport:
        report = PollReport(source)
        state = self.store.feed_state(source.url)
        try:
            fetched = self._read_feed(source, state.etag, state.last_modified)
            if fetched is None:
                report.status = "not_modified"
                self._save_state(source, "not_modified")
                return report
            data, etag, last_modified = fetched
            feed = parse_feed(data, source.url)
        except InputError as err:
            report.status = "failed"
            report.problems.append((source.url, err.reason))
            self._save_state(source, "failed", error=err.reason)
            return report
        report.items = len(feed.items)
        handled = self.store.handled_items(source.url)
        fresh = [item for item in feed.items if _wanted(item, handled)]
        report.new_items = len(fresh)
        # The feed's new validators are saved only once every item is done: a poll killed halfway
        # reads the feed again, and skips the items it recorded.
        self._save_state(source, "polling")
        for item in fresh:
            if self.stop.is_set():  # Ctrl-C: what is done is recorded; the rest waits for the next run
                break
            outcome = _given_up(self._ingest(item, report), handled.get(item.key, ("", 0))[1], report)
            with self.store.transaction():
                self.store.record_items(source.url, [outcome])
        with self.store.transaction():
            self.store.save_feed_state(source.url, source.name or feed.title, status="ok", etag=etag,
                                       last_modified=last_modified)
        return report

    # -- reading -----------------------------------------------------------------------------

    def _read_feed(self, source: Source, etag: str | None,
                   last_modified: str | None) -> tuple[bytes, str | None, str | None] | None:
        """The feed's bytes and validators, or None when it has not changed since the last poll."""
        if not _is_web_url(source.url):
            if "://" in source.url:
                scheme = urlsplit(source.url).scheme
                raise InputError(source.url, f"unsupported URL scheme {scheme!r} (veille watches http(s) URLs and files)")
            return _read_feed_file(source.url, self.settings.max_file_bytes), None, None
        fetched = self.fetcher.fetch(source.url, etag=etag, last_modified=last_modified, accept=FEED_TYPES)
        if fetched.not_modified:
            return None
        return fetched.body, fetched.etag, fetched.last_modified

    def _ingest(self, item: FeedItem, report: PollReport) -> ItemOutcome:
        """Fetch and extract one item, ingest its article, and say what became of the item."""
        try:
            record = self._record(item)
        except FetchError as err:
            report.problems.append((err.where, err.reason))
            return ItemOutcome(item.key, item.url, "retry" if err.retry else "failed", reason=err.reason)
        except InputError as err:
            report.problems.append((err.where, err.reason))
            return ItemOutcome(item.key, item.url, "failed", reason=err.reason)
        if self.pipeline is None:
            self.pipeline = analysis_pipeline(self.store.kb_records())
        ingested = ingest_records([record], self.store, self.settings, pipeline=self.pipeline)
        report.stored += ingested.new
        report.duplicate += ingested.duplicate
        for status, problems in (("empty", ingested.skipped), ("failed", ingested.failed)):
            for where, reason in problems:
                report.problems.append((where, reason))
                return ItemOutcome(item.key, item.url, status, reason=reason)
        return ItemOutcome(item.key, item.url, "stored", article_id=article_id(record.text))

    def _record(self, item: FeedItem) -> Record:
        """The item's article: its page when it links to one, else the text the feed carries."""
        if item.url and not parsable_url(item.url):  # "http://[::1": nothing to fetch, and readers of it raise
            if not item.content:
                raise InputError(item.url, "not a valid URL")
            item = replace(item, url=None)
        if item.url and _is_web_url(item.url):
            fetched = self.fetcher.fetch(item.url, accept=PAGE_TYPES)
            if fetched.content_type not in HTML_TYPES:
                raise FetchError(item.url, f"not an HTML page ({fetched.content_type or 'no content type'})")
            html = decode_declared(fetched.body, fetched.charset, fetched.url)
            try:
                return _completed(page_record(html, fetched.url, url=fetched.url), item)
            except RecordError:
                pass  # no text in the page: the feed's own text may do
        if item.content:
            return _feed_text_record(item)
        if item.url and not _is_web_url(item.url):  # file:///etc/passwd is never read
            scheme = urlsplit(item.url).scheme.lower() or "none"
            raise InputError(item.url, f"unsupported URL scheme {scheme!r} (veille fetches http and https)")
        raise InputError(item.url or item.key, "no article text in the page or in the feed")

    def _save_state(self, source: Source, status: str, error: str | None = None) -> None:
        with self.store.transaction():
            self.store.save_feed_state(source.url, source.name, status=status, error=error)


def _given_up(outcome: ItemOutcome, attempts: int, report: PollReport) -> ItemOutcome:
    """An item that failed for a passing reason MAX_ATTEMPTS times is given up, and the report says
    so in the item's one problem line (which replaces the line of this last failure)."""
    if outcome.status != "retry" or attempts + 1 < MAX_ATTEMPTS:
        return outcome
    reason = f"given up after {MAX_ATTEMPTS} attempts ({outcome.reason})"
    where = report.problems.pop()[0] if report.problems and report.problems[-1][1] == outcome.reason else (
        outcome.url or outcome.item_key)
    report.problems.append((where, reason))
    return replace(outcome, status="failed", reason=reason)


def _wanted(item: FeedItem, handled: dict[str, tuple[str, int]]) -> bool:
    status, attempts = handled.get(item.key, ("", 0))
    return status not in FINAL_STATUSES and attempts < MAX_ATTEMPTS


def _completed(page: Record, item: FeedItem) -> Record:
    """What the page lacks, the feed item says: title and publication date."""
    if not page.published and item.published:
        page = replace(page, published=item.published, published_source="feed")
    return replace(page, title=page.title or item.title)


def _feed_text_record(item: FeedItem) -> Record:
    return Record(source=item.url or item.key, locator="", text=_plain_text(item.content or ""), url=item.url,
                  outlet=outlet_from_url(item.url), title=item.title, published=item.published,
                  published_source="feed" if item.published else None)


def _plain_text(content: str) -> str:
    """A feed's content is HTML (sanitised by feedparser) or text."""
    if "<" not in content:
        return content.strip()
    try:
        return lxml.html.fromstring(content).text_content().strip()
    except (lxml.etree.ParserError, ValueError):  # markup lxml cannot read: its text is the best there is
        return content.strip()


def _read_feed_file(path: str, max_bytes: int) -> bytes:
    try:
        with open_regular(path) as stream:  # a named pipe would wait for a writer for ever
            data = read_at_most(stream, max_bytes)
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a feed") from None
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except OSError as err:
        raise InputError(path, f"cannot read ({err.strerror or err})") from None
    if len(data) > max_bytes:
        raise InputError(path, f"feed larger than {max_bytes:,} bytes")
    if not data.strip():
        raise InputError(path, "empty file")
    return data


def _is_web_url(url: str) -> bool:
    return urlsplit(url).scheme.lower() in ("http", "https")


def sources_from(feeds: Iterable[str], sources_file: str | None, interval: float) -> list[Source]:
    """The sources named on the command line and in a sources file, each once."""
    named = [Source(url=feed, interval=interval) for feed in feeds]
    listed = load_sources(sources_file) if sources_file else []
    unique: dict[str, Source] = {}
    for source in listed + named:
        unique.setdefault(source.url, source)
    if not unique:
        raise ConfigError("no feed to watch: give FEED URLs or files, or --sources FILE")
    return list(unique.values())


__all__ = ["PollReport", "Source", "Watcher", "load_sources", "parse_interval", "sources_from"]
