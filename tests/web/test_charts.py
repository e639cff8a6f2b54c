"""The geometry of the charts and the map (web/charts.py), and the SVG the templates draw from it."""

from __future__ import annotations

import pytest

from veille.web import charts
from veille.web.app import templates


def _per_month(counts: dict[str, int]) -> list[dict]:
    return [{"month": month, "count": count} for month, count in sorted(counts.items())]


@pytest.mark.parametrize("top, ticks", [(1, [0, 1]), (3, [0, 1, 2, 3]), (7, [0, 2, 4, 6, 8]),
                                        (40, [0, 10, 20, 30, 40]), (100, [0, 50, 100]), (1234, [0, 500, 1000, 1500])])
def test_the_y_axis_counts_in_round_steps_up_to_the_highest_bar(top, ticks):
    assert charts.count_ticks(top) == ticks


def test_a_bar_per_month_under_an_axis_of_counts():
    chart = charts.month_bars(_per_month({"2018-01": 2, "2018-04": 7}))
    assert [bar["month"] for bar in chart["bars"]] == ["2018-01", "2018-02", "2018-03", "2018-04"]
    assert [bar["count"] for bar in chart["bars"]] == [2, 0, 0, 7]
    assert [tick["value"] for tick in chart["ticks"]] == [0, 2, 4, 6, 8]
    by_value = {tick["value"]: tick["y"] for tick in chart["ticks"]}
    assert by_value[0] == chart["baseline"] and by_value[8] == chart["top"]
    tallest = chart["bars"][-1]
    assert tallest["y"] + tallest["height"] == pytest.approx(chart["baseline"])
    assert tallest["height"] == pytest.approx((chart["baseline"] - chart["top"]) * 7 / 8, abs=0.1)
    assert [label["text"] for label in chart["labels"]] == ["2018-01", "2018-02", "2018-03", "2018-04"]
    for bar in chart["bars"]:  # every bar and the slot that links it lie inside the plot
        assert chart["left"] <= bar["slot_x"] <= bar["x"] and bar["x"] + bar["width"] <= chart["right"] + 0.1


def test_only_months_make_bars_never_a_season_a_year_or_a_decade():
    rows = [{"month": "199X", "count": 4}, {"month": "2018-03", "count": 1}, {"month": "2019", "count": 2},
            {"month": "2020-FA", "count": 3}, {"month": "2020-W1", "count": 1}, {"month": "2020-05", "count": 2}]
    chart = charts.month_bars(rows)
    assert chart["bars"][0]["month"] == "2018-03" and chart["bars"][-1]["month"] == "2020-05"
    assert sum(bar["count"] for bar in chart["bars"]) == 3 and chart["max"] == 2
    assert charts.month_bars([{"month": "2020-FA", "count": 3}])["bars"] == []


def test_a_long_span_is_labelled_by_year_and_labels_fit_a_narrow_chart():
    months = {f"{year}-{month:02d}": 1 for year in range(2001, 2025) for month in (1, 6)}
    wide, narrow = charts.month_bars(_per_month(months)), charts.month_bars(_per_month(months), width=320)
    assert all(label["text"].isdigit() and len(label["text"]) == 4 for label in wide["labels"])
    assert 2 <= len(narrow["labels"]) < len(wide["labels"]) <= 10
    for chart in (wide, narrow):
        assert all(chart["left"] <= label["x"] <= chart["right"] for label in chart["labels"])
    short = charts.month_bars(_per_month({"2019-12": 1}))
    assert short["bars"][0]["width"] == charts.BAR_WIDEST and short["labels"] == [{"x": pytest.approx(339), "text": "2019-12"}]
    assert charts.month_bars([])["bars"] == []


def test_the_network_frame_holds_every_label():
    long_name = "Organisation for Security and Co-operation in Europe, Special Monitoring Mission"
    counterparts = [{"id": f"Q{i}", "name": long_name if i % 4 == 0 else f"Counterpart number {i}",
                     "n_events": 20 - i, "types": {}} for i in range(16)]
    graph = charts.network({"name": "Someone with a rather long name", "counterparts": counterparts})
    left, top, width, height = map(float, graph["viewbox"].split())
    for node in graph["nodes"]:
        extent = len(node["label"]) * charts.CHAR_WIDTH
        start = {"start": node["label_x"], "end": node["label_x"] - extent}.get(node["anchor"], node["label_x"] - extent / 2)
        assert left <= start and start + extent <= left + width, node["label"]
        assert top <= node["label_y"] - 12 and node["label_y"] <= top + height
    cut = graph["nodes"][0]["label"]
    assert cut.endswith("…") and len(cut) == charts.LABEL_CHARS


def test_places_are_projected_sized_by_count_and_framed():
    places = [{"city": "Geneva", "country": "Switzerland", "count": 1, "lon": 6.1, "lat": 46.2},
              {"city": "Moscow", "country": "Russia", "count": 9, "lon": 37.6, "lat": 55.8},
              {"city": "Atlantis", "country": None, "count": 4, "lon": None, "lat": None}]
    drawn = charts.world_map(places)
    assert [p["city"] for p in drawn["points"]] == ["Moscow", "Geneva"]  # the biggest first, small dots on top
    moscow, geneva = drawn["points"]
    assert moscow["r"] > geneva["r"] and drawn["n_located"] == 10
    assert (moscow["x"], moscow["y"]) == pytest.approx(charts.project(37.6, 55.8))
    x, y, width, height = map(float, drawn["viewbox"].split())
    assert width / height == pytest.approx(charts.MAP_WIDTH / charts.MAP_HEIGHT, rel=0.01)
    assert width < charts.MAP_WIDTH  # Europe, not the world
    for point in drawn["points"]:
        assert x <= point["x"] <= x + width and y <= point["y"] <= y + height
    codes = {country["code"] for country in drawn["countries"]}
    assert {"CH", "RU", "FR"} <= codes and "AU" not in codes  # only the countries in the frame are drawn
    assert {c["code"] for c in drawn["countries"] if c["tinted"]} == {"CH", "RU"}
    assert charts.world_map([places[2]]) == {"points": [], "countries": []}


def test_the_frame_stays_inside_the_world_and_the_projection_is_equirectangular():
    assert charts.project(-180, charts.MAP_NORTH) == (0, 0)
    assert charts.project(180, charts.MAP_SOUTH) == (charts.MAP_WIDTH, charts.MAP_HEIGHT)
    across = charts.world_map([{"city": "Apia", "country": "Samoa", "count": 1, "lon": -171.8, "lat": -13.8},
                               {"city": "Suva", "country": "Fiji", "count": 1, "lon": 178.4, "lat": -18.1}])
    assert across["viewbox"] == f"0 0 {charts.MAP_WIDTH} {charts.MAP_HEIGHT}"  # no wrapping at the date line
    north = charts.world_map([{"city": "Longyearbyen", "country": "Norway", "count": 1, "lon": 15.6, "lat": 78.2}])
    x, y, width, height = map(float, north["viewbox"].split())
    assert x >= 0 and y == 0 and x + width <= charts.MAP_WIDTH and height < charts.MAP_HEIGHT


def test_svg_text_is_escaped():
    hostile = '<script>alert(1)</script>" onmouseover="alert(2)'
    macro = templates.env.from_string('{% from "macros.html" import place_map, bar_chart %}'
                                      '{{ place_map(places, label) }}{{ bar_chart(months, label, {"q": label}) }}')
    html = macro.render(places=[{"city": hostile, "country": hostile, "count": 2, "lon": 2.35, "lat": 48.85}],
                        months=_per_month({"2020-01": 1}), label=hostile)
    assert "<script>" not in html and 'onmouseover="alert' not in html
    assert "&lt;script&gt;" in html and "<title>" in html and "q=%3Cscript%3E" in html
