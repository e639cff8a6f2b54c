"""Stage: the reference date of each article, where the input gave none.

An article's reference date is the day it was published: the day its relative expressions
("hier", "dimanche") count from and its events are dated against. The input's metadata wins;
otherwise the date in the URL ("/2016/11/20/", "/201611/20/", "-20180811-", a Unix time ending
the path), otherwise a date stamp in the text (lang/<code>/datelines.toml). The source is
recorded (`published_source`: url or text). A month alone (a "date 2016-09" prefix) is kept as a
month, and a day found in the URL or text that falls in that month refines it; a URL that gives
only a year and month ("/2018/03/slug") gives that month when nothing better is known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date, datetime, timezone
from functools import cache
from urllib.parse import unquote, urlsplit

from .. import lang
from ..models import Document
from ..settings import Settings

_EARLIEST_YEAR = 1990
# A date in a URL path: YYYY/MM/DD, YYYYMM/DD, YYYY/MMDD, YYYY-MM-DD, or YYYYMMDD opening a number.
_URL_DATES = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})[/\-_]?(\d{2})[/\-_]?(\d{2})(?!\d)"),
    re.compile(r"(?:^|[/_\-])((?:19|20)\d{2})(\d{2})(\d{2})\d{4,}"),
)
_URL_MONTH = re.compile(r"/((?:19|20)\d{2})/(\d{2})/")
# A Unix time closing the URL's path ("...-diplomates-francais-1522438330"): ten digits, from
# late 2004 on (1.1e9), so that shorter-lived article numbers are not read as times.
_URL_EPOCH = re.compile(r"[\-_](1[1-9]\d{8})(?:\.[a-z]{2,5})?/?$")


class ReferenceDateStage:
    name = "reference_date"
    requires = frozenset({"article.raw_text", "article.metadata"})
    assigns = frozenset({"article.published"})

    def __init__(self, language: str = "fr") -> None:
        self.language = language

    def initialize(self, settings: Settings) -> None:
        _stamps(self.language)

    def __call__(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            article = doc.article
            if not article.published or len(article.published) < 10:
                day, source = url_date(article.url) or (text_date(article.raw_text, self.language), "text")
                if day and _fits(day, article.published):
                    article.published, article.published_source = day.isoformat(), source
                elif not day and not article.published and (month := url_month(article.url)):
                    article.published, article.published_source = month, "url"
            yield doc


def url_date(url: str | None) -> tuple[date, str] | None:
    if not url:
        return None
    path = unquote(urlsplit(url).path)
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            day = _valid(*match.groups())
            if day:
                return day, "url"
    epoch = _URL_EPOCH.search(path)
    if epoch:
        day = datetime.fromtimestamp(int(epoch[1]), timezone.utc).date()
        return (day, "url") if day <= date.today() else None
    return None


def url_month(url: str | None) -> str | None:
    """The year and month a URL path gives without a day ("/2018/03/slug"), as "YYYY-MM"."""
    match = _URL_MONTH.search(unquote(urlsplit(url).path)) if url else None
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < _EARLIEST_YEAR:
        return None
    month = f"{match[1]}-{match[2]}"
    return month if month <= date.today().isoformat()[:7] else None


def text_date(text: str, language: str = "fr") -> date | None:
    """The first publication stamp in the text, if any."""
    best = None
    for pattern in _stamps(language):
        match = pattern.search(text)
        if match and (best is None or match.start() < best.start()):
            day = _from_match(match, language)
            if day:
                best = match
    return _from_match(best, language) if best else None


@cache
def _stamps(language: str) -> tuple[re.Pattern, ...]:
    data = lang.toml(language, "datelines.toml")
    months = [*data["months"], *(v for variants in data["month_variants"].values() for v in variants)]
    month = "|".join(sorted(map(re.escape, months), key=len, reverse=True))
    forms = [form.replace("{month}", month) for form in data["date_forms"]]
    dates = "(?:" + "|".join(f"(?:{_unique_groups(form, i)})" for i, form in enumerate(forms)) + ")"
    return tuple(re.compile(stamp.replace("{date}", dates), re.IGNORECASE | re.MULTILINE) for stamp in data["stamps"])


def _unique_groups(form: str, index: int) -> str:
    return re.sub(r"\(\?P<(\w+)>", lambda m: f"(?P<{m.group(1)}{index}>", form)


def _from_match(match: re.Match, language: str) -> date | None:
    groups = {k: v for k, v in match.groupdict().items() if v}
    def pick(name): return next((v for k, v in groups.items() if k.rstrip("0123456789") == name), None)
    month = pick("month") or _month_number(pick("month_name"), language)
    return _valid(pick("year"), month, pick("day"))


def _month_number(name: str | None, language: str) -> str | None:
    if not name:
        return None
    data = lang.toml(language, "datelines.toml")
    key = name.casefold()
    for number, month in enumerate(data["months"], start=1):
        if key == month:
            return str(number)
    for number, variants in data["month_variants"].items():
        if key in variants:
            return number
    return None


def _valid(year, month, day) -> date | None:
    if not (year and month and day):
        return None
    year = int(year)
    year += 2000 if year < 100 else 0
    try:
        found = date(year, int(month), int(day))
    except ValueError:
        return None
    return found if _EARLIEST_YEAR <= found.year and found <= date.today() else None


def _fits(day: date, known: str | None) -> bool:
    """A day refines what is known: a month prefix ("2016-09") only accepts a day in that month."""
    return not known or day.isoformat().startswith(known)
