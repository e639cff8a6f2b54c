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


def data_path(language: str, name: str):
    return resources.files(__package__).joinpath(language, name)


@cache
def boilerplate(language: str) -> Boilerplate:
    if language not in SUPPORTED_LANGUAGES:
        raise ConfigError(f"no language data for {language!r} (veille has: {', '.join(SUPPORTED_LANGUAGES)})")
    data = tomllib.loads(data_path(language, "boilerplate.toml").read_text(encoding="utf-8"))
    flags = re.IGNORECASE
    return Boilerplate(
        drop_line=tuple(re.compile(rf"(?:{p})", flags) for p in data["drop_line"]),
        caption_end=tuple(re.compile(p, flags) for p in data["caption_end"]),
        section_labels=frozenset(label.casefold() for label in data["section_labels"]),
    )
