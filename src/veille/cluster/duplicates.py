"""Near-duplicate articles (wire copies, updates, syndication), by MinHash over word 5-grams.

Signatures and their LSH bands are stored, so that a new article finds its near-duplicates by index
lookups whatever the size of the store; the bands follow datasketch's parameters for the threshold.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from . import text

NUM_PERM = 128
THRESHOLD = 0.8  # estimated Jaccard similarity of 5-gram sets above which two articles are copies
SHINGLE_WORDS = 5
SEED = 1
SCHEME = "affine32"  # datasketch 2 default; stored signatures are only comparable within one scheme


def minhash(body: str) -> MinHash:
    tokens = text.words(body)
    grams = {" ".join(tokens[i:i + SHINGLE_WORDS]).encode() for i in range(max(1, len(tokens) - SHINGLE_WORDS + 1))}
    signature = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    signature.update_batch(sorted(grams))
    return signature


def to_bytes(signature: MinHash) -> bytes:
    return signature.hashvalues.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64))


@lru_cache(maxsize=1)
def _banding() -> tuple[int, int]:
    lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def bands(signature: MinHash) -> list[str]:
    """One key per LSH band: two articles sharing a key are near-duplicate candidates."""
    count, rows = _banding()
    values = signature.hashvalues.astype(np.uint64)
    return [f"{band}:{hashlib.blake2b(values[band * rows:(band + 1) * rows].tobytes(), digest_size=8).hexdigest()}"
            for band in range(count)]


def are_copies(a: MinHash, b: MinHash) -> bool:
    return a.jaccard(b) >= THRESHOLD
