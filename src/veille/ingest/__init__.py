"""Reading: inputs (files, folders, globs, stdin, web archives, pages, feeds) → Records → the
Documents the analysis takes. Readers only (with encoding repair and the extraction of web pages):
nothing here analyses, stores or clusters (veille.incremental drives reading, analysis, storing and
clustering over one store; veille.batch over an archive).

``sources.iter_records`` reads inputs; ``check_record`` says whether a record can be analysed;
``document_for`` is the Document it enters the pipeline as, its id ``article_id`` (the hash of its
normalised text: the same article is stored once, however often it is given).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from ..errors import one_line
from ..models import Article, Document, Record
from ..settings import Settings

_WHITESPACE = re.compile(r"\s+")


def article_id(text: str) -> str:
    """Stable id: hash of the text, normalised so that spacing, case and Unicode forms do not matter."""
    normalised = _WHITESPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]


def check_record(record: Record, settings: Settings) -> tuple[str, str] | None:
    """("skipped"|"failed", reason) for a record that cannot be analysed, else None."""
    length = len(record.text.strip())
    if length < settings.min_article_chars:
        return ("skipped", "empty text" if length == 0 else f"text too short ({length} characters)")
    if length > settings.max_article_chars:
        return ("failed", f"text too long ({length:,} characters; the limit is max_article_chars="
                          f"{settings.max_article_chars:,})")
    return None


def document_for(record: Record) -> Document:
    """The Document a record enters the pipeline as (its id: the hash of its text)."""
    return Document(
        article=Article(
            id=article_id(record.text),
            source=one_line(record.source),
            raw_text=record.text,
            external_id=record.external_id,
            url=record.url,
            outlet=record.outlet,
            title=record.title,
            published=record.published,
            published_source=record.published_source,
        ),
        where=one_line(record.where),
    )


__all__ = ["article_id", "check_record", "document_for"]
