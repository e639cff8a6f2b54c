"""What is known of an event's day when the day itself is not: a date constraint.

An article with no publication date that says "samedi" dates its event to *a* Saturday; one
stamped with a month only ("date 2018-03") narrows that to a Saturday between the last week of
February and the end of March; "ce 30 mars" without any year gives the month and day. Such an
event keeps its date unknown and carries the constraint as a short, readable string, which the
clustering reads back to date the event from the other reports of it, never by guessing:

    Tuesday
    Saturday between 2018-02-22 and 2018-03-31
    on XXXX-03-30
    Saturday on XXXX-12-01

(a weekday, then a range of days, or a month and day of an unknown year, the TimeML way).

It also reads the publication dates inputs give (``normalise_published``), and gives the days a
stored date value covers, whatever its precision (``value_span``: "2020-FA" is autumn 2020).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SYNTAX = re.compile(
    r"(?P<weekday>[A-Z][a-z]+day)?\s*"
    r"(?:between (?P<first>\d{4}-\d\d-\d\d) and (?P<last>\d{4}-\d\d-\d\d)|on XXXX-(?P<month>\d\d)-(?P<day>\d\d))?"
)


@dataclass(frozen=True)
class DateConstraint:
    weekday: int | None = None  # 0 = Monday
    first: date | None = None  # the day lies in first..last
    last: date | None = None
    month_day: tuple[int, int] | None = None  # (month, day) of an unknown year

    @classmethod
    def parse(cls, text: str | None) -> DateConstraint | None:
        """The constraint a string written by ``str()`` states; None for nothing or for what is not one."""
        match = _SYNTAX.fullmatch((text or "").strip())
        if not text or not match or not any(match.groupdict().values()):
            return None
        parts = match.groupdict()
        if parts["weekday"] and parts["weekday"] not in WEEKDAYS:
            return None
        try:
            first = date.fromisoformat(parts["first"]) if parts["first"] else None
            last = date.fromisoformat(parts["last"]) if parts["last"] else None
            month_day = (int(parts["month"]), int(parts["day"])) if parts["month"] else None
            if month_day:
                date(2000, *month_day)  # a leap year: 29 February is a day
        except ValueError:
            return None
        weekday = WEEKDAYS.index(parts["weekday"]) if parts["weekday"] else None
        return cls(weekday, first, last, month_day)

    def __str__(self) -> str:
        parts = [WEEKDAYS[self.weekday]] if self.weekday is not None else []
        if self.first and self.last:
            parts.append(f"between {self.first.isoformat()} and {self.last.isoformat()}")
        if self.month_day:
            parts.append(f"on XXXX-{self.month_day[0]:02d}-{self.month_day[1]:02d}")
        return " ".join(parts)

    def describe(self) -> str:
        """In words, for a listing: "a Saturday between 2018-02-22 and 2018-03-31"."""
        words = [f"a {WEEKDAYS[self.weekday]}"] if self.weekday is not None else []
        if self.first and self.last:
            words.append(f"between {self.first.isoformat()} and {self.last.isoformat()}")
        if self.month_day:
            words.append(f"on {self.month_day[1]} {date(2000, *self.month_day):%B} of an unknown year")
        return " ".join(words)

    def fits(self, day: date | str) -> bool:
        day = date.fromisoformat(day[:10]) if isinstance(day, str) else day
        return ((self.weekday is None or day.weekday() == self.weekday)
                and (self.first is None or self.first <= day <= self.last)
                and (self.month_day is None or (day.month, day.day) == self.month_day))

    def joined(self, other: DateConstraint) -> DateConstraint | None:
        """What two constraints on one day say together; None when no day fits both."""
        def agree(x, y):
            return x is None or y is None or x == y

        if not (agree(self.weekday, other.weekday) and agree(self.month_day, other.month_day)):
            return None
        bounds = [(c.first, c.last) for c in (self, other) if c.first and c.last]
        first = max((b[0] for b in bounds), default=None)
        last = min((b[1] for b in bounds), default=None)
        if first and last and first > last:
            return None
        joined = DateConstraint(self.weekday if self.weekday is not None else other.weekday,
                                first, last, self.month_day or other.month_day)
        return None if first and not joined.days_between(first, last) else joined

    def days_between(self, first: date, last: date) -> list[date]:
        return [day for day in (first + timedelta(days=k) for k in range((last - first).days + 1)) if self.fits(day)]

    def only_day(self) -> date | None:
        """The day it leaves, when its range holds exactly one day that fits."""
        days = self.days_between(self.first, self.last) if self.first and self.last else []
        return days[0] if len(days) == 1 else None

    def days_near(self, anchor: date, within: int) -> list[date]:
        """The days that fit it within ``within`` days of ``anchor``."""
        days = (anchor + timedelta(days=k) for k in range(-within, within + 1))
        return [day for day in days if self.fits(day)]


def nearest_year(month_day: tuple[int, int], around: date) -> date | None:
    """A day given without its year, in the year that puts it nearest ``around`` (None for a 29
    February that no near year has)."""
    candidates = []
    for year in (around.year - 1, around.year, around.year + 1):
        try:
            candidates.append(date(year, *month_day))
        except ValueError:  # 29 February
            pass
    return min(candidates, key=lambda d: abs(d - around), default=None)


def weekday_of(constraint: str | None) -> int | None:
    """The weekday (0 = Monday) a constraint names, or None."""
    parsed = DateConstraint.parse(constraint)
    return parsed.weekday if parsed else None


def describe(constraint: str | None) -> str:
    """A stored constraint in words ("a Tuesday"), or "undated" when there is none."""
    parsed = DateConstraint.parse(constraint)
    return parsed.describe() if parsed else (constraint or "undated")


# The seasons of TimeML values: (first month, day), (last month, day), years the season spills into.
SEASONS = {"SP": ((3, 20), (6, 20), 0), "SU": ((6, 21), (9, 22), 0), "FA": ((9, 23), (12, 20), 0),
           "WI": ((12, 21), (3, 19), 1)}
_VALUE = re.compile(r"(?P<year>\d{4})(?:-(?P<month>\d\d)(?:-(?P<day>\d\d)(?:T.*)?)?|-W(?P<week>\d\d)(?P<weekend>-WE)?"
                    r"|-(?P<season>SP|SU|FA|WI))?|(?P<decade>\d{3})X|(?P<century>\d\d)XX")


def value_span(value: str | None) -> tuple[date, date] | None:
    """The first and last day of a stored date value (a TimeML value of any precision): a day, a
    month, a year, an ISO week or its weekend, a season, a decade ("199X") or a century ("19XX");
    None for a value of an unknown year ("XXXX-03-30") or one that names no real day."""
    match = _VALUE.fullmatch(value or "")
    if not match:
        return None
    try:
        return _span(match)
    except ValueError:  # "2018-02-30", week 54
        return None


def _span(match: re.Match) -> tuple[date, date]:
    if match["decade"]:
        first = int(match["decade"]) * 10
        return date(max(first, 1), 1, 1), date(first + 9, 12, 31)
    if match["century"]:
        first = int(match["century"]) * 100
        return date(max(first, 1), 1, 1), date(first + 99, 12, 31)
    year = int(match["year"])
    if match["week"]:
        monday = date.fromisocalendar(year, int(match["week"]), 1)
        return (monday + timedelta(days=5), monday + timedelta(days=6)) if match["weekend"] else (
            monday, monday + timedelta(days=6))
    if match["season"]:
        (first_month, first_day), (last_month, last_day), spill = SEASONS[match["season"]]
        return date(year, first_month, first_day), date(year + spill, last_month, last_day)
    return period(match.group()[:10])


# A month as TimeML writes it ("2018-03"): what a count per month is keyed by.
MONTH = re.compile(r"\d{4}-(?:0[1-9]|1[0-2])")
_PERIOD = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")


def period(text: str) -> tuple[date, date]:
    """The first and last day of a day, a month or a year as a filter names it: "2018-04-12",
    "2018-04" (2018-04-01 to 2018-04-30), "2018" (2018-01-01 to 2018-12-31). ValueError otherwise."""
    match = _PERIOD.fullmatch(text.strip())
    if not match:
        raise ValueError(f"{text!r} is not a day, a month or a year")
    year, month, day = int(match[1]), match[2], match[3]
    if day:
        one = date(year, int(month), int(day))
        return one, one
    if month:
        first = date(year, int(month), 1)
        return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return date(year, 1, 1), date(year, 12, 31)


def normalise_published(value: object) -> str | None:
    """ISO date, datetime, or month → 'YYYY-MM-DD' / 'YYYY-MM'; ValueError if unreadable, or of a
    year outside PUBLISHED_YEARS."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO date string, got {type(value).__name__}")
    text = value.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}", text):
            published = datetime.strptime(text, "%Y-%m").date().isoformat()[:7]
        elif len(text) == 10:
            published = date.fromisoformat(text).isoformat()
        else:
            published = datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        raise ValueError(f"unreadable date {value!r} (expected YYYY-MM-DD)") from None
    if int(published[:4]) not in PUBLISHED_YEARS:
        raise ValueError(f"year {published[:4]} is no publication date (veille reads {PUBLISHED_YEARS.start} to "
                         f"{PUBLISHED_YEARS.stop - 1})")
    return published


# 0001-01-01 and 9999-12-31 are what systems without a date write, not publication dates; and a day
# near either end has no neighbours: the clustering's windows of days around it overflowed.
PUBLISHED_YEARS = range(1800, 2200)
