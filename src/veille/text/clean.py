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
LEAD_TITLE_CHARS = 90  # a title made of an article's first sentence is cut at a word before this length
_SENTENCE_STOP = re.compile(r"[.!?…]+(?=[\s»\"”)]|$)")
_LAST_WORD = re.compile(r"(\w+)$")


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


def title_from_text(text: str, language: str = "fr") -> tuple[str, str] | None:
    """A title for an article that came without one, read from its clean text: ("headline", the
    first line when it reads as a headline), else ("lead", its first sentence, cut at a word near
    LEAD_TITLE_CHARS with an ellipsis); None for an empty text. Lines of site furniture (bylines,
    "Publié le …", section labels) at the top are passed over: they name no article."""
    rules = boilerplate(language)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    while lines and _is_furniture(lines[0], 0, rules):
        lines.pop(0)
    if not lines:
        return None
    headline = _headline("\n".join(lines))
    if headline and len(headline.split()) >= 2 and any(c.isalpha() for c in headline):
        return "headline", headline
    if headline and len(lines) > 1:
        lines.pop(0)  # a one-word label ("ENTRETIEN") over the text: no headline, and not its first word
    return "lead", shorten(first_sentence(" ".join(lines), rules.abbreviations))


def first_sentence(text: str, abbreviations: frozenset[str] = frozenset()) -> str:
    """The text up to its first sentence end; a period after an abbreviation ("M. Poutine") or an
    initial ("J. Biden") ends none."""
    for stop in _SENTENCE_STOP.finditer(text):
        word = _LAST_WORD.search(text, 0, stop.start())
        if stop.group() == "." and word and (word[1] in abbreviations or (len(word[1]) == 1 and word[1].isupper())):
            continue
        return text[:stop.end()]
    return text


def shorten(sentence: str, limit: int = LEAD_TITLE_CHARS) -> str:
    """A sentence as a title: without its final period, cut at a word boundary with "…" when long."""
    sentence = sentence.strip()
    if len(sentence) <= limit:
        return sentence[:-1] if sentence.endswith(".") and not sentence.endswith("..") else sentence
    cut = sentence[:limit + 1].rsplit(" ", 1)[0] if " " in sentence[:limit + 1] else sentence[:limit]
    return cut.rstrip(" ,;:–—-(«\"") + "…"
