"""Attributions read off the words around a quotation, for when the parse got them wrong
(`“…,” Sinclair states.` tagged as a noun phrase; a sentence run over a paragraph break).

After the quotation: a reporting word within the next few words of its paragraph, before any
sentence end (`“…,” said Nicholson`, `“…,” Telford said`). Before it: a reporting word
closing the words that introduce it (`Sinclair writes: “…”`), or a name alone before a colon
(`Jane Doe: “…”`); a dash and a name after it (`“…” — Jane Doe`). Offsets are end-exclusive
`str` indices into `doc.text`.
"""

from bisect import bisect_left
from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Token

from services.quotes.attribution import Attribution, nearby_speaker
from services.quotes.cues import CLAUSE_VERBS
from services.quotes.marks import Quotation
from services.quotes.paragraphs import Paragraphs
from services.quotes.spans import SpanSet
from shared.records import Span

_WINDOW = 8
_STOPS = {".", "!", "?", ";", "“", '"', "«"}
#: verbs that report only right after a quotation (“…,” he continues / her statement read)
_BESIDE_ONLY = frozenset({"continue", "read", "conclude"})


def is_cue_word(token: Token, beside: bool = False) -> bool:
    """A reporting verb by its form, whatever the tagger made of it ("states", "says")."""
    if token.pos_ in ("PROPN", "ADP", "DET", "PRON"):
        return False
    lower = token.lower_
    forms = {token.lemma_.lower(), lower, lower.removesuffix("s"), lower.removesuffix("es")}
    return bool(forms & CLAUSE_VERBS) or (beside and bool(forms & _BESIDE_ONLY))


def around(
    doc: Doc, quotations: Sequence[Quotation], taken: SpanSet, paragraphs: Paragraphs
) -> Iterator[Attribution]:
    starts = [t.idx for t in doc]
    for q in quotations:
        if taken.overlaps(q.start, q.end):
            continue
        found = (
            _after(doc, q, starts, paragraphs)
            or _before(doc, q, starts, paragraphs)
            or _dash(doc, q, starts, paragraphs)
            or _colon(doc, q, starts, paragraphs)
        )
        if found is None:
            continue
        verb, speaker = found
        span = Span(start=verb.idx, end=verb.idx + len(verb), text=verb.text) if verb else None
        opening = paragraphs.sentence_start(q.start)
        after = verb is not None and verb.idx > q.start
        if opening < q.start and after:  # quoted words ending a paraphrase
            yield Attribution(opening, q.end, "mixed", speaker, span)
        elif opening == q.start or not after:
            yield Attribution(q.start, q.end, "direct", speaker, span, beside_marks=True)


def _after(
    doc: Doc, q: Quotation, starts: list[int], paragraphs: Paragraphs
) -> tuple[Token, Token] | None:
    i = bisect_left(starts, q.end)
    for token in doc[i : i + _WINDOW]:
        if not paragraphs.same(token, doc[i]) or paragraphs.of(token.idx) != paragraphs.of(q.start):
            return None
        if token.text in _STOPS:
            return None
        if is_cue_word(token, beside=True):
            speaker = nearby_speaker(doc, token, paragraphs)
            if speaker is not None and speaker.idx >= q.end:
                return token, speaker
            return None
    return None


def _colon(
    doc: Doc, q: Quotation, starts: list[int], paragraphs: Paragraphs
) -> tuple[None, Token] | None:
    """`Jane Doe: “…”`: a name alone before a colon introduces the quotation."""
    i = bisect_left(starts, q.start) - 1
    if i < 1 or doc[i].text != ":" or paragraphs.of(doc[i].idx) != paragraphs.of(q.start):
        return None
    j = i - 1
    while j >= 0 and doc[j].pos_ == "PROPN" and paragraphs.same(doc[j], doc[i]):
        j -= 1
    if j == i - 1:
        return None
    before = doc[j] if j >= 0 else None
    if before is not None and paragraphs.same(before, doc[i]) and not before.is_punct:
        return None  # "… the report by Jane Doe: “…”" is not an introduction
    return None, doc[i - 1]


def _dash(
    doc: Doc, q: Quotation, starts: list[int], paragraphs: Paragraphs
) -> tuple[None, Token] | None:
    """`“…” — Jane Doe`: a dash and a name after the quotation name its speaker."""
    i = bisect_left(starts, q.end)
    if i >= len(doc) or doc[i].text not in ("—", "–", "-", "--"):
        return None
    if paragraphs.of(doc[i].idx) != paragraphs.of(q.start):
        return None
    j = i + 1
    while j < len(doc) and doc[j].pos_ == "PROPN" and paragraphs.same(doc[j], doc[i]):
        j += 1
    return (None, doc[j - 1]) if j > i + 1 else None


def _before(
    doc: Doc, q: Quotation, starts: list[int], paragraphs: Paragraphs
) -> tuple[Token, Token] | None:
    i = bisect_left(starts, q.start)
    text = paragraphs.text[paragraphs.bounds(q.start)[0] : q.start].rstrip()
    if not text.endswith((":", ",")):
        return None
    for token in reversed(doc[max(0, i - _WINDOW) : i]):
        if paragraphs.of(token.idx) != paragraphs.of(q.start) or token.text in _STOPS:
            return None
        if is_cue_word(token):
            speaker = nearby_speaker(doc, token, paragraphs)
            return (token, speaker) if speaker is not None and speaker.idx < q.start else None
    return None
