"""Where places are (kb/geo.py) and the shipped country outlines (kb/data/world_outlines.json)."""

from __future__ import annotations

import pytest

from veille.kb import geo
from veille.kb.base import _data


def _near(point, lon: float, lat: float, within: float = 0.5) -> bool:
    return point is not None and abs(point[0] - lon) <= within and abs(point[1] - lat) <= within


@pytest.mark.parametrize("city, country, lon, lat", [
    ("Geneva", "Switzerland", 6.15, 46.2),
    ("Washington, D.C.", "United States", -77.04, 38.9),  # a capital's English name, GeoNames' "Washington"
    ("Kiev", "Ukraine", 30.52, 50.45),  # an alternate name
    ("Moscow", None, 37.62, 55.75),  # a city without a country: the most populous of that name
    ("Paris", "FR", 2.35, 48.85),  # a country by its code
])
def test_a_city_is_found_in_its_country(city, country, lon, lat):
    assert _near(geo.place_point(city, country), lon, lat)


def test_a_country_alone_is_at_its_capital_and_an_unknown_place_nowhere():
    assert _near(geo.place_point(None, "France"), 2.35, 48.85)
    assert _near(geo.place_point(None, "Chine"), 116.4, 39.9)  # French names too
    assert _near(geo.place_point("a hamlet GeoNames lacks", "Spain"), -3.7, 40.4)  # its country's capital then
    assert geo.place_point(None, "Atlantis") is None and geo.place_point(None, None) is None
    assert geo.country_code("Russie") == geo.country_code("Russia") == "RU"


def test_the_outlines_are_small_and_keyed_by_iso_code():
    assert _data("world_outlines.json").stat().st_size < 300_000
    outlines = geo.country_outlines()
    assert {"FR", "RU", "US", "CN", "UA", "LU", "XK"} <= set(outlines) and "AQ" not in outlines
    for code, rings in outlines.items():
        assert len(code) == 2 and rings, code
        for ring in rings:
            assert len(ring) % 2 == 0 and len(ring) >= 6, code  # a triangle at least
            assert all(-180 <= lon <= 180 for lon in ring[0::2]) and all(-90 <= lat <= 90 for lat in ring[1::2]), code
