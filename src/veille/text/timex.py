"""Time expressions: found in text and normalised to ISO-TimeML values against a reference date.

The words are in lang/<language>/dates.toml: each rule there is a regular expression whose named
groups say what it found (a day, a month, a weekday, a day counted from the reference, a
duration...). This module knows what those names mean and never sees a word of the language.

A date given without its year ("le 6 mai", "en juillet", "dimanche") is placed against the
reference date (an article's publication date), using the tense of its clause when the caller
knows it: in a past clause the last one before the reference, in a future clause the next one,
otherwise the nearest one. A weekday in a past or present clause, or with no tense, is the last
one on or before the reference — the reference day itself included, since news reports what
happened the day it is published; in a future clause it is the next one.
"""

from __future__ import annotations

import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from typing import Callable

from ..dates import SEASONS
from ..errors import ConfigError
from ..lang import toml

__all__ = ["TENSES", "TimeExpression", "TimeValue", "extract", "find_expressions", "fold", "normalise"]

TENSES = ("past", "present", "future")


@dataclass(frozen=True)
class TimeValue:
    value: str  # ISO-TimeML: "2016-11-20", "2016-11", "2016-W46", "2016-SU", "196X", "2017-05-02TEV", "P2D"...
    type: str  # DATE, TIME, DURATION or SET
    first: date | None  # first and last day the value can denote; None for durations, sets, *_REF
    last: date | None
    precision: str  # day, week, weekend, month, season, year, decade, century, unknown
    mod: str | None = None  # TimeML mod: START, MID, END (first..last is then that third), MORE_THAN, APPROX...


@dataclass(frozen=True)
class TimeExpression:
    start: int  # character offsets in the text given to extract()
    end: int
    text: str
    value: TimeValue


# ---------------------------------------------------------------- public functions
def find_expressions(text: str, language: str = "fr") -> list[tuple[int, int]]:
    """The (start, end) offsets of the time expressions in a text."""
    return [(piece.start, piece.end) for piece in _pieces(fold(text), _grammar(language)) if piece.alone]


def normalise(expression: str, reference: date | None, tense: str | None = None,
              language: str = "fr") -> TimeValue | None:
    """The value of one expression ("le 6 mai dernier", "hier soir", "deux ans"), or None.

    The caller says the whole string is a time expression, so bare words that are too ambiguous
    to be searched for in running text ("1975", "juillet", "été") are read here."""
    grammar = _grammar(language)
    folded = fold(expression)
    whole = (len(folded) - len(folded.lstrip(_STRIP)), len(folded.rstrip(_STRIP)))
    # a piece that needs a day ("soirée") stands alone only as the whole expression ("la soirée")
    pieces = [p for p in _pieces(folded, grammar, whole) if p.alone or (p.start, p.end) == whole]
    if not pieces:
        return None
    piece = max(pieces, key=lambda p: p.end - p.start)
    return _resolve(_read_fields(piece.fields, grammar), _as_date(reference), _as_tense(tense))


def extract(text: str, reference: date | None, tense_at: Callable[[int], str | None] | None = None,
            language: str = "fr") -> list[TimeExpression]:
    """The time expressions of a text with their values; tense_at(offset) gives the tense
    ("past", "present", "future" or None) of the clause at an offset, when known."""
    grammar, reference = _grammar(language), _as_date(reference)
    found = []
    for piece in _pieces(fold(text), grammar):
        if not piece.alone:
            continue
        tense = _as_tense(tense_at(piece.start)) if tense_at else None
        value = _resolve(_read_fields(piece.fields, grammar), reference, tense)
        if value:
            found.append(TimeExpression(piece.start, piece.end, text[piece.start:piece.end], value))
    return found


def _as_date(reference: date | None) -> date | None:
    return reference.date() if isinstance(reference, datetime) else reference


def _as_tense(tense: str | None) -> str | None:
    return tense if tense in TENSES else None


# ---------------------------------------------------------------- folding
_PUNCTUATION = {"’": "'", "ʼ": "'", "‘": "'", "`": "'", "\u00a0": " ", "\u202f": " ", "\u2009": " ",
                "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"}
_STRIP = " \t\r\n,.;:!?«»\"'()[]"


class _Folding(dict):
    """A str.translate table filled as characters are met: each character gives exactly one."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _PUNCTUATION.get(char) or unicodedata.normalize("NFD", char)[0].lower()[:1] or char
        self[code] = folded
        return folded


_FOLDING = _Folding()


def fold(text: str) -> str:
    """Lower case, no accents, one apostrophe, one hyphen; as long as the text, so that offsets
    found in the folded text hold in the original."""
    return text.translate(_FOLDING)


def _key(word: str) -> str:
    # "week-end", "weekend" and "week end" are one word
    return re.sub(r"[\s-]+", "", word)


# ---------------------------------------------------------------- the language's grammar
@dataclass(frozen=True)
class _Rule:
    pattern: re.Pattern
    search: bool  # False: only when it spans a whole expression given to normalise()
    alone: bool  # False: kept only when joined to a day ("soir" in "mardi soir")


@dataclass(frozen=True)
class _Grammar:
    rules: tuple[_Rule, ...]
    meanings: dict[str, dict[str, object]]  # table → {word key: meaning}; True where presence is the meaning
    joiner: re.Pattern  # what may stand between a day and a time of day
    number_words: re.Pattern


_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


@cache
def _grammar(language: str) -> _Grammar:
    data = toml(language, "dates.toml")
    words = {name: entries if isinstance(entries, dict) else dict.fromkeys(entries, True)
             for name, entries in data["words"].items()}
    meanings = {name: {_key(fold(word)): meaning for word, meaning in table.items()} for name, table in words.items()}
    alternations = {name: _alternation(table) for name, table in words.items()}
    pieces = data.get("pieces", {})

    def compile_rule(rule: dict) -> _Rule:
        pattern = _expand(rule["pattern"], alternations, pieces)
        return _Rule(re.compile(rf"(?<!\w)(?:{pattern})(?!\w)"), rule.get("search", True), rule.get("alone", True))

    return _Grammar(rules=tuple(map(compile_rule, data["rule"])), meanings=meanings,
                    joiner=re.compile(_expand(data["joiner"], alternations, pieces)),
                    number_words=re.compile(alternations["number_word"]))


def _alternation(words) -> str:
    """Longest first, so that "quatre-vingts" is not read as "quatre"; a space or hyphen in a word
    stands for none or any."""
    forms = sorted({fold(word) for word in words}, key=len, reverse=True)
    return "|".join(r"[\s-]*".join(map(re.escape, re.split(r"[\s-]+", form))) for form in forms)


def _expand(pattern: str, alternations: dict[str, str], pieces: dict[str, str]) -> str:
    def substitute(match: re.Match) -> str:
        name = match[1]
        if name in pieces:
            return f"(?:{_expand(pieces[name], alternations, pieces)})"
        if name in alternations:
            return f"(?:{alternations[name]})"
        raise ConfigError(f"dates.toml: a pattern names {{{name}}}, which is neither a piece nor a word table")

    return _PLACEHOLDER.sub(substitute, _fold_pattern(pattern))


def _fold_pattern(pattern: str) -> str:
    # fold the literal text of a pattern, never its escapes (\S is not \s) or group syntax (?P<
    return re.sub(r"\\.|\(\?P<|[^\\(]+|\(", lambda m: m[0] if m[0][0] in "\\(" else fold(m[0]), pattern)


# ---------------------------------------------------------------- finding expressions
@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    fields: dict[str, str]  # group name → matched (folded) text
    alone: bool
    rank: int  # the rule's place in the file: the earlier wins between equally long matches


_DAY_KEYS = frozenset({"day", "day_offset", "weekday", "holiday"})
_TIME_KEYS = frozenset({"part", "hour", "clock"})


def _pieces(folded: str, grammar: _Grammar, whole: tuple[int, int] | None = None) -> list[_Piece]:
    found = []
    for rank, rule in enumerate(grammar.rules):
        if not rule.search and whole is None:
            continue
        for match in rule.pattern.finditer(folded):
            groups = match.groupdict()
            start = match.start() if groups.get("lead") is None else match.end("lead")
            if rule.search or (start, match.end()) == whole:
                fields = {name: text for name, text in groups.items() if text is not None and name != "lead"}
                found.append(_Piece(start, match.end(), fields, rule.alone, rank))
    return _join_pieces(_longest_first(found), folded, grammar.joiner)


def _longest_first(pieces: list[_Piece]) -> list[_Piece]:
    kept: list[_Piece] = []
    for piece in sorted(pieces, key=lambda p: (p.start - p.end, p.rank, p.start)):
        if all(piece.end <= other.start or other.end <= piece.start for other in kept):
            kept.append(piece)
    return sorted(kept, key=lambda p: p.start)


def _join_pieces(pieces: list[_Piece], folded: str, joiner: re.Pattern) -> list[_Piece]:
    """A day and a time of day next to each other are one expression ("mardi soir", "hier à 10 h");
    so are a day and its weekday in apposition ("aujourd'hui vendredi")."""
    joined: list[_Piece] = []
    for piece in pieces:
        previous = joined[-1] if joined else None
        if previous and _joinable(previous, piece) and joiner.fullmatch(folded, previous.end, piece.start):
            joined[-1] = _Piece(previous.start, piece.end, {**previous.fields, **piece.fields},
                                previous.alone or piece.alone, min(previous.rank, piece.rank))
        else:
            joined.append(piece)
    return joined


def _joinable(a: _Piece, b: _Piece) -> bool:
    if a.fields.keys() & b.fields.keys():
        return False
    return {_role(a), _role(b)} in ({"time", "day"}, {"time", "weekday"}, {"weekday", "day"})


def _role(piece: _Piece) -> str | None:
    keys = piece.fields.keys()
    if keys & _TIME_KEYS and not keys & (_DAY_KEYS | {"this"}):
        return "time"
    if keys <= {"weekday"}:
        return "weekday"
    if keys & _DAY_KEYS and not keys & (_TIME_KEYS | {"unit", "every"}):
        return "day"
    return None


# ---------------------------------------------------------------- reading the groups
_NUMERIC = frozenset({"day", "month", "year", "hour", "minute", "decade", "century"})
_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
_TABLE_OF = {"plus_fraction": "fraction"}  # groups read through another group's table


def _read_fields(fields: dict[str, str], grammar: _Grammar) -> dict[str, object]:
    # "ref_alone" is read through its own table (words only read in normalise()) and means "ref"
    return {name.removesuffix("_alone"): _read(name, text, grammar) for name, text in fields.items()}


def _read(name: str, text: str, grammar: _Grammar) -> object:
    base = name.removesuffix("_end")
    base = _TABLE_OF.get(base, base)
    meaning = grammar.meanings.get(base, {}).get(_key(text))
    if meaning is not None:
        return meaning
    if base == "number":
        return _number(text, grammar)
    if base == "century" and not text.isdigit():
        return _roman(text)
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits and base in _NUMERIC else True


def _number(text: str, grammar: _Grammar) -> float:
    if re.fullmatch(r"\d+(?:,\d+)?", text):
        value = float(text.replace(",", "."))
        return int(value) if value.is_integer() else value
    total = current = 0
    for word in grammar.number_words.findall(text):
        value = grammar.meanings["number_word"][_key(word)]
        if value == 100:  # "deux cents": a multiplier
            current = max(current, 1) * value
        elif value >= 1000:
            total, current = total + max(current, 1) * value, 0
        else:
            current += value
    return total + current


def _roman(text: str) -> int:
    values = [_ROMAN[char] for char in text]
    return sum(-v if v < nxt else v for v, nxt in zip(values, values[1:] + [0]))


# ---------------------------------------------------------------- values
@dataclass(frozen=True)
class _Period:
    value: str
    first: date
    last: date
    precision: str


def _resolve(f: dict[str, object], reference: date | None, tense: str | None) -> TimeValue | None:
    if "ref" in f:
        return TimeValue(str(f["ref"]), "DATE", None, None, "unknown")
    if "every" in f or "set" in f:
        return _set(f)
    if "unit" in f and "shift" not in f:
        return _duration(f)
    try:
        period = _range(f, reference, tense)
    except (ValueError, OverflowError):  # "dans 10000 ans", "le MMXe siècle": off the calendar
        return None
    if period is None:
        return _unanchored(f) if reference is None else None
    mod = f.get("boundary")
    first, last = _narrow(period.first, period.last, mod)
    time = _time_of_day(f)
    if time and period.precision == "day":
        return TimeValue(f"{period.value}T{time}", "TIME", first, last, "day", mod)
    return TimeValue(period.value, "DATE", first, last, period.precision, mod)


def _range(f: dict, reference: date | None, tense: str | None) -> _Period | None:
    """A single date, or a range ("du 10 au 12 mai") whose groups ending in _end give its end."""
    start = {k: v for k, v in f.items() if not k.endswith("_end")}
    end = {k.removesuffix("_end"): v for k, v in f.items() if k.endswith("_end")}
    if not end:
        return _period(start, reference, tense)
    for key in ("month", "year", "direction"):  # "du 10 au 12 mai 2017": the start is in May 2017 too
        if key in end:
            start.setdefault(key, end[key])
    first = _period(start, reference, tense)
    if first is None:
        return None
    end.pop("direction", None)
    last = _period(end, first.first, "future")  # the end is the first such day from the start on
    if last and last.first < first.first and "year" not in f and "year" in end:  # "du 28 décembre au 3 janvier 2017"
        first = _period({**start, "year": end["year"] - 1}, reference, tense)
    if last is None or first is None:
        return first
    return _Period(first.value, first.first, max(first.last, last.last), first.precision)


def _period(f: dict, ref: date | None, tense: str | None) -> _Period | None:
    if "shift" in f:
        return _shifted(f, ref)
    if "day_offset" in f:
        return _day(ref + timedelta(days=f["day_offset"])) if ref else None
    if "holiday" in f:
        return _yearly(f, ref, tense, lambda year: _holiday(f["holiday"], year))
    if "day" in f and "month" in f:
        return _yearly(f, ref, tense, lambda year: _day_of(year, f["month"], f["day"]))
    if "month" in f:
        return _yearly(f, ref, tense, lambda year: _month(year, f["month"]))
    if "weekday" in f:
        return _weekday(f, ref, tense)
    if "season" in f:
        return _yearly(f, ref, tense, lambda year: _season(year, f["season"]))
    if "period" in f:
        return _relative(f, ref, tense)
    if "year" in f:
        return _year(_full_year(f["year"], ref))
    if "decade" in f:
        return _decade(f["decade"], ref)
    if "century" in f:
        return _century(f["century"])
    if f.keys() & _TIME_KEYS and ref:  # "ce soir", "à 18 h": the reference day
        return _day(ref)
    return None


# How to choose among the candidate periods of a date given without its year or week. A weekday
# in the present is read as news reads it, as the last one: "annoncées mercredi", "lancé vendredi".
_MODES = {
    "calendar": {"past": "likely_until", "future": "likely_from", "present": "nearest", None: "nearest"},
    "weekday": {"past": "until", "future": "after", "present": "until", None: "until"},
}
_CHOICES = {  # mode → (is the period eligible, take the latest eligible one)
    "before": (lambda p, ref: p.last < ref, True),
    "until": (lambda p, ref: p.first <= ref, True),
    "after": (lambda p, ref: p.first > ref, False),
    "from": (lambda p, ref: p.last >= ref, False),
}
# A tense overruled: the date it points to is over six months away and the other one under two.
_FAR_DAYS, _NEAR_DAYS = 183, 61


def _mode(f: dict, tense: str | None, kind: str) -> str:
    if "direction" in f:
        return "after" if f["direction"] > 0 else "before"
    if "this" in f:  # "ce dimanche": today's weekday counts whatever the tense
        kind = "calendar"
    return _MODES[kind][tense]


def _choose(candidates: list[_Period], ref: date, mode: str) -> _Period | None:
    if mode == "nearest":  # equally near: the earlier one, as news reports more than it announces
        return min(candidates, key=lambda p: (_distance(p, ref), p.first), default=None)
    if mode.startswith("likely_"):
        return _likely(candidates, ref, mode.removeprefix("likely_"))
    eligible, latest = _CHOICES[mode]
    kept = [p for p in candidates if eligible(p, ref)]
    if not kept:
        return None
    return (max if latest else min)(kept, key=lambda p: p.first)


def _likely(candidates: list[_Period], ref: date, mode: str) -> _Period | None:
    """The one the tense points to, unless it is far and the other one near: a past clause often
    reports a coming date ("a fixé l'échéance au 30 juin"), while a date most of a year back
    usually comes with its year."""
    chosen, nearest = _choose(candidates, ref, mode), _choose(candidates, ref, "nearest")
    if chosen is None or (_distance(chosen, ref) > _FAR_DAYS and _distance(nearest, ref) < _NEAR_DAYS):
        return nearest
    return chosen


def _distance(period: _Period, ref: date) -> int:
    if period.first <= ref <= period.last:
        return 0
    return min(abs((period.first - ref).days), abs((period.last - ref).days))


def _yearly(f: dict, ref: date | None, tense: str | None, make: Callable[[int], _Period | None]) -> _Period | None:
    if "year" in f:
        return make(_full_year(f["year"], ref))
    if ref is None:
        return None
    candidates = [p for year in (ref.year - 1, ref.year, ref.year + 1) if (p := make(year))]
    if "weekday" in f:  # "mardi 2 mai": the year in which 2 May is a Tuesday, when one is near
        candidates = [p for p in candidates if p.first.isoweekday() == f["weekday"]] or candidates
    return _choose(candidates, ref, _mode(f, tense, "calendar"))


def _weekday(f: dict, ref: date | None, tense: str | None) -> _Period | None:
    if ref is None:
        return None
    days = (ref + timedelta(days=k) for k in range(-7, 8))
    return _choose([_day(d) for d in days if d.isoweekday() == f["weekday"]], ref, _mode(f, tense, "weekday"))


def _relative(f: dict, ref: date | None, tense: str | None) -> _Period | None:
    """"cette semaine", "le mois dernier", "l'an prochain", "ce week-end"."""
    if ref is None:
        return None
    unit, step = f["period"], f.get("direction", 0)
    if unit == "WE":
        saturdays = (ref + timedelta(days=k) for k in range(-13, 14))
        return _choose([_weekend(d) for d in saturdays if d.isoweekday() == 6], ref, _mode(f, tense, "calendar"))
    if unit == "W":
        return _week(ref + timedelta(weeks=step))
    if unit == "M":
        year, month = divmod(ref.year * 12 + ref.month - 1 + step, 12)
        return _month(year, month + 1)
    return _year(ref.year + step)


def _shifted(f: dict, ref: date | None) -> _Period | None:
    """"il y a deux ans" → the year two years before the reference; "dans trois jours"."""
    if ref is None:
        return None
    amount, unit = _quantity(f)
    step = int(f["shift"]) * int(amount)
    if unit == "Y":
        return _year(ref.year + step)
    if unit == "M":
        year, month = divmod(ref.year * 12 + ref.month - 1 + step, 12)
        return _month(year, month + 1)
    if unit in ("W", "D"):
        return _day(ref + timedelta(days=step * (7 if unit == "W" else 1)))
    return _day(ref)  # hours, minutes: the reference day


# ---------------------------------------------------------------- durations, sets, times of day
_SMALLER = {"Y": (12, "M"), "M": (30, "D"), "W": (7, "D"), "D": (24, "TH"), "TH": (60, "TM"), "TM": (60, "TS")}


def _quantity(f: dict) -> tuple[float, str]:
    """"un an et demi" → (18, "M"); "un demi-siècle" → (50, "Y"); "30,4 secondes" → (30.4, "TS")."""
    factor, unit = _unit(str(f["unit"]))
    amount = f.get("number", f.get("approx_number", 1)) * f.get("fraction", 1) + f.get("plus_fraction", 0)
    amount *= factor
    while not float(amount).is_integer() and unit in _SMALLER:
        scale, unit = _SMALLER[unit]
        amount *= scale
    return (int(amount) if float(amount).is_integer() else round(amount, 3)), unit


def _unit(spec: str) -> tuple[int, str]:
    match = re.fullmatch(r"(\d*)(T?[A-Z])", spec)
    if not match:
        raise ConfigError(f"dates.toml: {spec!r} is not a unit (an ISO 8601 designator after an optional multiple)")
    return int(match[1] or 1), match[2]


def _iso_duration(amount: object, unit: str) -> str:
    return f"PT{amount}{unit[1]}" if unit.startswith("T") else f"P{amount}{unit}"


def _duration(f: dict) -> TimeValue:
    if "vague" in f:  # "quelques mois", "ces derniers jours"
        value = _iso_duration("X", _unit(str(f["unit"]))[1])
    else:
        value = _iso_duration(*_quantity(f))
    mod = f.get("mod") or ("APPROX" if "approx_number" in f else None)
    return TimeValue(value, "DURATION", None, None, "unknown", mod)


def _set(f: dict) -> TimeValue:
    if "set" in f:  # "annuel"
        return TimeValue(_iso_duration(*_quantity({"unit": f["set"]})), "SET", None, None, "unknown")
    if "weekday" in f:
        return TimeValue(f"XXXX-WXX-{f['weekday']}", "SET", None, None, "unknown")
    return TimeValue(_iso_duration(*_quantity(f)), "SET", None, None, "unknown")


def _unanchored(f: dict) -> TimeValue | None:
    """With no reference date, what is known of a date given without its year: "XXXX-05-06"."""
    if "year" in f or f.keys() & {"shift", "day_offset", "period", "direction", "this"}:
        return None
    if "part" in f and "month_end" in f and "year_end" not in f:  # "la nuit du 13 au 14 avril": its first day
        f = {"month": f["month_end"], **f}
    if "month" in f:
        day = f"-{f['day']:02d}" if "day" in f else ""
        return TimeValue(f"XXXX-{f['month']:02d}{day}", "DATE", None, None, "day" if day else "month")
    if "season" in f:
        return TimeValue(f"XXXX-{f['season']}", "DATE", None, None, "season")
    if "weekday" in f:
        return TimeValue(f"XXXX-WXX-{f['weekday']}", "DATE", None, None, "day")
    return None


def _time_of_day(f: dict) -> str | None:
    if "hour" in f:
        return f"{f['hour']:02d}:{f.get('minute', 0):02d}"
    return f.get("clock") or f.get("part")


def _narrow(first: date, last: date, mod: object) -> tuple[date, date]:
    """"début juillet" is the first third of July, "mi-" the middle one, "fin" the last one."""
    third = ((last - first).days + 1) // 3
    if mod not in ("START", "MID", "END") or third == 0:
        return first, last
    if mod == "START":
        return first, first + timedelta(days=third - 1)
    if mod == "END":
        return last - timedelta(days=third - 1), last
    return first + timedelta(days=third), last - timedelta(days=third)


# ---------------------------------------------------------------- calendar periods
# Northern-hemisphere astronomical seasons: first day, last day, and whether the last is next year.


def _day(day: date) -> _Period:
    return _Period(day.isoformat(), day, day, "day")


def _day_of(year: int, month: int, day: int) -> _Period | None:
    try:
        return _day(date(year, month, day))
    except ValueError:  # 30 February, 29 February of a common year
        return None


def _month(year: int, month: int) -> _Period:
    return _Period(f"{year:04d}-{month:02d}", date(year, month, 1), date(year, month, monthrange(year, month)[1]), "month")


def _year(year: int) -> _Period:
    return _Period(f"{year:04d}", date(year, 1, 1), date(year, 12, 31), "year")


def _week(day: date) -> _Period:
    monday = day - timedelta(days=day.weekday())
    iso = monday.isocalendar()
    return _Period(f"{iso.year}-W{iso.week:02d}", monday, monday + timedelta(days=6), "week")


def _weekend(saturday: date) -> _Period:
    iso = saturday.isocalendar()
    return _Period(f"{iso.year}-W{iso.week:02d}-WE", saturday, saturday + timedelta(days=1), "weekend")


def _season(year: int, code: str) -> _Period:
    (first_month, first_day), (last_month, last_day), spill = SEASONS[code]
    return _Period(f"{year:04d}-{code}", date(year, first_month, first_day),
                   date(year + spill, last_month, last_day), "season")


def _decade(decade: int, ref: date | None) -> _Period:
    if decade < 100:  # "les années 60": the last such decade that has begun
        decade = 2000 + decade if 2000 + decade <= (ref or date.today()).year else 1900 + decade
    return _Period(f"{decade // 10:03d}X", date(decade, 1, 1), date(decade + 9, 12, 31), "decade")


def _century(number: int) -> _Period:
    first_year = 100 * (number - 1)
    return _Period(f"{number - 1:02d}XX", date(max(first_year, 1), 1, 1), date(first_year + 99, 12, 31), "century")


def _full_year(year: int, ref: date | None) -> int:
    if year >= 100:
        return year
    # "octobre 98", "le 10 novembre 03": the century that does not put it far in the future
    return 2000 + year if 2000 + year <= (ref or date.today()).year + 10 else 1900 + year


def _holiday(spec: str, year: int) -> _Period | None:
    if spec.startswith("easter"):
        return _day(_easter(year) + timedelta(days=int(spec[len("easter"):] or 0)))
    month, day = map(int, spec.split("-"))
    return _day_of(year, month, day)


def _easter(year: int) -> date:
    """Gregorian Easter Sunday (the anonymous algorithm, as in Meeus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own names)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)
