"""The articles ingest has seen: a small store behind a Protocol, and its in-memory form.

Rules every implementation follows (one contract test runs against each):

- The first copy of a story is a *root*; a later copy is a `duplicate` (same words) or a
  `near_duplicate` (similar enough, `dedup.decide`) *of* a root. Only roots are indexed, so
  copies of copies link to the first copy.
- The verdict for one `(article_id, version)` is decided once and returned again on every later
  call: a redelivered message (a crash between check and publish) gets the same verdict, so the
  caller can safely publish a `new` article again (downstream is idempotent by id and version).
- A new version of a root (a correction) stays `new` and adds its signature to the index.
- Two workers racing on one story: exactly one becomes the root, the other links to it.
"""

from typing import Protocol

from services.ingest.dedup import NEW, Fingerprint, Verdict, bands, candidates_of, decide


class SeenIndex(Protocol):
    async def check_and_add(self, article_id: str, version: str, signature: Fingerprint) -> Verdict:
        """The verdict for this article version, recorded so that it is stable."""
        ...


class MemorySeenIndex:
    """A `SeenIndex` in one process's memory (tests, `newsflow extract`, a single worker)."""

    def __init__(self) -> None:
        self._verdicts: dict[tuple[str, str], Verdict] = {}
        self._roots: dict[str, bytes] = {}  # root id -> its latest MinHash signature
        self._exact: dict[str, str] = {}  # exact digest -> root id
        self._buckets: dict[str, set[str]] = {}  # LSH bucket -> root ids

    async def check_and_add(self, article_id: str, version: str, signature: Fingerprint) -> Verdict:
        key = (article_id, version)
        if key in self._verdicts:
            return self._verdicts[key]
        if article_id in self._roots:
            verdict = NEW
        else:
            exact_of = self._exact.get(signature.exact)
            names = bands(signature.minhash)
            candidates = candidates_of(
                (self._buckets.get(name, ()) for name in names), excluding=article_id
            )
            verdict = decide(
                signature,
                exact_of=exact_of if exact_of != article_id else None,
                candidates={root: self._roots[root] for root in candidates},
            )
        if verdict.kind == "new":
            self._roots[article_id] = signature.minhash
            self._exact.setdefault(signature.exact, article_id)
            for name in bands(signature.minhash):
                self._buckets.setdefault(name, set()).add(article_id)
        self._verdicts[key] = verdict
        return verdict
