"""What an article tells of its own time: the ground its events are dated on (timing.py) and
placed on (places.py), read once per article.

Its reference day (the day it was published: veille.nlp.reference) or the month it is stamped
with; every time expression it holds, normalised against that reference, tense-aware
(veille.text.timex) — a day without its year in an article stamped with a month takes the year
that puts it nearest that month, and a quotation's "aujourd'hui" or "hier" counts from the day
its speaker said it when the words closing the quotation give that day; the era of the office
holders it names (when they were all in office); the summits it names, narrowed by the places it
names and by that era.

An article without a reference day may still tell its own day, and each event its text does not
date takes it (timing.DocumentTiming): the weekday of its "hier" or "aujourd'hui" ("hier jeudi"),
the latest full date it states (a photo caption's) when that day is the weekday a sentence gives,
the day it names with a demonstrative ("ce 30 mars"). What it does not tell is kept as a
constraint (veille.dates: a weekday within the weeks around its month, a day without its year),
never guessed; a day given with its weekday ("lundi 4 mars") takes the one year of the office
holders' era, or of the years the article states, in which that day is that weekday.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache, cached_property

from .. import lang
from ..dates import DateConstraint, nearest_year
from ..kb.base import KnowledgeBase, common_era
from ..kb.model import alias_key
from ..models import Document
from ..text import timex
from .parse import sentence_spans
from .syntax import tense

WEEK = timedelta(days=7)  # a weekday an article names is within a week of its publication
_EARLIEST_YEAR = 1900  # the office records of the knowledge base start later
_YEARLESS = re.compile(r"XXXX-(\d\d)-(\d\d)")
_YEAR_WRITTEN = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")  # a year in figures


@dataclass(frozen=True)
class When:
    """The time dating gives an event (timing.DocumentTiming), or an article its own day."""

    value: str | None  # ISO date or month
    precision: str  # a time value's (day, week, weekend, month, season, year, decade, century), reference, unknown
    first: date | None = None
    last: date | None = None
    constraint: str | None = None  # what is known when the day is not ("Tuesday")
    shifted: bool = False  # counted from another day the sentence gives ("de la veille")


class ArticleTime:
    """One article's time: its reference, its time expressions, its office holders' era, its summits."""

    def __init__(self, kb: KnowledgeBase, doc: Document, series_finder, language: str = "fr") -> None:
        self.kb = kb
        self.doc = doc
        self.language = language
        self.series_finder = series_finder  # summit series named in a text (events.NameFinder)
        self.words = dating_words(language)
        self._quoted = [(quote.start, quote.end) for quote in doc.quotes]
        self._said: set[int] = set()  # starts of the quoted deictics read from their saying's day
        self.sentences = sentence_spans(doc.spacy_doc)
        published = doc.article.published
        self.reference = date.fromisoformat(published) if published and len(published) == 10 else None
        self.month = _month_span(published) if published and len(published) == 7 else None
        self.expressions = self._said_days(_expressions(doc, self.reference, self.month, language))
        self.era = self._office_era()  # when the office holders it names were all in office
        self.summits = self._summits_named()
        self.published_weekday = None if self.reference else self._published_weekday()
        self._latest_day = None if self.reference else self._latest_stated_day()
        self.own_day = None if self.reference else self._demonstrative_day()  # a day it names as its own

    # -- quotations ---------------------------------------------------------------------------

    def _said_days(self, expressions: list) -> list:
        """"« La décision prise aujourd'hui par la Russie… », a indiqué le Quai d'Orsay vendredi":
        a quotation's "aujourd'hui" or "hier" counts from the day its speaker said it, when the
        words that close the quotation give that day (else it stays unread: see quoted_deictic)."""
        if self.reference is None:
            return expressions
        said = []
        for expression in expressions:
            quote = self.quote_at(expression.start)
            day = self._day_said(quote, expressions) if quote and self._is_deictic(expression) else None
            if day and expression.value.first:
                shift = day - self.reference
                value = replace(expression.value, value=(expression.value.first + shift).isoformat(),
                                first=expression.value.first + shift, last=expression.value.last + shift)
                expression = replace(expression, value=value)
                self._said.add(expression.start)
            said.append(expression)
        return said

    def _day_said(self, quote: tuple[int, int], expressions: list) -> date | None:
        """The day the words closing a quotation (to the end of their sentence) give its saying."""
        end = next((s.end_char for s in self.sentences if s.start_char <= quote[1] < s.end_char), quote[1])
        days = [e.value.first for e in expressions if quote[1] < e.start < end and e.value.type in ("DATE", "TIME")
                and e.value.first and e.value.first == e.value.last and not self.quote_at(e.start)]
        return days[0] if days else None

    def quote_at(self, offset: int) -> tuple[int, int] | None:
        """The (start, end) of the quotation that holds a character offset, if any."""
        return next(((start, end) for start, end in self._quoted if start <= offset < end), None)

    def _is_deictic(self, expression) -> bool:
        return alias_key(expression.text) in self.words.deictic_offsets

    def quoted_deictic(self, expression) -> bool:
        """A quotation's "aujourd'hui" whose saying the text does not date: another day, maybe."""
        return (self._is_deictic(expression) and expression.start not in self._said
                and self.quote_at(expression.start) is not None)

    # -- what is known without a day ----------------------------------------------------------

    def constraint(self, weekday: int | None, month_day: tuple[int, int] | None) -> DateConstraint | None:
        """What is known of an undated event: its weekday, its day without the year, and the weeks
        around the month the article is stamped with."""
        if weekday is None and month_day is None:
            return None
        window = (self.month[0] - WEEK, self.month[1] + WEEK) if self.month else (None, None)
        return DateConstraint(weekday, *window, month_day)

    def _published_weekday(self) -> int | None:
        """An undated article's own weekday, when it names the weekday of its "hier" or
        "aujourd'hui" ("hier jeudi", "dans la nuit de jeudi à hier"); None unless all such say one."""
        found = set()
        # the night's weekday is the evening before the deictic day: one day more
        for pattern, night in ((self.words.deictic_weekday, 0), (self.words.night_to_deictic, 1)):
            for match in pattern.finditer(self.doc.article.clean_text):
                weekday = self.words.weekdays.index(alias_key(match.group("weekday"))) + night
                found.add((weekday - self.words.deictic_offset(match.group("deictic"))) % 7)
        return found.pop() if len(found) == 1 else None

    # -- summits ------------------------------------------------------------------------------

    def _summits_named(self) -> list:
        """The summits the article names by their series, narrowed by place and by who was in office."""
        series = self.series_finder.find(self.doc.article.clean_text)
        instances = [i for s in sorted(series) for i in self.kb.summits_of(s)]
        cities = {e.name for e in self.doc.entities.values() if e.type == "city"}
        places = cities | {e.country for e in self.doc.entities.values() if e.type == "country"}
        located = ([i for i in instances if i.city in cities]  # a city named says more than its country
                   or [i for i in instances if i.city in places or i.country in places])
        instances = located or instances
        era = self.era
        if era:
            instances = [i for i in instances if era[0] <= i.end and i.start <= era[1]]
        if self.reference:
            instances = [i for i in instances if i.start - timedelta(days=10) <= self.reference <= i.end + timedelta(days=10)]
        return instances

    def summit_day(self, weekday: int | None) -> date | None:
        """The one day of the summits the article names that falls on a weekday, if there is one."""
        days = set()
        for summit in self.summits:
            day = summit.start
            while day <= summit.end:
                if weekday is None or day.weekday() == weekday:
                    days.add(day)
                day += timedelta(days=1)
        if weekday is None:
            return None  # a summit's span alone does not give the day
        return days.pop() if len(days) == 1 else None

    # -- the article's own day, when it has no reference ----------------------------------------

    def stated_day(self, weekday: int | None) -> date | None:
        """The day of an undated article that names only a weekday, when the article states it: the
        latest full date it gives ("Vladimir Poutine, le 13 janvier 2016" under the headline) falls on
        that weekday."""
        latest = self._latest_day
        return latest if latest is not None and weekday is not None and latest.weekday() == weekday else None

    def _latest_stated_day(self) -> date | None:
        """The latest full date the article gives, when it lies in the time of the office holders it
        names and of the month it is stamped with."""
        days = [e.value.first for e in self.expressions if e.value.type == "DATE" and e.value.precision == "day"
                and e.value.first and e.value.first == e.value.last]
        latest = max(days, default=None)
        if latest is None or (self.era and not self.era[0] <= latest <= self.era[1]):
            return None
        if self.month and not self.month[0] - WEEK <= latest <= self.month[1] + WEEK:
            return None
        return latest

    def _demonstrative_day(self) -> When | None:
        """An undated article's own day, when it names it with a demonstrative outside quotations
        ("convoqué au ministère ce 30 mars") and names no other so: what the article tells without
        a day happened then, as it would on a known publication day. A day without its year stays
        a constraint; a weekday alone ("ce lundi") says too little."""
        found = set()
        for expression in self.expressions:
            value = expression.value
            if (value.type != "DATE" or value.precision != "day" or self.quote_at(expression.start)
                    or alias_key(expression.text).split()[0] not in self.words.own_day_words):
                continue
            if value.first and value.first == value.last:
                found.add(When(value.first.isoformat(), "day", value.first, value.first))
            elif month_and_day := month_day(value):
                found.add(When(None, "unknown", constraint=str(self.constraint(None, month_and_day))))
        return found.pop() if len(found) == 1 else None

    def year_of_weekday(self, weekday: int, month_and_day: tuple[int, int]) -> date | None:
        """A day given with its weekday but not its year ("jeudi 29 octobre"), in an article with no
        reference date: the one year of the article's time — when the office holders it names were
        all in office, up to today — in which that day falls on that weekday; when that time leaves
        several (or the article names no office holder), the one of them among the years the
        article states ("en 2019", "le 3 mars 2019"). The weekday recurs every five to eleven
        years, so a known era or a stated year leaves one year or none; without either, nothing."""
        first, last = self.era if self.era else (date(_EARLIEST_YEAR, 1, 1), date.max)
        last = min(last, date.today())
        days = []
        for year in range(max(first.year, _EARLIEST_YEAR), last.year + 1):
            try:
                day = date(year, *month_and_day)
            except ValueError:  # 29 February
                continue
            if first <= day <= last and day.weekday() == weekday:
                days.append(day)
        if len(days) > 1 or not self.era:
            days = [day for day in days if day.year in self._stated_years]
        return days[0] if len(days) == 1 else None

    @cached_property
    def _stated_years(self) -> frozenset[int]:
        """The years the article's own dates name: expressions that fix a year ("2019", "mars
        2019", "le 3 mars 2019"), not ones counted from a reference nor the past start of a span
        ("depuis le 5 juin 2017")."""
        text = self.doc.article.clean_text
        return frozenset(e.value.first.year for e in self.expressions
                         if e.value.type == "DATE" and e.value.first and e.value.last
                         and e.value.first.year == e.value.last.year and _YEAR_WRITTEN.search(e.text)
                         and not self.words.since.search(text, max(0, e.start - 16), e.start))

    def _office_era(self) -> tuple[date, date] | None:
        counts = Counter(m.entity_id for m in self.doc.mentions)
        people = [(e, counts[i]) for i, e in self.doc.entities.items() if e.type == "person"]
        return common_era(people)


@dataclass(frozen=True)
class DatingWords:
    """A language's dating words (lang/<code>/datelines.toml, dates.toml), read once per language."""

    weekdays: tuple[str, ...]
    weekday_pattern: re.Pattern
    offsets: dict[str, int]  # "la veille" → -1: counted from a day the sentence gives
    offset_pattern: re.Pattern
    night_range: re.Pattern  # "la nuit de jeudi à vendredi": dated the second day
    restatement_pattern: re.Pattern  # "cette déclaration", referring back to the statement before
    own_day_words: frozenset[str]  # "ce 30 mars": the article's own day
    since: re.Pattern  # "depuis (le)" closing the text before a day: a span's past start
    deictic_offsets: dict[str, int]  # "hier" → -1: counted from the day they are said
    deictic_pattern: re.Pattern
    deictic_weekday: re.Pattern  # "hier jeudi", "aujourd'hui, lundi"
    night_to_deictic: re.Pattern  # "la nuit de jeudi à hier"

    def deictic_offset(self, deictic: str) -> int:
        """How many days from the day it is said a deictic ("hier", "aujourd’hui") names."""
        return self.deictic_offsets[alias_key(deictic.replace("’", "'"))]


@cache
def dating_words(language: str) -> DatingWords:
    data = lang.toml(language, "datelines.toml")
    offsets = data["anchored_offsets"]
    deictics = {k: v for k, v in lang.toml(language, "dates.toml")["words"]["day_offset"].items() if k not in offsets}
    weekdays = "|".join(data["weekdays"])
    return DatingWords(
        weekdays=tuple(alias_key(w) for w in data["weekdays"]),
        weekday_pattern=re.compile(rf"\b({weekdays})\b", re.IGNORECASE),
        offsets={alias_key(k): v for k, v in offsets.items()},
        offset_pattern=re.compile(rf"\b(?:{_alternation(offsets)})\b", re.IGNORECASE),
        night_range=re.compile(data["night_range"], re.IGNORECASE),
        restatement_pattern=re.compile(
            r"\b(?:" + "|".join(map(re.escape, data["restatements"])) + r")\b", re.IGNORECASE),
        own_day_words=frozenset(alias_key(w) for w in data["own_day_words"]),
        since=re.compile(rf"\b(?:{_alternation(data['since_words'])})\s+(?:\S+\s+)?$", re.IGNORECASE),
        deictic_offsets={alias_key(k): v for k, v in deictics.items()},
        deictic_pattern=re.compile(rf"\b(?:{_alternation(deictics)})\b", re.IGNORECASE),
        deictic_weekday=re.compile(rf"\b(?P<deictic>{_alternation(deictics)}),?\s+(?P<weekday>{weekdays})\b",
                                   re.IGNORECASE),
        night_to_deictic=re.compile(data["night_range"].replace("(?:\\S+\\s+){1,3}?", rf"(?P<weekday>{weekdays})\s+")
                                    + rf"(?P<deictic>{_alternation(deictics)})\b", re.IGNORECASE),
    )


def _alternation(words) -> str:
    """A regex alternation of words, either apostrophe and a hyphen or a space matching alike."""
    return "|".join(re.escape(word).replace("'", "['’]").replace("\\-", "[-\\s]") for word in words)


def _expressions(doc: Document, reference: date | None, month: tuple[date, date] | None, language: str) -> list:
    spacy_doc = doc.spacy_doc

    def tense_at(offset: int) -> str | None:
        span = spacy_doc.char_span(offset, offset + 1, alignment_mode="expand")
        return tense(span.root.head) if span is not None else None

    found = timex.extract(doc.article.clean_text, reference, tense_at, language)
    return [_in_month(e, month) for e in found] if month else found


def _month_span(month: str) -> tuple[date, date] | None:
    try:
        first = date.fromisoformat(f"{month}-01")
    except ValueError:
        return None
    return first, (first + timedelta(days=31)).replace(day=1) - timedelta(days=1)


def month_day(value, days: int = 0) -> tuple[int, int] | None:
    """The month and day of a day given without its year, ``days`` later (counted in a leap year)."""
    match = _YEARLESS.fullmatch(value.value[:10]) if value.type in ("DATE", "TIME") else None
    if not match:
        return None
    day = date(2000, int(match[1]), int(match[2])) + timedelta(days=days)
    return day.month, day.day


def _in_month(expression, month: tuple[date, date]):
    """A day without its year ("le 29 mars") in an article stamped with a month: the year that puts
    it nearest that month."""
    month_and_day = month_day(expression.value)
    if not month_and_day:
        return expression
    day = nearest_year(month_and_day, month[0] + timedelta(days=14))
    if day is None:
        return expression
    value = replace(expression.value, value=day.isoformat() + expression.value.value[10:], first=day, last=day)
    return replace(expression, value=value)
