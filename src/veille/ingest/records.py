"""What readers yield besides Records (Skipped), and the outlet a URL names.

Publication dates are read with ``veille.dates.normalise_published``, metadata lines with
``veille.text.clean.split_metadata_line``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Skipped:
    """An input deliberately not read (not an error): a file of another type inside a folder, the
    records of a web archive that are not articles."""

    where: str
    reason: str


def read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """The bytes of a stream, up to ``limit`` + 1 (one more than the limit says that it is over),
    read a chunk at a time: one read(limit + 1) allocates that much memory whatever the stream holds
    (with max_file_bytes=2**62, MemoryError on a 100-byte file), and a decompressing stream may give
    fewer bytes than asked before its end."""
    chunks, size = [], 0
    while size <= limit:
        chunk = stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


_CHUNK = 1 << 20


def parsable_url(url: str | None) -> str | None:
    """The url, or None when urllib cannot split it ("http://[::1", an unclosed IPv6 bracket): every
    later reader of it (its outlet, the date in its path, the web UI's link) would raise."""
    if not url:
        return None
    try:
        urlsplit(url)
    except ValueError:
        return None
    return url


def outlet_from_url(url: str | None) -> str | None:
    """The publisher's domain: the url's host without 'www.'."""
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host
