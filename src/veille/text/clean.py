"""Cleaning: derive an article's clean text (what NLP reads and evidence points into) from its raw text,
and read the metadata line some syndicated copies open with."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..dates import normalise_published
from ..lang import Boilerplate, boilerplate

# A leading metadata prefix such as " date 2016-09 " (seen in syndicated copies); a section label
# ("International") or the article's first words may follow it on the same line.
METADATA_PREFIX = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\b[ \t]*\n?")
_SPACES = re.compile(r"[ \t\u00a0\u202f\u2007\u2009\u200a]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_SECTION_LABEL_LINES = 3  # section labels only appear above the headline
_MIN_REPEAT_PREFIX = 30  # a truncated repeat of a caption must be at least this long
_MAX_TITLE_CHARS = 200
_MAX_CAPTION_CHARS = 300  # a longer line ending in a credit is text with a trailing credit
_SENTENCE_END = tuple(".!?…»\"”:")


@dataclass(frozen=True)
class Cleaned:
    text: str
    title: str | None  # the headline, when the text opens with one
    published: str | None  # from a leading metadata line, if any


def clean_text(raw: str, language: str = "fr") -> Cleaned:
    published, body = split_metadata_line(raw.lstrip("\ufeff"))
    rules = boilerplate(language)
    kept = _kept_lines(body.splitlines(), rules)
    text = _BLANK_LINES.sub("\n\n", "\n".join(kept)).strip()
    return Cleaned(text=text, title=_headline(text), published=published)


def split_metadata_line(text: str) -> tuple[str | None, str]:
    """Return (published month or date, the text after it) when text opens with a metadata prefix."""
    match = METADATA_PREFIX.match(text)
    if not match:
        return None, text
    try:
        published = normalise_published(match.group(1))
    except ValueError:
        return None, text
    return published, text[match.end():]


def _kept_lines(lines: list[str], rules: Boilerplate) -> list[str]:
    kept: list[str] = []
    seen: set[str] = set()
    captions: list[str] = []
    for position, line in enumerate(lines):
        line = _SPACES.sub(" ", line).strip()
        if not line:
            kept.append("")
            continue
        key = line.casefold()
        if _is_furniture(line, position, rules):
            if kept and kept[-1].endswith("|") and len(kept[-1]) <= _MAX_CAPTION_CHARS:
                # "… à Hangzhou, en Chine. |" over "Photo : AFP/VNA |": a caption in a table layout
                captions.append(kept.pop().rstrip("| ").casefold())
            continue
        without_credit = _strip_credit(line, rules)
        if without_credit is not None:
            if len(without_credit) <= _MAX_CAPTION_CHARS:
                captions.append(without_credit.casefold())
                continue
            line, key = without_credit, without_credit.casefold()
        if key in seen or _repeats_caption(key, captions):
            continue
        seen.add(key)
        kept.append(line)
    return kept


def _is_furniture(line: str, position: int, rules: Boilerplate) -> bool:
    if position < _SECTION_LABEL_LINES and line.casefold() in rules.section_labels:
        return True
    return any(pattern.fullmatch(line) for pattern in rules.drop_line)


def _strip_credit(line: str, rules: Boilerplate) -> str | None:
    for pattern in rules.caption_end:
        match = pattern.search(line)
        if match:
            return line[: match.start()].strip()
    return None


def _repeats_caption(key: str, captions: list[str]) -> bool:
    return any(
        key == caption or (len(key) >= _MIN_REPEAT_PREFIX and caption.startswith(key))
        for caption in captions
    )


def _headline(text: str) -> str | None:
    first, _, rest = text.partition("\n")
    first = first.strip()
    if rest.strip() and first and len(first) <= _MAX_TITLE_CHARS and not first.endswith(_SENTENCE_END):
        return first
    return None
