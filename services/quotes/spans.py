"""A set of character spans answering "what overlaps [start, end)?" without a full scan, so
that articles with thousands of quotes stay linear-ish. Offsets are end-exclusive."""

from bisect import bisect_left, insort


class SpanSet:
    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self._spans: list[tuple[int, int]] = []
        self._longest = 0
        for start, end in spans or []:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        insort(self._spans, (start, end))
        self._longest = max(self._longest, end - start)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans sharing at least one character with [start, end)."""
        lo = bisect_left(self._spans, (start - self._longest, -1))
        hi = bisect_left(self._spans, (end, -1))
        return [(s, e) for s, e in self._spans[lo:hi] if e > start]

    def overlaps(self, start: int, end: int) -> bool:
        return bool(self.overlapping(start, end))
