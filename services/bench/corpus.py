"""A benchmark corpus of N distinct articles built from a few source articles. No I/O.

Repeating a source verbatim would measure the dedup stage, not the parse: ingest drops exact
copies and near-duplicates (`services.ingest.dedup`: Jaccard similarity of 5-word shingles at or
above 0.6). So the first pass takes each source as it is, and later passes splice two sources:
the first half of one (by paragraphs) and the second half of another. Such a splice shares at
most about half of its shingles with any one source. Every candidate is also checked against
the ones already taken with ingest's own fingerprint and verdict, and skipped when ingest would
drop it. Each article ends with a short sentence naming its copy, so even short texts (which
ingest only matches exactly) differ.

When too few distinct candidates exist (one short source, thousands of articles), the corpus
is filled with suffixed copies anyway and `Corpus.near_duplicates` says how many ingest will
probably drop.
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from services.ingest.dedup import Fingerprint, bands, decide, fingerprint


@dataclass(frozen=True)
class Source:
    """One source article: `text` is its body, paragraphs separated by blank lines."""

    title: str
    text: str


@dataclass(frozen=True)
class Corpus:
    """`payloads`: `articles.raw` payloads (`id`, `title`, `text`) with distinct ids;
    `near_duplicates`: how many of them ingest's dedup would drop."""

    payloads: list[dict[str, Any]]
    sources: int
    near_duplicates: int = 0


class EmptyCorpus(ValueError):
    def __init__(self, where: str) -> None:
        super().__init__(f"no usable article in {where}")


def halves(text: str) -> tuple[str, str]:
    """`text` cut at the paragraph (else line, else sentence) boundary nearest its middle;
    `first + second == text`. A text with no boundary comes back as `(text, "")`."""
    middle = len(text) // 2
    for mark in ("\n\n", "\n", ". "):
        cuts = [i + len(mark) for i in _find_all(text, mark) if 0 < i + len(mark) < len(text)]
        if cuts:
            cut = min(cuts, key=lambda i: abs(i - middle))
            return text[:cut], text[cut:]
    return text, ""


def _find_all(text: str, mark: str) -> Iterator[int]:
    start = text.find(mark)
    while start != -1:
        yield start
        start = text.find(mark, start + 1)


def _candidates(sources: Sequence[Source]) -> Iterator[tuple[str, str, str]]:
    """(tag, title, body) in a fixed order: the sources, then splices of source i with
    source i + shift for shift = 1, 2, ... (each pair once per shift)."""
    for i, source in enumerate(sources):
        yield f"s{i}", source.title, source.text
    split = [halves(source.text) for source in sources]
    for shift in range(1, len(sources)):
        for i, source in enumerate(sources):
            j = (i + shift) % len(sources)
            first, second = split[i][0], split[j][1]
            if second:
                yield f"s{i}+s{j}", source.title, _joined(first, second)


def _joined(first: str, second: str) -> str:
    if first.endswith("\n") or not first:
        return first + second
    return first + "\n\n" + second


@dataclass
class _Taken:
    """The candidates kept so far, indexed as ingest's seen index does."""

    exact: set[str] = field(default_factory=set)
    signatures: dict[int, bytes] = field(default_factory=dict)
    buckets: dict[str, set[int]] = field(default_factory=dict)

    def would_drop(self, print_: Fingerprint) -> bool:
        near = {n for name in bands(print_.minhash) for n in self.buckets.get(name, ())}
        verdict = decide(
            print_,
            exact_of="taken" if print_.exact in self.exact else None,
            candidates={str(n): self.signatures[n] for n in near},
        )
        return verdict.kind != "new"

    def add(self, print_: Fingerprint) -> None:
        number = len(self.signatures)
        self.exact.add(print_.exact)
        self.signatures[number] = print_.minhash
        for name in bands(print_.minhash):
            self.buckets.setdefault(name, set()).add(number)


def build_corpus(sources: Sequence[Source], count: int, *, prefix: str = "bench") -> Corpus:
    """`count` articles from `sources` (see the module doc), ids `<prefix>-00000`, ..."""
    if not sources:
        raise EmptyCorpus("the sources")
    taken, payloads = _Taken(), list[dict[str, Any]]()
    for tag, title, body in _candidates(sources):
        if len(payloads) == count:
            break
        text = body.rstrip() + f"\n\nThis is benchmark copy {len(payloads)} ({tag}).\n"
        print_ = fingerprint(text)
        if taken.would_drop(print_):
            continue
        taken.add(print_)
        payloads.append(_payload(prefix, len(payloads), title, text))
    dropped = 0
    while len(payloads) < count:  # out of distinct candidates: suffixed copies, counted
        source = sources[len(payloads) % len(sources)]
        text = source.text.rstrip() + f"\n\nThis is benchmark copy {len(payloads)}.\n"
        print_ = fingerprint(text)
        if taken.would_drop(print_):
            dropped += 1
        else:
            taken.add(print_)
        payloads.append(_payload(prefix, len(payloads), source.title, text))
    return Corpus(payloads, len(sources), near_duplicates=dropped)


def _payload(prefix: str, number: int, title: str, text: str) -> dict[str, Any]:
    return {"id": f"{prefix}-{number:05d}", "title": title, "text": text}
