"""Later references to a named person that the model does not tag: a bare surname it left
untagged ("... Greenspan signed"), and the person's role alone ("the minister said") when
exactly one person in the article holds that role and the role noun comes after the name.
Role references are mentions but no aliases (`Mention.named` is False).
"""

from dataclasses import dataclass, field

from spacy.tokens import Doc

from services.entities.mentions import Mention
from services.entities.names import word_key
from services.nlp.lexicon import HONORIFICS, TITLES, Gender

_NOT_AFTER_ROLE = frozenset({"of", "for", "'s", "’s"})


@dataclass
class Person:
    words: tuple[str, ...]  # word keys of the fullest name
    gender: Gender | None
    mentions: list[Mention] = field(default_factory=list)
    last_seen: int = -1  # token offset of the latest mention linked so far

    def fits(self, keys: tuple[str, ...], gender: Gender | None) -> bool:
        """Whether `keys` is a shorter tail of this name ("Putin" of "Vladimir Putin")."""
        if gender and self.gender and gender != self.gender:
            return False
        return len(keys) < len(self.words) and self.words[-len(keys) :] == keys


def add_references(doc: Doc, people: list[Person], mentions: list[Mention]) -> None:
    """Add untagged surname and role references to `people` (mentions sorted afterwards)."""
    if not people:
        return
    covered = {i for m in mentions for i in range(m.start, m.end)}
    by_surname: dict[str, list[Person]] = {}
    for person in people:
        if len(person.words) >= 2:
            by_surname.setdefault(person.words[-1], []).append(person)
    roles = _role_holders(people)
    for token in doc:
        if token.i in covered:
            continue
        text = token.text
        if text[:1].isupper() and token.pos_ == "PROPN" and word_key(text) in by_surname:
            candidates = by_surname[word_key(text)]
            person = max(candidates, key=lambda p: (len(p.mentions), p.last_seen))
            person.mentions.append(Mention(token.i, token.i + 1, "PERSON"))
        elif token.lower_ in roles and _role_reference(doc, token.i):
            holder = roles[token.lower_]
            if holder.mentions[0].start < token.i:
                holder.mentions.append(Mention(token.i, token.i + 1, "PERSON", named=False))
    for person in people:
        person.mentions.sort(key=lambda m: m.start)


def _role_holders(people: list[Person]) -> dict[str, Person]:
    """Role noun ("minister", from "Russia's Foreign Minister") -> its only holder."""
    holders: dict[str, list[Person]] = {}
    for person in people:
        role = next((m.role for m in person.mentions if m.role), None)
        head = word_key(role.split()[-1]) if role else ""
        if head in TITLES and head not in HONORIFICS:
            holders.setdefault(head, []).append(person)
    return {head: found[0] for head, found in holders.items() if len(found) == 1}


def _role_reference(doc: Doc, i: int) -> bool:
    """ "the minister" standing alone: not "the minister of health", not "the president's"."""
    if i == 0 or doc[i - 1].lower_ != "the":
        return False
    after = doc[i + 1] if i + 1 < len(doc) else None
    if after is not None and (after.lower_ in _NOT_AFTER_ROLE or after.pos_ in {"PROPN", "NOUN"}):
        return False
    return doc[i].dep_ != "compound"
