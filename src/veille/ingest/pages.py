"""Web pages → Records: trafilatura extracts the text, title and url; htmldate the publication date.

Shared by the readers of saved pages (.html) and of web archives (.warc).
"""

from __future__ import annotations

import htmldate
import trafilatura

from ..errors import RecordError
from ..models import Record
from .encoding import repair_text
from .records import outlet_from_url


def page_record(html: str, source: str, locator: str = "", url: str | None = None) -> Record:
    """The article of an HTML page, or RecordError when the page has no article text.

    ``url``: the address the page was fetched from, when known (a web archive's target URI); it wins
    over the canonical url the page declares, because it is what was actually read.
    """
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if extracted is None or not (extracted.text or "").strip():
        raise RecordError(f"{source}:{locator}" if locator else source, "no article text found in the HTML page")
    published = htmldate.find_date(html, extensive_search=False, original_date=True)
    url = url or extracted.url or None
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
