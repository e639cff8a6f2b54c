"""Reading a gold corpus: a folder with articles.jsonl and events.jsonl (see docs/evaluation.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..text.clean import clean_text, split_metadata_line


@dataclass(frozen=True)
class Corpus:
    path: Path
    articles: list[dict[str, Any]]
    events: dict[str, dict[str, Any]]

    def gold_event(self, article: dict[str, Any]) -> dict[str, Any] | None:
        return self.events.get(article.get("event")) if article.get("event") else None


def load_corpus(folder: str | Path) -> Corpus:
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(str(folder), "not a corpus folder (expected a folder with articles.jsonl)")
    articles = _read_jsonl(folder / "articles.jsonl", required=True)
    events = _read_jsonl(folder / "events.jsonl", required=False)
    seen: set[str] = set()
    for number, article in enumerate(articles, start=1):
        where = f"{folder / 'articles.jsonl'}:line {number}"
        if not isinstance(article.get("id"), str) or not isinstance(article.get("text"), str):
            raise InputError(where, "each article needs a string 'id' and 'text'")
        if article["id"] in seen:
            raise InputError(where, f"duplicate article id {article['id']!r}")
        seen.add(article["id"])
    by_id = {event["id"]: event for event in events if isinstance(event.get("id"), str)}
    for number, article in enumerate(articles, start=1):
        if article.get("event") and article["event"] not in by_id and events:
            raise InputError(f"{folder / 'articles.jsonl'}:line {number}",
                             f"event {article['event']!r} is not in events.jsonl")
    return Corpus(path=folder, articles=articles, events=by_id)


def _read_jsonl(path: Path, *, required: bool) -> list[dict[str, Any]]:
    if not path.is_file():
        if required:
            raise InputError(str(path), "missing (a corpus folder holds articles.jsonl and events.jsonl)")
        return []
    rows = []
    with open(path, encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{path}:line {number}", f"invalid JSON ({err.msg})") from None
            if not isinstance(row, dict):
                raise InputError(f"{path}:line {number}", "expected a JSON object")
            rows.append(row)
    return rows


def titles_only(corpus: Corpus) -> Corpus:
    """The corpus as a feed of titles: each article reduced to its headline, the first line of its
    clean text, after the date stamp it opens with, if any (a feed dates each title). Gold events
    and the other fields stay."""
    articles = []
    for article in corpus.articles:
        raw = article["text"].lstrip("\ufeff")
        _, body = split_metadata_line(raw)
        stamp = raw[:len(raw) - len(body)]
        first = next((line for line in clean_text(raw).text.splitlines() if line.strip()), "")
        articles.append({**article, "text": stamp + first})
    return replace(corpus, articles=articles)

