"""Build the knowledge base from the data files shipped in kb/data (world facts: no language data)."""

from __future__ import annotations

import csv
import json
import re
import tomllib
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

from ..errors import InputError
from .model import Entity, Office, Summit, SummitSeries

_SLUG = re.compile(r"[^a-z0-9]+")


def data_files(pattern_folder: str = "") -> Iterator[Any]:
    folder = resources.files(__package__).joinpath("data", pattern_folder) if pattern_folder else \
        resources.files(__package__).joinpath("data")
    return iter(sorted((entry for entry in folder.iterdir() if entry.name.endswith(".jsonl")),
                       key=lambda entry: entry.name))


def read_jsonl(entry) -> Iterator[dict]:
    with entry.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as err:
                    raise InputError(f"{entry.name}:line {number}", f"invalid JSON ({err.msg})") from None


def read_tsv(entry) -> list[dict[str, str]]:
    with entry.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE))


def slug(text: str) -> str:
    from .model import alias_key

    return _SLUG.sub("-", alias_key(text)).strip("-")


def entity_from_record(record: dict, default_type: str = "person") -> Entity:
    """One record in kb/data FORMAT.md form → Entity (people and organisations alike)."""
    qid = record.get("id") or None
    aliases: list[str] = []
    for values in (record.get("aliases") or {}).values():
        aliases.extend(values)
    labels = record.get("labels") or {}
    return Entity(
        id=qid or f"veille:{slug(record['name'])}",
        wikidata=qid,
        type=record.get("type") or default_type,
        name=record["name"],
        label_fr=labels.get("fr"),
        aliases=_unique([record["name"], labels.get("fr"), *aliases]),
        country=record.get("country") or record.get("stands_for"),
        stands_for=record.get("stands_for"),
        city=record.get("city"),
        key=record.get("key"),
        commands_forces=bool(record.get("commands_forces")),
        offices=[_office(o) for o in record.get("offices") or []],
    )


def merge_people(records: Iterable[dict]) -> list[Entity]:
    """Several files may describe one person (national and international offices): merge by name."""
    merged: dict[str, Entity] = {}
    for record in records:
        entity = entity_from_record(record)
        known = merged.get(entity.name)
        if known is None:
            merged[entity.name] = entity
            continue
        if entity.wikidata and not known.wikidata:
            known.id, known.wikidata = entity.id, entity.wikidata
        known.label_fr = known.label_fr or entity.label_fr
        known.aliases = _unique([*known.aliases, *entity.aliases])
        known.offices = sorted({*known.offices, *entity.offices}, key=lambda o: (o.start or date.min, o.role))
        known.country = known.country or entity.country
    return list(merged.values())


def countries(rows: list[dict[str, str]]) -> list[Entity]:
    result = []
    for row in rows:
        qid = row.get("qid") or None
        aliases = [a for a in (row.get("aliases_fr") or "").split("|") if a]
        result.append(Entity(
            id=qid or f"iso:{row['iso2']}", wikidata=qid, type="country", name=row["name"],
            label_fr=row.get("name_fr") or None, aliases=_unique([row["name"], row.get("name_fr"), *aliases]),
            country=row["iso2"], stands_for=row["iso2"],
        ))
    return result


def summits(records: Iterable[dict]) -> list[Summit]:
    return [Summit(series=r["series"], name=r["name"], start=date.fromisoformat(r["start"]),
                   end=date.fromisoformat(r["end"]), city=r.get("city"), country=r.get("country"))
            for r in records]


def summit_series(records: Iterable[dict]) -> list[SummitSeries]:
    result = []
    for r in records:
        aliases = [alias for values in (r.get("aliases") or {}).values() for alias in values]
        result.append(SummitSeries(series=r["series"], name=r["name"], aliases=tuple(_unique(aliases))))
    return result


def _office(raw: dict) -> Office:
    return Office(
        role=raw["role"], of=raw["of"], start=_date(raw.get("start")), end=_date(raw.get("end")),
        head_of_state=bool(raw.get("head_of_state")), head_of_government=bool(raw.get("head_of_government")),
        title=raw.get("title"), acting=bool(raw.get("acting")),
    )


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _unique(values: Iterable[str | None]) -> list[str]:
    seen, result = set(), []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            result.append(value)
    return result


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code → English name, from the shipped countries table."""
    entry = resources.files(__package__).joinpath("data").joinpath("countries.tsv")
    return {row["iso2"]: row["name"] for row in read_tsv(entry)}


@lru_cache(maxsize=1)
def ceremonial_heads_of_state() -> frozenset[str]:
    """The countries (ISO codes) whose head of state is ceremonial (kb/data/states.toml): there,
    "the German leader" is the chancellor, not the federal president."""
    entry = resources.files(__package__).joinpath("data").joinpath("states.toml")
    return frozenset(tomllib.loads(entry.read_text(encoding="utf-8"))["ceremonial_heads_of_state"])
