"""What readers yield besides Records (Skipped), and the outlet a URL names.

Publication dates are read with ``veille.dates.normalise_published``, metadata lines with
``veille.text.clean.split_metadata_line``."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Skipped:
    """An input deliberately not read (not an error): a file of another type inside a folder, the
    records of a web archive that are not articles."""

    where: str
    reason: str


def outlet_from_url(url: str | None) -> str | None:
    """The publisher's domain: the url's host without 'www.'."""
    if not url:
        return None
    host = urlsplit(url).hostname
    if not host:
        return None
    return host[4:] if host.startswith("www.") else host
