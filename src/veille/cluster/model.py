"""The same-news model: logistic weights over the pair features, with the linking threshold and the
hard constraints (cannot-link rules) that no text similarity overrides.

The weights are data (cluster/data/news_model.json), fitted by bench/train_clustering.py on the
gold corpora and reported with cross-corpus scores there; nothing is fitted at run time.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

from ..dates import nearest_year
from ..errors import ConfigError
from .events import REPORT_LAG_DAYS
from .features import FEATURES, pair_features
from .profile import ArticleProfile, other_days_of_one_month

MAX_GAP_DAYS = 7  # two articles that appeared more than a week apart never report the same news
YEARLESS_REACH = timedelta(days=45)  # how far from the other article's time a yearless day may be read


@dataclass(frozen=True)
class PairModel:
    weights: tuple[float, ...]
    intercept: float
    threshold: float  # average same-news probability at which an article joins a cluster

    @classmethod
    def load(cls, path: str | Path | None = None) -> PairModel:
        source = Path(path) if path else resources.files(__package__).joinpath("data").joinpath("news_model.json")
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
        except (OSError, ValueError) as err:
            raise ConfigError(f"{source}: cannot read the clustering model ({err})") from None
        if tuple(data.get("features", ())) != FEATURES:
            raise ConfigError(f"{source}: the model was fitted on other features; refit it with bench/train_clustering.py")
        return cls(tuple(data["weights"]), data["intercept"], data["threshold"])

    def probability(self, a: ArticleProfile, b: ArticleProfile) -> float:
        """Probability that two articles report the same news; 0 when a hard constraint forbids it."""
        values = pair_features(a, b)
        if cannot_link(values) or any(rule(a, b) for rule in _OTHER_NEWS):
            return 0.0
        return self._logistic(values)

    def _logistic(self, values: list[float]) -> float:
        score = self.intercept + sum(w * x for w, x in zip(self.weights, values))
        return 1 / (1 + math.exp(-score))


_GAP = FEATURES.index("time_gap")
_CITY_CONFLICT = FEATURES.index("city_conflict")
_WEEKDAY_CONFLICT = FEATURES.index("weekday_conflict")


def cannot_link(values: list[float]) -> bool:
    """Articles that appeared far apart, or whose main events happened in different cities or on
    different days of the week. Same-story follow-ups share most of their words and entities (the
    threat of Sunday, the promise of Monday): only the day tells them apart, and no amount of
    shared wording makes two days one."""
    return far_apart(values) or values[_CITY_CONFLICT] > 0 or values[_WEEKDAY_CONFLICT] > 0


def far_apart(values: list[float]) -> bool:
    return values[_GAP] > math.log1p(MAX_GAP_DAYS)


def other_participants(a: ArticleProfile, b: ArticleProfile) -> bool:
    """Main events that are meetings between different people (two at least on each side, none in
    common): the presidents' talks and their ministers' talks at one summit are two news."""
    if not (a.event and b.event and a.event.type == b.event.type == "CONSULT"):
        return False
    people_a, people_b = set(a.event.actors) & set(a.people), set(b.event.actors) & set(b.people)
    return len(people_a) >= 2 and len(people_b) >= 2 and not people_a & people_b


def other_days(a: ArticleProfile, b: ArticleProfile) -> bool:
    """Main events on different days of one month ("le 5 septembre", "le 9 septembre"): the day of
    the month says what the weekday says when the year is unknown. Different months stay a soft
    conflict: a misprinted month ("vendredi 12 décembre" for 12 October) is no other event."""
    return bool(a.event and b.event and other_days_of_one_month(a.event, b.event))


def other_weekdays(a: ArticleProfile, b: ArticleProfile) -> bool:
    """A main event known by its day without the year ("le 5 septembre"), read in the year of the
    other article's time, falls on another weekday than the other's main event ("vendredi", in an
    article of September 2016): two days, two news."""
    for dated, other in ((a, b), (b, a)):
        if not (dated.event and other.event and dated.event.month_day and dated.event.weekday is None
                and other.event.weekday is not None):
            continue
        around = _time_of(other)
        day = nearest_year(_month_and_day(dated.event.month_day), around) if around else None
        if day and abs(day - around) <= YEARLESS_REACH and day.weekday() != other.event.weekday:
            return True
    return False


def _time_of(profile: ArticleProfile) -> date | None:
    """The day an article's time centres on: its main event's day, its own day, or mid-month."""
    if profile.event and profile.event.day:
        return date.fromisoformat(profile.event.day)
    if profile.day:
        return date.fromisoformat(profile.day)
    return date.fromisoformat(profile.month + "-15") if profile.month else None


def _month_and_day(month_day: str) -> tuple[int, int]:
    month, day = month_day.split("-")
    return int(month), int(day)


def beyond_report_lag(a: ArticleProfile, b: ArticleProfile) -> bool:
    """A main event known by its weekday ("dimanche") that falls on none of the days the other
    article's main event, dated only by its publication day, may have happened (that day or up to
    three days before): a march of Sunday is not the news of a Saturday paper."""
    for dated, other in ((a, b), (b, a)):
        told, reported = dated.event, other.event
        if not (told and reported and told.weekday is not None and told.day is None and other.day
                and reported.day is None and reported.weekday is None and reported.month_day is None):
            continue
        published = date.fromisoformat(other.day)
        if all((published - timedelta(days=lag)).weekday() != told.weekday for lag in range(REPORT_LAG_DAYS + 1)):
            return True
    return False


# hard rules on two articles' main events: any one of them makes them other news
_OTHER_NEWS = (other_participants, other_days, other_weekdays, beyond_report_lag)
