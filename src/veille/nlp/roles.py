"""Role phrases ("le président russe", "son homologue américain", "les deux hommes") found in text.

The grammar is built from the language's data (lang/<code>/roles.toml, demonyms.tsv) and the
knowledge base's names of countries and organisations; this module only finds the phrases and
says what they ask for. Resolving them to people is the linker's job (it knows the date).

Phrases are matched on the text as names are compared (``alias_key``: no accents, case-folded),
hyphens kept ("l'ex-président" is no president), then mapped back to the text's own offsets: the
patterns are then plain words, which compile in a fraction of the time that patterns tolerant of
accents took (the linker's start-up). The two large patterns (every demonym, place and organisation
name) still take Python's compiler about half a second: their compiled form is kept in the per-user
cache (veille/cache.py), under their text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from .. import lang
from ..cache import compiled
from ..kb.base import KnowledgeBase
from ..kb.gazetteer import normalise
from ..kb.load import ceremonial_heads_of_state
from ..kb.model import alias_key

_OF_PREPOSITIONS = r"(?:de la|de l'|du|des|de|d')"  # as alias_key writes them


@dataclass(frozen=True)
class RolePhrase:
    start: int
    end: int
    text: str
    role: str | None  # an office role, or None when `select` says how to choose
    select: str | None  # head_of_state, head_of_government, leader, counterpart
    places: tuple[tuple[str, ...], ...]  # one tuple of candidate codes per place named ("russe et américain" → 2)


@dataclass(frozen=True)
class PairPhrase:
    start: int
    end: int
    text: str


class RoleGrammar:
    def __init__(self, kb: KnowledgeBase, language: str = "fr") -> None:
        data = lang.toml(language, "roles.toml")
        self._specs: dict[str, dict] = {}
        self._demonyms = _demonym_codes(language)
        self._place_names = _place_codes(kb)
        demonym = f"(?:{_alternation(self._demonyms)})"
        demonyms = rf"(?P<adj>{demonym}(?:\s*(?:,|et)\s*{demonym})*)"
        place = rf"(?P<of>{_alternation(self._place_names)})"
        nouns = []
        for index, spec in enumerate(data["role"]):
            for form in spec["forms"]:
                key = f"n{index}_{len(nouns)}"
                self._specs[key] = spec
                inner = rf"\s+(?P<inner_{key}>{demonym})\s+"
                pattern = inner.join(_loose(part) for part in form.split("{adj}"))
                nouns.append(f"(?P<{key}>{pattern})")
        self._role = compiled(
            rf"(?<![\w-])(?P<noun>{'|'.join(nouns)})"
            rf"(?:\s+{demonyms})?(?:\s+{_OF_PREPOSITIONS}\s*{place})?(?![\w-])")
        institutions = []
        for form in data.get("institutions", {}).get("forms", []):
            inner = rf"\s+(?P<inner_i{len(institutions)}>{demonym})\s+"
            institutions.append("(?:" + inner.join(_loose(part) for part in form.split("{adj}")) + ")")
        self._institution = compiled(
            rf"(?<![\w-])(?P<noun>{'|'.join(institutions)})(?:\s+(?P<adj>{demonym}))?(?![\w-])")
        self._pair = re.compile(rf"(?<![\w-])(?:{_alternation(data['pairs']['forms'])})(?![\w-])")
        self.demonym_words = frozenset(self._demonyms)
        titles = "|".join(re.escape(t) for t in sorted(data["titles"]["forms"], key=len, reverse=True))
        self.title_prefix = re.compile(rf"(?:{titles})(?:\s+|$)")
        self.ceremonial = ceremonial_heads_of_state()

    def demonym_countries(self, word: str) -> list[str]:
        """The countries (ISO codes) a demonym names: "Russes" → ["RU"]."""
        return self._demonyms.get(alias_key(word), [])

    def roles(self, text: str) -> list[RolePhrase]:
        found = []
        normalised, origin = _normalise(text)
        for match in self._role.finditer(normalised):
            key = next(k for k, v in match.groupdict().items() if v and k.startswith("n") and "_" in k
                       and not k.startswith("inner"))
            spec = self._specs[key]
            # "le président" alone has no places: who is meant depends on the outlet's country, so it
            # is not resolved, but its span still keeps "État" of "secrétaire d'État" from being a place.
            places = self._places(match, key, spec)
            start, end = _span(match, origin)
            found.append(RolePhrase(start, end, text[start:end], spec.get("role"), spec.get("select"), places))
        return found

    def institutions(self, text: str) -> list[RolePhrase]:
        """"l'armée américaine" → a phrase standing for the United States (select "country")."""
        found = []
        normalised, origin = _normalise(text)
        for match in self._institution.finditer(normalised):
            inner = next((v for k, v in match.groupdict().items() if k.startswith("inner_i") and v), None)
            word = inner or match.group("adj")
            codes = self.demonym_countries(word) if word else []
            if codes:
                start, end = _span(match, origin)
                found.append(RolePhrase(start, end, text[start:end], None, "country", (tuple(codes),)))
        return found

    def pairs(self, text: str) -> list[PairPhrase]:
        normalised, origin = _normalise(text)
        spans = [_span(match, origin) for match in self._pair.finditer(normalised)]
        return [PairPhrase(start, end, text[start:end]) for start, end in spans]

    def _places(self, match: re.Match, key: str, spec: dict) -> tuple[tuple[str, ...], ...]:
        if spec.get("of"):
            return ((spec["of"],),)
        adjectives = match.group(f"inner_{key}") if f"inner_{key}" in match.groupdict() else None
        adjectives = adjectives or match.group("adj")
        places: list[tuple[str, ...]] = []
        if adjectives:
            for word in re.split(r"\s*(?:,|\bet\b)\s*", adjectives):
                codes = self.demonym_countries(word)
                if codes:
                    places.append(tuple(codes))
        elif match.group("of"):
            places.append(tuple(self._place_names[alias_key(match.group("of"))]))
        if spec.get("only_of"):
            places = [tuple(c for c in codes if c in spec["only_of"]) for codes in places]
            places = [codes for codes in places if codes]
        return tuple(places)


_HYPHENS = frozenset("-\u2010\u2011")


@lru_cache(maxsize=64)  # roles, institutions and pairs read the same text in turn
def _normalise(text: str) -> tuple[str, list[int]]:
    """The text as alias_key writes names, but for its hyphens, with each character's offset in ``text``."""
    normalised, origin = normalise(text)
    if _HYPHENS.isdisjoint(text):
        return normalised, origin
    chars = [("-" if char == " " and text[origin[i]] in _HYPHENS else char) for i, char in enumerate(normalised)]
    return "".join(chars), origin


def _span(match: re.Match, origin: list[int]) -> tuple[int, int]:
    """A match on the normalised text, as offsets into the text itself."""
    return origin[match.start()], origin[match.end() - 1] + 1


def _demonym_codes(language: str) -> dict[str, list[str]]:
    codes: dict[str, list[str]] = defaultdict(list)
    for row in lang.table(language, "demonyms.tsv"):
        for column in ("masc_sg", "fem_sg", "masc_pl", "fem_pl"):
            word = alias_key(row[column] or "")
            if word and row["country"] not in codes[word]:
                codes[word].append(row["country"])
    return dict(codes)


def _place_codes(kb: KnowledgeBase) -> dict[str, list[str]]:
    """Names after "de"/"du": countries and capitals (→ ISO code), organisations (→ their key)."""
    codes: dict[str, list[str]] = defaultdict(list)
    for alias, entity in kb.aliases():
        code = None
        if entity.type == "country" or (entity.type == "city" and entity.stands_for):
            code = entity.stands_for or entity.country
        elif entity.key:
            code = entity.key
        key = alias_key(alias)
        if code and len(key) > 1 and code not in codes[key]:
            codes[key].append(code)
    return dict(codes)


def _alternation(words) -> str:
    """A regex alternation of words as alias_key writes them, longest first. Words of one length
    never match at the same place, so their order changes no match; it is fixed all the same, so
    that every process writes the same pattern (the compiled pattern is cached under its text)."""
    keys = {alias_key(word) for word in words}
    return "|".join(_loose(key) for key in sorted(keys, key=lambda key: (-len(key), key)) if key)


def _loose(word: str) -> str:
    """A word or phrase as alias_key writes it; a space stands for spaces or a hyphen."""
    return r"[\s\-]+".join(re.escape(part) for part in alias_key(word).split(" "))
