"""Reporting cues in the parse -> what was said (span, kind) and the token naming who said it.

A cue is a reporting verb or "according to" outside quotation marks, in a paragraph of running
text; its speaker is its subject (climbing from "…, stating" participles, through passive
agents), else the noun right before or after it; what it reports is found by `content`.
Offsets are end-exclusive `str` indices into `doc.text`.
"""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from services.quotes.content import quotations_beside, reported_clause, trim
from services.quotes.cues import (
    PLAIN_OBJECT_VERBS,
    is_according_to,
    is_own_words,
    is_reporting_verb,
)
from services.quotes.marks import Quotation, QuotationIndex
from services.quotes.paragraphs import Paragraphs
from shared.records import QuoteKind, Span

_CLIMB_DEPS = {"advcl", "xcomp", "conj", "pcomp", "ccomp", "prep", "acl", "pobj", "dobj"}
_MIN_WORDS = 3
_RELATIVE = frozenset({"who", "that", "which"})
_STOPS = frozenset({",", ".", ";", ":", "!", "?", "“", "”", '"', "(", ")"})
_MIN_PLAIN_OBJECT_WORDS = 6


@dataclass(frozen=True)
class Attribution:
    start: int
    end: int
    kind: QuoteKind
    speaker: Token
    #: the reporting verb (or "according to"); None for a colon or dash introduction
    verb_span: Span | None
    #: found as a quotation next to its cue (wins over a reported clause that overlaps it)
    beside_marks: bool = False
    #: the cue's token ("said", the "according" of "according to"); None without a cue word
    cue: Token | None = None
    #: how the content was found: beside, clause, insertion, object, told, according
    via: str = "clause"
    #: the rules alone would not keep it (too short, an object that may not be speech)
    unsure: bool = False


def attributions(
    doc: Doc,
    quotations: Sequence[Quotation],
    paragraphs: Paragraphs,
    may_cue: Callable[[Token], bool] | None = None,
) -> Iterator[Attribution]:
    """Candidate attributions of the reporting verbs of the lexicon and of the other verbs
    `may_cue` admits (a learned model then judges those, `services.quotes.learned`)."""
    marks = QuotationIndex(quotations)
    prose: dict[int, bool] = {}
    for token in doc:
        if marks.at(token.idx) is not None:
            continue
        paragraph = paragraphs.of(token.idx)
        if paragraph not in prose:
            prose[paragraph] = paragraphs.is_prose(token.idx)
        if not prose[paragraph]:
            continue
        if is_according_to(token):
            yield from _from_according(doc, token, marks, paragraphs)
        elif is_own_words(token):
            yield from _from_own_words(doc, token, marks, paragraphs)
        elif is_reporting_verb(token) or (may_cue is not None and may_cue(token)):
            yield from _from_verb(doc, token, marks, paragraphs)


def _speaker_of(verb: Token) -> Token | None:
    """The subject of the cue, climbing from participles and conjuncts ("…, stating …")."""
    token = verb
    for _ in range(4):
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        if agent is not None:
            pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects:  # the closest one: a sentence run over a paragraph break may have two
            child = min(subjects, key=lambda c: abs(c.i - token.i))
            if child.dep_ == "nsubjpass" and token is verb:
                return None  # "was asked", "is called": not the speaker
            if child.lower_ in _RELATIVE and token.dep_ == "relcl":
                return token.head  # "Smith, who noted that …": the noun the clause is about
            return child
        if token.dep_ == "relcl" and token.head.pos_ in ("PROPN", "NOUN"):
            return token.head
        if token.dep_ not in _CLIMB_DEPS or token.head is token:
            return None
        token = token.head
    return None


def nearby_speaker(doc: Doc, verb: Token, paragraphs: Paragraphs) -> Token | None:
    """Without a usable parse: the noun phrase right before the verb ("Sinclair states"), else
    right after it ("said Nicholson"), in the verb's paragraph."""
    i = verb.i - 1
    while i >= 0 and doc[i].pos_ in ("ADV", "AUX", "PART") and paragraphs.same(doc[i], verb):
        i -= 1
    if i >= 0 and paragraphs.same(doc[i], verb) and doc[i].pos_ in ("PROPN", "PRON", "NOUN"):
        return doc[i]
    j = verb.i + 1
    while j < len(doc) and doc[j].dep_ == "prt":  # "points out the laid-back resident"
        j += 1
    best = None
    first = j
    while j < len(doc) and paragraphs.same(doc[j], verb) and _in_noun_phrase(doc[j], first):
        if doc[j].pos_ in ("PROPN", "NOUN", "PRON"):
            best = doc[j]
        if doc[j].pos_ == "PRON":
            break
        j += 1
    return best


def _in_noun_phrase(token: Token, first: int) -> bool:
    """A word of the noun phrase starting at token `first`, read left to right, modifiers
    included ("the laid-back Toronto resident", "the 39-year-old founder")."""
    if token.pos_ in ("PROPN", "NOUN", "DET", "ADJ", "PRON"):
        return True
    modifier = token.dep_ in ("amod", "compound", "nummod", "npadvmod", "prt", "punct")
    inside = token.head.i > token.i or first <= token.head.i < token.i
    return modifier and inside and token.text not in _STOPS


def _from_verb(
    doc: Doc, verb: Token, marks: QuotationIndex, paragraphs: Paragraphs
) -> Iterator[Attribution]:
    deps = {c.dep_ for c in verb.children}
    if "neg" in deps or ("auxpass" in deps and "agent" not in deps):
        return  # "did not say", "were criticized": nobody is quoted
    if verb.tag_ == "VBN" and verb.dep_ in ("advcl", "acl") and not deps & _OWN_SUBJECT:
        return  # "Asked whether he would resign, Baker said …": the question is not his
    speaker = _speaker_of(verb)
    if speaker is None or not paragraphs.same(speaker, verb):
        speaker = nearby_speaker(doc, verb, paragraphs)
    if speaker is None or marks.at(speaker.idx) is not None:
        return
    if speaker.lower_ in ("i", "you", "we", "who", "that", "which", "this"):
        return
    verb_span = Span(start=verb.idx, end=verb.idx + len(verb), text=verb.text)
    adjacent = quotations_beside(doc, verb, speaker, marks, paragraphs.text)
    for q in adjacent:
        opening = paragraphs.sentence_start(q.start)
        if q.end <= verb.idx and opening < q.start:  # quoted words ending a paraphrase
            yield Attribution(opening, q.end, "mixed", speaker, verb_span, True, verb, "beside")
        else:
            yield Attribution(q.start, q.end, "direct", speaker, verb_span, True, verb, "beside")
    if adjacent:
        return
    content = reported_clause(verb, paragraphs)
    if content is None:
        return
    by_object = content.by_object
    lo, hi = paragraphs.bounds(verb.idx)
    first = next((t.i for t in doc[content.start : content.end] if t.idx >= lo), content.end)
    last = next((t.i + 1 for t in reversed(doc[content.start : content.end]) if t.idx < hi), first)
    if first < verb.i < last and not content.inserted:
        first = verb.i + 1  # "wounds that authorities said did not appear …"
    start, end = trim(doc, first, last, marks)
    if start is None or end is None:
        return
    end = _past_abbreviation(doc, end, hi, marks)
    words = sum(1 for t in doc[start:end] if not t.is_punct)
    # the rules' doubts: too short, or an object that may not be speech ("welcomed the
    # election"); the learned model decides those (`services.quotes.learned`)
    unsure = words < _MIN_WORDS
    if doc[start].i <= speaker.i < doc[end - 1].i and not content.inserted:
        return
    s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    s, e = marks.widen(s, e)
    kind = marks.kind(s, e)
    if by_object and kind == "indirect":
        plain = verb.lemma_.lower() in PLAIN_OBJECT_VERBS or _calls_for(verb, doc[start])
        unsure = unsure or not plain or words < _MIN_PLAIN_OBJECT_WORDS
    yield Attribution(s, e, kind, speaker, verb_span, cue=verb, via=content.via, unsure=unsure)


def _past_abbreviation(doc: Doc, end: int, limit: int, marks: QuotationIndex) -> int:
    """ "says she has lost 8 lbs. since she joined": the parser ends a sentence at the period
    of an abbreviation; a next "sentence" starting in lower case goes on with the clause
    (up to offset `limit`, the end of the paragraph)."""
    while (
        end + 1 < len(doc)
        and doc[end].text == "."
        and doc[end - 1].whitespace_ == ""
        and doc[end - 1].is_alpha
        and doc[end + 1].is_sent_start
        and doc[end + 1].is_lower
        and doc[end + 1].is_alpha
        and doc[end + 1].idx < limit
    ):
        following = doc[end + 1].sent
        _, stop = trim(doc, following.start, following.end, marks)
        if stop is None:
            break
        end = stop
    return end


#: what a participle has when it is a verb of its own clause ("while he has said …")
_OWN_SUBJECT = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "agent"})


def _calls_for(verb: Token, first: Token) -> bool:
    """ "called for the release of …": a demand, reported as speech."""
    return verb.lemma_.lower() == "call" and first.lower_ == "for"


def _from_according(
    doc: Doc, according: Token, marks: QuotationIndex, paragraphs: Paragraphs
) -> Iterator[Attribution]:
    to = next(c for c in according.children if c.lower_ == "to")
    speaker = next((c for c in to.children if c.dep_ == "pobj"), None)
    if speaker is None:
        return
    yield from _around_phrase(doc, according, to, speaker, marks, paragraphs)


def _from_own_words(
    doc: Doc, words: Token, marks: QuotationIndex, paragraphs: Paragraphs
) -> Iterator[Attribution]:
    """ "In Lopez's words, the plan was “a disaster”", "in her words": the owner of the words
    said the rest of the sentence."""
    owner = next((c for c in words.children if c.dep_ == "poss"), None)
    if owner is None:
        return
    yield from _around_phrase(doc, words.head, words, owner, marks, paragraphs)


def _around_phrase(
    doc: Doc,
    phrase: Token,
    last: Token,
    speaker: Token,
    marks: QuotationIndex,
    paragraphs: Paragraphs,
) -> Iterator[Attribution]:
    """What an attributing phrase ("according to X", "in X's words") set into a sentence
    reports: the longer part of the sentence beside it. `phrase`: its first word (the cue),
    `last`: the word its cue span ends on."""
    sentence = phrase.sent
    left, right = phrase.left_edge.i, phrase.right_edge.i
    lo, hi = paragraphs.bounds(phrase.idx)
    first = next(t.i for t in sentence if t.idx >= lo)
    end = next(t.i + 1 for t in reversed(sentence) if t.idx < hi)
    before = (first, left)
    after = (right + 1, end)
    widest = max((before, after), key=lambda r: r[1] - r[0])
    start, stop = trim(doc, *widest, marks)
    if start is None or stop is None or stop - start < _MIN_WORDS:
        return
    verb_span = Span(
        start=phrase.idx,
        end=last.idx + len(last),
        text=paragraphs.text[phrase.idx : last.idx + len(last)],
    )
    s, e = doc[start].idx, doc[stop - 1].idx + len(doc[stop - 1])
    s, e = marks.widen(s, e)
    yield Attribution(s, e, marks.kind(s, e), speaker, verb_span, cue=phrase, via="according")
