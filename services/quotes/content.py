"""What a reporting cue reports, read off the parse: the quotations beside it, else its
reported clause (`ccomp`, "said in a statement that …", the clause an inserted "…, she
writes" follows), else for verbs that report through an object their object and
prepositional phrases. Token ranges are [start, end) token indices; offsets are
end-exclusive `str` indices into the text.
"""

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from services.quotes.cues import ADDRESSEE_VERBS, SAYING_NOUNS, is_reporting_verb, takes_object
from services.quotes.marks import Quotation, QuotationIndex
from services.quotes.paragraphs import Paragraphs

_OBJECT_DEPS = {"dobj", "prep", "xcomp", "dative", "attr", "oprd", "obj", "acomp"}
_GAP = re.compile(r"^[\s,:;—–-]*$")
_NAMING = {"call", "describe", "dub", "label", "term", "name", "brand"}


def quotations_beside(
    doc: Doc, verb: Token, speaker: Token, marks: QuotationIndex, text: str
) -> list[Quotation]:
    """Quotations separated from the attribution clause (verb + subject) by punctuation only,
    or introduced by it with a colon."""
    sentence = verb.sent
    hi = max(verb.i, speaker.i)
    for child in verb.rights:  # "as she put it, “…”", "he put it bluntly: “…”"
        if child.i == hi + 1 and (child.lower_ == "it" or child.dep_ == "advmod"):
            hi = child.i
    hi_char = doc[hi].idx + len(doc[hi])
    found = []
    span_start = min(sentence.start_char, speaker.left_edge.idx)
    for q in marks.within(span_start - 1, sentence.end_char + 1):
        if q.end <= verb.idx:
            if _said_by_another(doc, verb, q) or _in_relative_clause(speaker, q):
                continue
            if "\n" not in text[q.end : verb.idx] and _only_attribution(doc, q.end, verb, speaker):
                found.append(q)
        elif q.start >= hi_char:
            if _opens_a_clause(text, q) and _in_reported_clause(verb, q):
                continue  # 'he said "budget reforms" and taxes would pay': the clause's subject
            gap = text[hi_char : q.start]
            if "\n" in gap or (not gap.strip() and verb.lemma_.lower() in _NAMING):
                continue  # "what they call “project fear”" names, it does not quote
            if _GAP.match(gap) or (gap.rstrip().endswith(":") and len(gap) < 80):
                found.append(q)
            elif gap.rstrip().endswith(",") and len(gap) < 40 and q.end - q.start > 30:
                found.append(q)
    return found


_FRAGMENT_END = re.compile(r"[^\W_]")
_GOES_ON = re.compile(r"\s+[a-z]")


def _opens_a_clause(text: str, q: Quotation) -> bool:
    """Quoted words the sentence goes on from in lower case, with no punctuation closing them
    inside the marks: a fragment of the reported clause, not the quote itself."""
    inner = text[q.start : q.end].rstrip("\"”’»'")
    return bool(_FRAGMENT_END.search(inner[-1:])) and bool(_GOES_ON.match(text, q.end))


def _said_by_another(doc: Doc, verb: Token, q: Quotation) -> bool:
    """ "Lopez said the fire was “the worst …,” adding that …": quoted words after the verb
    that "adding" hangs on are that verb's, not the participle's."""
    head = verb.head
    return (
        verb.dep_ in ("advcl", "xcomp", "conj")
        and head.i < verb.i
        and is_reporting_verb(head)
        and q.start > head.idx
    )


def _in_relative_clause(speaker: Token, q: Quotation) -> bool:
    """ "Baker, who described the plan as “reckless,” said …": quoted words inside a clause
    about the speaker belong to that clause's verb."""
    return any(
        c.dep_ in ("relcl", "acl") and c.left_edge.idx <= q.start < c.right_edge.idx
        for c in speaker.children
    )


def _in_reported_clause(verb: Token, q: Quotation) -> bool:
    return any(
        c.dep_ == "ccomp" and c.left_edge.idx < q.end and q.start < c.right_edge.idx
        for c in verb.children
    )


def _only_attribution(doc: Doc, start: int, verb: Token, speaker: Token) -> bool:
    """Whether the words from offset `start` up to the verb are only its subject (with any
    apposition), adverbs and punctuation: `“…,” Harry Kazianis, a director, said`."""
    lo, hi = speaker.left_edge.i, speaker.right_edge.i
    if speaker.i > verb.i:
        lo = hi = -1
    for i in range(verb.i - 1, -1, -1):
        token = doc[i]
        if token.idx < start:
            break
        if token.is_punct or token.is_space or token.pos_ in ("ADV", "AUX", "PART"):
            continue
        if token.is_ancestor(verb) and not is_reporting_verb(token):  # "was quoted as saying"
            continue
        if not lo <= token.i <= hi:
            return False
    return True


@dataclass(frozen=True)
class Reported:
    """Token range [start, end) of what a cue reports."""

    start: int
    end: int
    #: an object or prepositional phrase rather than a clause ("urged a stance against …")
    by_object: bool = False
    #: the cue is inserted in the clause it reports ("Police, Sinclair says, have no …"):
    #: the range holds the attribution
    inserted: bool = False
    #: which construction gave it: clause, statement, insertion, told, object
    via: str = "clause"


def reported_clause(verb: Token, paragraphs: Paragraphs) -> Reported | None:
    """What the cue reports, from the tree."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and paragraphs.same(c, verb)]
    via = "clause"
    if not clauses:
        clauses = _said_in_a_statement(verb)
        via = "statement"
    if not clauses and verb.dep_ == "csubj" and verb.head.i > verb.i:
        what = next((c for c in verb.lefts if c.dep_ == "dobj" and c.lower_ == "what"), None)
        if what is not None:  # "grappling with what it says is a $3 billion deficit"
            return Reported(verb.head.i, verb.head.right_edge.i + 1, via="clause")
    if not clauses and verb.lemma_.lower() in _THAT_VERBS:
        clauses = _that_clause_below(verb) or _gerund_subject(verb)
        via = "clause"
    if not clauses and verb.dep_ == "parataxis":
        return _around_insertion(verb)
    if not clauses and verb.dep_ == "ROOT":
        ending = _ending_attribution(verb)
        if ending is not None:
            return ending
    if not clauses:
        told = _told_to(verb)
        if told is not None:
            return told
    if not clauses and verb.lemma_.lower() in _NAMING:
        given = _name_given(verb)
        if given is not None:
            return given
    by_object = not clauses
    if not clauses and takes_object(verb):
        clauses = [c for c in verb.rights if c.dep_ in _OBJECT_DEPS]
        clauses = [
            c for c in clauses if not (c.dep_ == "dative" or c.pos_ == "PRON" and c.n_rights == 0)
        ]
    if not clauses:
        return None
    start = min(c.left_edge.i for c in clauses)
    end = max(c.right_edge.i for c in clauses) + 1
    if not by_object and start > verb.i:
        start = _clause_start(verb, clauses[0], start)
    return Reported(start, end, by_object, via="object" if by_object else via)


_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})


def _clause_start(verb: Token, clause: Token, start: int) -> int:
    """Where a clause reported after its verb starts: "said Thursday one of the proposals, to
    close the branch, could save money" (the parse lost the clause's subject: it starts right
    after the verb), "said Monday the city would appeal" (the day belongs to the saying)."""
    doc = verb.doc
    if clause.dep_ == "ccomp" and not any(c.dep_ in _SUBJECTS for c in clause.children):
        start = min(start, verb.i + 1)
    if start == verb.i + 1 and doc[start].ent_type_ in ("DATE", "TIME"):
        end = start + 1
        while end < clause.i and doc[end].ent_iob_ == "I":
            end += 1
        day = doc[start:end]
        if end < clause.i and day.root.dep_ == "npadvmod" and not doc[end].is_punct:
            start = end
    return start


def _name_given(verb: Token) -> Reported | None:
    """ "what she calls the city's war on drivers", "They called it a stopgap measure": the
    name a speaker gives something is their words (news annotators count it as a quote).
    The range holds the thing named too ("called the charges unsubstantiated"), as the
    annotations that include it do; it still covers those that hold only the name."""
    if any(c.dep_ in ("auxpass", "neg") for c in verb.children):
        return None
    predicate = next((c for c in verb.rights if c.dep_ == "oprd"), None)
    if predicate is None:
        return None
    start = min(c.left_edge.i for c in verb.rights if c.dep_ in ("dobj", "oprd"))
    return Reported(start, predicate.right_edge.i + 1, via="naming")


def _told_to(verb: Token) -> Reported | None:
    """ "told his supporters to “go to your place and vote”", "asked voters to …": the person
    addressed and what they are told to do."""
    if verb.lemma_.lower() not in ADDRESSEE_VERBS:
        return None
    addressee = next((c for c in verb.rights if c.dep_ in ("dobj", "dative")), None)
    to_do = next((c for c in verb.rights if c.dep_ in ("xcomp", "ccomp")), None)
    if addressee is None or to_do is None or to_do.i < addressee.i:
        return None
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in to_do.children):
        return None
    return Reported(addressee.left_edge.i, to_do.right_edge.i + 1, by_object=True, via="told")


def _around_insertion(verb: Token) -> Reported | None:
    """An attribution set in commas into the clause it reports: "They had two broad aims,
    Foster writes" (what precedes it), "Police, Sinclair says, have no policies …" (the clause
    on both sides of it), "He said, the rules will change" (what follows it)."""
    head = verb.head
    left, right = verb.left_edge.i, verb.right_edge.i
    first, last = head.left_edge.i, head.right_edge.i
    if head.i < left and last <= right:
        return Reported(first, left, via="insertion")
    if first >= left:
        return Reported(right + 1, last + 1, via="insertion") if right < last else None
    return Reported(first, last + 1, inserted=True, via="insertion")


#: what may follow a closing attribution: "…, Grant writes.", "…, she said on Tuesday."
_AFTER_ENDING = frozenset({"punct", "npadvmod", "prep", "advmod", "advcl"})
#: what the verb may not have on its right if the words before it are what it reports
#: words before the comma that set the scene of the verb rather than report anything
_SETTING = frozenset({"advcl", "prep", "advmod", "mark", "npadvmod"})
_OWN_OBJECT = frozenset({"dobj", "ccomp", "xcomp", "attr", "acomp", "dative", "oprd", "obj"})


def _ending_attribution(verb: Token) -> Reported | None:
    """ "Canada preferred settlers who farmed, Grant writes.": an attribution closing the
    sentence after a comma reports everything before the comma, whatever label the parse
    gave the words there (a misparsed clause often hangs on the verb as `dep` or
    `npadvmod`, not as `ccomp`)."""
    subject = next((c for c in verb.lefts if c.dep_ == "nsubj"), None)
    if subject is None or any(c.dep_ in _OWN_OBJECT for c in verb.rights):
        return None
    if any(c.dep_ not in _AFTER_ENDING for c in verb.rights):
        return None
    doc = verb.doc
    comma = subject.left_edge.i - 1
    first = verb.sent.start
    if comma - first < 3 or doc[comma].text != ",":
        return None
    if any(c.i < comma and c.dep_ == "nsubj" for c in verb.lefts if c is not subject):
        return None
    if not any(t.pos_ in ("VERB", "AUX") for t in doc[first:comma]):
        return None
    if any(c.dep_ in _SETTING and c.left_edge.i == first for c in verb.lefts):
        return None  # "As news began to surface, members complained …": a setting
    return Reported(first, comma, via="insertion")


#: verbs whose "that" clause the parser may hang on a noun of their object
_THAT_VERBS = frozenset("say tell add warn insist argue claim write state note explain".split())
_NOUN_PATH = frozenset({"dobj", "dative", "prep", "pobj", "npadvmod"})


def _that_clause_below(verb: Token) -> list[Token]:
    """ "told one of his protégés on a regular basis that “terrorism is the answer”": the
    parser hangs the reported clause on the last noun before it; a clause opened by "that"
    reached from the verb through its object and prepositions only is what it reports."""
    found = []
    stack = [c for c in verb.rights if c.dep_ in _NOUN_PATH]
    while stack:
        token = stack.pop()
        for child in token.rights:
            if child.dep_ in _NOUN_PATH:
                stack.append(child)
            elif child.dep_ in ("acl", "relcl", "ccomp") and any(
                m.dep_ == "mark" and m.lower_ == "that" for m in child.children
            ):
                found.append(child)
    return found[:1]


def _gerund_subject(verb: Token) -> list[Token]:
    """ "said having her captain back was a big boost": the parser takes the gerund that is
    the reported clause's subject for the verb's complement and hangs the clause on it."""
    gerund = next((c for c in verb.rights if c.dep_ == "xcomp"), None)
    if gerund is None or gerund.tag_ != "VBG" or gerund.i != verb.i + 1:
        return []
    if not any(c.dep_ == "ccomp" and c.i > gerund.i for c in gerund.children):
        return []
    return [gerund]


def _said_in_a_statement(verb: Token) -> list[Token]:
    """ "said in a statement that …": the parser hangs the clause on the noun."""
    for prep in verb.children:
        if prep.dep_ != "prep":
            continue
        for noun in prep.children:
            if noun.dep_ == "pobj" and noun.lemma_.lower() in SAYING_NOUNS:
                return [
                    c
                    for c in noun.rights
                    if c.dep_ in ("acl", "ccomp", "relcl")
                    and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                ]
    return []


def trim(doc: Doc, start: int, end: int, marks: QuotationIndex) -> tuple[int | None, int | None]:
    """The token range without leading conjunctions and edge punctuation (quotation marks
    kept); (None, None) when nothing is left."""
    while (
        start < end
        and (doc[start].is_punct or doc[start].dep_ == "cc")
        and marks.at(doc[start].idx) is None
    ):
        start += 1
    while end > start and doc[end - 1].is_punct and marks.at(doc[end - 1].idx) is None:
        end -= 1
    if start >= end:
        return None, None
    return start, end
