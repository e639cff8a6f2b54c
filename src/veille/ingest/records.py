"""What readers yield besides Records (Skipped), and field-level helpers: publication dates, outlets,
metadata lines."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

# A leading metadata prefix such as " date 2016-09 " (seen in syndicated copies); a section label
# ("International") or the article's first words may follow it on the same line.
METADATA_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*\n?")


@dataclass(frozen=True)
class Skipped:
    """An input deliberately not read (not an error): a file of another type inside a folder, the
    records of a web archive that are not articles."""

    where: str
    reason: str


def normalise_published(value: object) -> str | None:
    """ISO date, datetime, or month → 'YYYY-MM-DD' / 'YYYY-MM'; ValueError if unreadable."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string, got {type(value).__name__}")
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}", text):
        datetime.strptime(text, "%Y-%m")
        return text
    try:
        return date.fromisoformat(text[:10]).isoformat() if len(text) == 10 else (
            datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
        )
    except ValueError:
        raise ValueError(f"unreadable date {value!r} (expected YYYY-MM-DD)") from None


def outlet_from_url(url: str | None) -> str | None:
    """The publisher's domain: the url's host without 'www.'."""
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host


def split_metadata_line(text: str) -> tuple[str | None, str]:
    """Return (published month or date, the text after it) when text opens with a metadata prefix."""
    match = METADATA_PREFIX.match(text)
    if not match:
        return None, text
    try:
        published = normalise_published(match.group(1))
    except ValueError:
        return None, text
    return published, text[match.end():]
