"""What clustering knows of an article: its words, entities, figures, dates and main event.

Profiles are plain, JSON-serialisable data built from what the store holds, so that incremental
clustering, `veille recluster` and the Spark job all compare articles the same way.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from ..dates import DateConstraint
from ..kb.model import is_local
from ..models import place_chosen_by_model
from ..text import timex
from . import text

LEAD_CHARS = 600  # the headline and first paragraph: what every report of one news item shares
ENTITY_WEIGHTS = {"person": 1.0, "organisation": 0.7, "government_body": 0.7, "armed_group": 0.8,
                  "security_force": 0.8, "city": 0.6, "place": 0.6, "country": 0.3}
DEFAULT_ENTITY_WEIGHT = 0.5
ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")
ISO_MONTH = re.compile(r"\d{4}-\d\d")


@dataclass
class EventSignature:
    """The main event, reduced to what tells two reports of it apart from look-alikes."""

    type: str
    actors: list[str]
    sources: list[str]  # who acts; with targets, tells "A expels B's diplomats" from "B expels A's"
    day: str | None = None  # YYYY-MM-DD when known to the day
    month: str | None = None  # YYYY-MM when known to the month at least
    weekday: int | None = None  # 0 = Monday, from the day or from a constraint ("Tuesday")
    month_day: str | None = None  # MM-DD, from the day or from a constraint ("on XXXX-09-05")
    city: str | None = None
    country: str | None = None
    topics: list[str] = field(default_factory=list)


@dataclass
class ArticleProfile:
    article_id: str
    language: str
    outlet: str | None
    day: str | None  # reference (publication) day, when known
    title: dict[str, float]
    lead: dict[str, float]
    body: dict[str, float]
    entities: dict[str, float]  # entity id → weight, unit length
    people: list[str]
    numbers: list[str]
    shingles: list[int]  # hashes of consecutive content-word pairs: shared wording (wire copy)
    lead_dates: list[str]  # dates the lead states: "2016-01-13", "XXXX-07-06", "2016-03", "W3" (Wednesday)
    month: str | None = None  # YYYY-MM of the publication, when at least the month is known
    grams: int = 0  # distinct word 5-grams of the text (near-duplicate containment)
    event: EventSignature | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ArticleProfile:
        data = dict(data)
        if data.get("event"):
            data["event"] = EventSignature(**data["event"])
        return cls(**data)


def build_profile(article: dict[str, Any], entities: list[dict[str, Any]],
                  main_event: dict[str, Any] | None) -> ArticleProfile:
    """``article``: id, language, outlet, published, title, clean_text; ``entities``: id, type, mentions."""
    language = article.get("language") or "fr"
    stops = stop_words(language)
    body = article.get("clean_text") or ""
    headline = article.get("title") or _first_line(body)
    weighted = {e["id"]: ENTITY_WEIGHTS.get(e.get("type") or "", DEFAULT_ENTITY_WEIGHT) * (1 + min(e.get("mentions", 1), 5)) / 2
                for e in entities if not is_local(e.get("id"))}
    norm = sum(w * w for w in weighted.values()) ** 0.5 or 1.0
    published = article.get("published") or ""
    lead = body[:LEAD_CHARS * 2]
    return ArticleProfile(
        article_id=article["id"],
        language=language,
        outlet=article.get("outlet"),
        day=published if len(published) == 10 else None,
        title=text.vector(headline, language, stops),
        lead=text.vector(body[:LEAD_CHARS], language, stops),
        body=text.vector(body, language, stops),
        entities={key: round(w / norm, 5) for key, w in weighted.items()},
        people=sorted(e["id"] for e in entities if e.get("type") == "person"),
        numbers=sorted(text.numbers(lead, timex.find_expressions(lead, language))),
        shingles=text.shingles(body, stops),
        lead_dates=stated_dates(body[:LEAD_CHARS], language),
        month=published[:7] if len(published) >= 7 else None,
        event=signature(main_event) if main_event else None,
    )


def signature(event: dict[str, Any]) -> EventSignature:
    """An event as the store's JSON shape gives it (docs/json.md)."""
    when = event.get("date") or ""
    precision = event.get("date_precision")
    day = when[:10] if precision == "day" and ISO_DAY.fullmatch(when[:10]) else None
    # a place the place model chose is likely, not stated: it neither ties nor parts two reports
    location = {} if place_chosen_by_model(event) else event.get("location") or {}
    constraint = DateConstraint.parse(event.get("date_constraint")) or DateConstraint()
    return EventSignature(
        type=event["type"],
        actors=sorted({a.get("id") or a["name"] for a in event.get("actors", [])}),
        sources=sorted({a.get("id") or a["name"] for a in event.get("actors", []) if a.get("role") == "source"}),
        day=day,
        month=when[:7] if precision in ("day", "month") and ISO_MONTH.fullmatch(when[:7]) else None,
        weekday=date.fromisoformat(day).weekday() if day else constraint.weekday,
        month_day=day[5:] if day else _month_day(constraint.month_day),
        city=location.get("city"),
        country=location.get("country"),
        topics=list(event.get("topics") or []),
    )


def other_days_of_one_month(a: EventSignature, b: EventSignature) -> bool:
    """Two days of one month ("le 5 septembre", "le 9 septembre") that differ, years aside."""
    return bool(a.month_day and b.month_day and a.month_day[:2] == b.month_day[:2] and a.month_day != b.month_day)


def _month_day(month_day: tuple[int, int] | None) -> str | None:
    return f"{month_day[0]:02d}-{month_day[1]:02d}" if month_day else None


def stated_dates(lead: str, language: str) -> list[str]:
    """The dates a lead states, read without a reference date (a weekday stays a weekday)."""
    found = set()
    for expression in timex.extract(lead, None, language=language):
        value = expression.value
        if value.type not in ("DATE", "TIME"):
            continue
        iso = value.value[:10]
        if value.precision == "day" and iso.startswith("XXXX-WXX-"):
            found.add("W" + iso[-1])
        elif value.precision == "day" and re.fullmatch(r"(\d{4}|XXXX)-\d\d-\d\d", iso):
            found.add(iso)
        elif value.precision == "month" and ISO_MONTH.fullmatch(iso[:7]):
            found.add(iso[:7])
    return sorted(found)


def _first_line(body: str) -> str:
    for line in body.splitlines():
        if line.strip():
            return line.strip()[:300]
    return ""


@lru_cache(maxsize=8)
def stop_words(language: str) -> frozenset[str]:
    """spaCy's stop-word list for the language (empty for a language spaCy does not know)."""
    try:
        from spacy.util import get_lang_class

        return frozenset(get_lang_class(language).Defaults.stop_words)
    except Exception:  # noqa: BLE001 - an unknown language simply has no stop words
        return frozenset()
