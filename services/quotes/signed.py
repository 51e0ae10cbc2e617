"""Quotes signed by a name, with no reporting verb: a paragraph-long quotation and, on the line
after it, the name of who said it (`“…”` ¶ `Jane Doe, mayor of Riverton`), or a pull quote
whose paragraph ends with the name alone (`The board failed the city. Jane Doe`).

The name must be a person the entities stage found, standing alone or followed by a comma and
a few words of role without a verb. Offsets are end-exclusive `str` indices into `doc.text`.
"""

import re
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence

from spacy.tokens import Doc, Token

from services.quotes.attribution import Attribution
from services.quotes.marks import Quotation, QuotationIndex
from services.quotes.spans import SpanSet

_ROLE_WORDS = 10
_MIN_WORDS = 6
#: a shorter quotation counts when it is a sentence ("“The numbers don't lie.”"), which the
#: title of a work on a line of its own seldom is
_MIN_SENTENCE_WORDS = 3
_SENTENCE_END = re.compile(r"[.!?…][\"”’»)]*\s+")
_VERBS = frozenset({"VERB", "AUX"})


def signed(
    doc: Doc,
    quotations: Sequence[Quotation],
    taken: SpanSet,
    person_at: Callable[[int], str | None],
    text: str,
) -> Iterator[Attribution]:
    """`person_at(i)`: the id of the person whose mention holds token `i`, else None; `text`:
    `doc.text` (rebuilt by spaCy on every access)."""
    marks = QuotationIndex(quotations)
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text)]
    starts = [t.idx for t in doc]
    for k, (start, end) in enumerate(lines):
        signature = _signature(doc, starts, start, end, person_at)
        if signature is not None and k > 0:
            quoted = _whole_quotation(text, marks, *lines[k - 1])
            if quoted is not None and not taken.overlaps(*quoted):
                yield Attribution(quoted[0], quoted[1], "direct", signature, None, True)
                continue
        pulled = _pull_quote(doc, text, starts, start, end, person_at)
        if pulled is not None and not taken.overlaps(start, pulled[0]):
            body_end, name = pulled
            kind = marks.kind(start, body_end)
            yield Attribution(start, body_end, kind, name, None, kind == "direct")


def _signature(
    doc: Doc, starts: list[int], start: int, end: int, person_at: Callable[[int], str | None]
) -> Token | None:
    """The last token of the name when the line [start, end) is a signature: a person's name,
    alone or followed by ", " and a short role without a verb."""
    tokens = _tokens(doc, starts, start, end)
    if not tokens or person_at(tokens[0].i) is None:
        return None
    person = person_at(tokens[0].i)
    n = 1
    while n < len(tokens) and person_at(tokens[n].i) == person:
        n += 1
    rest = tokens[n:]
    if not rest:
        return tokens[n - 1] if n >= 2 else None
    if rest[0].text != "," or len(rest) > _ROLE_WORDS + 1:
        return None
    if any(t.pos_ in _VERBS or t.text in '.!?“”"' for t in rest[1:]):
        return None
    return tokens[n - 1]


def _whole_quotation(
    text: str, marks: QuotationIndex, start: int, end: int
) -> tuple[int, int] | None:
    """The quotation filling the line [start, end) (marks included), if one does: six words
    or more, or three ending as a sentence does."""
    inside = marks.within(start, end)
    if len(inside) != 1:
        return None
    q = inside[0]
    if text[start : q.start].strip() or text[q.end : end].strip(" .,"):
        return None
    words = len(text[q.start : q.end].split())
    sentence = text[q.start : q.end].rstrip("\"”’»' ").endswith((".", "!", "?"))
    if words >= _MIN_WORDS or (sentence and words >= _MIN_SENTENCE_WORDS):
        return (q.start, q.end)
    return None


def _pull_quote(
    doc: Doc,
    text: str,
    starts: list[int],
    start: int,
    end: int,
    person_at: Callable[[int], str | None],
) -> tuple[int, Token] | None:
    """(end of the quoted words, last token of the name) for a line of sentences closed by a
    person's name alone: `The board failed the city. Jane Doe`."""
    ends = list(_SENTENCE_END.finditer(text, start, end))
    if not ends:
        return None
    tail = ends[-1]
    tokens = _tokens(doc, starts, tail.end(), end)
    if not 2 <= len(tokens) <= 4 or person_at(tokens[0].i) is None:
        return None
    if any(person_at(t.i) != person_at(tokens[0].i) for t in tokens):
        return None
    body_end = tail.start() + len(tail.group().rstrip())
    if len(text[start:body_end].split()) < _MIN_WORDS:
        return None
    return body_end, tokens[-1]


def _tokens(doc: Doc, starts: list[int], start: int, end: int) -> list[Token]:
    i = bisect_left(starts, start)
    found = []
    while i < len(doc) and doc[i].idx < end:
        if not doc[i].is_space:
            found.append(doc[i])
        i += 1
    return found
