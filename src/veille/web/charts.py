"""Geometry of the web UI's charts, drawn by the templates as inline SVG (no JavaScript, no CDN).

Functions take page data and return coordinates in a fixed viewBox; the SVG scales to the screen.
"""

from __future__ import annotations

import math
from typing import Any

WIDTH, HEIGHT = 640, 160
MARGIN = 24
GRAPH_SIZE = 420
GRAPH_NODES = 16  # counterparts drawn around an actor; the rest are listed


def month_bars(per_month: list[dict[str, Any]]) -> dict[str, Any]:
    """A bar per month from the first to the last month with events, empty months included."""
    if not per_month:
        return {"width": WIDTH, "height": HEIGHT, "bars": [], "labels": [], "max": 0}
    counts = {row["month"]: row["count"] for row in per_month}
    months = _months_between(per_month[0]["month"], per_month[-1]["month"])
    top = max(counts.values())
    step = (WIDTH - 2 * MARGIN) / len(months)
    bars, labels = [], []
    for i, month in enumerate(months):
        count = counts.get(month, 0)
        height = (HEIGHT - 2 * MARGIN) * count / top
        x = MARGIN + i * step
        bars.append({"x": round(x + step * 0.1, 1), "y": round(HEIGHT - MARGIN - height, 1),
                     "width": round(max(step * 0.8, 1), 1), "height": round(height, 1),
                     "month": month, "count": count})
        if i in _label_positions(len(months)):
            labels.append({"x": round(x + step / 2, 1), "text": month})
    return {"width": WIDTH, "height": HEIGHT, "bars": bars, "labels": labels, "max": top, "baseline": HEIGHT - MARGIN}


def network(actor: dict[str, Any]) -> dict[str, Any]:
    """The actor in the centre, its most frequent counterparts on a circle; edge width grows with
    the number of events they share."""
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
                      "label_x": round(centre + (radius + 12) * math.cos(angle), 1),
                      "label_y": round(centre + (radius + 12) * math.sin(angle) + 4, 1)})
    return {"size": GRAPH_SIZE, "centre": centre, "nodes": nodes, "hidden": len(actor["counterparts"]) - len(shown)}


def _months_between(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    found = []
    while (year, month) <= end and len(found) < 1200:  # at most a century of bars
        found.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _label_positions(n: int) -> set[int]:
    """At most six evenly spaced labels, always the first and the last."""
    if n <= 6:
        return set(range(n))
    return {round(i * (n - 1) / 5) for i in range(6)}
