"""Near-duplicate articles (wire copies, updates, syndication, excerpts), by MinHash over word 5-grams.

Signatures and their LSH bands are stored, so that a new article finds its near-duplicates by index
lookups whatever the size of the store; the bands are those datasketch's MinHashLSH chooses for the
candidate threshold. The decision is containment, estimated from the Jaccard similarity and the two
set sizes: an excerpt, or an update with a paragraph added, is a copy of the full text.

A signature is the one datasketch 2.0's MinHash gives (scheme "affine32", seed 1: SHA-1 of each
5-gram, MurmurHash3's finalizer, then 128 affine permutations modulo 2³²), computed here in a few
lines of numpy: importing datasketch imported SciPy, a third of a second at the start of every
command. Stored signatures stay comparable: a test pins the values datasketch gave.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np

from . import text

NUM_PERM = 128
CANDIDATE_JACCARD = 0.5  # LSH retrieves pairs whose 5-gram sets overlap about this much
BANDS, ROWS = 25, 5  # datasketch's MinHashLSH(threshold=CANDIDATE_JACCARD, num_perm=NUM_PERM): its b and r
COPY_CONTAINMENT = 0.8  # share of the shorter text's 5-grams found in the longer one
SHINGLE_WORDS = 5
SEED = 1


def minhash(body: str) -> tuple[np.ndarray, int]:
    """The signature of a text's word 5-grams (NUM_PERM unsigned 32-bit values), and how many
    distinct 5-grams it has."""
    tokens = text.words(body)
    grams = {" ".join(tokens[i:i + SHINGLE_WORDS]).encode() for i in range(max(1, len(tokens) - SHINGLE_WORDS + 1))}
    hashes = np.array([int.from_bytes(hashlib.sha1(gram).digest()[:4], "little") for gram in grams], dtype=np.uint32)
    a, b = _permutations()
    return (_mix(hashes).reshape(-1, 1) * a + b).min(axis=0), len(grams)  # uint32 arithmetic wraps: mod 2³²


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """h → a·h + b (a odd, so a bijection), drawn as datasketch draws them from its seed."""
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _mix(hashes: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, so that weak input hashes are safe to permute affinely."""
    hashes = hashes ^ (hashes >> np.uint32(16))
    hashes = hashes * np.uint32(0x85EBCA6B)
    hashes = hashes ^ (hashes >> np.uint32(13))
    hashes = hashes * np.uint32(0xC2B2AE35)
    return hashes ^ (hashes >> np.uint32(16))


def to_bytes(signature: np.ndarray) -> bytes:
    return signature.astype(np.uint64).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.uint64).astype(np.uint32)


def bands(signature: np.ndarray) -> list[str]:
    """One key per LSH band: two articles sharing a key are near-duplicate candidates."""
    values = signature.astype(np.uint64)
    return [f"{band}:{hashlib.blake2b(values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).hexdigest()}"
            for band in range(BANDS)]


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """The Jaccard similarity of two texts' 5-gram sets, as their signatures estimate it."""
    return float(np.count_nonzero(a == b)) / len(a)


def are_copies(a: np.ndarray, size_a: int, b: np.ndarray, size_b: int) -> bool:
    """Whether the shorter text is (nearly) contained in the longer: |A ∩ B| = J (|A| + |B|) / (1 + J)."""
    return _contained(jaccard(a, b), size_a, size_b)


def are_copies_stored(a: bytes, size_a: int, b: bytes, size_b: int) -> bool:
    """``are_copies`` on stored signatures (``to_bytes``), without rebuilding them."""
    return _contained(jaccard(np.frombuffer(a, dtype=np.uint64), np.frombuffer(b, dtype=np.uint64)), size_a, size_b)


def _contained(jaccard: float, size_a: int, size_b: int) -> bool:
    if not size_a or not size_b:
        return False
    shared = jaccard * (size_a + size_b) / (1 + jaccard)
    return shared / min(size_a, size_b) >= COPY_CONTAINMENT
