"""Time-expression values on the French TimeBank: veille against plain dateparser.

    python bench/timebank.py ../shared/benchmarks/fr_timebank/Data [--errors] [--no-tense]

Each .tml file is ISO-TimeML: the document creation time (DCT) is the TIMEX3 inside <DCT>; the
TIMEX3 elements of <TEXT> are the gold expressions, with type and value; EVENT elements carry a
tense. For every gold expression, veille normalises the gold span's text against the DCT with the
tense of the nearest tensed EVENT in the same sentence (a hint taken from the markup; --no-tense
leaves it out), and the value is compared with the gold value as a string. dateparser parses the
same span (French, RELATIVE_BASE = DCT, PREFER_DATES_FROM = past), formatted to the gold value's
precision (year, month, minute, else day). Accuracy is reported for DATE values (the issue's
metric), TIME, DURATION and SET.

Detection: veille's find_expressions() over each document's text, against the gold spans of every
type (a found span overlapping a gold span counts); and end to end, the share of gold DATE values
that extract() gives on an overlapping span. --errors lists what veille got wrong.
"""

from __future__ import annotations

import argparse
import bisect
import json
import re
import sys
import time as clock
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from veille.text.timex import extract, find_expressions, normalise

TYPES = ("DATE", "TIME", "DURATION", "SET")
TENSE_OF = {"PAST": "past", "IMPERFECT": "past", "PRESENT": "present", "FUTURE": "future"}


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    attributes: dict


@dataclass
class Document:
    name: str
    dct: date
    text: str
    timexes: list[Mark] = field(default_factory=list)
    events: list[Mark] = field(default_factory=list)  # tensed events only
    sentence_ends: list[int] = field(default_factory=list)

    def tense_at(self, start: int, end: int | None = None) -> str | None:
        """The tense of the nearest tensed EVENT in the sentence of [start, end)."""
        end = start if end is None else end
        sentence = bisect.bisect_left(self.sentence_ends, start)
        same = [e for e in self.events if bisect.bisect_left(self.sentence_ends, e.start) == sentence]
        if not same:
            return None
        nearest = min(same, key=lambda e: max(0, e.start - end, start - e.end))
        return TENSE_OF.get(nearest.attributes["tense"])


def read_tml(path: Path) -> Document:
    root = ET.parse(path).getroot()
    dct = date.fromisoformat(root.find("DCT/TIMEX3").get("value")[:10])
    flat = _Flattener()
    flat.walk(root.find("TEXT"))
    text = "".join(flat.parts)
    doc = Document(path.stem, dct, text, sentence_ends=[m.end() for m in re.finditer(r"[.!?]+(?=\s)|\n", text)])
    for tag, mark in flat.marks:
        if tag == "TIMEX3":
            doc.timexes.append(mark)
        elif tag == "EVENT" and mark.attributes.get("tense") in TENSE_OF:
            doc.events.append(mark)
    return doc


class _Flattener:
    """The text of an element with the offsets of its descendants' spans."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.marks: list[tuple[str, Mark]] = []

    def add(self, text: str | None) -> None:
        if text:
            self.parts.append(text)
            self.length += len(text)

    def walk(self, element: ET.Element) -> None:
        self.add(element.text)
        for child in element:
            start = self.length
            self.walk(child)
            self.marks.append((child.tag, Mark(start, self.length, dict(child.attrib))))
            self.add(child.tail)


def dateparser_value(span: str, dct: date, gold: str) -> str | None:
    import dateparser  # only the benchmark uses it

    parsed = dateparser.parse(span, languages=["fr"], settings={
        "RELATIVE_BASE": datetime.combine(dct, time()), "PREFER_DATES_FROM": "past"})
    if parsed is None:
        return None
    if re.fullmatch(r"\d{4}", gold):
        return f"{parsed:%Y}"
    if re.fullmatch(r"\d{4}-\d{2}", gold):
        return f"{parsed:%Y-%m}"
    if re.match(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", gold):
        return f"{parsed:%Y-%m-%dT%H:%M}"
    return f"{parsed:%Y-%m-%d}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("data", help="the folder of .tml files")
    parser.add_argument("--errors", action="store_true", help="list the values veille got wrong")
    parser.add_argument("--no-tense", action="store_true", help="give normalise() no tense")
    args = parser.parse_args(argv)
    docs = [read_tml(path) for path in sorted(Path(args.data).glob("*.tml"))]
    started = clock.perf_counter()
    rows = [_row(doc, mark, not args.no_tense) for doc in docs for mark in doc.timexes]
    veille_seconds = clock.perf_counter() - started
    for row in rows:
        row["dateparser"] = dateparser_value(row["span"], row["dct"], row["gold"])
    result = {"data": args.data, "documents": len(docs), "expressions": len(rows), "tense_hint": not args.no_tense,
              "normalisation": {kind: _accuracy([r for r in rows if r["type"] == kind]) for kind in TYPES},
              "detection": _detection(docs), "veille_ms_per_expression": round(1000 * veille_seconds / len(rows), 3)}
    print(json.dumps(result, indent=2))
    if args.errors:
        for r in rows:
            if r["veille"] != r["gold"]:
                print(f"{r['type']}\t{r['doc']}\tDCT {r['dct']}\t{r['tense'] or '-'}\t{r['span']!r}\t"
                      f"gold {r['gold']}\tveille {r['veille']}\tdateparser {r['dateparser']}")
    return 0


def _row(doc: Document, mark: Mark, with_tense: bool) -> dict:
    span = doc.text[mark.start:mark.end]
    tense = doc.tense_at(mark.start, mark.end) if with_tense else None
    value = normalise(span, doc.dct, tense)
    return {"doc": doc.name, "dct": doc.dct, "span": span, "tense": tense, "type": mark.attributes.get("type"),
            "gold": mark.attributes.get("value"), "veille": value.value if value else None}


def _accuracy(rows: list[dict]) -> dict:
    def share(key: str) -> float:
        return round(sum(r[key] == r["gold"] for r in rows) / len(rows), 4) if rows else 0.0

    parsed = [r for r in rows if r["dateparser"] is not None]
    return {"count": len(rows), "veille": share("veille"), "dateparser": share("dateparser"),
            # dateparser scored on the spans it returns a date for (it gives none for "l'an dernier", "début octobre")
            "dateparser_parsed": len(parsed),
            "dateparser_when_parsed": round(sum(r["dateparser"] == r["gold"] for r in parsed) / len(parsed), 4) if parsed else 0.0}


def _detection(docs: list[Document]) -> dict:
    gold = found = gold_hit = found_hit = dates = dates_right = 0
    for doc in docs:
        spans = find_expressions(doc.text)
        gold, found = gold + len(doc.timexes), found + len(spans)
        gold_hit += sum(any(_overlap(m.start, m.end, s, e) for s, e in spans) for m in doc.timexes)
        found_hit += sum(any(_overlap(m.start, m.end, s, e) for m in doc.timexes) for s, e in spans)
        expressions = extract(doc.text, doc.dct, doc.tense_at)
        for m in doc.timexes:
            if m.attributes.get("type") == "DATE":
                dates += 1
                dates_right += any(_overlap(m.start, m.end, x.start, x.end) and x.value.value == m.attributes["value"]
                                   for x in expressions)
    return {"gold_spans_found": round(gold_hit / gold, 4), "found_spans_in_gold": round(found_hit / found, 4),
            "found": found, "date_values_end_to_end": round(dates_right / dates, 4)}


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


if __name__ == "__main__":
    sys.exit(main())
