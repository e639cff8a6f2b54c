"""Geometry of the web UI's charts, drawn by the templates as inline SVG (no JavaScript, no CDN).

Functions take page data and return coordinates in a fixed viewBox; the SVG scales to the screen.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any

from ..dates import MONTH
from ..kb.geo import country_code, country_outlines

WIDTH, HEIGHT = 640, 180  # a chart of events per month across a page
PLOT_LEFT, PLOT_RIGHT_MARGIN, PLOT_TOP, PLOT_BOTTOM = 46, 8, 12, 156  # the bars' area; axes and labels around it
BAR_WIDEST = 36  # a bar of a short span stays a bar, not a block
Y_TICKS = 4  # at most this many counts marked on the y axis, above zero
MONTH_LABELS_UP_TO = 24  # a longer span is labelled by year
MONTH_LABEL_ROOM, YEAR_LABEL_ROOM = 80, 55  # viewBox units a label of a month ("2019-12"), of a year needs
GRAPH_SIZE = 420
GRAPH_NODES = 16  # counterparts drawn around an actor; the rest are listed
LABEL_CHARS = 26  # a longer name is cut on the graph (its tooltip has it whole)
CHAR_WIDTH = 6.4  # the widest a character of an 11 px label is likely to be, in viewBox units


# -- events per month --------------------------------------------------------------------------

def month_bars(per_month: list[dict[str, Any]], width: int = WIDTH) -> dict[str, Any]:
    """A bar per month from the first to the last month with events, empty months included, under a
    y axis of counts and over labels of months (or years, for a long span). ``width``: of the
    viewBox, about the chart's width on screen (a narrow column's chart keeps readable labels). Only
    rows of a month ("YYYY-MM") make bars: a season, a year or a decade has no single month, and
    the store never counts one in a month (store/browse.py, _dated_months)."""
    right = width - PLOT_RIGHT_MARGIN
    chart: dict[str, Any] = {"width": width, "height": HEIGHT, "bars": [], "labels": [], "ticks": [], "max": 0,
                             "left": PLOT_LEFT, "right": right, "top": PLOT_TOP, "baseline": PLOT_BOTTOM}
    per_month = [row for row in per_month if MONTH.fullmatch(row.get("month") or "")]
    if not per_month:
        return chart
    counts = {row["month"]: row["count"] for row in per_month}
    months = _months_between(per_month[0]["month"], per_month[-1]["month"])
    ticks = count_ticks(max(counts.values()))
    scale = (PLOT_BOTTOM - PLOT_TOP) / ticks[-1]
    step = (right - PLOT_LEFT) / len(months)
    bar_width = min(max(step * 0.8, 1), BAR_WIDEST)
    for i, month in enumerate(months):
        count, x = counts.get(month, 0), PLOT_LEFT + i * step
        chart["bars"].append({"x": round(x + (step - bar_width) / 2, 1), "y": round(PLOT_BOTTOM - count * scale, 1),
                              "width": round(bar_width, 1), "height": round(count * scale, 1),
                              "slot_x": round(x, 1), "slot_width": round(step, 1), "month": month, "count": count})
    chart["ticks"] = [{"y": round(PLOT_BOTTOM - value * scale, 1), "value": value} for value in ticks]
    chart["labels"] = _month_labels(months, step, right - PLOT_LEFT)
    chart["max"] = max(counts.values())
    return chart


def count_ticks(top: int) -> list[int]:
    """0 and round counts (a step of 1, 2 or 5 times a power of ten) up to the first that reaches
    ``top``: at most Y_TICKS steps."""
    top = max(top, 1)
    magnitude = 10 ** max(len(str(math.ceil(top / Y_TICKS))) - 1, 0)
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude * Y_TICKS >= top)
    return list(range(0, math.ceil(top / step) * step + 1, step))


def _month_labels(months: list[str], step: float, room: float) -> list[dict[str, Any]]:
    """Evenly spaced months for a span of up to two years; else each year under its months, with a
    tick where it starts (every other year, or fewer, where they would not fit)."""
    if len(months) <= MONTH_LABELS_UP_TO:
        most = max(int(room // MONTH_LABEL_ROOM), 2)
        return [{"x": round(PLOT_LEFT + (i + 0.5) * step, 1), "text": months[i]}
                for i in sorted(_label_positions(len(months), most))]
    years: dict[str, list[int]] = {}
    for i, month in enumerate(months):
        years.setdefault(month[:4], []).append(i)
    # a year cut by the span's edge gets no label where the label would stick out of its months
    whole = [(year, found) for year, found in years.items() if len(found) == 12 or len(found) * step >= YEAR_LABEL_ROOM / 2]
    every = math.ceil(len(whole) / max(int(room // YEAR_LABEL_ROOM), 1))
    return [{"x": round(PLOT_LEFT + (found[0] + len(found) / 2) * step, 1), "text": year,
             "start": round(PLOT_LEFT + found[0] * step, 1)}
            for k, (year, found) in enumerate(whole) if k % every == 0]


def _months_between(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    found = []
    while (year, month) <= end and len(found) < 1200:  # at most a century of bars
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _label_positions(n: int, most: int = 6) -> set[int]:
    """At most ``most`` evenly spaced labels (six), always the first and the last."""
    most = min(most, 6)
    if n <= most:
        return set(range(n))
    return {round(i * (n - 1) / (most - 1)) for i in range(most)}


# -- an actor's counterparts ---------------------------------------------------------------------

def network(actor: dict[str, Any]) -> dict[str, Any]:
    """The actor in the centre, its most frequent counterparts on a circle; edge width grows with
    the number of events they share. The viewBox is widened to hold every label, so that none is
    cut at the frame's edge."""
    centre = GRAPH_SIZE / 2
    shown = actor["counterparts"][:GRAPH_NODES]
    top = max((c["n_events"] for c in shown), default=1)
    radius = GRAPH_SIZE / 2 - 60
    nodes = []
    for i, other in enumerate(shown):
        angle = 2 * math.pi * i / max(len(shown), 1) - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        nodes.append({**other, "x": round(x, 1), "y": round(y, 1), "stroke": round(1 + 7 * other["n_events"] / top, 1),
                      "anchor": "start" if math.cos(angle) > 0.2 else "end" if math.cos(angle) < -0.2 else "middle",
                      "label": short_label(f"{other['name']} ({other['n_events']})"),
                      "label_x": round(centre + (radius + 12) * math.cos(angle), 1),
                      "label_y": round(centre + (radius + 12) * math.sin(angle) + 4, 1)})
    centre_label = {"label": short_label(actor["name"]), "label_x": centre, "label_y": centre + 30, "anchor": "middle"}
    return {"size": GRAPH_SIZE, "centre": centre, "nodes": nodes, "centre_label": centre_label["label"],
            "viewbox": _fitting_viewbox([*nodes, centre_label], GRAPH_SIZE),
            "hidden": len(actor["counterparts"]) - len(shown)}


def short_label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1].rstrip() + "…"


def _fitting_viewbox(labelled: list[dict[str, Any]], size: float, margin: float = 6) -> str:
    """The square frame ``0 0 size size``, grown on any side where a label would stick out."""
    left, top, right, bottom = 0.0, 0.0, size, size
    for item in labelled:
        width = len(item["label"]) * CHAR_WIDTH
        start = {"start": item["label_x"], "end": item["label_x"] - width}.get(item["anchor"], item["label_x"] - width / 2)
        left, right = min(left, start - margin), max(right, start + width + margin)
        top, bottom = min(top, item["label_y"] - 12 - margin), max(bottom, item["label_y"] + 4 + margin)
    return f"{left:g} {top:g} {right - left:g} {bottom - top:g}"


# -- where events happened -----------------------------------------------------------------------

MAP_NORTH, MAP_SOUTH = 84, -58  # latitudes drawn: Antarctica and the Arctic Ocean hold no event
MAP_UNITS_PER_DEGREE = 2
MAP_WIDTH, MAP_HEIGHT = 360 * MAP_UNITS_PER_DEGREE, (MAP_NORTH - MAP_SOUTH) * MAP_UNITS_PER_DEGREE
MAP_LEAST_SPAN = 70  # degrees of longitude: a frame is never zoomed closer (a region, not a town)
MAP_PADDING = 8  # degrees around the outermost points
DOT_RADIUS = (3.0, 14.0)  # the least and the most events' dot, in units of the whole world's map


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular: longitude and latitude as x and y, north up."""
    return (lon + 180) * MAP_UNITS_PER_DEGREE, (MAP_NORTH - lat) * MAP_UNITS_PER_DEGREE


def world_map(places: list[dict[str, Any]]) -> dict[str, Any]:
    """The countries and a dot per place with a point (``lon``, ``lat``), its area growing with its
    ``count``; framed on the dots (never closer than a region), countries outside the frame left out,
    the countries of the places tinted."""
    located = [p for p in places if p.get("lon") is not None and p.get("lat") is not None]
    if not located:
        return {"points": [], "countries": []}
    frame = _frame([project(p["lon"], p["lat"]) for p in located])
    zoom = frame[2] / MAP_WIDTH  # dots keep one size on screen whatever the frame
    top = max(p["count"] for p in located)
    points = []
    for place in sorted(located, key=lambda p: -p["count"]):  # the biggest first, so that small dots stay on top
        x, y = project(place["lon"], place["lat"])
        radius = DOT_RADIUS[0] + (DOT_RADIUS[1] - DOT_RADIUS[0]) * math.sqrt(place["count"] / top)
        points.append({**place, "x": round(x, 1), "y": round(y, 1), "r": round(radius * zoom, 2)})
    tinted = {country_code(p.get("country")) for p in located}
    countries = [{"code": code, "path": path, "tinted": code in tinted}
                 for code, (path, box) in _country_paths().items() if _overlaps(box, frame)]
    return {"viewbox": " ".join(f"{v:g}" for v in frame), "width": frame[2], "height": frame[3], "points": points,
            "countries": countries, "stroke": round(0.6 * zoom, 3), "n_located": sum(p["count"] for p in located)}


def _frame(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """(x, y, width, height) around the points, in the whole map's proportions, inside the map."""
    pad = MAP_PADDING * MAP_UNITS_PER_DEGREE
    xs, ys = [x for x, _ in points], [y for _, y in points]
    width = max(max(xs) - min(xs) + 2 * pad, MAP_LEAST_SPAN * MAP_UNITS_PER_DEGREE)
    height = max(max(ys) - min(ys) + 2 * pad, width * MAP_HEIGHT / MAP_WIDTH)
    width = min(max(width, height * MAP_WIDTH / MAP_HEIGHT), MAP_WIDTH)
    height = min(width * MAP_HEIGHT / MAP_WIDTH, MAP_HEIGHT)
    x = min(max((min(xs) + max(xs)) / 2 - width / 2, 0), MAP_WIDTH - width)
    y = min(max((min(ys) + max(ys)) / 2 - height / 2, 0), MAP_HEIGHT - height)
    return round(x, 1), round(y, 1), round(width, 1), round(height, 1)


def _overlaps(box: tuple[float, float, float, float], frame: tuple[float, float, float, float]) -> bool:
    left, top, right, bottom = box
    x, y, width, height = frame
    return left <= x + width and right >= x and top <= y + height and bottom >= y


@cache
def _country_paths() -> dict[str, tuple[str, tuple[float, float, float, float]]]:
    """ISO code → (SVG path of its outline in map units, its box (left, top, right, bottom)), drawn
    once per process."""
    paths = {}
    for code, rings in country_outlines().items():
        projected = [[project(ring[k], ring[k + 1]) for k in range(0, len(ring), 2)] for ring in rings]
        path = "".join("M" + "L".join(f"{x:g} {y:g}" for x, y in ring) + "Z" for ring in projected)
        xs = [x for ring in projected for x, _ in ring]
        ys = [y for ring in projected for _, y in ring]
        paths[code] = (path, (min(xs), min(ys), max(xs), max(ys)))
    return paths
