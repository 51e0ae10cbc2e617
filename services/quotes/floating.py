"""Quotations that stand as sentences of their own: candidates for floating quotes, which
continue the previous speaker ("…,” she said. “…”)."""

from collections.abc import Sequence

from services.quotes.marks import Quotation
from services.quotes.spans import SpanSet

_MIN_WORDS = 4
_MIN_SHORT_WORDS = 2
_SENTENCE_END = '.!?…:"”’»)'


def standalone_quotes(
    text: str, quotations: Sequence[Quotation], taken: SpanSet
) -> list[tuple[int, int]]:
    """(start, end) of quotations not already taken that begin a sentence or paragraph and
    end one, with at least a few words."""
    found = []
    for q in quotations:
        if taken.overlaps(q.start, q.end):
            continue
        before = text[text.rfind("\n", 0, q.start) + 1 : q.start].rstrip()
        # right after an attributed sentence in the same paragraph, a short quote still counts
        if len(text[q.start : q.end].split()) < (_MIN_SHORT_WORDS if before else _MIN_WORDS):
            continue
        if before and before[-1] not in _SENTENCE_END:
            continue
        line_end = text.find("\n", q.end)
        after = text[q.end : line_end if line_end >= 0 else len(text)].lstrip()
        if after and not after[0].isupper() and after[0] not in '“"«(':
            continue
        found.append((q.start, q.end))
    return found
