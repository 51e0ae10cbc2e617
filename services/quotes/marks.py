"""Quotation-mark pairing that never fails on real text.

Pairs opening and closing marks paragraph by paragraph (a paragraph is a line of `text`):
curly “…”, straight "…", guillemets «…», „…“ and two apostrophes ''…'' (archives type
them so); single marks ‘…’ / '…' only in an article
that has no double marks (an apostrophe is never taken for a closing mark inside a word).
An opening mark left unclosed runs to the end of its paragraph, so a news-style quote over
several paragraphs (an opening mark on each, a closing one only at the end) gives one
`Quotation` per paragraph; a paragraph that starts in lower case after an unclosed one and
has a closing mark continues it (its `Quotation` starts at the paragraph, without a mark).
Offsets are end-exclusive `str` indices into `text`, marks included.
"""

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from shared.records import QuoteKind

_DOUBLE_OPEN = "“«„"
_DOUBLE_CLOSE = "”»"
_SINGLE_OPEN = "‘‹"
_SINGLE_CLOSE = "’›"
_OPEN_CONTEXT = " \t([{—–-/\u00a0"


@dataclass(frozen=True)
class Quotation:
    start: int
    end: int
    closed: bool


def find_quotations(text: str) -> list[Quotation]:
    """Every quotation in `text`, in order; never overlapping, never raising."""
    double = any(c in text for c in _DOUBLE_OPEN + _DOUBLE_CLOSE + '"') or "''" in text
    found: list[Quotation] = []
    for paragraph in re.finditer(r"[^\n]+", text):
        # a quote left open by the previous paragraph may close in this one without reopening
        carried = bool(found) and not found[-1].closed and found[-1].end >= paragraph.start() - 3
        found.extend(_pair(text, paragraph.start(), paragraph.end(), double, carried))
    return found


def _role(text: str, i: int, start: int, end: int, double: bool) -> str | None:
    """'open', 'close' or None for the character at `i` within the paragraph [start, end)."""
    char = text[i]
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    if double:
        if char in _DOUBLE_OPEN:
            return "open"
        if char in _DOUBLE_CLOSE:
            # some outlets type ” for both: at a word start it opens
            if char == "”" and before in _OPEN_CONTEXT and after.isalnum():
                return "open"
            return "close"
        if char == '"':
            return "open" if before in _OPEN_CONTEXT and not after.isspace() else "close"
        return None
    if char in _SINGLE_OPEN:
        return "open"
    if char in _SINGLE_CLOSE or char == "'":
        if before in _OPEN_CONTEXT and after.isalnum():
            return "open"
        if before.isalnum() and after.isalnum():
            return None  # an apostrophe inside a word
        return "close" if not after.isalnum() else None
    return None


def _pair(text: str, start: int, end: int, double: bool, carried: bool) -> list[Quotation]:
    marks = _DOUBLE_OPEN + _DOUBLE_CLOSE + "\"'" if double else _SINGLE_OPEN + _SINGLE_CLOSE + "'"
    found: list[Quotation] = []
    opened: int | None = None
    if carried and not text[start].isupper() and _role(text, start, start, end, double) != "open":
        opened = start  # "…decision-maker\n\nbased on …," said Nicholson
    for i in range(start, end):
        if text[i] not in marks:
            continue
        width = 1
        role: str | None
        if double and text[i] == "'":
            if not _two_apostrophes(text, i, start):
                continue
            width = 2
            role = _role_of_two(text, i, start, end)
        else:
            role = _role(text, i, start, end, double)
        if role == "open":
            if opened is not None:  # unclosed before a new opening: end it there
                found.append(Quotation(opened, _trim_end(text, opened, i), closed=False))
            opened = i
        elif role == "close" and opened is not None:
            found.append(Quotation(opened, i + width, closed=True))
            opened = None
    if opened is not None and _trim_end(text, opened, end) > opened + 1:
        found.append(Quotation(opened, _trim_end(text, opened, end), closed=False))
    return [q for q in found if q.end - q.start > 2]


def _two_apostrophes(text: str, i: int, start: int) -> bool:
    """`''` standing for a double mark, as some archives type it (`''We won,'' he said`)."""
    return text.startswith("''", i) and (i == start or text[i - 1] != "'")


def _role_of_two(text: str, i: int, start: int, end: int) -> str:
    before = text[i - 1] if i > start else " "
    after = text[i + 2] if i + 2 < end else " "
    return "open" if before in _OPEN_CONTEXT and not after.isspace() else "close"


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


class QuotationIndex:
    """Which quotation (if any) an offset falls in, and how a span relates to quotations."""

    def __init__(self, quotations: Sequence[Quotation]) -> None:
        self.quotations = list(quotations)
        self.starts = [q.start for q in self.quotations]

    def at(self, offset: int) -> Quotation | None:
        i = bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.quotations[i].end:
            return self.quotations[i]
        return None

    def within(self, start: int, end: int) -> list[Quotation]:
        """The quotations sharing a character with [start, end) (they never overlap each
        other, so they are sorted by start and by end alike)."""
        i = max(bisect_right(self.starts, start) - 1, 0)
        found = []
        while i < len(self.quotations) and self.quotations[i].start < end:
            if start < self.quotations[i].end:
                found.append(self.quotations[i])
            i += 1
        return found

    def widen(self, start: int, end: int) -> tuple[int, int]:
        """A span that cuts a quotation in two, widened to hold all of it."""
        for q in self.within(start, end):
            if q.start < start < q.end:
                start = q.start
            if q.start < end < q.end:
                end = q.end
        return start, end

    def kind(self, start: int, end: int) -> QuoteKind:
        """direct: quotation marks hold (almost) all of it; mixed: some; indirect: none."""
        inside = self.within(start, end)
        if not inside:
            return "indirect"
        covered = sum(min(q.end, end) - max(q.start, start) for q in inside)
        return "direct" if covered >= 0.9 * (end - start) else "mixed"
