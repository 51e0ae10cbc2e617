"""Who a paper is by, for quotes whose speaker is a report, a study or a statement:
"figures released by the Society of Motor Manufacturers", "a report from Statistics Canada",
"a study by Jane Doe" (a named person or group); "the report" after "economist Jane Doe
wrote in a recent report" (the subject who wrote or released the same kind of paper in the
sentences just before)."""

from spacy.tokens import Token

from services.quotes.mentions import GROUPS
from shared.records import Entity

_BY = frozenset({"by", "from", "of"})
_AUTHORING = frozenset(
    "release publish conduct issue compile prepare produce write author commission sign".split()
)


def author_of(paper: Token, by_token: dict[int, Entity]) -> Token | None:
    """The token naming who wrote `paper`; `by_token`: the entity of each token naming one."""
    for token in paper.subtree:
        entity = by_token.get(token.i)
        if entity is None or (entity.type != "PERSON" and entity.type not in GROUPS):
            continue
        link = token.head
        if token.dep_ == "pobj" and link.lower_ in _BY and link.head.i in (paper.i, *_acl(paper)):
            return token
    return None


def _acl(paper: Token) -> list[int]:
    """ "figures released by …": the participle after a noun, and its agent (not "the memo
    obtained by the newspaper": who got a paper did not write it)."""
    found = []
    for child in paper.children:
        if child.dep_ == "acl" and child.lemma_.lower() in _AUTHORING:
            found.append(child.i)
            found.extend(c.i for c in child.children if c.dep_ == "agent")
    return found


#: how many sentences back "the report" looks for the one who wrote or released a report
_EARLIER_WITHIN = 3
_WRITING = _AUTHORING | frozenset({"say", "find", "conclude", "report", "warn"})


def earlier_author(paper: Token, by_token: dict[int, Entity]) -> Token | None:
    """ "the report said …" after "Jane Doe wrote in a recent report": the subject of the
    verb a paper of the same word hangs on ("wrote in a report", "released a study") in the
    sentences just before, when it names a person or a group."""
    doc = paper.doc
    lemma = paper.lemma_.lower()
    sentence = paper.sent
    for _ in range(_EARLIER_WITHIN):
        for token in reversed(doc[sentence.start : min(sentence.end, paper.i)]):
            if token.i == paper.i or token.lemma_.lower() != lemma or token.pos_ != "NOUN":
                continue
            verb = token.head.head if token.dep_ == "pobj" else token.head
            if verb.pos_ != "VERB" or verb.lemma_.lower() not in _WRITING:
                continue
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            entity = by_token.get(subject.i) if subject is not None else None
            if entity is not None and (entity.type == "PERSON" or entity.type in GROUPS):
                return subject
        if sentence.start == 0:
            return None
        sentence = doc[sentence.start - 1].sent
    return None
