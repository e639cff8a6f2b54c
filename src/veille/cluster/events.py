"""Event clustering: each extracted event joins the event cluster of a compatible earlier report of
the same event, or starts a new one.

Candidates share the event type and an actor and fall in a date window (blocking, so the work per
event does not grow with the store). Two reports are compatible when nothing in their signatures
contradicts (days, weekdays, cities) and something ties them: the same day or the same news
cluster; the wording of their evidence then adds to the score that picks the best candidate.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any, Protocol

from . import ranked
from ..dates import DateConstraint, value_span
from .profile import ISO_DAY, ISO_MONTH, EventSignature, other_days_of_one_month
from .text import cosine

MIN_ACTOR_OVERLAP = 0.5  # Jaccard of the actor sets, unless one set contains the other
REPORT_LAG_DAYS = 3  # an event dated only by its article's day happened up to this many days before
MIN_LINK_SCORE = 1.0
WINDOW_DAYS = 7  # blocking window around a dated event
MEMBERS_COMPARED = 30  # of a large event cluster, the most recent reports stand for it


# Why an event that its own article could not date has a day: the rule that placed it, in words.
INFERENCE_RULES = {
    "event_cluster": "the day the other reports of the same event agree on",
    "news_cluster": "the day of the news its article tells",
    "joint_constraints": "the only day that the constraints of its undated reports leave together",
}


@dataclass(frozen=True)
class InferredDate:
    """A day given to an event from other reports, the rule that gave it (a key of
    ``INFERENCE_RULES``) and what it was read from (an event cluster, news cluster or article id)."""

    day: str
    rule: str
    source: str | None = None

    def reason(self) -> dict[str, Any]:
        return {"rule": self.rule, "from": self.source}


def describe_inference(reason: dict[str, Any] | None) -> str:
    """An inferred date's reason in words: "the day of the news its article tells (news cluster n-3)"."""
    if not reason:
        return ""
    words = INFERENCE_RULES.get(reason.get("rule") or "", reason.get("rule") or "another report")
    return f"{words} ({reason['from']})" if reason.get("from") else words


@dataclass
class EventItem:
    id: str
    article_id: str
    signature: EventSignature
    news_cluster: str | None = None
    is_main: bool = False
    reference_day: str | None = None  # the article's day, when the event's own day is not known
    terms: dict[str, float] = field(default_factory=dict)  # the evidence's words

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> EventItem:
        return cls(**{**data, "signature": EventSignature(**data["signature"])})

    @property
    def day(self) -> int | None:
        """Day number used for blocking: the event's day, else its article's."""
        when = self.signature.day or self.reference_day
        return date.fromisoformat(when).toordinal() if when else None


def event_keys(item: EventItem) -> list[str]:
    return [f"{item.signature.type}|{actor}" for actor in item.signature.actors]


class EventIndex(Protocol):
    def event_candidates(self, item: EventItem) -> list[EventItem]: ...
    def event_cluster_of(self, event_id: str) -> str: ...
    def linked_reports(self, cluster_id: str, limit: int) -> list[EventItem]: ...
    def add_event(self, item: EventItem, cluster_id: str) -> None: ...


class EventLinker:
    def __init__(self, index: EventIndex) -> None:
        self.index = index

    def add(self, item: EventItem, new_cluster: str | None = None) -> str:
        """Link an event; returns its cluster: the best candidate's, else ``new_cluster`` (default:
        the event's id)."""
        scores: dict[str, float] = {}
        for candidate in self.index.event_candidates(item):
            score = link_score(item, candidate)
            cluster = self.index.event_cluster_of(candidate.id)
            if score is not None and score >= MIN_LINK_SCORE:
                scores[cluster] = max(score, scores.get(cluster, score))
        ranked_clusters = sorted(scores, key=lambda c: (-scores[c], c))
        cluster = next((c for c in ranked_clusters if not self._told_another_day(item, c)), new_cluster or item.id)
        self.index.add_event(item, cluster)
        return cluster

    def _told_another_day(self, item: EventItem, cluster: str) -> bool:
        """One main report told on another day rules a cluster out for a main report: no chain of
        undated reports ("Saturday", "30 March") may join two days into one event. A report with a
        day of its own does not join a cluster holding a report its day contradicts (``_dates_agree``)
        either, though an undated report of it tied them: else the first report of an event to
        arrive decides, when it is undated, which passing mention of another day joins it."""
        members = self.index.linked_reports(cluster, MEMBERS_COMPARED)
        if item.is_main and any(other_day(item, member) for member in members):
            return True
        return bool(item.signature.day) and any(_dates_agree(item, member) is False for member in members)


def link_score(a: EventItem, b: EventItem) -> float | None:
    """How strongly two reports are the same event; None when their signatures contradict."""
    x, y = a.signature, b.signature
    same_news = bool(a.news_cluster) and a.news_cluster == b.news_cluster
    # Two articles reporting the same news report one main event, though they may name its
    # participants differently ("les gilets jaunes" / "des manifestants anti-Macron").
    both_main = same_news and a.is_main and b.is_main
    if x.type != y.type or not (both_main or _actors_match(x.actors, y.actors)):
        return None
    if (x.weekday is not None and y.weekday is not None and x.weekday != y.weekday) or \
            (x.city and y.city and x.city != y.city):
        return None
    dated = _dates_agree(a, b)
    if dated is False or not (dated or same_news):
        return None  # wording alone never ties two reports: look-alike events share it
    score = 2.0 if dated else 0.0
    if same_news:
        score += 3.0 if both_main else 1.0
    score += 2.0 * cosine(a.terms, b.terms)
    if x.city and x.city == y.city:
        score += 0.5
    return score


def other_day(a: EventItem, b: EventItem) -> bool:
    """Main reports of one type whose own dates cannot be one day: other days, other weekdays, or
    other days of one month given without the year."""
    x, y = a.signature, b.signature
    if not (a.is_main and b.is_main and x.type == y.type):
        return False
    if x.day and y.day:
        return x.day != y.day
    if x.weekday is not None and y.weekday is not None and x.weekday != y.weekday:
        return True
    return other_days_of_one_month(x, y)


def _actors_match(a: list[str], b: list[str]) -> bool:
    left, right = set(a), set(b)
    if not left or not right:
        return False
    return len(left & right) / len(left | right) >= MIN_ACTOR_OVERLAP or left <= right or right <= left


def _dates_agree(a: EventItem, b: EventItem) -> bool | None:
    """True: the same day; False: different days; None: not known well enough to say."""
    if a.signature.day and b.signature.day:
        return a.signature.day == b.signature.day
    for dated, other in ((a, b), (b, a)):
        if dated.signature.day and not other.signature.day and other.reference_day:
            lag = (date.fromisoformat(other.reference_day) - date.fromisoformat(dated.signature.day)).days
            if not 0 <= lag <= REPORT_LAG_DAYS:
                return False
    return None


# ------------------------------------------------------------------ the merged cluster record
def summarise(cluster_id: str, events: list[dict[str, Any]]) -> dict[str, Any]:
    """The record of an event cluster from its members (their own date and precision as
    ``own_date``/``own_precision``, with the ``outlet``, ``copy_of`` and publication day ``seen`` of
    their articles): the most reported type, mode, actors, place and
    topics, and the consensus date."""
    def majority(values):
        return next(iter(ranked(Counter(v for v in values if v))), None)

    actor_counts = Counter((a["id"] or a["name"], a["name"], a["role"]) for e in events for a in e["actors"])
    names: dict[str, tuple[str, str]] = {}
    for key, name, role in ranked(actor_counts):
        names.setdefault(key, (name, role))
    day, precision, constraint = consensus_date(events)
    articles = {e["article_id"] for e in events}
    copies = {e["article_id"] for e in events if e.get("copy_of") in articles}
    seen = sorted(e["seen"] for e in events if e.get("seen"))
    topics = Counter(t for e in events for t in e.get("topics", []))
    return {
        "id": cluster_id,
        "type": majority(e["type"] for e in events),
        "mode": majority(e.get("mode") for e in events),
        "actors": [{"id": key if key != name else None, "name": name, "role": role}
                   for key, (name, role) in names.items()],
        "date": day, "date_precision": precision, "date_constraint": constraint,
        "city": majority((e.get("location") or {}).get("city") for e in events),
        "country": majority((e.get("location") or {}).get("country") for e in events),
        "topics": ranked(topics)[:3],
        "n_events": len(events),
        "n_articles": len(articles),
        "n_sources": len(articles - copies),
        "n_outlets": len({e.get("outlet") for e in events if e.get("outlet")}),
        "first_seen": seen[0] if seen else None,
        "last_seen": seen[-1] if seen else None,
    }


def consensus_date(events: list[dict[str, Any]]) -> tuple[str | None, str | None, str | None]:
    """The day the reports agree on, with its precision, or what constrains it.

    Days the reports state vote (a main event's report counts twice a passing mention); a report
    dated only by its article's day votes half for the stated days it may report (that day or up to
    three days before), else for that day itself. A report that gives only a weekday
    ("dimanche", in an undated article) votes for the day of that weekday within three days of the
    best stated day — so three undated "dimanche" reports outweigh one stray "samedi". A day some
    report states (or places by its weekday) has precision "day"; articles' days alone give
    "reference"; else the month most reports give; else, of the coarser values reports give, those
    of the finest precision (``COARSER_PRECISIONS``: a weekend, a week, a season, a year, a decade,
    a century) and among them the one most reports give, with that precision ("2020-FA", "season");
    else the most common constraint."""
    stated, votes = _Votes(), _Votes()
    for event in events:
        day, precision = event.get("own_date") or "", event.get("own_precision")
        if precision == "day" and ISO_DAY.fullmatch(day):
            stated.add(event, day)
        elif precision == "reference" and ISO_DAY.fullmatch(day):
            votes.add(event, day, share=0.5)
    anchor = _best(_with_reports(stated, votes), among=stated.total()) or _best(votes.total())
    if anchor:
        for event in events:
            near = _near_day(event, date.fromisoformat(anchor), NEAR_DAYS)
            if near:
                stated.add(event, near)
        best = _best(_with_reports(stated, votes), among=stated.total())
        return (best, "day", None) if best else (anchor, "reference", None)
    for precision in ("month", *COARSER_PRECISIONS):
        value = most_given(events, precision)
        if value:
            return value, precision, None
    constraints = ranked(Counter(e.get("date_constraint") for e in events if e.get("date_constraint")))
    return (None, "unknown", constraints[0]) if constraints else (None, None, None)


# The precisions a cluster's date falls back to after months, finer first: reports that say "ce
# week-end" tell more than those that say "cette semaine", and those more than "à l'automne", "en
# 2019", "dans les années 1990" or "au XXe siècle". Each has the shape of its TimeML value.
COARSER_PRECISIONS = ("weekend", "week", "season", "year", "decade", "century")
VALUE_SHAPES = {"month": ISO_MONTH, "weekend": re.compile(r"\d{4}-W\d\d-WE"), "week": re.compile(r"\d{4}-W\d\d"),
                "season": re.compile(r"\d{4}-(?:SP|SU|FA|WI)"), "year": re.compile(r"\d{4}"),
                "decade": re.compile(r"\d{3}X"), "century": re.compile(r"\d\dXX")}


def most_given(events: list[dict[str, Any]], precision: str) -> str | None:
    """The value of one precision ("month", a coarser one) that most reports give as their own date,
    the earlier on a tie; only values of its shape that name real days count ("2018-W54" does not)."""
    shape = VALUE_SHAPES[precision]
    counts = Counter(e["own_date"] for e in events if e.get("own_precision") == precision
                     and shape.fullmatch(e.get("own_date") or "") and value_span(e["own_date"]))
    return next(iter(ranked(counts)), None)


NEAR_DAYS = 3  # reports of one event that give a weekday fall within three days of the day others state
YEAR_DAYS = 183  # a day given without its year is the one within half a year of the day others state


def inferred_day(event: dict[str, Any], record: dict[str, Any]) -> str | None:
    """The day a report that could not date its event gets from its event cluster's record: the
    cluster's day when it fits the report's constraint; else, when the constraint gives a weekday,
    that weekday within three days of it, or, when it gives a month and day, that day in the year
    nearest it. None when the report dates itself or the cluster has no day."""
    if event.get("own_precision") in ("day", "month") or record.get("date_precision") != "day":
        return None
    day = date.fromisoformat(record["date"])
    constraint = DateConstraint.parse(event.get("date_constraint"))
    if constraint is None or constraint.fits(day):
        return day.isoformat()
    return _near_day(event, day, YEAR_DAYS if constraint.month_day else NEAR_DAYS)


def cluster_inferred_date(record: dict[str, Any], inferred: list[InferredDate]) -> InferredDate | None:
    """The day an event cluster takes from the days inferred for its reports, so that the event reads
    the same as its reports in every view: when its record has no day of its own (its precision is
    not ``day``: a month, a coarser date, its articles' day, a constraint or nothing) and the reports
    given a day (``inferred``: each an ``InferredDate``) agree on one day that its own date and
    constraint allow. None otherwise: no day inferred, days that disagree, or a day outside the
    month (season, year…) the reports state.

    Its reason is the rule that dated the event and what it was read from, the most given among the
    reports' reasons (the earlier rule of ``INFERENCE_RULES``, then source, on a tie): not that of
    the reports the agreement itself dated (rule ``event_cluster``, from this cluster), which only
    repeats it."""
    if record.get("date_precision") == "day" or not inferred:
        return None
    days = {found.day for found in inferred}
    if len(days) != 1:
        return None
    day = days.pop()
    stated = record.get("date_precision") not in (None, "unknown", "reference")  # a month, a season, a year…
    span = value_span(record.get("date")) if stated else None
    if span and not span[0].isoformat() <= day <= span[1].isoformat():
        return None
    constraint = DateConstraint.parse(record.get("date_constraint"))
    if constraint is not None and not constraint.fits(day):
        return None
    own = [found for found in inferred if (found.rule, found.source) != ("event_cluster", record.get("id"))] or inferred
    rules = list(INFERENCE_RULES)
    counts = Counter((found.rule, found.source or "") for found in own)
    rule, source = min(counts, key=lambda reason: (-counts[reason], rules.index(reason[0]) if reason[0] in rules
                                                   else len(rules), reason))
    return InferredDate(day, rule, source or None)


def day_in_news(event: dict[str, Any], news: dict[str, Any]) -> str | None:
    """The day an article's main event gets from the day of its news (``news``: a
    ``news_cluster_day`` record) when no report of the event itself dates it.

    A report that states a weekday or a day without its year gets the fitting day within three
    days of the news's stated day, or within the three days before its articles' day. A report
    that says nothing of its day, in an article without one, gets the news's stated day only when
    it is what the news tells: the dated main events of its news cluster agree on that one day and
    share an actor with it."""
    if event.get("own_precision") in ("day", "month") or news.get("date_precision") not in ("day", "reference"):
        return None
    if not event.get("date_constraint") and event.get("own_precision") in (None, "unknown"):
        return news["date"] if _tells_the_news(event, news) else None
    constraint = placeable_constraint(event)
    if constraint is None:
        return None
    if news["date_precision"] == "day":
        return inferred_day(event, news)
    anchor = date.fromisoformat(news["date"][:10])
    days = [d for d in constraint.days_near(anchor, REPORT_LAG_DAYS) if d <= anchor]
    return max(days).isoformat() if days else None


def _tells_the_news(event: dict[str, Any], news: dict[str, Any]) -> bool:
    actors = {actor.get("id") or actor.get("name") for actor in event.get("actors", [])}
    return news["date_precision"] == "day" and news.get("agreed", False) and bool(actors & news.get("actors", set()))


class ReportIndex(Protocol):
    """Undated main events as dicts: id, article_id, type, date_constraint, news_cluster, actors
    (entity ids, else names) and sides (the country of each, else the actor itself)."""

    def undated_reports(self, news_cluster: str) -> list[dict[str, Any]]: ...
    def undated_twins(self, key: str) -> list[dict[str, Any]]: ...


MIN_TWIN_ACTORS = 2  # one actor alone (a spokesman, a secretary-general) makes too many look-alikes
MAX_JOINED_NEWS = 8  # news clusters read to date one report


def joint_day(news_cluster: str, index: ReportIndex) -> tuple[date | None, list[dict[str, Any]]]:
    """The day that the undated reports of one event leave together, and those reports.

    Papers that print no date still say something of the day: "samedi", "le 14 avril", a month in
    a stamp line. The reports read together are the undated main events of a news cluster (one
    news, one day) and of the news clusters whose undated main event has the same type, the same
    sides (two at least: the states its actors stand for) and a constraint that agrees: the same
    event, told apart from its look-alikes by the constraints themselves. Their constraints joined ("a Saturday" ∩ "between
    2018-03-25 and 2018-05-07" ∩ "14 April of some year") may leave a single day; never a guess.
    A news cluster whose reports contradict each other dates nothing."""
    joined, reports = DateConstraint(), []
    seen, queue = set(), [news_cluster]
    while queue and len(seen) < MAX_JOINED_NEWS:
        cluster = queue.pop(0)
        if cluster in seen:
            continue
        seen.add(cluster)
        found = index.undated_reports(cluster)
        together = _joined(joined, found)
        if together is None:
            if cluster == news_cluster:
                return None, []
            continue  # a look-alike told on another day
        joined, reports = together, reports + found
        for report in found:
            queue += [twin["news_cluster"] for twin in _twins(report, index) if twin["news_cluster"] not in seen]
    day = joined.only_day()
    return (day, reports) if day else (None, [])


def _joined(constraint: DateConstraint, reports: list[dict[str, Any]]) -> DateConstraint | None:
    for report in reports:
        own = DateConstraint.parse(report.get("date_constraint"))
        if own is not None:
            constraint = constraint.joined(own)
            if constraint is None:
                return None
    return constraint


def _twins(report: dict[str, Any], index: ReportIndex) -> list[dict[str, Any]]:
    """Undated main events of other news with the report's type and sides and a constraint that
    agrees. Sides, not names: one paper says "Donald Trump a ordonné des frappes" where another
    says "les États-Unis ont frappé"; the state a person or body stands for is its side."""
    sides = report["sides"]
    own = DateConstraint.parse(report.get("date_constraint"))
    if own is None or len(sides) < MIN_TWIN_ACTORS:
        return []
    twins = {}
    for actor in report["actors"]:
        for twin in index.undated_twins(f"{report['type']}|{actor}"):
            other = DateConstraint.parse(twin["date_constraint"])
            if (twin["type"] == report["type"] and twin["sides"] == sides and other is not None
                    and twin["news_cluster"] != report["news_cluster"] and own.joined(other) is not None):
                twins[twin["id"]] = twin
    return list(twins.values())


def placeable_constraint(event: dict[str, Any]) -> DateConstraint | None:
    """An undated report's constraint when it can place the report near a day: one that gives a
    weekday or a day without its year (a range alone fits too many days)."""
    constraint = DateConstraint.parse(event.get("date_constraint"))
    if constraint is None or (constraint.weekday is None and constraint.month_day is None):
        return None
    return constraint


def _near_day(event: dict[str, Any], anchor: date, within: int) -> str | None:
    """The day nearest ``anchor`` that an undated report's constraint allows, within ``within`` days."""
    if event.get("own_precision") in ("day", "month", "reference"):
        return None
    constraint = placeable_constraint(event)
    if constraint is None:
        return None
    days = constraint.days_near(anchor, within)
    return min(days, key=lambda d: abs((d - anchor).days)).isoformat() if days else None


class _Votes:
    """Votes for days, one per article and day: an article that reports an event in three
    sentences says its day once, with the weight of its strongest report (a main event counts
    twice a passing mention)."""

    def __init__(self) -> None:
        self.by_article: dict[tuple[str, str], float] = {}

    def add(self, event: dict[str, Any], day: str, share: float = 1.0) -> None:
        key = (event.get("article_id") or event.get("id") or "", day)
        weight = (1.0 if event.get("is_main") else 0.5) * share
        self.by_article[key] = max(self.by_article.get(key, 0.0), weight)

    def total(self) -> Counter:
        counts: Counter = Counter()
        for (_, day), weight in self.by_article.items():
            counts[day] += weight
        return counts


def _with_reports(stated: _Votes, reports: _Votes) -> Counter:
    """Stated days' votes, with each article-day vote given to the stated days its article may
    report (from REPORT_LAG_DAYS before the article's day to that day), else to the article's day."""
    totals = stated.total()
    days = {day: date.fromisoformat(day) for day in totals}
    for (_, day), weight in reports.by_article.items():
        published = date.fromisoformat(day)
        reported = [d for d, when in days.items() if 0 <= (published - when).days <= REPORT_LAG_DAYS]
        for target in reported or [day]:
            totals[target] += weight
    return totals


def _best(votes: Counter, among: Counter | None = None) -> str | None:
    """The day with the most votes (the earlier one on a tie), counting only days in ``among``."""
    days = [day for day in votes if among is None or day in among]
    return min(days, key=lambda day: (-votes[day], day)) if days else None


def publication_range(event_day: str, lag_days: int = 7) -> str:
    """Where a report of an event of ``event_day`` was published: that day to a week later."""
    first = date.fromisoformat(event_day)
    return f"{first.isoformat()}/{(first + timedelta(days=lag_days)).isoformat()}"
