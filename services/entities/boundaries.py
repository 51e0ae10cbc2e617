"""Boundary repairs of the model's entity spans: what the small model glues or leaves out.

- a span never crosses a line break, a slash, a bracket or a dash, a spaced hyphen included
  ("Comedy\\n\\nEmily Blunt", "Mark Schiefelbein/Associated Press", "ROME - Jane Doe");
- an inner possessive before a name splits a span in two ("Vancouver's Bo Horvat" ->
  "Vancouver", "Bo Horvat"; "New Year's Day" stays whole);
- leading articles and trailing possessives and punctuation are trimmed ("the Islamic State",
  "Garnier's"); money and percentages start at their number ("a record $240.1 billion");
- a hyphenated name is kept whole ("Moon Jae" + "-in").

Every function takes and returns token offsets (end-exclusive) into the `Doc`.
"""

from spacy.tokens import Doc, Span, Token

from services.entities.mentions import Mention

_BREAKS = frozenset('/|()[]{}—–:;•·*=+<>"“”')
_LEADING = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_POSSESSIVES = frozenset({"'s", "’s", "'", "’", "ʼs", "`s", "´s", "‘s"})
_NUMERIC = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})


def pieces(doc: Doc, ent: Span) -> list[Mention]:
    """The entity's span cut at breaks and inner possessives, each piece trimmed."""
    label = ent.label_
    parts: list[tuple[int, int]] = []
    start = ent.start
    for i in range(ent.start, ent.end):
        token = doc[i]
        if (
            token.is_space
            or token.text in _BREAKS
            or _spaced_dash(token)
            or (label == "PERSON" and token.text == ",")
        ):
            parts.append((start, i))
            start = i + 1
        elif "\n" in token.whitespace_ or (
            _is_possessive(token) and _owner_and_name(doc, label, i + 1, ent.end)
        ):
            parts.append((start, i + 1))
            start = i + 1
    parts.append((start, ent.end))
    found = []
    for begin, end in parts:
        trimmed = trim(doc, begin, end, label)
        if trimmed is not None:
            found.append(Mention(trimmed[0], trimmed[1], label))
    return found


def _spaced_dash(token: Token) -> bool:
    """ "ROME - Jane Doe": a hyphen standing for a dash, with spaces on both sides."""
    return (
        token.text == "-"
        and bool(token.whitespace_)
        and token.i > 0
        and bool(token.doc[token.i - 1].whitespace_)
    )


def trim(doc: Doc, start: int, end: int, label: str) -> tuple[int, int] | None:
    """Drop leading articles/punctuation and trailing possessives/punctuation; None if empty."""
    while start < end and (
        doc[start].is_space
        or doc[start].is_punct
        or doc[start].lower_ in _LEADING
        or (label in _NUMERIC and not _is_number_start(doc, start))
    ):
        start += 1
    while end > start and (doc[end - 1].is_space or _trailing_junk(doc, end - 1)):
        end -= 1
    if start >= end or not any(c.isalnum() for c in doc[start:end].text):
        return None
    if label == "PERSON":
        end = _extend_hyphenated(doc, start, end)
    return start, end


def _owner_and_name(doc: Doc, label: str, rest: int, end: int) -> bool:
    """Whether the words after an inner possessive name something of their own: always in a
    PERSON span ("Elizabeth May's Greens"), else when two or more capitalised words follow
    ("Vancouver's Bo Horvat"), not one ("New Year's Day", "Queen's Park")."""
    if label == "PERSON":
        return True
    return end - rest >= 2 and all(t.text[:1].isupper() for t in doc[rest:end])


def _is_possessive(token: Token) -> bool:
    text = token.text.lower()
    return (text in _POSSESSIVES and len(text) == 2) or (
        text in _POSSESSIVES and token.tag_ == "POS"
    )


def _is_number_start(doc: Doc, i: int) -> bool:
    token = doc[i]
    return token.like_num or token.is_currency or token.tag_ == "$" or token.text[:1].isdigit()


def _trailing_junk(doc: Doc, i: int) -> bool:
    token = doc[i]
    if token.text.lower() in _POSSESSIVES:
        return True
    return token.is_punct and token.text != "%"


def _extend_hyphenated(doc: Doc, start: int, end: int) -> int:
    """Extend over "-in" in "Moon Jae-in" when the model stopped at the hyphen."""
    while (
        end + 1 < len(doc)
        and doc[end - 1].whitespace_ == ""
        and doc[end].text == "-"
        and doc[end].whitespace_ == ""
        and doc[end + 1].is_alpha
    ):
        end += 2
    return end
