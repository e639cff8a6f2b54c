"""Web archives (WARC 1.0/1.1, plain or gzip-compressed): every HTML page in them is an article.

warcio parses each record's WARC and HTTP headers and undoes the HTTP Content-Encoding and chunking;
veille frames the records itself, so that a corrupt record costs that record only: reading resumes
at the next record header (the next gzip member that opens a WARC record, or the next line starting
``WARC/1.0`` or ``WARC/1.1``). Memory stays bounded whatever the archive's size: records stream, and
an HTML page is read up to ``max_file_bytes``.

The capture date (WARC-Date) says when a page was archived, not when it was published: it is not
used as a publication date.
"""

from __future__ import annotations

import io
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from typing import BinaryIO

from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord, ArcWarcRecordLoader

from ..errors import InputError, RecordError
from ..settings import Settings
from .encoding import decode_declared
from .pages import HTML_TYPES, Page, media_type_and_charset
from .records import Skipped, read_at_most

_GZIP_MAGIC = b"\x1f\x8b"
_WARC_VERSIONS = (b"WARC/1.0", b"WARC/1.1")

_LOADER = ArcWarcRecordLoader(verify_http=False)  # odd HTTP status lines are read, as warcio's iterator does
_BLOCK = 16_384  # bytes read at a time from the archive
_MAX_LINE = 1 << 20  # a header line longer than this is cut, so that garbage cannot fill memory
_HEAD = 512  # bytes enough to tell whether an offset opens a WARC record
_SCAN_BLOCK, _SCAN_OVERLAP = 65_536, 16  # the overlap keeps a record start across two blocks


class _Corrupt(Exception):
    """A record that warcio parsed but veille cannot frame."""


_WRONG_LENGTH = "the record does not end where its Content-Length says"

_BROKEN = (ArchiveLoadFailed, zlib.error, _Corrupt)  # EOFError, the other way to fail, means truncated


def read_warc(stream: BinaryIO, source: str, settings: Settings) -> Iterator[Page | InputError | Skipped]:
    """Each HTML page of a web archive, a problem per corrupt record, and one Skipped that counts the
    records that are not articles. ``stream`` must be seekable (files are; stdin is read into memory)."""
    head = stream.read(len(_GZIP_MAGIC))
    if not head:
        yield Skipped(source, "empty archive")
        return
    archive = _GzipArchive(stream) if head == _GZIP_MAGIC else _PlainArchive(stream)
    yield from _ArchiveReader(archive, source, settings)


def is_warc(head: bytes) -> bool:
    """Whether these first bytes open a WARC record, plain or gzip-compressed."""
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(wbits=31).decompress(head, len(_WARC_VERSIONS[0]))
        except zlib.error:
            return False
    return head.startswith(_WARC_VERSIONS)


class _ArchiveReader:
    """One pass over an archive, record after record, counting the records that are not articles."""

    def __init__(self, archive: _PlainArchive | _GzipArchive, source: str, settings: Settings) -> None:
        self._archive = archive
        self._source = source
        self._max_bytes = settings.max_file_bytes
        self._skipped: Counter[str] = Counter()

    def __iter__(self) -> Iterator[Page | InputError | Skipped]:
        number, offset = 0, 0
        while offset is not None:
            number += 1
            try:
                outcome, offset = self._read_record(number, offset)
            except EOFError:
                outcome, offset = self._resume(number, offset, f"truncated at byte {self._archive.position()}")
            except _BROKEN as err:
                outcome, offset = self._resume(number, offset, f"corrupt record at byte {offset} ({_describe(err)})")
            if outcome is not None:
                yield outcome
        if self._skipped:
            yield Skipped(self._source, _summary(self._skipped))

    def _read_record(self, number: int, offset: int) -> tuple[Page | InputError | None, int | None]:
        """What the record at ``offset`` gives (None: nothing to report), and the next record's offset."""
        stream = self._archive.open(offset)
        line = _first_line(stream)
        if not line:  # the end of the archive, or an empty gzip member
            end = self._archive.finish(stream)
            return None, (end if end > offset else None)
        record = _parse(stream, line)
        skip = _skip_reason(record)
        payload = b"" if skip else read_at_most(record.content_stream(), self._max_bytes)
        _drain(record.raw_stream)
        next_offset = self._archive.finish(stream)
        if skip:
            self._skipped[skip] += 1
            return None, next_offset
        return self._article(number, record, payload), next_offset

    def _article(self, number: int, record: ArcWarcRecord, payload: bytes) -> Page | InputError:
        url = record.rec_headers.get_header("WARC-Target-URI") or None
        locator = f"record {number} ({url})" if url else f"record {number}"
        where = f"{self._source}:{locator}"
        if len(payload) > self._max_bytes:
            return RecordError(where, f"HTML page larger than the {self._max_bytes:,}-byte limit for one "
                                      "article (raise max_file_bytes)")
        try:
            charset = media_type_and_charset(_content_type(record))[1]
            return Page(decode_declared(payload, charset, where), self._source, locator, url)
        except InputError as err:
            return err

    def _resume(self, number: int, offset: int, problem: str) -> tuple[RecordError, int | None]:
        """The problem of the record at ``offset``, and the offset of the next record header after it."""
        resume_at = _next_record_start(self._archive.stream, offset + 1, self._archive.record_start)
        if resume_at is not None:
            problem += f"; resumed at byte {resume_at}"
        return RecordError(f"{self._source}:record {number}", problem), resume_at


class _PlainArchive:
    """An uncompressed archive: each record is as long as its Content-Length, then blank lines."""

    record_start = re.compile(rb"(?<=\n)WARC/1\.[01]\r?\n")

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream

    def open(self, offset: int) -> _LineCapped:
        self.stream.seek(offset)
        return _LineCapped(self.stream)

    def position(self) -> int:
        return self.stream.tell()

    def finish(self, record_stream: _LineCapped) -> int:
        """The next record's offset, past the blank lines that close this record (some writers omit
        them: a record header straight away is accepted too)."""
        offset = self.stream.tell()
        line = record_stream.readline()
        if line.strip() and not line.startswith(_WARC_VERSIONS):
            raise _Corrupt(_WRONG_LENGTH)
        while line and not line.strip():
            offset = self.stream.tell()
            line = record_stream.readline()
        return offset


class _GzipArchive:
    """A compressed archive: one gzip member per record, as the WARC standard recommends."""

    record_start = re.compile(_GZIP_MAGIC + b"\x08")  # 8: deflate, the only gzip method

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self._member: _GzipMember | None = None

    def open(self, offset: int) -> _LineCapped:
        self._member = _GzipMember(self.stream, offset)
        return _LineCapped(io.BufferedReader(self._member))

    def position(self) -> int:
        return self._member.end

    def finish(self, record_stream: _LineCapped) -> int:
        """The next record's offset: the end of this member, which must hold nothing but blank lines."""
        while block := record_stream.read(_BLOCK):
            if block.lstrip().startswith(_WARC_VERSIONS):
                raise _Corrupt("several records in one gzip member; `warcio recompress` fixes the file")
            if block.strip():
                raise _Corrupt(_WRONG_LENGTH)
        return self.position()


class _GzipMember(io.RawIOBase):
    """One gzip member of a file, inflated as it is read.

    Raises zlib.error on corrupt data and EOFError when the file ends inside the member."""

    def __init__(self, raw: BinaryIO, start: int) -> None:
        raw.seek(start)
        self._raw = raw
        self._inflate = zlib.decompressobj(wbits=31)  # 31: a gzip header and trailer around deflate data
        self._started = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:
        while not self._inflate.eof:
            data = self._inflate.unconsumed_tail or self._raw.read(_BLOCK)
            if not data:
                if self._started:
                    raise EOFError
                return 0  # no member here: the end of the file
            self._started = True
            inflated = self._inflate.decompress(data, len(buffer))
            if inflated:
                buffer[: len(inflated)] = inflated
                return len(inflated)
        return 0

    @property
    def end(self) -> int:
        """The offset past the member (past what was read, while the member is incomplete)."""
        return self._raw.tell() - len(self._inflate.unused_data)


class _LineCapped:
    """The reading side of a stream, with lines cut at _MAX_LINE bytes."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def read(self, size: int = -1) -> bytes:
        return self._stream.read(size)

    def readline(self, size: int | None = -1) -> bytes:
        return self._stream.readline(_MAX_LINE if size is None or size < 0 else min(size, _MAX_LINE))


def _first_line(stream: _LineCapped) -> bytes:
    """The record's first line, past any blank lines; b"" when the stream holds nothing else."""
    line = stream.readline()
    while line and not line.strip():
        line = stream.readline()
    return line


def _parse(stream: _LineCapped, first_line: bytes) -> ArcWarcRecord:
    """The record's WARC headers, and its HTTP headers if it holds an HTTP message; the payload is left."""
    record = _LOADER.parse_record_stream(stream, first_line, known_format="warc", no_record_parse=True)
    if not (record.rec_headers.get_header("Content-Length") or "").strip().isdecimal():  # warcio reads 0
        if not stream.read(1):  # the data ends inside the headers
            raise EOFError
        raise _Corrupt("no valid Content-Length header")
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""  # warcio expects a string
    record.http_headers = _LOADER.load_http_headers(record.rec_type, uri, record.raw_stream, record.length)
    return record


def _skip_reason(record: ArcWarcRecord) -> str | None:
    """Why the record is not an article (its type, HTTP status or media type); None for an HTML page."""
    if record.rec_type not in ("response", "resource"):
        return record.rec_type or "untyped"
    if record.http_headers is not None and record.http_headers.get_statuscode() != "200":
        return f"status {record.http_headers.get_statuscode() or 'missing'}"
    media_type = media_type_and_charset(_content_type(record))[0]
    return None if media_type in HTML_TYPES else media_type or "no content type"


def _content_type(record: ArcWarcRecord) -> str:
    """The HTTP Content-Type of a response, the WARC one of a resource."""
    headers = record.http_headers
    return (headers.get_header("Content-Type") if headers is not None else record.content_type) or ""


def _drain(raw_stream: LimitReader) -> None:
    """Read the rest of the record; EOFError when its data ends before its Content-Length."""
    while raw_stream.read(_BLOCK):
        pass
    if raw_stream.limit:
        raise EOFError


def _next_record_start(stream: BinaryIO, start: int, pattern: re.Pattern[bytes]) -> int | None:
    """The offset of the first record header at or after ``start`` (None: there is none), read by blocks."""
    block_start = start
    while True:
        stream.seek(block_start)
        block = stream.read(_SCAN_BLOCK)
        for match in pattern.finditer(block):
            candidate = block_start + match.start()
            stream.seek(candidate)
            if is_warc(stream.read(_HEAD)):
                return candidate
        if len(block) < _SCAN_BLOCK:
            return None
        block_start += _SCAN_BLOCK - _SCAN_OVERLAP


def _describe(err: Exception) -> str:
    if isinstance(err, zlib.error):  # "Error -3 while decompressing data: invalid block type"
        return "bad gzip data: " + str(err).rpartition(": ")[2]
    if isinstance(err, ArchiveLoadFailed):  # its message quotes the whole bad line
        return "invalid WARC header"
    return str(err)


def _summary(skipped: Counter[str]) -> str:
    total = skipped.total()
    kinds = ", ".join(f"{count} {reason}" for reason, count in skipped.most_common())
    return f"not articles: {total} {'record' if total == 1 else 'records'} ({kinds})"


__all__ = ["is_warc", "read_warc"]
