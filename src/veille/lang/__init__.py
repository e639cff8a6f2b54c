"""Language data. Each language is a folder of data files (lexicons, patterns, gazetteers);
the algorithms that use them are generic and live elsewhere."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..errors import ConfigError

SUPPORTED_LANGUAGES = ("fr",)


@dataclass(frozen=True)
class Boilerplate:
    drop_line: tuple[re.Pattern, ...]
    caption_end: tuple[re.Pattern, ...]
    section_labels: frozenset[str]
    abbreviations: frozenset[str] = frozenset()  # words whose final period ends no sentence ("M.", "MM.")


def data_path(language: str, name: str):
    return resources.files(__package__).joinpath(language, name)


@cache
def toml(language: str, name: str) -> dict:
    _check(language)
    return tomllib.loads(data_path(language, name).read_text(encoding="utf-8"))


@cache
def table(language: str, name: str) -> tuple[dict[str, str], ...]:
    """A tab-separated data file of the language, as rows keyed by its header."""
    import csv

    _check(language)
    with data_path(language, name).open(encoding="utf-8", newline="") as stream:
        return tuple(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))


def _check(language: str) -> None:
    if language not in SUPPORTED_LANGUAGES:
        raise ConfigError(f"no language data for {language!r} (veille has: {', '.join(SUPPORTED_LANGUAGES)})")


@cache
def boilerplate(language: str) -> Boilerplate:
    data = toml(language, "boilerplate.toml")
    flags = re.IGNORECASE
    return Boilerplate(
        drop_line=tuple(re.compile(rf"(?:{p})", flags) for p in data["drop_line"]),
        caption_end=tuple(re.compile(p, flags) for p in data["caption_end"]),
        section_labels=frozenset(label.casefold() for label in data["section_labels"]),
        abbreviations=frozenset(data.get("abbreviations", [])),
    )
