"""Web pages → Records: trafilatura extracts the text, title and url; htmldate the publication date.

Shared by the readers of saved pages (.html) and of web archives (.warc), and by `veille watch`.
Readers yield a `Page` (read and decoded) and `extract_pages` turns pages into Records: extraction
costs as much as parsing, so with ``workers`` > 1 it runs in that many processes, in the order the
pages came, with a bounded number in flight so that memory stays flat on archives of any size.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from ..errors import InputError, RecordError
from ..models import Record
from .encoding import repair_text
from .records import Skipped, outlet_from_url, parsable_url

PAGES_IN_FLIGHT = 8  # per worker process: enough to keep it busy, few enough to bound memory
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})  # the media types of a page


@dataclass(frozen=True)
class Page:
    """An HTML page read from a file or an archive record, not yet extracted."""

    html: str
    source: str
    locator: str = ""
    url: str | None = None  # the address it was fetched from, when known


def extract_pages(items: Iterable[Record | InputError | Skipped | Page], workers: int = 1,
                  ) -> Iterator[Record | InputError | Skipped]:
    """The items with each Page replaced by its Record (or the RecordError of a page without text)."""
    if workers <= 1:
        yield from (extract(item) if isinstance(item, Page) else item for item in items)
        return
    in_flight: deque[Future | Record | InputError | Skipped] = deque()
    # spawn: the parent may hold threads and a loaded spaCy model, which fork would copy unsafely
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        for item in items:
            in_flight.append(pool.submit(extract, item) if isinstance(item, Page) else item)
            if len(in_flight) >= workers * PAGES_IN_FLIGHT:
                yield _done(in_flight.popleft())
        while in_flight:
            yield _done(in_flight.popleft())


def extract(page: Page) -> Record | InputError:
    try:
        return page_record(page.html, page.source, page.locator, url=page.url)
    except InputError as err:
        return err


def media_type_and_charset(content_type: str) -> tuple[str | None, str | None]:
    """("text/html", "utf-8") from the Content-Type "text/HTML; charset=UTF-8"; None for what is not given."""
    media_type, *params = content_type.split(";")
    charset = None
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower() or None
    return media_type.strip().lower() or None, charset


def _done(item: Future | Record | InputError | Skipped) -> Record | InputError | Skipped:
    return item.result() if isinstance(item, Future) else item


def page_record(html: str, source: str, locator: str = "", url: str | None = None) -> Record:
    """The article of an HTML page, or RecordError when the page has no article text.

    ``url``: the address the page was fetched from, when known (a web archive's target URI); it wins
    over the canonical url the page declares, because it is what was actually read.
    """
    import htmldate  # imported by the first page: a run without pages (text, JSON Lines) never needs them
    import trafilatura

    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if extracted is None or not (extracted.text or "").strip():
        raise RecordError(f"{source}:{locator}" if locator else source, "no article text found in the HTML page")
    published = htmldate.find_date(html, extensive_search=False, original_date=True)
    url = parsable_url(url) or parsable_url(extracted.url)  # a page's own markup may hold anything
    return Record(
        source=source,
        locator=locator,
        text=repair_text(extracted.text),
        url=url,
        outlet=outlet_from_url(url) or extracted.hostname or extracted.sitename or None,
        title=repair_text(extracted.title) if extracted.title else None,
        published=published,
        published_source="html" if published else None,
    )
