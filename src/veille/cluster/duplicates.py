"""Near-duplicate articles (wire copies, updates, syndication, excerpts), by MinHash over word 5-grams.

Signatures and their LSH bands are stored, so that a new article finds its near-duplicates by index
lookups whatever the size of the store; the bands follow datasketch's parameters for the candidate
threshold. The decision is containment, estimated from the Jaccard similarity and the two set
sizes: an excerpt, or an update with a paragraph added, is a copy of the full text.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from . import text

NUM_PERM = 128
CANDIDATE_JACCARD = 0.5  # LSH retrieves pairs whose 5-gram sets overlap about this much
COPY_CONTAINMENT = 0.8  # share of the shorter text's 5-grams found in the longer one
SHINGLE_WORDS = 5
SEED = 1
SCHEME = "affine32"  # datasketch 2 default; stored signatures are only comparable within one scheme


def minhash(body: str) -> tuple[MinHash, int]:
    """The signature of a text's word 5-grams, and how many distinct 5-grams it has."""
    tokens = text.words(body)
    grams = {" ".join(tokens[i:i + SHINGLE_WORDS]).encode() for i in range(max(1, len(tokens) - SHINGLE_WORDS + 1))}
    signature = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    signature.update_batch(sorted(grams))
    return signature, len(grams)


def to_bytes(signature: MinHash) -> bytes:
    return signature.hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64))


@lru_cache(maxsize=1)
def _banding() -> tuple[int, int]:
    lsh = MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def bands(signature: MinHash) -> list[str]:
    """One key per LSH band: two articles sharing a key are near-duplicate candidates."""
    count, rows = _banding()
    values = signature.hashvalues.astype(np.uint64)
    return [f"{band}:{hashlib.blake2b(values[band * rows:(band + 1) * rows].tobytes(), digest_size=8).hexdigest()}"
            for band in range(count)]


def are_copies(a: MinHash, size_a: int, b: MinHash, size_b: int) -> bool:
    """Whether the shorter text is (nearly) contained in the longer: |A ∩ B| = J (|A| + |B|) / (1 + J)."""
    return _contained(a.jaccard(b), size_a, size_b)


def are_copies_stored(a: bytes, size_a: int, b: bytes, size_b: int) -> bool:
    """``are_copies`` on stored signatures (``to_bytes``), without rebuilding MinHash objects."""
    first, second = np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)
    return _contained(float(np.count_nonzero(first == second)) / len(first), size_a, size_b)


def _contained(jaccard: float, size_a: int, size_b: int) -> bool:
    if not size_a or not size_b:
        return False
    shared = jaccard * (size_a + size_b) / (1 + jaccard)
    return shared / min(size_a, size_b) >= COPY_CONTAINMENT
