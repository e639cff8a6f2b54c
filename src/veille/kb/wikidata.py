"""Import entities from a Wikidata JSON dump (`veille kb import`).

The dump format is Wikidata's standard one: a JSON array with one entity object per line
(`[`, then `{...},` lines, then `]`), plain or gzip-compressed; plain JSON Lines work too.
Each entity becomes a record in kb/data/FORMAT.md form: its QID, English name (the English
Wikipedia title, else the English label), French label, French and English aliases, type (from
P31 "instance of"), country (P27 citizenship or P17 country, through the countries table) and
offices (P39 "position held" with P580/P582 start and end, for the positions in positions.tsv).
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError, RecordError
from . import load

# P31 values → veille entity types.
INSTANCE_TYPES = {
    "Q5": "person", "Q6256": "country", "Q3624078": "country", "Q515": "city", "Q1549591": "city",
    "Q5119": "city", "Q1637706": "city", "Q484652": "organisation", "Q43229": "organisation",
    "Q7278": "organisation", "Q245065": "organisation", "Q327333": "government_body",
    "Q17149090": "armed_group",
}


def read_dump(path: str | Path) -> Iterator[dict | InputError]:
    """Records of every entity in the dump; an unreadable line yields its error and reading goes on."""
    path = Path(path)
    try:
        raw = path.open("rb")
    except OSError as err:
        raise InputError(str(path), f"cannot read ({err.strerror or err})") from None
    with raw:
        stream = gzip.open(raw) if raw.peek(2)[:2] == b"\x1f\x8b" else raw
        text = io.TextIOWrapper(stream, encoding="utf-8", errors="strict")
        try:
            for number, line in enumerate(text, start=1):
                item = line.strip().rstrip(",")
                if item in ("", "[", "]"):
                    continue
                where = f"{path}:line {number}"
                try:
                    yield record_from_entity(json.loads(item))
                except json.JSONDecodeError as err:
                    yield RecordError(where, f"invalid JSON ({err.msg})")
                except (KeyError, TypeError, ValueError) as err:
                    yield RecordError(where, f"not a Wikidata entity ({err})")
        except (EOFError, gzip.BadGzipFile, OSError) as err:
            yield InputError(str(path), f"truncated or corrupt gzip ({err})")
        except UnicodeDecodeError:
            yield InputError(str(path), "not UTF-8 text")


def record_from_entity(entity: dict[str, Any]) -> dict[str, Any]:
    qid = entity["id"]
    if not (isinstance(qid, str) and qid.startswith("Q")):
        raise ValueError(f"id {qid!r} is not an item id")
    labels = entity.get("labels", {})
    sitelinks = entity.get("sitelinks", {})
    name = (sitelinks.get("enwiki") or {}).get("title") or _value(labels.get("en")) or _value(labels.get("fr"))
    if not name:
        raise ValueError("no English or French label")
    claims = entity.get("claims", {})
    aliases = {lang: [a["value"] for a in entity.get("aliases", {}).get(lang, [])] for lang in ("fr", "en")}
    return {
        "id": qid,
        "type": _type(claims),
        "name": name,
        "labels": {"fr": _value(labels.get("fr"))},
        "aliases": {"fr": aliases["fr"], "en": [a for a in [_value(labels.get("en")), *aliases["en"]] if a]},
        "country": _country(claims),
        "offices": _offices(claims),
    }


def _type(claims: dict) -> str:
    for qid in _item_values(claims, "P31"):
        if qid in INSTANCE_TYPES:
            return INSTANCE_TYPES[qid]
    return "organisation"


def _country(claims: dict) -> str | None:
    iso_of_qid = _iso_of_qid()
    for prop in ("P27", "P17"):
        for qid in _item_values(claims, prop):
            if qid in iso_of_qid:
                return iso_of_qid[qid]
    return None


def _offices(claims: dict) -> list[dict]:
    positions = _positions()
    offices = []
    for statement in claims.get("P39", []):
        position = _item(statement.get("mainsnak", {}))
        if position not in positions:
            continue
        known = positions[position]
        qualifiers = statement.get("qualifiers", {})
        offices.append({
            "role": known["role"], "of": known["of"],
            "start": _time(qualifiers.get("P580")), "end": _time(qualifiers.get("P582")),
            "head_of_state": known["head_of_state"] == "true",
            "head_of_government": known["head_of_government"] == "true",
            "title": known["title"],
        })
    return offices


def _item_values(claims: dict, prop: str) -> list[str]:
    return [qid for statement in claims.get(prop, []) if (qid := _item(statement.get("mainsnak", {})))]


def _item(snak: dict) -> str | None:
    value = (snak.get("datavalue") or {}).get("value")
    return value.get("id") if isinstance(value, dict) else None


def _time(snaks: list | None) -> str | None:
    """Wikidata time ("+2017-01-20T00:00:00Z", precision 11 = day) → ISO date; month/year → first day."""
    for snak in snaks or []:
        value = (snak.get("datavalue") or {}).get("value") or {}
        text = value.get("time")
        if not text:
            continue
        year, month, day = text.lstrip("+").split("T")[0].split("-")
        precision = value.get("precision", 11)
        month = month if precision >= 10 and month != "00" else "01"
        day = day if precision >= 11 and day != "00" else "01"
        return date(int(year), int(month), int(day)).isoformat()
    return None


def _value(label: dict | None) -> str | None:
    return label.get("value") if label else None


def _iso_of_qid() -> dict[str, str]:
    from importlib import resources

    rows = load.read_tsv(resources.files(__package__).joinpath("data", "countries.tsv"))
    return {row["qid"]: row["iso2"] for row in rows if row.get("qid")}


def _positions() -> dict[str, dict[str, str]]:
    from importlib import resources

    return {row["qid"]: row for row in load.read_tsv(resources.files(__package__).joinpath("data", "positions.tsv"))}
