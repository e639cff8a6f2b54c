"""Readers: one function per input format, each yielding Records, the InputErrors of bad records and
Skipped for what is deliberately not read."""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from ..dates import normalise_published
from ..errors import DecodeError, InputError, RecordError
from ..models import Record
from ..settings import Settings
from ..text.clean import split_metadata_line
from .encoding import decode_bytes, repair_text, replace_surrogates
from .pages import Page
from .records import Skipped, outlet_from_url, parsable_url, read_at_most
from .warc import is_warc, read_warc

Reader = Callable[[BinaryIO, str, Settings], Iterator["Record | InputError | Skipped | Page"]]
JSONL_FIELDS = ("id", "url", "title", "text", "published", "outlet")


def read_text(stream: BinaryIO, source: str, settings: Settings) -> Iterator[Record | InputError]:
    """A plain-text article; an optional leading 'date 2016-09 Section' line is metadata."""
    text = repair_text(decode_bytes(_read_capped(stream, source, settings), source))
    published, body = split_metadata_line(text)
    yield Record(
        source=source,
        locator="",
        text=body,
        published=published,
        published_source="metadata-line" if published else None,
    )


def read_jsonl(stream: BinaryIO, source: str, settings: Settings) -> Iterator[Record | InputError]:
    """JSON Lines, one article per line; a bad line is reported and the others still read."""
    for number, raw_line in enumerate(_lines(stream), start=1):
        if not raw_line.strip():
            continue
        locator = f"line {number}"
        try:
            yield _jsonl_record(raw_line, source, locator)
        except InputError as err:
            yield err


def _lines(stream: BinaryIO) -> Iterator[bytes]:
    """The lines of a byte stream; one in UTF-16 or UTF-32 (its byte-order mark says so, or without
    one the NUL bytes around its first character, RFC 4627) is split on its own line feeds, which
    are two or four bytes, and each line given back in UTF-8."""
    head = stream.read(4)
    wide = next((encoding for bom, encoding in _WIDE_BOMS if head.startswith(bom)), None) or _bomless_wide(head)
    if wide is None:
        yield from (line for line in re.split(b"(?<=\n)", head + stream.readline()) if line)
        yield from stream
        return
    decoder = codecs.getincrementaldecoder(wide)(errors="replace")
    pending = decoder.decode(head)
    for chunk in iter(lambda: stream.read(1 << 16), b""):
        *lines, pending = (pending + decoder.decode(chunk)).split("\n")
        yield from (f"{line}\n".encode("utf-8") for line in lines)
    pending += decoder.decode(b"", final=True)
    if pending:
        yield pending.encode("utf-8")


_WIDE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
              (codecs.BOM_UTF16_BE, "utf-16"))


def _bomless_wide(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a byte-order mark, from where the NUL bytes of the first character
    (an ASCII one, "{" or a space, in JSON) fall."""
    if len(head) < 4:
        return None
    zeros = tuple(byte == 0 for byte in head)
    return {(True, True, True, False): "utf-32-be", (False, True, True, True): "utf-32-le",
            (True, False, True, False): "utf-16-be", (False, True, False, True): "utf-16-le"}.get(zeros)


def _jsonl_record(raw_line: bytes, source: str, locator: str) -> Record:
    where = f"{source}:{locator}"
    line = decode_bytes(raw_line, where)
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        raise RecordError(where, f"invalid JSON ({err.msg} at column {err.colno})") from None
    except RecursionError:  # '[[[[…' a thousand deep: the parser's stack, not the run, gives up
        raise RecordError(where, "JSON nested too deeply (an article is one object of strings)") from None
    except ValueError:  # an integer of over 4,300 digits: Python refuses to convert it (CVE-2020-10735)
        raise RecordError(where, "invalid JSON (a number of more than 4,300 digits)") from None
    if not isinstance(obj, dict):
        raise RecordError(where, f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise RecordError(where, "no 'text' string field")
    for name in ("id", "url", "title", "outlet"):
        if obj.get(name) is not None and not isinstance(obj[name], (str, int)):
            raise RecordError(where, f"field '{name}' must be a string")
    try:
        published = normalise_published(obj.get("published"))
    except ValueError as err:
        raise RecordError(where, f"field 'published': {err}") from None
    url = _url(obj.get("url"))
    if url and not parsable_url(url):
        raise RecordError(where, "field 'url': not a valid URL")
    return Record(
        source=source,
        locator=locator,
        text=repair_text(text),
        external_id=_one_line(obj.get("id")),
        url=url,
        outlet=_one_line(obj.get("outlet")) or outlet_from_url(url),
        title=_optional_str(repair_text(str(obj["title"]))) if obj.get("title") is not None else None,
        published=published,
        published_source="metadata" if published else None,
    )


def read_html(stream: BinaryIO, source: str, settings: Settings) -> Iterator[Page]:
    """A saved web page, to be extracted by pages.extract_pages (trafilatura, htmldate)."""
    yield Page(decode_bytes(_read_capped(stream, source, settings), source), source)


READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".text": read_text,
    ".jsonl": read_jsonl,
    ".ndjson": read_jsonl,
    ".html": read_html,
    ".htm": read_html,
    ".warc": read_warc,
    ".warc.gz": read_warc,
}


def reader_for(path: Path) -> Reader | None:
    """The reader for a file's type; a two-part suffix (.warc.gz) is tried before the last part."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    return READERS.get("".join(suffixes[-2:])) or READERS.get(path.suffix.lower())


def sniff_reader(head: bytes) -> Reader:
    """Choose a reader for unnamed input (stdin) from its first bytes."""
    if is_warc(head):
        return read_warc
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:200].lower()
    if start.startswith(b"{"):
        return read_jsonl
    if start.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article")):
        return read_html
    return read_text


def _read_capped(stream: BinaryIO, source: str, settings: Settings) -> bytes:
    data = read_at_most(stream, settings.max_file_bytes)
    if len(data) > settings.max_file_bytes:
        raise InputError(
            source,
            f"file larger than the {settings.max_file_bytes:,}-byte limit for one article "
            "(split it, use JSON Lines, or raise max_file_bytes)",
        )
    return data


def _one_line(value: object) -> str | None:
    """A name field (an id, an outlet) as one line of text: control characters (a NUL, an escape
    sequence) dropped, line breaks and runs of spaces made one space."""
    text = _optional_str(value)
    return _optional_str(" ".join(repair_text(text).split())) if text else None


def _url(value: object) -> str | None:
    """A URL without the control characters, tabs and line breaks a browser would drop from it."""
    text = _optional_str(value)
    return _optional_str(replace_surrogates(_URL_CONTROLS.sub("", text))) if text else None


_URL_CONTROLS = re.compile(r"[\x00-\x1f\x7f]")


def _optional_str(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


__all__ = ["READERS", "DecodeError", "read_html", "read_jsonl", "read_text", "read_warc", "reader_for", "sniff_reader"]
