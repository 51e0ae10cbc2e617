"""Duplicate detection, the pure part: content fingerprints and the decision. No I/O.

- Exact duplicates share `Fingerprint.exact`: a hash of the body's words (case, punctuation
  and whitespace ignored), so the same text re-sent under a new headline or re-wrapped is one.
- Near-duplicates (the same wire story re-published with a trimmed paragraph or a new lede)
  share many 5-word shingles: a MinHash signature (datasketch, 128 permutations) estimates the
  Jaccard similarity of the shingle sets, and LSH bands (32 bands of 4 rows) find the
  candidates worth comparing. A candidate at or above `NEAR_DUPLICATE_SIMILARITY` is one.
Texts under `MIN_SHINGLES` shingles (briefs, one-liners) get no signature: only exact matching,
since short texts share template phrases too easily.
"""

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
BANDS = 32
ROWS = NUM_PERM // BANDS
SHINGLE_WORDS = 5
MIN_SHINGLES = 20
NEAR_DUPLICATE_SIMILARITY = 0.6
_SEED = 1
_SCHEME = "affine32"  # datasketch 2.x; signatures of different schemes never compare
_PERMUTATIONS = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME).permutations  # costly: once
_WORD = re.compile(r"\w+")

VerdictKind = Literal["new", "duplicate", "near_duplicate"]


@dataclass(frozen=True)
class Fingerprint:
    """`exact`: hex digest of the words; `minhash`: NUM_PERM little-endian uint32 values
    (empty for short texts)."""

    exact: str
    minhash: bytes


@dataclass(frozen=True)
class Verdict:
    """`new`, or a `duplicate` / `near_duplicate` `of` the first copy's article id;
    `similarity` is the estimated Jaccard similarity with it (1.0 for an exact duplicate)."""

    kind: VerdictKind
    of: str | None = None
    similarity: float = 0.0


NEW = Verdict("new")


def fingerprint(text: str) -> Fingerprint:
    """The fingerprint of an article body."""
    words = _WORD.findall(text.casefold())
    exact = hashlib.sha256(" ".join(words).encode()).hexdigest()[:32]
    shingles = {
        " ".join(words[i : i + SHINGLE_WORDS]).encode()
        for i in range(max(0, len(words) - SHINGLE_WORDS + 1))
    }
    if len(shingles) < MIN_SHINGLES:
        return Fingerprint(exact, b"")
    signature = MinHash(num_perm=NUM_PERM, seed=_SEED, permutations=_PERMUTATIONS, scheme=_SCHEME)
    signature.update_batch(list(shingles))
    return Fingerprint(exact, signature.hashvalues.astype("<u4").tobytes())


def bands(minhash: bytes) -> list[str]:
    """LSH bucket names of a signature: two signatures sharing one are candidates."""
    width = ROWS * 4
    return (
        [f"{band}:{minhash[band * width : (band + 1) * width].hex()}" for band in range(BANDS)]
        if minhash
        else []
    )


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures' shingle sets (0.0 if either is empty)."""
    if not a or len(a) != len(b):
        return 0.0
    return float(np.mean(np.frombuffer(a, "<u4") == np.frombuffer(b, "<u4")))


def decide(
    fingerprint: Fingerprint,
    *,
    exact_of: str | None,
    candidates: Mapping[str, bytes],
    threshold: float = NEAR_DUPLICATE_SIMILARITY,
) -> Verdict:
    """The verdict for an article, given the first copy holding its exact digest (`exact_of`)
    and the candidate first copies from its LSH buckets (id -> signature). The most similar
    candidate wins; ties go to the smallest id, so every store decides alike."""
    if exact_of is not None:
        return Verdict("duplicate", exact_of, 1.0)
    best = max(
        (
            (similarity(fingerprint.minhash, other), article_id)
            for article_id, other in candidates.items()
        ),
        key=lambda scored: (scored[0], _reverse(scored[1])),
        default=None,
    )
    if best is not None and best[0] >= threshold:
        return Verdict("near_duplicate", best[1], round(best[0], 4))
    return NEW


def passes_on(verdict: Verdict, drop: Literal["near", "exact"]) -> bool:
    """Whether an article with `verdict` goes downstream: a new one always, an exact copy of
    an earlier article never, a near-duplicate only when just exact copies are dropped
    (`NEWSFLOW_DEDUP=exact`)."""
    return verdict.kind == "new" or (verdict.kind == "near_duplicate" and drop == "exact")


def _reverse(article_id: str) -> tuple[int, ...]:
    return tuple(-ord(char) for char in article_id)


def candidates_of(buckets: Iterable[Iterable[str]], *, excluding: str) -> set[str]:
    """The union of bucket members, without the article itself."""
    return {member for bucket in buckets for member in bucket if member != excluding}
