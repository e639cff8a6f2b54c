"""RSS and Atom feeds: their items (link, title, date, content) read safely with feedparser.

Feed XML comes from anywhere, so a document that declares entities (the "billion laughs"
expansion, external entities that read local files) is refused before feedparser sees it: expat,
which feedparser uses, expands internal entities. Feeds are given to feedparser as a stream of
bytes, never as a string it could take for a URL or a file name to open.
"""

from __future__ import annotations

import hashlib
import io
import time
from dataclasses import dataclass
from datetime import datetime, timezone

import defusedxml.ElementTree as SafeXML
import feedparser
from defusedxml import DefusedXmlException

from ..dates import PUBLISHED_YEARS
from ..errors import InputError
from .encoding import repair_text


@dataclass(frozen=True)
class FeedItem:
    key: str  # stable identity across polls: guid/id, else link, else a hash of title and text
    url: str | None
    title: str | None
    published: str | None  # YYYY-MM-DD from the entry's date
    content: str | None  # the entry's full content or summary, as HTML or text


@dataclass(frozen=True)
class Feed:
    title: str | None
    items: list[FeedItem]


def parse_feed(data: bytes, source: str) -> Feed:
    """The items of an RSS or Atom document; InputError naming ``source`` when it is not one."""
    _refuse_entity_declarations(data, source)
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        reason = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or "no RSS or Atom items"
        raise InputError(source, f"not a readable RSS/Atom feed ({reason})")
    return Feed(title=_text(parsed.feed.get("title")), items=[_item(entry) for entry in parsed.entries])


def _refuse_entity_declarations(data: bytes, source: str) -> None:
    try:
        SafeXML.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as err:
        raise InputError(source, f"feed refused: it declares XML entities ({type(err).__name__})") from None
    except SafeXML.ParseError:
        pass  # not well-formed: feedparser's lenient parser reads it, without entity expansion


def _item(entry: feedparser.FeedParserDict) -> FeedItem:
    url = entry.get("link") or None
    title = _text(entry.get("title"))
    content = _content(entry)
    key = entry.get("id") or url or hashlib.sha256(f"{title}\n{content}".encode()).hexdigest()[:16]
    return FeedItem(key=key, url=url, title=title, published=_day(entry), content=content)


def _content(entry: feedparser.FeedParserDict) -> str | None:
    """The longest of the entry's full contents and its summary (some feeds carry whole articles)."""
    texts = [part.get("value", "") for part in entry.get("content", [])] + [entry.get("summary", "")]
    longest = max(texts, key=len)
    return longest or None


def _day(entry: feedparser.FeedParserDict) -> str | None:
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    try:
        day = datetime(*parsed[:6], tzinfo=timezone.utc).date()
    except (ValueError, OverflowError):
        return None
    return day.isoformat() if day.year in PUBLISHED_YEARS else None  # 9999-12-31: a placeholder, not a date


def _text(value: str | None) -> str | None:
    """A title as one line: control characters dropped, line breaks and runs of spaces one space (a
    feed's title is printed on the line of each poll: a line break in it could forge a line)."""
    return " ".join(repair_text(value).split()) or None if value else None


__all__ = ["Feed", "FeedItem", "parse_feed"]
