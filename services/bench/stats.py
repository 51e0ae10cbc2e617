"""Summary figures of timing samples. No I/O."""

import math
from collections.abc import Sequence


class NoSamples(ValueError):
    def __init__(self) -> None:
        super().__init__("percentile of no samples")


def percentile(samples: Sequence[float], q: float) -> float:
    """The `q`-th percentile (0-100) with linear interpolation between the closest ranks
    (numpy's default): 50 of [1, 2, 3, 4] is 2.5, 100 is the maximum."""
    if not samples:
        raise NoSamples()
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0-100, got {q}")
    ordered = sorted(samples)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def per_second(count: int, seconds: float) -> float:
    """`count` per second; 0.0 when no time passed (nothing measured)."""
    return count / seconds if seconds > 0 else 0.0


def per_item(total: float, count: int) -> float:
    """`total` per item; 0.0 for no items."""
    return total / count if count else 0.0


def ratio(numerator: float, denominator: float) -> float | None:
    """`numerator / denominator`, or None when the denominator is zero (not measured)."""
    return numerator / denominator if denominator else None
