"""Who takes part in the main event: the learned choice among the entities named near it.

The rules (arguments.py, completion.py) read the main event's actors from its sentence's parse;
they miss participants the parse does not attach (a leader named in the headline, the other side
of an agreement named in the next sentence). The actor model (main_event.ActorFacts, trained with
the event model) gives each entity named in the event's sentence, the headline or the lead — and
each actor the rules chose — a probability of being a participant, from the rules' reading (chosen
or not, and in which role), where and how often the article names it, and what the knowledge base
knows of it. The rules' actors stay; the others that pass the policy's threshold join them. Every
actor's probability goes into the event's trace.

Gold events list actors without roles, so roles are not learned: an actor the rules chose keeps
its role, and one they missed becomes a target when the event already has a source, else a source.
"""

from __future__ import annotations

from collections import Counter

from ..kb.model import is_local
from ..models import Actor, Document, Event
from .arguments import ACTOR_TYPES, Arguments
from .main_event import ActorFacts, EventModel


def candidates(doc: Document, arguments: Arguments, main: Event, found: list[Event], lead: list[int],
               heading: list[int]) -> list[tuple[str, Actor, ActorFacts]]:
    """(entity id, the actor it would be, what the model reads) of each entity that may take part
    in the main event: the rules' actors in their order, then the others in the order the article
    first names them."""
    chosen = {actor.id: actor for actor in main.actors}
    mentions = Counter(m.entity_id for m in doc.mentions if m.entity_id)
    in_others = Counter(a.id for event in found if event is not main for a in event.actors)
    places: dict[str, set[str]] = {}
    first: dict[str, int] = {}
    actors: dict[str, Actor] = {}
    # the mentions that may act: not a stance ("anti-Macron"), as the rules read them
    may_act = sorted((m for ms in arguments.mentions_by_sentence.values() for m in ms), key=lambda m: m.start)
    for mention in may_act:
        if not mention.entity_id or mention.entity_type not in ACTOR_TYPES:
            continue
        entity = arguments.actor_entity(mention)  # "le Kremlin" acts for Russia
        first.setdefault(entity.id, mention.sentence)
        here = {"event"} if mention.sentence == main.sentence else set()
        here |= {"headline"} if mention.sentence in heading else {"lead"} if mention.sentence in lead else set()
        if here or entity.id in chosen:
            places.setdefault(entity.id, set()).update(here)
            actors.setdefault(entity.id, chosen.get(entity.id) or Actor(name=entity.name, role="", id=entity.id))
    for actor in main.actors:  # an actor the completion took from another report of the event
        if actor.id not in actors:
            actors[actor.id], places[actor.id] = actor, set()
    found_facts = []
    for key, actor in actors.items():
        entity = arguments.entity(key)
        local = entity is None or is_local(key)
        facts = ActorFacts(
            event_type=main.type, entity_type="local" if local else entity.type,
            role=chosen[key].role if key in chosen else None, places=frozenset(places[key]),
            mentions=mentions.get(key, 0), first_sentence=first.get(key, main.sentence or 0),
            other_events=in_others.get(key, 0), office_holder=bool(entity is not None and entity.offices))
        found_facts.append((key, actor, facts))
    order = {actor.id: rank for rank, actor in enumerate(main.actors)}
    return sorted(found_facts, key=lambda item: (order.get(item[0], len(order)), first.get(item[0], 10**6)))


def choose(main: Event, found: list[tuple[str, Actor, ActorFacts]], model: EventModel) -> None:
    """The main event's actors as the actor model decides, recorded in its trace."""
    kept = model.participants([(key, facts) for key, _, facts in found])
    if kept is None:
        return
    probability = dict(kept)
    actors = [actor for key, actor, _ in found if key in probability]  # the rules' first, in their order
    has_source = any(actor.role == "source" for actor in actors)
    main.actors = [actor if actor.role else Actor(name=actor.name, role="target" if has_source else "source",
                                                  id=actor.id) for actor in actors]
    if main.trace is not None:
        main.trace["participants"] = [[actor.name, round(probability[actor.id], 3)] for actor in main.actors]
