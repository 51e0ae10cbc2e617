"""Who a paper is by, for quotes whose speaker is a report, a study or a statement:
"figures released by the Society of Motor Manufacturers", "a report from Statistics Canada",
"a study by Jane Doe" (a named person or group)."""

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
