"""Weighted bags of words for comparing short texts (titles, leads) without a corpus-wide index.

A word's weight is its inverse frequency in the language at large (wordfreq's Zipf scale), not in
the store, so a vector never changes when other articles arrive: clustering stays incremental and
independent of the ingestion order.
"""

from __future__ import annotations

import math
import re
import unicodedata
import zlib
from collections import Counter
from functools import lru_cache

from wordfreq import zipf_frequency

_WORD = re.compile(r"[^\W\d_][^\W_]*(?:[-'’][^\W\d_]+)*", re.UNICODE)
_ELISION = re.compile(r"^(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?(?:\s?%)?")
MAX_ZIPF = 8.0  # "de", "le": weight ~0
UNKNOWN_ZIPF = 1.0  # a word wordfreq never saw (a rare name) is very informative, not infinitely so


def words(text: str) -> list[str]:
    """Lower-cased words of three letters or more, without elided articles ("l'", "qu'")."""
    found = []
    for match in _WORD.finditer(text):
        word = _ELISION.sub("", match.group()).casefold()
        if len(word) >= 3:
            found.append(word)
    return found


def term(word: str) -> str:
    """The comparison key of a word: no accents, no plural -s/-x (cheap, language-neutral stemming)."""
    bare = "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))
    return bare[:-1] if len(bare) > 4 and bare[-1] in "sx" else bare


@lru_cache(maxsize=200_000)
def weight(word: str, language: str) -> float:
    zipf = zipf_frequency(word, language) or UNKNOWN_ZIPF
    return max(0.0, MAX_ZIPF - zipf)


def vector(text: str, language: str, stop_words: frozenset[str] = frozenset()) -> dict[str, float]:
    """A unit-length weighted bag of words: (1 + log tf) × rarity."""
    counts = Counter(word for word in words(text) if word not in stop_words)
    weights: dict[str, float] = {}
    for word, count in counts.items():
        key = term(word)
        weights[key] = weights.get(key, 0.0) + (1 + math.log(count)) * weight(word, language)
    norm = math.sqrt(sum(w * w for w in weights.values()))
    return {key: round(w / norm, 5) for key, w in weights.items() if w > 0} if norm else {}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(key, 0.0) for key, w in a.items())


def shingles(text: str, stop_words: frozenset[str] = frozenset(), limit: int = 400) -> list[int]:
    """Hashes of pairs of consecutive content words, for measuring shared wording."""
    content = [term(word) for word in words(text) if word not in stop_words]
    pairs = {zlib.crc32(f"{a} {b}".encode()) for a, b in zip(content, content[1:])}
    return sorted(pairs)[:limit]  # the smallest hashes: a consistent sample (bottom-k sketch)


def numbers(text: str, dates: list[tuple[int, int]] = ()) -> set[str]:
    """Figures that identify a news item (a toll, a score, "23 diplomates"), outside the spans of
    time expressions (``dates``) and other than years."""
    masked = list(text)
    for start, end in dates:
        masked[start:end] = " " * (end - start)
    found = set()
    for match in _NUMBER.finditer("".join(masked)):
        value = match.group().replace(" ", "").replace(",", ".")
        digits = value.rstrip("%")
        if "%" not in value and "." not in digits and len(digits) == 4 and 1900 <= int(digits) <= 2100:
            continue
        found.add(value)
    return found
