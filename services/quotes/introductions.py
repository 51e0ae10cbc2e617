"""Quotations with no cue of their own that the words before them introduce.

- A quotation opening its paragraph goes to the person the paragraph before ends on as the
  subject ("Jane Porter has run the diner for 20 years. ¶ “We never expected …”"), when that
  paragraph quotes nobody itself.
- A quotation after a colon goes to the person who is the subject of the clause the colon
  ends ("Jane Doe delivered a sharp retort: “…”", "She continued: “…”"), not to the previous
  speaker; a clause with no person for its subject ("Then, on CNN:", "The letter
  continues:") leaves the quotation to the previous speaker.
"""

from bisect import bisect_right

from spacy.tokens import Token

from services.quotes.paragraphs import Paragraphs
from services.quotes.salience import main_clause
from services.quotes.spans import SpanSet
from services.quotes.speakers import Speaker, SpeakerResolver
from shared.records import Span

_SUBJECTS = ("nsubj", "nsubjpass")


class Introductions:
    def __init__(self, resolver: SpeakerResolver, paragraphs: Paragraphs) -> None:
        self.resolver = resolver
        self.doc = resolver.doc
        self.paragraphs = paragraphs
        self._starts = [t.idx for t in self.doc]

    def speaker(self, start: int, quoted: SpanSet, previous: Speaker | None) -> Speaker | None:
        """Who the words before the quotation starting at offset `start` introduce, if
        anyone; `quoted`: the spans already attributed."""
        return self._paragraph_before(start, quoted) or self._colon(start, previous)

    def _colon(self, start: int, previous: Speaker | None) -> Speaker | None:
        lo = self.paragraphs.bounds(start)[0]
        before = self.paragraphs.text[lo:start].rstrip()
        if not before.endswith(":"):
            return None
        colon = self._token_at(lo + len(before) - 1)
        if colon is None:
            return None
        for token in colon.sent:
            if token.idx < lo or token.i >= colon.i or token.dep_ not in _SUBJECTS:
                continue
            if not main_clause(token):
                continue
            speaker = self.resolver.resolve(token, previous)
            person = (speaker.entity_id or "").startswith("person")
            named = speaker.entity_id is None and token.pos_ in ("PROPN", "PRON")
            return speaker if speaker.name and (person or named) else None
        return None

    def _paragraph_before(self, start: int, quoted: SpanSet) -> Speaker | None:
        """For a quotation opening its paragraph with no cue: the person the paragraph before
        ends on as the subject ("Jane Porter has run the diner for 20 years. ¶ “We never
        expected …”"), when that paragraph quotes nobody itself."""
        lo = self.paragraphs.bounds(start)[0]
        if start != lo or lo < 2:
            return None
        end = len(self.paragraphs.text[:lo].rstrip())
        if end == 0:
            return None
        p_lo, p_hi = self.paragraphs.bounds(end - 1)
        if quoted.overlaps(p_lo, p_hi) or not self.paragraphs.is_prose(p_lo):
            return None
        last = self._token_at(end - 1)
        if last is None:
            return None
        sentence = last.sent
        for token in sentence:
            if token.idx < p_lo or token.dep_ not in ("nsubj", "nsubjpass"):
                continue
            if token.head.dep_ != "ROOT":
                continue
            entity = self.resolver.mentions.by_token.get(token.i)
            if entity is not None and entity.type == "PERSON":
                person = self.resolver.mentions.fullest(entity, token.i)
                mention = Span(start=token.idx, end=token.idx + len(token), text=token.text)
                return Speaker(mention, person.name, person.id)
        return None

    def _token_at(self, offset: int) -> Token | None:
        i = bisect_right(self._starts, offset) - 1
        return self.doc[i] if i >= 0 else None
