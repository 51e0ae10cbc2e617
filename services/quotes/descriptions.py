"""Speakers named by a description of one person rather than by name: "says the 39-year-old
founder of Crumb & Co.", "points out the laid-back Toronto resident". News writing introduces
the person by name first and describes them after, so the description stands for the person
named just before (`SpeakerResolver` looks them up)."""

from spacy.tokens import Doc, Token

from services.nlp.lexicon import (
    Gender,
    is_person_noun,
    is_title,
    person_noun_gender,
    title_gender,
)
from services.quotes.cues import DOCUMENT_NOUNS, ORG_NOUNS, SAYING_NOUNS
from shared.records import Entity

_MODIFIERS = frozenset({"amod", "compound", "nummod", "prep", "npadvmod"})
_INDEFINITE = frozenset({"a", "an", "one", "another", "some"})
_SOMEONE_ELSE = frozenset({"other", "another", "second", "third"})
_ANYONE = frozenset({"man", "woman", "person", "boy", "girl", "guy", "individual"})
#: "-man" roles news also gives women ("the spokesman, Hope Lee"): they say no gender
_UNGENDERED = frozenset({"spokesman", "chairman", "congressman", "councilman", "alderman"})


def describes_one_person(head: Token) -> bool:
    """A singular common noun with an age ("the 39-year-old founder"), or with "the" and at
    least one modifier ("the laid-back Toronto resident") when it is no title, that names no
    organisation, place or document ("the company", "the report")."""
    if head.pos_ != "NOUN" or head.tag_ != "NN" or not head.text.islower():
        return False
    lemma = head.lemma_.lower()
    if lemma in ORG_NOUNS or lemma in SAYING_NOUNS or lemma in DOCUMENT_NOUNS:
        return False
    children = list(head.children)
    if any(_is_age(t) for c in children if c.i < head.i for t in c.subtree):
        return True
    if is_title(head.text):  # "the Indiana governor": a title, found by who holds it
        return False
    definite = any(c.dep_ == "det" and c.lower_ == "the" for c in children)
    return definite and any(c.dep_ in _MODIFIERS for c in children)


def refers_back(head: Token) -> bool:
    """ "the candidate", "the actress", "the former ambassador": a definite singular noun for
    one person, no one's in particular ("the campaign's spokesman" is someone else)."""
    if head.tag_ != "NN" or not head.text.islower() or not is_person_noun(head.text):
        return False
    children = list(head.children)
    if any(c.dep_ == "poss" or c.lower_ in _SOMEONE_ELSE for c in children):
        return False
    if describes_one_person(head):
        return True
    bare = head.lower_ in _ANYONE  # "the man", "the woman": anyone, unless described
    return not bare and any(c.dep_ == "det" and c.lower_ == "the" for c in children)


def introduces_someone(head: Token) -> bool:
    """ "a nurse", "one man", "a senior law enforcement official": an indefinite noun for
    one person, who stays unnamed when no name stands beside it."""
    return head.tag_ == "NN" and is_person_noun(head.text) and is_indefinite(head)


def noun_gender(head: Token) -> Gender | None:
    """ "the actress", "the woman": the gender a noun for a person says ("spokesman" and
    "chairman" are said of women too: they say none)."""
    word = head.text
    if word.lower() in _UNGENDERED:
        return None
    return person_noun_gender(word) or title_gender(word)


def is_indefinite(head: Token) -> bool:
    """ "an architect", "a spokesperson", "one official": someone not named before."""
    return any(c.dep_ in ("det", "nummod") and c.lower_ in _INDEFINITE for c in head.children)


def _is_age(token: Token) -> bool:
    """ "39-year-old": the "old" of an age written as one modifier."""
    return token.lower_ == "old" and token.i >= 2 and token.nbor(-2).lower_ in ("year", "years")


class UnnamedPeople:
    """Where an article introduces someone it does not name: an indefinite noun for a person
    with no name beside it ("a senior official", "a nurse who treated the patients")."""

    def __init__(self, doc: Doc, by_token: dict[int, Entity]) -> None:
        self.by_token = by_token
        self._first: dict[str, int] = {}
        for token in doc:
            if token.pos_ == "NOUN" and introduces_someone(token) and not self._named(token):
                self._first.setdefault(token.lemma_.lower(), token.i)

    def introduced_before(self, head: Token) -> bool:
        """Whether a description ("the official said") takes up such an unnamed person."""
        first = self._first.get(head.lemma_.lower())
        return first is not None and first < head.i

    def _named(self, noun: Token) -> bool:
        """ "a nurse, Jane Doe," "Jane Doe, a nurse": a name stands beside the noun."""
        beside = [c for c in noun.children if c.dep_ in ("appos", "compound")]
        if noun.dep_ == "appos":
            beside.append(noun.head)
        return any((e := self.by_token.get(t.i)) is not None and e.type == "PERSON" for t in beside)
