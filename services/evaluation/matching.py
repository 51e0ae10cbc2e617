"""One-to-one matching of predicted quote spans to gold spans by character overlap.

A prediction matches a gold span when it covers at least `threshold` of the gold span's
characters (offsets end-exclusive); each gold and each prediction is used at most once, the
largest overlaps first.
"""

from collections.abc import Sequence

Interval = tuple[int, int]


def coverage(predicted: Interval, gold: Interval) -> float:
    """Share of `gold`'s characters inside `predicted` (0..1)."""
    length = gold[1] - gold[0]
    if length <= 0:
        return 0.0
    overlap = min(predicted[1], gold[1]) - max(predicted[0], gold[0])
    return max(overlap, 0) / length


def match(
    predicted: Sequence[Interval], gold: Sequence[Interval | None], threshold: float
) -> dict[int, int]:
    """Gold index -> predicted index for the matched pairs."""
    pairs = []
    for g, gold_span in enumerate(gold):
        if gold_span is None:
            continue
        for p, span in enumerate(predicted):
            share = coverage(span, gold_span)
            if share >= threshold and share > 0:
                pairs.append((share, -abs(span[0] - gold_span[0]), g, p))
    pairs.sort(reverse=True)
    matched: dict[int, int] = {}
    used: set[int] = set()
    for _, _, g, p in pairs:
        if g in matched or p in used:
            continue
        matched[g] = p
        used.add(p)
    return matched
