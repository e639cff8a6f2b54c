"""Pair features: how much two article profiles look like reports of the same news.

Each feature is a number in a small range; a logistic model (cluster/data/news_model.json, fitted
by bench/train_clustering.py) turns them into a probability. Missing information gives 0, never a
guess: an undated article neither matches nor contradicts a dated one on time.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from .profile import ArticleProfile, EventSignature
from .text import cosine

FEATURES = (
    "title_cosine", "lead_cosine", "body_cosine", "shingle_jaccard", "entity_cosine", "people_jaccard",
    "numbers_jaccard", "same_event_type", "event_actors_jaccard", "event_sources_jaccard", "same_event_day", "weekday_conflict",
    "same_city", "city_conflict", "stated_date_match", "stated_date_conflict", "time_gap", "time_known",
)


def pair_features(a: ArticleProfile, b: ArticleProfile) -> list[float]:
    values = {
        "title_cosine": cosine(a.title, b.title),
        "lead_cosine": cosine(a.lead, b.lead),
        "body_cosine": cosine(a.body, b.body),
        "shingle_jaccard": _jaccard(a.shingles, b.shingles),
        "entity_cosine": cosine(a.entities, b.entities),
        "people_jaccard": _jaccard(a.people, b.people),
        "numbers_jaccard": _jaccard(a.numbers, b.numbers),
        **_event_features(a.event, b.event),
        **_stated_dates(a, b),
        **_time_features(a, b),
    }
    return [values[name] for name in FEATURES]


def _event_features(a: EventSignature | None, b: EventSignature | None) -> dict[str, float]:
    if a is None or b is None:
        return {"same_event_type": 0.0, "event_actors_jaccard": 0.0, "event_sources_jaccard": 0.0, "same_event_day": 0.0,
                "weekday_conflict": 0.0, "same_city": 0.0, "city_conflict": 0.0}
    return {
        "same_event_type": float(a.type == b.type),
        "event_actors_jaccard": _jaccard(a.actors, b.actors),
        "event_sources_jaccard": _jaccard(a.sources, b.sources),
        "same_event_day": float(a.day is not None and a.day == b.day),
        "weekday_conflict": float(a.weekday is not None and b.weekday is not None and a.weekday != b.weekday),
        "same_city": float(bool(a.city) and a.city == b.city),
        "city_conflict": float(bool(a.city and b.city) and a.city != b.city),
    }


def _stated_dates(a: ArticleProfile, b: ArticleProfile) -> dict[str, float]:
    """Days the two leads state: a shared one ("le 6 juillet") or only different ones."""
    days_a = {_month_day(d) for d in a.lead_dates if len(d) == 10}
    days_b = {_month_day(d) for d in b.lead_dates if len(d) == 10}
    if not days_a or not days_b:
        return {"stated_date_match": 0.0, "stated_date_conflict": 0.0}
    shared = bool(days_a & days_b)
    return {"stated_date_match": float(shared), "stated_date_conflict": float(not shared)}


def _time_features(a: ArticleProfile, b: ArticleProfile) -> dict[str, float]:
    """Days between the periods in which the two articles appeared (publication day or month)."""
    first_a, last_a = _period(a)
    first_b, last_b = _period(b)
    if first_a is None or first_b is None:
        return {"time_gap": 0.0, "time_known": 0.0}
    gap = max(0, (first_b - last_a).days, (first_a - last_b).days)
    return {"time_gap": math.log1p(gap), "time_known": 1.0}


def _period(profile: ArticleProfile) -> tuple[date | None, date | None]:
    if profile.day:
        day = date.fromisoformat(profile.day)
        return day, day
    if profile.event and profile.event.day:
        day = date.fromisoformat(profile.event.day)
        return day, day + timedelta(days=7)  # reported on the day or within the week
    if profile.month:
        first = date.fromisoformat(profile.month + "-01")
        return first, (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    return None, None


def _month_day(iso: str) -> str:
    return iso[5:]


def _jaccard(a, b) -> float:
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if a or b else 0.0
