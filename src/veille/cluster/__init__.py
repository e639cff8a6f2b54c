"""Same-news and same-event clustering, near-duplicates and stories: algorithms only, no I/O."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

K = TypeVar("K")


def ranked(weights: Mapping[K, float]) -> list[K]:
    """Keys by decreasing weight (or count), ties in key order: the same whatever the arrival order."""
    return sorted(weights, key=lambda key: (-weights[key], key))
