"""Structures that are slow to build, built once and kept as files in a per-user cache folder.

Every veille process needs the same few structures before its first article (GeoNames' city
index, the role grammar's regular expressions); building them took longer than reading them back.

A cache file is named after what it holds and a key: the hash of everything it was built from (the
data files, the code that builds it, the Python that runs it). A file with another key is never
read, so a change to the data or the code builds the structure again; a file that cannot be read
(missing, truncated, altered, written by another Python) is built again silently and rewritten.
Files are written whole or not at all (a temporary file renamed over the name), so processes
building the same file at once never read half of one. The folder may be deleted at any time.

Where: ``$VEILLE_CACHE_DIR``, else the platform's per-user cache folder (``$XDG_CACHE_HOME/veille``,
by default ``~/.cache/veille``; ``~/Library/Caches/veille`` on macOS, ``%LOCALAPPDATA%\\veille\\Cache``
on Windows). Nothing is downloaded: a cache only holds what the installed files give.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

T = TypeVar("T")
FORMAT = "1"  # the layout of a cache file; changing it makes every existing file stale
ENVIRONMENT = "VEILLE_CACHE_DIR"
_DIGEST_BYTES = 32  # a file is the payload's SHA-256, then the pickled payload
_UNUSED_AFTER_S = 7 * 24 * 3600  # files of an older build, once one this old is replaced, are removed
_MISSING = object()


def directory() -> Path:
    """The cache folder (it may not exist yet)."""
    if os.environ.get(ENVIRONMENT):
        return Path(os.environ[ENVIRONMENT])
    if sys.platform == "win32":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "veille" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "veille"
    base = os.environ.get("XDG_CACHE_HOME", "")
    return (Path(base) if os.path.isabs(base) else Path.home() / ".cache") / "veille"


def load_or_build(name: str, sources: Iterable[Path | Traversable | str], build: Callable[[], T]) -> T:
    """``build()``, read from the cache when it was built from these ``sources`` (files, and
    strings such as a pattern or a version), else built and written there for the next process."""
    try:
        path = directory() / f"{name}-{_key(name, sources)}.pickle"
    except RuntimeError:  # no home folder (Path.home) and no VEILLE_CACHE_DIR: nowhere to keep it
        return build()
    value = _read(path)
    if value is _MISSING:
        value = build()
        if _write(path, value):
            _remove_old(name, path)
    return value


def compiled(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)``, the compiled program read from the cache.

    Python's regular-expression compiler is written in Python: a pattern of hundreds of thousands
    of characters (the role grammar's) takes it about half a second, while the engine takes the
    compiled program at once. The program depends only on the pattern, the flags and the Python
    version (part of every key); a Python whose ``re`` internals differ (3.10) compiles as usual.
    """
    try:
        import _sre

        all_flags, code, groups, groupindex, indexgroup = load_or_build(
            "pattern", [pattern, str(flags)], lambda: _program(pattern, flags))
        return _sre.compile(pattern, all_flags, code.tolist(), groups, groupindex, indexgroup)
    except Exception:  # noqa: BLE001 - another Python's internals: compile as everyone does
        return re.compile(pattern, flags)


def _program(pattern: str, flags: int) -> tuple:
    """What CPython's re._compiler.compile gives _sre.compile (3.11 to 3.13), the slow steps done;
    the program as an array, which pickles as bytes (a list of its named opcodes would not)."""
    from array import array
    from re import _compiler, _parser

    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    groups = parsed.state.groupdict
    index = [None] * parsed.state.groups
    for group, number in groups.items():
        index[number] = group
    return flags | parsed.state.flags, array("I", code), parsed.state.groups - 1, dict(groups), tuple(index)


def _key(name: str, sources: Iterable[Path | Traversable | str]) -> str:
    digest = hashlib.sha256()
    for part in (FORMAT, name, sys.implementation.name, sys.version, *sources):
        data = part.encode("utf-8") if isinstance(part, str) else part.read_bytes()
        digest.update(len(data).to_bytes(8, "little"))  # so that no two lists of parts hash alike
        digest.update(data)
    return digest.hexdigest()[:32]


def _read(path: Path):
    try:
        data = path.read_bytes()
    except OSError:
        return _MISSING
    payload = data[_DIGEST_BYTES:]
    if len(data) <= _DIGEST_BYTES or hashlib.sha256(payload).digest() != data[:_DIGEST_BYTES]:
        return _MISSING
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - whatever the bytes hold, the structure is built again
        return _MISSING


def _write(path: Path, value) -> bool:
    """Write the file whole under its name, or not at all: a cache that cannot be written (a
    read-only home, a full disk) only leaves the next process to build the structure again."""
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, path)
        finally:
            with suppress(OSError):
                os.unlink(temporary)  # gone once renamed; left only when writing failed
    except OSError:
        return False
    return True


def _remove_old(name: str, path: Path) -> None:
    """Files of the same structure built from other sources, written over a week ago: another
    checkout may still use a recent one (so it is kept), an old one is most likely abandoned."""
    for other in path.parent.glob(f"{name}-*.pickle"):
        with suppress(OSError):
            if other != path and time.time() - other.stat().st_mtime > _UNUSED_AFTER_S:
                other.unlink()
