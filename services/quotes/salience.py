"""How salient a person's mention is in its sentence, for resolving "he", "she" and
descriptions (`antecedents.py`): ranks, most salient first.

- `MAIN`: the subject of the sentence's main clause ("Tom Baker chairs the board") or of a
  verb of speech anywhere in it ("Tenants say …, Mark Osei said": who speaks is what the
  story is about);
- `EMBEDDED`: the subject of an embedded clause ("Ana Ruiz said *Tom Reyes* is …");
- `OTHER`: any other mention (an object: "She met John Smith");
- `MODIFIER`: a name modifying another noun ("the Reyes administration", "Reyes's campaign").

A name in apposition stands for its head ("the spokesman, Ben Cole, said" is a subject), a
name joined by "and" for its first conjunct ("Kayla and Brandon talked").
"""

from spacy.tokens import Span, Token

from services.quotes.cues import is_reporting_verb
from shared.records import Entity

MAIN, EMBEDDED, OTHER, MODIFIER = 0, 1, 2, 3
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_MODIFIERS = frozenset({"compound", "poss", "nmod", "amod"})


def rank(root: Token, by_token: dict[int, Entity]) -> int:
    """The rank of a mention whose root token is `root`; `by_token`: the entity of each
    token that names one."""
    if root.dep_ == "appos" and root.head.i not in by_token:
        root = root.head
    while root.dep_ == "conj" and root.head.dep_ in _SUBJECTS | {"conj"}:
        root = root.head
    if root.dep_ in _SUBJECTS:
        return MAIN if main_clause(root) else EMBEDDED
    if root.dep_ in _MODIFIERS and root.head.pos_ in ("NOUN", "PROPN"):
        return MODIFIER
    return OTHER


def main_clause(subject: Token) -> bool:
    """The subject of the sentence's root verb or of a verb joined to it ("… and said"), or
    of a reporting verb anywhere."""
    verb = subject.head
    if is_reporting_verb(verb):
        return True
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"


def root_of(span: Span) -> Token:
    """The token of `span` whose head lies outside it."""
    for token in span:
        if not span.start <= token.head.i < span.end or token.head is token:
            return token
    return span[-1]


def mention_end(by_token: dict[int, Entity], i: int, end: int) -> int:
    """The last token of the mention starting at token `i` (before token `end`)."""
    entity = by_token[i]
    k = i
    while k + 1 < end and by_token.get(k + 1) is entity:
        k += 1
    return k


def plural_subject(head: Token) -> Token | None:
    """ "they": the nearest plural noun subject, in this sentence or the two before (not the
    subject of the clause an attribution is inserted in: "Revenues, they say, will …")."""
    verb = head.head
    reported = verb.head.i if verb.dep_ == "parataxis" else -1
    sentence = head.sent
    for _ in range(3):
        subjects = [
            t
            for t in sentence
            if t.i < head.i
            and t.dep_ in ("nsubj", "nsubjpass")
            and t.tag_ in ("NNS", "NNPS")
            and t.head.i != reported
        ]
        if subjects:
            return subjects[-1]
        if sentence.start == 0:
            return None
        sentence = head.doc[sentence.start - 1].sent
    return None
