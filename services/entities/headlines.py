"""Headline-like lines: title-cased text where the small model reads every capitalised word as
part of a name ("Russia and China Bolster Security Ties to Counter U.S. Influence" gives an ORG
"China Bolster Security Ties").

A line (a sentence, cut at line breaks) is headline-like when at least four of its content
words are capitalised and (nearly) none is not. Spans there are kept only as far as
the article names the same thing elsewhere (or the alias table knows it).
"""

from collections.abc import Callable

from spacy.tokens import Doc

from services.entities.mentions import Mention
from services.entities.names import name_key

_FUNCTION_WORDS = frozenset(
    """a an the and or but nor of to in on at for with by from as vs via over into onto after
    before about against up out off than is are was were be been its it his her their our your
    my not no new says say said""".split()
)
_MAX_SPAN = 12  # longer spans are not searched for known parts (bounded work per span)


def headline_ranges(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges (end-exclusive) of the headline-like lines of `doc`."""
    ranges: list[tuple[int, int]] = []
    start, capitalised, lower = 0, 0, 0
    for token in doc:
        if token.is_sent_start and token.i > start:
            _close(ranges, start, token.i, capitalised, lower)
            start, capitalised, lower = token.i, 0, 0
        if token.is_alpha and token.lower_ not in _FUNCTION_WORDS:
            if token.text[0].isupper():
                capitalised += 1
            else:
                lower += 1
        if token.is_space or "\n" in token.whitespace_:
            _close(ranges, start, token.i + 1, capitalised, lower)
            start, capitalised, lower = token.i + 1, 0, 0
    _close(ranges, start, len(doc), capitalised, lower)
    return ranges


def _close(
    ranges: list[tuple[int, int]], start: int, end: int, capitalised: int, lower: int
) -> None:
    if capitalised >= 4 and lower * 10 <= capitalised:
        ranges.append((start, end))


def known_parts(doc: Doc, m: Mention, known: Callable[[str], str | None]) -> list[Mention]:
    """The longest sub-spans of `m` the article names elsewhere, with their known labels.

    `known(key)` returns the label a name key has outside headlines, or None.
    """
    label = known(name_key(m.text(doc)))
    if label is not None:
        return [m.with_label(label)]
    if m.end - m.start > _MAX_SPAN:
        return []
    found: list[Mention] = []
    taken: set[int] = set()
    for width in range(m.end - m.start - 1, 0, -1):
        for start in range(m.start, m.end - width + 1):
            window = range(start, start + width)
            if taken.intersection(window):
                continue
            label = known(name_key(doc[start : start + width].text))
            if label is not None:
                found.append(Mention(start, start + width, label))
                taken.update(window)
    return sorted(found, key=lambda part: part.start)
