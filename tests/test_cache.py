"""The per-user cache: a structure is read back while its sources are unchanged, built again when
they change, and built again (and rewritten) whenever its file cannot be trusted."""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import pytest

from veille import cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENVIRONMENT, str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "data.tsv"
    path.write_text("Lyon\tFR\n", encoding="utf-8")
    return path


class Builder:
    """Builds a structure from a data file, counting how often it is asked to."""

    def __init__(self, path) -> None:
        self.path = path
        self.calls = 0

    def __call__(self) -> dict:
        self.calls += 1
        return {"rows": self.path.read_text(encoding="utf-8").splitlines()}


def test_a_structure_is_built_once_then_read_back(folder, data):
    build = Builder(data)
    first = cache.load_or_build("places", [data], build)
    second = cache.load_or_build("places", [data], build)
    assert first == second == {"rows": ["Lyon\tFR"]}
    assert build.calls == 1
    assert [path.name.split("-")[0] for path in folder.iterdir()] == ["places"]


def test_a_change_to_the_data_builds_it_again(folder, data):
    build = Builder(data)
    cache.load_or_build("places", [data], build)
    data.write_text("Lyon\tFR\nGenève\tCH\n", encoding="utf-8")
    assert cache.load_or_build("places", [data], build) == {"rows": ["Lyon\tFR", "Genève\tCH"]}
    assert build.calls == 2


def test_a_change_to_a_version_or_pattern_given_as_text_builds_it_again(folder, data):
    build = Builder(data)
    cache.load_or_build("places", [data, "v1"], build)
    cache.load_or_build("places", [data, "v2"], build)
    cache.load_or_build("places", [data, "v1"], build)
    assert build.calls == 2


@pytest.mark.parametrize("damage", [
    lambda raw: b"",  # empty
    lambda raw: raw[: len(raw) // 2],  # truncated
    lambda raw: raw[:-1] + bytes([raw[-1] ^ 1]),  # one bit changed
    lambda raw: b"not a cache file at all" * 3,
])
def test_a_damaged_file_is_ignored_built_again_and_rewritten(folder, data, damage):
    build = Builder(data)
    cache.load_or_build("places", [data], build)
    (path,) = folder.iterdir()
    path.write_bytes(damage(path.read_bytes()))
    assert cache.load_or_build("places", [data], build) == {"rows": ["Lyon\tFR"]}
    assert build.calls == 2
    assert cache.load_or_build("places", [data], build) == {"rows": ["Lyon\tFR"]}
    assert build.calls == 2  # the rewritten file is whole again


def test_a_folder_that_cannot_be_written_only_costs_building(tmp_path, monkeypatch, data):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setenv(cache.ENVIRONMENT, str(blocker / "cache"))  # under a file: never a folder
    build = Builder(data)
    assert cache.load_or_build("places", [data], build) == cache.load_or_build("places", [data], build)
    assert build.calls == 2


def test_files_of_other_builds_are_removed_once_a_week_old(folder, data):
    build = Builder(data)
    cache.load_or_build("places", [data, "old"], build)
    (old,) = folder.iterdir()
    cache.load_or_build("places", [data, "recent"], build)
    (recent,) = set(folder.iterdir()) - {old}
    long_ago = time.time() - 8 * 24 * 3600
    os.utime(old, (long_ago, long_ago))
    cache.load_or_build("places", [data, "new"], build)
    assert not old.exists() and recent.exists()
    assert len(list(folder.iterdir())) == 2


@pytest.mark.skipif(sys.platform in ("win32", "darwin"), reason="XDG's folders are those of Linux and the BSDs")
def test_the_folder_is_the_environment_s_else_the_user_s_cache(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.ENVIRONMENT, str(tmp_path))
    assert cache.directory() == tmp_path
    monkeypatch.delenv(cache.ENVIRONMENT)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "veille"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")  # not absolute: ignored, as the specification says
    assert cache.directory() == Path.home() / ".cache" / "veille"


PATTERN = r"(?<![\w-])(?P<noun>president|chef[\s\-]+d'etat)(?:\s+(?P<adj>russe|americain))?(?![\w-])"
TEXT = "le president russe a recu le chef d'etat americain, puis l'ex-president"


def _matches(pattern: re.Pattern) -> list:
    return [(m.span(), m.groupdict()) for m in pattern.finditer(TEXT)]


def test_a_compiled_pattern_read_back_matches_as_re_compile(folder):
    expected = re.compile(PATTERN)
    built = cache.compiled(PATTERN)
    read_back = cache.compiled(PATTERN)
    assert len(list(folder.glob("pattern-*.pickle"))) == 1
    for pattern in (built, read_back):
        assert (pattern.pattern, pattern.flags, pattern.groupindex) == (expected.pattern, expected.flags,
                                                                          expected.groupindex)
        assert _matches(pattern) == _matches(expected) != []


def test_a_damaged_compiled_pattern_is_compiled_again(folder):
    cache.compiled(PATTERN, re.IGNORECASE)
    (path,) = folder.iterdir()
    path.write_bytes(b"\0" * 64)
    assert _matches(cache.compiled(PATTERN, re.IGNORECASE)) == _matches(re.compile(PATTERN, re.IGNORECASE))


def test_an_invalid_pattern_raises_as_re_compile_does(folder):
    with pytest.raises(re.error):
        cache.compiled("(?P<open>")


def _no_home():
    raise RuntimeError("Could not determine home directory.")  # as Path.home says it


def test_without_a_home_folder_a_structure_is_only_built(monkeypatch, data):
    monkeypatch.delenv(cache.ENVIRONMENT, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(Path, "home", _no_home)
    build = Builder(data)
    assert cache.load_or_build("places", [data], build) == {"rows": ["Lyon\tFR"]}
    assert build.calls == 1
