"""Where the main event happened: the learned choice among the places named near it.

The rules (timing.DocumentTiming.event_place) take the place the parse attaches to the event's
trigger, a summit's host city, or, for a state's decision, its capital. They miss the city of the
headline or the lead ("Macron à Kigali: ...") and cannot tell a phone call's place-less evidence
from a visit's. The place model (main_event.PlaceFacts, trained with the event model) gives each
candidate — the rules' place, each city, landmark or country named in the event's sentence, the
headline or the lead, and the capital of each actor's state — a probability of being where the
event happened, from how the article presents it and how it relates to the actors. The most
probable one that passes the policy's threshold is the event's place; the rules' place stays when
none does. Every candidate's probability goes into the event's trace.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from ..models import PLACE_BY_MODEL, Document, Event
from .main_event import EventModel, PlaceFacts
from .timing import DocumentTiming

PLACE_TYPES = ("city", "landmark", "country")


def candidates(doc: Document, timing: DocumentTiming, main: Event, lead: list[int],
               heading: list[int]) -> list[tuple[str, dict[str, Any], PlaceFacts]]:
    """(key, place, what the model reads) of each place the main event may have happened in: the
    rules' place first, then the places named near it in reading order, then its actors' capitals."""
    where = {index: "lead" for index in lead} | {index: "headline" for index in heading}
    if main.sentence is not None:
        where[main.sentence] = "event"
    mentions = Counter(m.entity_id for m in doc.mentions if m.entity_id)
    found: dict[str, dict[str, Any]] = {}

    def add(place: dict[str, Any] | None, kind: str, *, rule=False, named_in=None, introduced=False, times=0):
        if not place or not place.get("country"):
            return
        key = f"{place.get('city') or ''}|{place['country']}"
        entry = found.setdefault(key, {"place": place, "kind": kind, "rule": False, "in": set(),
                                       "introduced": False, "mentions": 0})
        entry["rule"] |= rule
        entry["introduced"] |= introduced
        entry["mentions"] = max(entry["mentions"], times)
        if named_in:
            entry["in"].add(named_in)

    if main.location:
        add(main.location, "city" if main.location.get("city") else "country", rule=True)
    for mention in doc.mentions:
        if mention.sentence not in where or mention.entity_type not in PLACE_TYPES or not mention.entity_id:
            continue
        entity = doc.entities.get(mention.entity_id)
        if entity is None:
            continue
        place = {"city": None, "country": entity.name} if entity.type == "country" else timing.place_of(entity)
        add(place, entity.type, named_in=where[mention.sentence], introduced=timing.introduced(mention),
            times=mentions[mention.entity_id])
    for actor in main.actors:
        add(timing.seat_of(actor.id), "seat")
    sides = _actor_countries(timing, main)
    return [(key, entry["place"], PlaceFacts(
        event_type=main.type, mode=main.mode, kind=entry["kind"], from_rule=entry["rule"],
        places=frozenset(entry["in"]), introduced=entry["introduced"],
        actor_country=sides.get(entry["place"]["country"], "none"), mentions=entry["mentions"]))
            for key, entry in found.items()]


def choose(main: Event, found: list[tuple[str, dict[str, Any], PlaceFacts]], model: EventModel) -> None:
    """The main event's place as the place model decides, recorded in its trace."""
    ranked = model.place([(key, facts) for key, _, facts in found])
    if ranked is None:
        return
    best, probability = ranked[0]
    chosen = probability >= model.policy.place_threshold
    if chosen:
        main.location = next(place for key, place, _ in found if key == best)
    if main.trace is not None:
        main.trace["place"] = [[key.strip("|").replace("|", ", "), round(p, 3)] for key, p in ranked[:4]]
        if chosen:
            main.trace["place_by"] = PLACE_BY_MODEL


def _actor_countries(timing: DocumentTiming, main: Event) -> dict[str, str]:
    """The English name of each actor's country → its role (a source's country wins)."""
    sides: dict[str, str] = {}
    for actor in sorted(main.actors, key=lambda a: a.role != "source"):
        entity = timing.entity(actor.id)
        code = entity and (entity.stands_for or entity.country)
        country = timing.kb.country(code) if code else None
        if country is not None:
            sides.setdefault(country.name, actor.role or "source")
    return sides
