"""Cell values shared by the exports: days, one-line texts, text a spreadsheet must not run."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

DAY = re.compile(r"\d{4}-\d\d-\d\d")
LINE_BREAKS = re.compile(r"\s*[\r\n\v\f\x85\u2028\u2029]+\s*")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_day(value: str | None) -> date | None:
    """A date value that is a whole day, as a date; anything coarser ("2018-03", "199X") is None."""
    return date.fromisoformat(value) if value and DAY.fullmatch(value) else None


def one_line(text: str) -> str:
    """A text on one line: line breaks (and the spaces around them) become one space, so that a
    record is always one line of a file."""
    return LINE_BREAKS.sub(" ", text)


def spreadsheet_safe(value: Any) -> Any:
    """A text cell a spreadsheet would run as a formula ("=HYPERLINK(…)"), also after spaces (a line
    break made a space, which some spreadsheets trim on import), starts with a quote, which
    spreadsheets show as text (OWASP's CSV injection advice); numbers and other text are unchanged."""
    if isinstance(value, str) and (value.startswith(FORMULA_STARTS) or value.lstrip().startswith(FORMULA_STARTS)):
        return "'" + value
    return value
