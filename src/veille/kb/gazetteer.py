"""Find every known name in a text, whatever its tokenisation, accents or case.

Names are matched on a normalised copy of the text (see alias_key) with an Aho-Corasick
automaton, then mapped back to the original character offsets. Matching at the character level
keeps "Bachar al-Assad" one name even where a tokenizer splits "al-Assad" differently in
different contexts. A one-word name must also match the case of its initial ("Maurice" the
country's French name never matches "maurice"), and longer names win over the names inside them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .model import alias_key


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    key: str  # the normalised name, as alias_key gives it


class Gazetteer:
    def __init__(self, names: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        self._shapes: dict[str, set[str]] = {}  # one-word key → allowed shapes: "upper", "capital", "lower"
        for name in names:
            key = alias_key(name)
            if len(key) < 2:
                continue
            if " " not in key:
                self._shapes.setdefault(key, set()).add(_shape(name))
            if key not in self._automaton:
                self._automaton.add_word(key, key)
        if len(self._automaton):
            self._automaton.make_automaton()

    def find(self, text: str) -> list[Match]:
        if not len(self._automaton):
            return []
        normalised, origin = normalise(text)
        found = []
        for last, key in self._automaton.iter(normalised):
            first = last - len(key) + 1
            if not (_boundary(normalised, first - 1) and _boundary(normalised, last + 1)):
                continue
            start, end = origin[first], origin[last] + 1
            if " " not in key and not _fits(text[start:end], self._shapes[key]):
                continue
            found.append(Match(start, end, key))
        return _longest_first(found)


def _shape(word: str) -> str:
    if len(word) > 1 and word.isupper():
        return "upper"  # an acronym: "UN" must not match "Un"
    return "capital" if word[:1].isupper() else "lower"


def _fits(found: str, shapes: set[str]) -> bool:
    """One-word names keep their case: acronyms in capitals, names with a capital initial."""
    shape = _shape(found)
    if "lower" in shapes:
        return True
    if "capital" in shapes:
        return shape in ("capital", "upper")
    return shape == "upper"


@lru_cache(maxsize=64)  # the linker's gazetteer and role grammar read the same text in turn
def normalise(text: str) -> tuple[str, list[int]]:
    """alias_key applied character by character, with the original offset of each output character
    (shared by the callers that read one text: never change what it returns)."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in _char_key(char):
            if piece == " " and out and out[-1] == " ":
                continue
            out.append(piece)
            origin.append(index)
    return "".join(out), origin


@lru_cache(maxsize=4096)
def _char_key(char: str) -> str:
    if char.isspace():
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    if char in "’ʼ`":
        return "'"
    if char in "\u2010\u2011\u2012\u2013\u2014\u2015-":
        return " "
    return base


def _boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not text[index].isalnum()


def _longest_first(matches: list[Match]) -> list[Match]:
    chosen: list[Match] = []
    for match in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if all(match.end <= c.start or c.end <= match.start for c in chosen):
            chosen.append(match)
    return sorted(chosen, key=lambda m: m.start)
