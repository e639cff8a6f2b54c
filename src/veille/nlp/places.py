"""Where events happened: the rules' place of every event, and the learned choice of the main
event's place among the places named near it.

The rules (``DocumentPlacing``; docs/events.md, step 5 of the events stage) take the place the
parse attaches to the event's trigger — a city named after a place preposition ("à Lima"), a
landmark's city — else the summit it happened at, of those the article names (article_time.py),
else the capital of a government building attached to it ("à l'Élysée"), else a country ("en
Allemagne"); for a state's decision that names no place, the capital of its government or the
seat of its organisation (``seat_of``). They miss the city of the headline or the lead ("Macron
à Kigali: ...") and cannot tell a phone call's place-less evidence from a visit's. The place
model (main_event.PlaceFacts, trained with the event model) gives each candidate — the rules'
place, each city, landmark or country named in the event's sentence, the headline or the lead,
and the capital of each actor's state — a probability of being where the event happened, from
how the article presents it and how it relates to the actors. The most probable one that passes
the policy's threshold is the event's place; the rules' place stays when none does. Every
candidate's probability goes into the event's trace. Places are English names (a city's
Wikipedia title and its country's).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from typing import Any

from .. import lang
from ..kb.base import KnowledgeBase
from ..kb.model import alias_key
from ..models import PLACE_BY_MODEL, Document, Event
from .arguments import Arguments
from .article_time import ArticleTime, When
from .main_event import EventModel, PlaceFacts

PLACE_TYPES = ("city", "landmark", "country")


class DocumentPlacing:
    """Where each event of one document happened, by the rules."""

    def __init__(self, time: ArticleTime) -> None:
        self.time = time  # its reference day, its office holders' era, the summits it names
        self.kb, self.doc = time.kb, time.doc
        self.words = _place_words(time.language)

    def event_place(self, index: int, sentence, token, when: When | None, meeting: bool = False,
                    gathering: bool = False) -> dict | None:
        """Where the event happened: a city, landmark, summit, government building or country the
        parse attaches to its trigger. A gathering (a protest) happens at the landmark its sentence
        names, wherever the parse hangs it ("Situé avenue des Champs-Élysées, le restaurant a fait
        les frais des casseurs"); a city the parse does not attach may be anything else's ("sa
        rétrocession à Pékin")."""
        named = [m for m in self.doc.mentions if m.sentence == index]
        mentions = [m for m in named if self._attached(m, token)]
        sites = self._sites(mentions) or ([m for m in named if m.entity_type == "landmark"] if gathering else [])
        if sites:
            site = min(sites, key=lambda m: abs(m.start - token.idx))
            return self.place_of(self.doc.entities[site.entity_id])
        summit = self._summit_at(sentence, when, meeting)
        if summit:
            country = self.kb.country(summit.country)
            return {"city": summit.city, "country": country.name if country else None}
        buildings = [m for m in mentions if m.entity_type == "government_body" and self.introduced(m)]
        if buildings:  # "à l'Élysée", "au Kremlin": the country's capital
            capital = self.kb.capital(self.doc.entities[buildings[0].entity_id].stands_for)
            if capital:
                return self.place_of(capital)
        countries = [m for m in mentions if m.entity_type == "country" and self.introduced(m)]
        if countries:
            country = min(countries, key=lambda m: abs(m.start - token.idx))
            city = country.entity_name if self._city_territory(country) else None
            return {"city": city, "country": country.entity_name}
        return None

    def _sites(self, mentions) -> list:
        """Cities introduced as places ("à Lima") and landmarks however introduced ("sur les
        Champs-Élysées", "place Tahrir")."""
        return [m for m in mentions if m.entity_type == "landmark" or (m.entity_type == "city" and self.introduced(m))]

    def _city_territory(self, mention) -> bool:
        """A territory that is also one of its own cities, named as a city ("à Hong Kong", "à
        Singapour"): the event happened in that city."""
        if self._preposition(mention) != self.words.city_preposition:
            return False
        city = self.kb.city(mention.entity_name) or self.kb.city(mention.text)
        entity = self.doc.entities.get(mention.entity_id)
        return bool(city and entity and city.country == entity.country)

    def _summit_at(self, sentence, when: When | None, meeting: bool):
        """The summit an event happened at, of those the article names: the one whose days hold the
        event's day; else the one of the series its sentence names ("en marge du sommet de l'Apec");
        else the only one, for a meeting without a day of its own ("se sont rencontrés en
        tête-à-tête" in an article on the G20 of Hangzhou)."""
        during = [summit for summit in self.time.summits if _during(summit, when)]
        if len(during) == 1:
            return during[0]
        named = self.time.series_finder.find(sentence.text)
        of_series = [summit for summit in self.time.summits if summit.series in named]
        if len(of_series) == 1:
            return of_series[0]
        undated = when is None or when.precision in ("unknown", "reference")
        return self.time.summits[0] if len(self.time.summits) == 1 and meeting and undated else None

    def seat_of(self, entity) -> dict | None:
        """Where a decision is taken when the text says nowhere: a state's in its government's
        capital, an international organisation's at its seat (the UN in New York), an office
        holder's where the state or organisation they then served sits. ``entity``: the acting
        actor's (Arguments.entity), or None."""
        if entity is None:
            return None
        if entity.type == "organisation":
            return self._seat(entity)
        if entity.type not in ("country", "government_body", "person"):
            return None
        code = entity.stands_for or entity.country
        if entity.type == "person":
            served = [o.of for o in entity.offices if self._in_time(o)]
            if code not in served:  # a former prime minister now at the UN acts from New York
                return next(filter(None, (self._seat(self.kb.by_key(of)) for of in served)), None)
        capital = self.kb.capital(code)
        return self.place_of(capital) if capital else None

    def _seat(self, organisation) -> dict | None:
        """The city an international organisation sits in (kb/data: its ``city``), as a place."""
        if organisation is None or organisation.type != "organisation" or not organisation.city:
            return None
        city = next((e for e in self.kb.lookup(organisation.city) if e.type == "city"), None) or \
            self.kb.city(organisation.city)
        return self.place_of(city) if city else None

    def _in_time(self, office) -> bool:
        """Whether an office was held in the article's time: on its day, else in the era of the office
        holders it names; without either, any office counts."""
        if self.time.reference:
            return office.overlaps(self.time.reference, self.time.reference)
        return self.time.era is None or office.overlaps(*self.time.era)

    def _attached(self, mention, token) -> bool:
        """A place belongs to the event when the parse attaches it to the trigger (or its verb)
        within a few steps: "se sont rencontrés ... à Hangzhou", not "la situation en Syrie"."""
        span = self.doc.spacy_doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            return False
        targets = {token.i, token.head.i}
        node = span.root
        for _ in range(3):
            if node.i in targets:
                return True
            if node.head.i == node.i or node.dep_ in ("nsubj", "conj"):
                return False  # a place may hang on the object ("a reçu Merkel à l'Élysée"), not on the subject
            node = node.head
        return node.i in targets

    def introduced(self, mention) -> bool:
        """Whether a place is named after a place preposition ("à Lima", "en Syrie")."""
        return self._preposition(mention) in self.words.prepositions

    def _preposition(self, mention) -> str | None:
        before = alias_key(self.doc.article.clean_text[max(0, mention.start - 8):mention.start]).split()
        return before[-1] if before else None

    def place_of(self, entity) -> dict:
        """A city, or a landmark's city."""
        country = self.kb.country(entity.country)
        return {"city": entity.city or entity.name, "country": country.name if country else None}


def _during(summit, when: When | None) -> bool:
    """A meeting dated to a day (from the text or a summit, not the reference date) within a summit
    the article names happened there."""
    day = when.first if when and when.precision != "reference" and when.first == when.last else None
    return day is not None and summit.start <= day <= summit.end


@dataclass(frozen=True)
class _PlaceWords:
    """A language's place prepositions (lang/<code>/datelines.toml), read once per language."""

    prepositions: frozenset[str]  # "à Lima", "en Allemagne", "au Pérou"
    city_preposition: str  # "à": "à Hong Kong" is the city, "au Luxembourg" the country


@cache
def _place_words(language: str) -> _PlaceWords:
    data = lang.toml(language, "datelines.toml")
    return _PlaceWords(prepositions=frozenset(alias_key(p) for p in data["place_prepositions"]),
                       city_preposition=alias_key(data.get("city_preposition", "")))


# -- the learned choice of the main event's place ---------------------------------------------

def candidates(doc: Document, placing: DocumentPlacing, arguments: Arguments, main: Event, lead: list[int],
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
        place = {"city": None, "country": entity.name} if entity.type == "country" else placing.place_of(entity)
        add(place, entity.type, named_in=where[mention.sentence], introduced=placing.introduced(mention),
            times=mentions[mention.entity_id])
    for actor in main.actors:
        add(placing.seat_of(arguments.entity(actor.id)), "seat")
    sides = _actor_countries(placing.kb, arguments, main)
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


def _actor_countries(kb: KnowledgeBase, arguments: Arguments, main: Event) -> dict[str, str]:
    """The English name of each actor's country → its role (a source's country wins)."""
    sides: dict[str, str] = {}
    for actor in sorted(main.actors, key=lambda a: a.role != "source"):
        entity = arguments.entity(actor.id)
        code = entity and (entity.stands_for or entity.country)
        country = kb.country(code) if code else None
        if country is not None:
            sides.setdefault(country.name, actor.role or "source")
    return sides
