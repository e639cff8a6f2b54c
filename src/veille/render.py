"""How an event reads in every view: who did what to whom, and when.

The CLI, the web pages, the CSV exports and the JSON summaries all call these functions, so
that one event reads the same everywhere:

    participants(event)  "Barack Obama → Vladimir Putin"   sources → targets
                         "Joe Biden ↔ Vladimir Putin"      a mutual meeting, call or agreement
                         "Russia"                          a single actor
                         "United States, Syria → ?"        several actors, the target not found
    event_date(event)    "2018-03-12", "March 2018", "a Saturday between 2018-02-22 and 2018-03-31",
                         "2018-03-12 (inferred)", "2018-03-12 (article's date)", "undated"
    event_headline(event) "Barack Obama → Vladimir Putin: REQUEST (Lima, 2016-11-20)", from the two above
    date_explained(event) "2018-03-12, inferred from the day of the news its article tells (n-3); its
                         reports say a Monday", where a view says why
    reported(first, last) "reported 2016-11-20 to 2016-11-22", when its articles were published

and an article's title with ``article_title``: its own, else one read from the top of its text.

An event is a mapping with the keys of the JSON contract (docs/json.md): ``type`` and ``actors``
(each ``{"name", "role"}``) for the participants; ``date``, ``date_precision``,
``date_constraint``, ``date_source`` and ``date_reason`` for the date.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from .dates import DateConstraint

RELATION = " → "  # sources → targets
MUTUAL = " ↔ "  # every participant acts (a meeting, a call, an agreement)
UNKNOWN = "?"  # a side the text does not name
NO_DATE = "undated"


# -- participants ---------------------------------------------------------------------------------

@cache
def reciprocal_types() -> frozenset[str]:
    """The PLOVER types whose participants may all act together: the ``reciprocal`` policy of the
    event lexicons (lang/*/events.toml), the same knowledge that made their actors all sources."""
    from .lang import SUPPORTED_LANGUAGES
    from .nlp.lexicon import load_lexicon

    return frozenset().union(*(load_lexicon(code).policy.reciprocal for code in SUPPORTED_LANGUAGES))


def participant_parts(event: Mapping[str, Any]) -> list[Mapping[str, Any] | str]:
    """The participants in reading order: actor mappings and the separators between them (", ",
    " → ", " ↔ ", "?"). Views that link actors (the web pages) render these pieces; the others
    join them with ``participants``."""
    sources, targets = _sides(event.get("actors") or [])
    if not sources and not targets:
        return [UNKNOWN]
    if targets:
        return [*(_listed(sources) or [UNKNOWN]), RELATION, *_listed(targets)]
    if len(sources) == 1:
        return list(sources)
    if event.get("type") in reciprocal_types():
        return _listed(sources, MUTUAL)
    return [*_listed(sources), RELATION, UNKNOWN]  # several actors, and the text says of none that it is acted on


def participants(event: Mapping[str, Any]) -> str:
    """Who did what to whom, as one line: "Barack Obama → Vladimir Putin" (see the module's doc)."""
    return "".join(part if isinstance(part, str) else part["name"] for part in participant_parts(event))


def dyad(event: Mapping[str, Any]) -> tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]:
    """The two actors a dyadic coding (CAMEO, GDELT's Actor1 and Actor2) keeps, as ``participants``
    reads them: the first source and the first target; in a mutual event ("A ↔ B"), the first two
    actors; None for a side no actor fills. Further actors have no place in a dyad."""
    sources, targets = _sides(event.get("actors") or [])
    if targets:
        return (sources[0] if sources else None), targets[0]
    if len(sources) > 1 and event.get("type") in reciprocal_types():
        return sources[0], sources[1]
    return (sources[0] if sources else None), None


def _sides(actors: list[Mapping[str, Any]]) -> tuple[list, list]:
    """Sources and targets, each actor once (an actor named on both sides stays a source)."""
    seen: set[str] = set()
    sides: dict[str, list] = {"source": [], "target": []}
    for role in ("source", "target"):
        for actor in actors:
            key = actor.get("id") or actor["name"]
            if (actor.get("role") or "source") == role and key not in seen:
                seen.add(key)
                sides[role].append(actor)
    return sides["source"], sides["target"]


def _listed(actors: list, separator: str = ", ") -> list:
    parts: list = []
    for actor in actors:
        parts += [separator, actor] if parts else [actor]
    return parts


def event_headline(event: Mapping[str, Any]) -> str:
    """An event as a headline, "{participants}: {TYPE} ({place}, {date})": "Barack Obama → Vladimir
    Putin: REQUEST (Lima, 2016-11-20)". An unknown side, place or day is left out, not printed as "?"."""
    who = participants(event)
    location = event.get("location") or {}
    place = location.get("city") or location.get("country")
    when = _unbracketed(event_date(event))
    details = ", ".join(part for part in (place, when if when != NO_DATE else None) if part)
    what = event.get("type") or "EVENT"
    head = what if who == UNKNOWN else f"{who}: {what}"
    return f"{head} ({details})" if details else head


def _unbracketed(words: str) -> str:
    """A date's qualifier set off by a comma, for a headline that already brackets its details:
    "2023-01-19 (inferred)" → "2023-01-19, inferred"."""
    head, bracket, rest = words.partition(" (")
    return f"{head}, {rest[:-1]}" if bracket and rest.endswith(")") else words


# -- article titles -------------------------------------------------------------------------------

UNTITLED = "untitled article"


def article_title(title: str | None, text: str | None, language: str | None = None) -> tuple[str, str]:
    """An article's title and where it comes from: ``(title, "article")`` for the stored one (given by
    the input, or the headline found when it was ingested); else one read now from the top of its
    clean text, ``"headline"`` (its first line, when it reads as a headline) or ``"lead"`` (its first
    sentence, shortened with an ellipsis). Computed when read, not stored: the stored title is what
    the event extraction and the clustering read, and a first sentence is no headline to them."""
    if title and title.strip():
        return " ".join(title.split()), "article"
    from .text.clean import title_from_text
    from .lang import SUPPORTED_LANGUAGES

    found = title_from_text(text or "", language if language in SUPPORTED_LANGUAGES else SUPPORTED_LANGUAGES[0])
    if found is None:
        return UNTITLED, "none"
    source, words = found
    return words, source


# -- dates ------------------------------------------------------------------------------------------

SEASONS = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_WEEK = re.compile(r"(\d{4})-W(\d\d)(-WE)?")
_SEASON = re.compile(r"(\d{4})-(SP|SU|FA|WI)")


def event_date(event: Mapping[str, Any], *, why: bool = False) -> str:
    """When an event happened, in words, from its date, precision, constraint and, for a day read
    from other reports, the rule that gave it: "2018-03-12 (inferred)"; ``why`` says the rule
    ("2018-03-12, inferred from the day of the news its article tells (n-3)")."""
    return date_text(event.get("date"), event.get("date_precision"), event.get("date_constraint"),
                     inferred=event.get("date_source") == "cluster",
                     reason=event.get("date_reason") if why else None)


def date_explained(event: Mapping[str, Any]) -> str:
    """An event's date with why it holds, for a view that explains it (`veille cluster`, the event's
    page): ``event_date(event, why=True)``, and for a day inferred from other reports what its own
    reports state, when they state something: "2023-01-19, inferred from the day of the news its
    article tells (n-3); its reports say a Thursday". An event cluster gives what they state in
    ``stated_date`` and ``stated_precision`` (docs/json.md); a report, what its article says in its
    ``date_constraint``."""
    words = event_date(event, why=True)
    if event.get("date_source") != "cluster":
        return words
    stated = date_text(event.get("stated_date"), event.get("stated_precision"), event.get("date_constraint"))
    whose = "its reports say" if "stated_precision" in event else "its article says"
    return words if stated == NO_DATE else f"{words}; {whose} {stated}"


def date_text(value: str | None, precision: str | None, constraint: str | None = None, *,
              inferred: bool = False, reason: Mapping[str, Any] | None = None) -> str:
    """``event_date`` from its parts."""
    words = _value_words(value, precision)
    known = DateConstraint.parse(constraint)
    if words is None:
        return known.describe() if known else (constraint or NO_DATE)
    if inferred:
        return f"{words}, inferred from {_inference_words(reason)}" if reason else f"{words} (inferred)"
    if precision == "reference":
        return f"{words} (article's date)"  # the text gives no date: the day its article was published
    if known and precision != "day":
        return f"{words} ({known.describe()})"
    return words


def reported(first: str | None, last: str | None) -> str:
    """When the articles that report an event were published (its ``first_seen`` and ``last_seen``):
    "reported 2021-06-16", "reported 2021-06 to 2021-07-02"; "no publication date" when none of
    them has one (not "? → ?", which reads as the roles of two actors nobody named)."""
    if not first and not last:
        return "no publication date"
    if not first or not last or first == last:
        return f"reported {first or last}"
    return f"reported {first} to {last}"


def _value_words(value: str | None, precision: str | None) -> str | None:
    """A TimeML value in words: "2018-03" → "March 2018", "199X" → "the 1990s"; None for no value."""
    if not value or precision == "unknown":
        return None
    try:
        if precision in ("day", "reference", None) or re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            return value
        if precision == "month" and re.fullmatch(r"\d{4}-\d\d", value):
            return f"{date.fromisoformat(value + '-01'):%B %Y}"
        week = _WEEK.fullmatch(value)
        if week:
            year, number, weekend = int(week[1]), int(week[2]), week[3]
            first = date.fromisocalendar(year, number, 6 if weekend else 1)
            return f"{'weekend' if weekend else 'week'} of {first.isoformat()}"
    except ValueError:
        return value
    season = _SEASON.fullmatch(value)
    if season:
        return f"{SEASONS[season[2]]} {season[1]}"
    if precision == "decade" and re.fullmatch(r"\d{3}X", value):
        return f"the {value[:3]}0s"
    if precision == "century" and re.fullmatch(r"\d\dXX", value):
        return f"the {_ordinal(int(value[:2]) + 1)} century"
    return value  # a year, or a value of a kind not named here: as written


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _inference_words(reason: Mapping[str, Any]) -> str:
    # the rules' own words, kept with the rules (imported here: the clustering is not needed otherwise)
    from .cluster.events import describe_inference

    return describe_inference(dict(reason))


__all__ = ["article_title", "date_explained", "date_text", "dyad", "event_date", "event_headline", "participant_parts",
           "participants", "reciprocal_types", "reported"]
