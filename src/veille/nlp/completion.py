"""What the main event takes from the rest of its article once it is chosen: the agent a passive
lead leaves out, the office holders acting for a state (PLOVER names people first), and the day
its lead leaves out, from the sentence that details it, restates it or names its actors
(docs/events.md)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from ..dates import DateConstraint
from ..kb.model import Entity
from ..models import Actor, Event
from .article_time import When
from .syntax import clause_tense
from .timing import DocumentTiming

_DETAIL_SENTENCES = 3  # in how many of the next sentences reporting its type a lead's details may be
# Dates that name a time, not a day: a main event's news happened on a day, and a lead dated only
# "en 2016" or "en mars 2016" has taken the date of what it recalls ("élu en 2016"); held out, every
# main event so dated was wrong (docs/evaluation.md).
_BACKGROUND_PRECISIONS = frozenset({"year", "month", "season", "decade", "century"})


class LeadCompletion:
    """Completes an article's main event from its other events (``EventExtractor.candidates``)."""

    def __init__(self, timing: DocumentTiming, entity: Callable[[str | None], Entity | None], lead: list[int],
                 tokens: dict[str, object], shifted: set[str], unnamed: list[tuple[int, str, When]],
                 statement_types: frozenset[str]) -> None:
        self.timing = timing  # the article's day, and the dating of a sentence
        self.entity = entity  # an actor's entity, as linked in the article, else the knowledge base's
        self.statement_types = statement_types  # events made by saying (events.toml [policy] statement)
        self.lead = lead  # the headline's and the lead's sentences
        self.tokens = tokens  # event id → its trigger token
        self.shifted = shifted  # events dated from another day of their sentence ("la veille")
        self.unnamed = unnamed  # (sentence, type, when) of the events told without an actor

    def complete(self, main: Event, events: list[Event]) -> None:
        self.complete_source(main, events)
        self.name_people(main, events)
        self.forget_background_date(main)
        self.date_from_details(main, events)
        self.date_from_unnamed(main, events)
        self.date_from_restatement(main)

    def complete_source(self, main: Event, events: list[Event]) -> None:
        """A lead told in the passive without its agent ("Le pasteur a été libéré") takes the agent of
        the first other report of its type, at no other time and on no one else, that names one
        ("libéré plus tôt par un tribunal turc": Turkey). Meetings have no agent to complete."""
        if main.type == "CONSULT" or not main.actors or any(actor.role == "source" for actor in main.actors):
            return
        targets = {actor.id for actor in main.actors}
        for event in _same_act(main, events):
            sources = [actor for actor in event.actors if actor.role == "source" and actor.id not in targets]
            others = {actor.id for actor in event.actors if actor.role == "target"}
            if not sources or (others and not others & targets):
                continue
            main.actors = [Actor(name=a.name, role="source", id=a.id) for a in sources] + main.actors
            return

    def name_people(self, main: Event, events: list[Event]) -> None:
        """PLOVER names people first: a state told acting in the lead ("Washington a frappé la
        Syrie") gives way to its office holders whom another report of the same type, at no other
        time, shows acting ("Donald Trump a ordonné des frappes"). Targets stay as told."""
        day = _day_of(main) or self.timing.reference
        actors: list[Actor] = []
        for actor in main.actors:
            entity = self.entity(actor.id) if actor.role == "source" else None
            holders = self._acting_for(entity.country, main, events, day) if entity and entity.type == "country" else []
            for named in holders or [actor]:
                if all(named.id != known.id for known in actors):
                    actors.append(named)
        main.actors = actors

    def people_first(self, main: Event) -> None:
        """PLOVER names people first: a state gives way to one of the main event's actors who held
        one of its offices on the event's day ("Sergueï Lavrov" speaks for "la Russie": one side,
        named once). Runs after the participants are chosen; what it drops goes into the trace."""
        day = _day_of(main) or self.timing.reference
        represented = {office.of for actor in main.actors for office in self._offices(actor.id)
                       if day is None or office.held_on(day)}
        dropped = [actor for actor in main.actors if self._state_of(actor.id) in represented]
        if not dropped:
            return
        main.actors = [actor for actor in main.actors if actor not in dropped]
        if main.trace is not None:
            main.trace["people_first"] = [actor.name for actor in dropped]

    def _offices(self, actor_id: str | None) -> list:
        entity = self.entity(actor_id)
        return list(entity.offices) if entity is not None and entity.type == "person" else []

    def _state_of(self, actor_id: str | None) -> str | None:
        entity = self.entity(actor_id)
        return entity.country if entity is not None and entity.type == "country" else None

    def _acting_for(self, country: str | None, main: Event, events: list[Event], day: date | None) -> list[Actor]:
        """The sources of the article's other reports of the main event's type, at no other time,
        who held an office of ``country`` on ``day`` (at any time, when the day is unknown)."""
        found = []
        for event in _same_act(main, events):
            for actor in event.actors:
                entity = self.entity(actor.id) if actor.role == "source" else None
                if entity and entity.type == "person" and any(
                        office.of == country and (day is None or office.held_on(day)) for office in entity.offices):
                    found.append(Actor(name=actor.name, role="source", id=actor.id))
        return found

    def forget_background_date(self, main: Event) -> None:
        """A main event dated by a year, month or season only takes, instead, what an event told
        without a date would: its article's day if known (and then the day the following rules find
        in its details, restatements or unnamed reports)."""
        if main.date_precision not in _BACKGROUND_PRECISIONS:
            return
        when = self.timing.undated()
        main.date, main.date_precision = (when.value, when.precision) if when else (None, None)
        main.date_constraint = when.constraint if when else None

    def date_from_restatement(self, main: Event) -> None:
        """A statement told without its day (an accusation, a demand, a threat...) takes the day of
        the next sentence when it refers back to it ("La dirigeante a fait cette déclaration lundi
        soir devant les députés")."""
        if (main.sentence is None or main.type not in self.statement_types
                or main.date_precision not in (None, "unknown", "reference")):
            return
        when = self.timing.restatement_date(main.sentence + 1)
        if when and (when.precision in ("day", "month") or when.constraint):
            main.date, main.date_precision, main.date_constraint = when.value, when.precision, when.constraint

    def date_from_unnamed(self, main: Event, events: list[Event]) -> None:
        """A lead may tell the event without its actors and the next sentence name them ("Un accord
        a été adopté samedi par 195 pays." / "« Je déclare l'accord adopté », a déclaré Laurent
        Fabius"): the main event, when only its article dates it, takes the day of an earlier lead
        sentence reporting its type without a named actor (``unnamed``), if that day is recent.
        Or the lead names the actors and a later sentence gives the day ("Des centaines de milliers
        de personnes manifestent à Hong Kong" / "Au début de dimanche après-midi, de grandes foules
        s'étaient rassemblées"): a main event with no date at all takes the weekday of one of the
        next three sentences reporting its type, when that one names no actor."""
        if main.sentence is None or main.date_precision not in (None, "unknown", "reference"):
            return
        following = self._next_reports(main, events) if main.date_precision is None else []
        for index, event_type, when in self.unnamed:
            if event_type != main.type:
                continue
            if (index < main.sentence and index in self.lead and when.precision == "day"
                    and self.timing.recent(date.fromisoformat(when.value[:10]))):
                main.date, main.date_precision, main.date_constraint = when.value, "day", None
                return
            if when.constraint and index in following:
                main.date_precision, main.date_constraint = "unknown", when.constraint
                return

    def _next_reports(self, main: Event, events: list[Event]) -> list[int]:
        """The next sentences after the main event's that report its type, named or not."""
        named = {e.sentence for e in events if e.type == main.type}
        unnamed = {index for index, event_type, _ in self.unnamed if event_type == main.type}
        return sorted(i for i in named | unnamed if i > main.sentence)[:_DETAIL_SENTENCES]

    def date_from_details(self, main: Event, events: list[Event]) -> None:
        """A lead that reports an event without its day ("Moscou a annoncé l'expulsion de 60
        diplomates") takes the day of the sentence that gives the details ("Sergueï Lavrov a annoncé
        ce 29 mars l'expulsion..."): the first later event of the same type, in one of the next three
        sentences that report that type (a photo caption may come between),
        whose acting side is the lead's (the same actor, or a person or body of the same country) and
        whose day is within a week of the article's (an earlier meeting recalled is not the lead's) and
        is the sentence's own day (not "la veille" of it: the sentence then tells of two days).
        A lead dated only by its article's day takes it too when it is told in the present, as
        headlines are ("Trump et Macron échangent par téléphone"); one told in the past keeps the
        article's day, a better guess than a detail's, often about another event. In an article
        without a day, a lead with no date at all takes what the details say of theirs
        ("vendredi 12 octobre": a Friday, a 12 October)."""
        if main.sentence is None or main.date_precision not in (None, "unknown", "reference"):
            return
        if main.date_precision == "reference" and clause_tense(self.tokens[main.id]) != "present":
            return
        constraint = DateConstraint.parse(main.date_constraint)
        sides = self._sides(main)
        later = [e for e in events if e.type == main.type and (e.sentence or 0) > main.sentence]
        sentences = sorted({e.sentence for e in later})[:_DETAIL_SENTENCES]
        for event in later:
            if event.sentence not in sentences:
                break
            if event.id in self.shifted or not sides & self._sides(event):
                continue
            day = _day_of(event)
            if day and self.timing.recent(day) and (constraint is None or constraint.fits(event.date)):
                main.date, main.date_precision, main.date_constraint = event.date, "day", None
                return
            if main.date_precision is None and event.date_precision == "unknown" and event.date_constraint:
                main.date_precision, main.date_constraint = "unknown", event.date_constraint
                return

    def _sides(self, event: Event) -> set[str]:
        """Who acts in an event: its source actors and the countries they belong to or stand for."""
        sides = set()
        for actor in event.actors:
            if actor.role != "source" or not actor.id:
                continue
            sides.add(actor.id)
            entity = self.entity(actor.id)
            if entity and entity.type in ("country", "government_body", "person"):
                sides.add(entity.stands_for or entity.country or actor.id)
        return sides


def _day_of(event: Event) -> date | None:
    return date.fromisoformat(event.date[:10]) if event.date_precision == "day" and event.date else None


def _same_act(main: Event, events: list[Event]) -> Iterator[Event]:
    """The article's other reports of the main event's type, at no other time: maybe the same act."""
    return (e for e in events if e is not main and e.type == main.type and not _other_times(e, main))


def _other_times(a: Event, b: Event) -> bool:
    """Events dated to different days, months or years ("en 2014" against "samedi 14 avril 2018")."""
    lengths = {"day": 10, "month": 7, "year": 4}
    if not (a.date and b.date and a.date_precision in lengths and b.date_precision in lengths):
        return False
    length = min(lengths[a.date_precision], lengths[b.date_precision])
    return a.date[:length] != b.date[:length]
