"""Stories: the political events of the same parties, chained over time (docs/clustering.md).

An event cluster keys a story when it holds some article's main event (an article the gate judged
off-topic has none) and names an actor the knowledge base knows: its parties are the country of
each such person or body, else the organisation itself; its two most involved parties are its
key. The event clusters of one key whose days follow each other within ``STORY_GAP_DAYS`` are one
thread; a thread of at least ``MIN_STORY_EVENTS`` event clusters is a story. Threads are runs of
days, so they depend on which event clusters there are, not on the order in which they came.
Algorithms only; clustering.py moves the data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from ..kb.base import KnowledgeBase
from ..kb.model import Entity, is_local
from . import ranked

STORY_GAP_DAYS = 365  # an event more than a year after (or before) the others of its key starts another story
STORY_PARTIES = 2  # a story follows the two parties most involved
MIN_STORY_EVENTS = 2  # a lone event is an event, not a story
HISTORICAL_DAYS = 365  # an event dated this long before its first report is history recalled, not news
SPAN_PRECISIONS = ("day", "month", "reference")  # dates that place an event in time


def known(actor: dict[str, Any]) -> bool:
    """An actor the knowledge base knows (not a name read only in this article)."""
    return not is_local(actor.get("id"))


def parties(actors: Iterable[dict[str, Any]], kb: KnowledgeBase, day: date | None) -> Counter[str]:
    """The parties of the known actors (``party``) on the event's day."""
    found = (party(kb, actor["id"], day) for actor in actors if known(actor))
    return Counter(p for p in found if p)


def party(kb: KnowledgeBase, entity_id: str, day: date | None) -> str | None:
    """What an actor stands for in a story: a person, the state or organisation whose office they
    hold on the day (one of their own country first, then a head of state's or government's: the
    President of France is also co-prince of Andorra), else their country; a body, its
    country; an organisation without one, the organisation its key says it is part of (EU_COMMISSION:
    the European Union), else itself. A state is its ISO code, an organisation its name."""
    entity = kb.get(entity_id)
    if entity is None:
        return None
    if entity.type == "person" and day:
        offices = sorted(entity.offices_on(day),
                         key=lambda o: (o.of != entity.country, not (o.head_of_state or o.head_of_government)))
        for office in offices:
            served = kb.by_key(office.of)
            if served is not None:
                return _side(kb, served)
    return _side(kb, entity)


def _side(kb: KnowledgeBase, entity: Entity) -> str:
    if entity.stands_for or entity.country:
        return entity.stands_for or entity.country
    parent = kb.by_key(entity.key.split("_")[0]) if entity.key and "_" in entity.key else None
    return parent.name if parent is not None and not parent.country else entity.name


def story_key(actors: list[dict[str, Any]], topics: list[str], kb: KnowledgeBase, day: date | None) -> str | None:
    """The ``STORY_PARTIES`` parties an event cluster's known actors most involve (the most reported
    first among equals: ``actors`` come most reported first), sorted and joined
    by "+" ("RU+US"); None without one. An event of one party (a country's own politics) also keys
    its subject, so that one country's news is not one story: its main topic, else its most
    reported actor that is not a state ("FR:pensions", "FR:Q329")."""
    counts = parties(actors, kb, day)  # in the order of the actors, the most reported first
    found = sorted(counts, key=lambda p: -counts[p])[:STORY_PARTIES]
    if len(found) != 1:
        return "+".join(sorted(found)) or None
    subject = topics[0] if topics else next(
        (a["id"] for a in actors if known(a) and getattr(kb.get(a["id"]), "type", "country") != "country"), None)
    return f"{found[0]}:{subject}" if subject else found[0]


def historical(day: str | None, first_seen: str | None) -> bool:
    """An event that ended ``HISTORICAL_DAYS`` or more before its first report (a day, a month or a
    year): history recalled, not news."""
    seen, text = as_day(first_seen), day or ""
    if seen is None:
        return False
    last = as_day(text)
    if last and len(text) == 7:  # a month: its last day
        last = (last.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    elif last is None and len(text) == 4 and text.isdigit():  # a year: its last day
        last = date(int(text), 12, 31)
    return bool(last and last <= seen - timedelta(days=HISTORICAL_DAYS))


def story_day(day: str | None, precision: str | None, first_seen: str | None) -> str | None:
    """The day that places an event among the others of its key: its own date, else the day it was
    first reported; None when neither is known."""
    found = (as_day(day) if precision in SPAN_PRECISIONS else None) or as_day(first_seen)
    return found.isoformat() if found else None


def runs(members: Iterable[tuple[str, str]], gap: int = STORY_GAP_DAYS) -> list[list[str]]:
    """Event clusters (id, day) cut into runs whose consecutive days are at most ``gap`` days apart."""
    found: list[list[str]] = []
    last: date | None = None
    for cluster, day in sorted(members, key=lambda member: (member[1], member[0])):
        current = date.fromisoformat(day)
        if last is None or (current - last).days > gap:
            found.append([])
        found[-1].append(cluster)
        last = current
    return found


def thread_id(clusters: Iterable[str]) -> str:
    """A thread's id, from its event clusters alone (whatever the order they came in)."""
    return f"s-{min(clusters)}"


def window(day: str, gap: int = STORY_GAP_DAYS) -> tuple[str, str]:
    """The days within ``gap`` of ``day``: where the event clusters it chains with lie."""
    middle = date.fromisoformat(day)
    return (middle - timedelta(days=gap)).isoformat(), (middle + timedelta(days=gap)).isoformat()


def story_name(key: str, clusters: Iterable[tuple[list[tuple[str, str]], list[str]]],
               party_names: dict[str, str]) -> str:
    """The dominant actor pair and the most frequent topic that is not one of them: "Vladimir Putin –
    Donald Trump: Syria". ``clusters``: each event cluster's known actors (name, party) and topics.
    The pair: of each party of the key, the actor named in most of its event clusters; of a story of
    one party, its two actors named most (the state itself only when no one else is)."""
    keyed = key.split(":")[0].split("+")
    states = {party_names.get(party, party) for party in keyed}
    by_party: dict[str, Counter[str]] = {party: Counter() for party in keyed}
    topics: Counter[str] = Counter()
    for actors, tags in clusters:
        for name, party in set(actors):
            if party in by_party:
                by_party[party][name] += 1
        topics.update(tags)
    if len(keyed) == 1:
        named = ranked(by_party[keyed[0]])
        pair = [name for name in named if name not in states][:2] or named[:1]
    else:
        pair = [ranked(by_party[party])[0] for party in keyed if by_party[party]]
    counts = Counter({name: n for found in by_party.values() for name, n in found.items()})
    shown = sorted(pair, key=lambda name: (-counts[name], name)) or sorted(states)
    topic = next((t for t in ranked(topics) if t not in {*shown, *states}), None)
    return " – ".join(shown) + (f": {topic}" if topic else "")


def as_day(value: str | None) -> date | None:
    """The first day a date value can denote ("2017-05" → 2017-05-01), or None."""
    for text in ((value or "")[:10], (value or "")[:7] + "-01"):
        try:
            return date.fromisoformat(text)
        except ValueError:
            continue
    return None
