"""Knowledge-base records: entities (people, countries, organisations, places), offices, summits."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

_DASHES = re.compile(r"[\u2010-\u2015\-‐]")
_SPACES = re.compile(r"\s+")


def alias_key(text: str) -> str:
    """How names are compared: no accents, case-folded, one kind of apostrophe, hyphens as spaces."""
    if not text.isascii():  # most names are: they have no accents to take off
        text = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in text if not unicodedata.combining(char))
        text = text.replace("’", "'").replace("ʼ", "'")
    text = text.replace("`", "'")
    return _SPACES.sub(" ", _DASHES.sub(" ", text.casefold())).strip()


@dataclass(frozen=True)
class Office:
    role: str  # president, prime_minister, foreign_minister, spokesperson...
    of: str  # ISO alpha-2 country code or an organisation key (UN, KREMLIN...)
    start: date | None
    end: date | None  # None while in office; on the end day the successor holds the office
    head_of_state: bool = False
    head_of_government: bool = False
    title: str | None = None
    acting: bool = False

    def held_on(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    def overlaps(self, first: date, last: date) -> bool:
        return (self.start is None or self.start <= last) and (self.end is None or first < self.end)


LOCAL_PREFIX = "local:"  # the id of a name seen in an article that the knowledge base does not know


def is_local(entity_id: str | None) -> bool:
    """Whether an id names nothing the knowledge base knows (no id, or one made up in an article)."""
    return not entity_id or entity_id.startswith(LOCAL_PREFIX)


@dataclass
class Entity:
    id: str  # Wikidata QID, else "veille:<slug>" (shipped data) or "local:<slug>" (seen in an article)
    type: str  # person, country, organisation, government_body, security_force, armed_group, city, landmark
    name: str  # canonical English name (the English Wikipedia title)
    label_fr: str | None = None
    aliases: list[str] = field(default_factory=list)
    country: str | None = None  # ISO alpha-2: nationality, seat or location
    stands_for: str | None = None  # the country whose government a metonym denotes (Kremlin → RU)
    city: str | None = None  # where a landmark stands (the Champs-Élysées: Paris)
    key: str | None = None  # organisation key used by offices (UN, KREMLIN...)
    commands_forces: bool = False  # an organisation of states that deploys troops (NATO, ECOWAS, the UN)
    offices: list[Office] = field(default_factory=list)
    wikidata: str | None = None

    def offices_on(self, day: date) -> list[Office]:
        return [office for office in self.offices if office.held_on(day)]

    def summary(self) -> dict:
        return {"id": self.id, "name": self.name, "type": self.type, "wikidata": self.wikidata,
                "label_fr": self.label_fr, "country": self.country}


@dataclass(frozen=True)
class Summit:
    series: str
    name: str
    start: date
    end: date
    city: str | None
    country: str | None


@dataclass(frozen=True)
class SummitSeries:
    series: str
    name: str
    aliases: tuple[str, ...]
