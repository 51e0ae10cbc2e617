"""Which people of an article are "he" and which "she": their given names and honorifics
(`services.nlp.lexicon`), gendered role nouns ("spokeswoman", weak: news writing calls women
"spokesman" too), and the pronouns of sentences that name one person only. Pronouns inside
quotation marks are the speaker's words about someone else and count for nobody; a subject
pronoun ("she said") counts more than a possessive ("her plan" may be anyone's)."""

from collections import Counter
from collections.abc import Callable

from spacy.tokens import Doc

from services.nlp.lexicon import (
    Gender,
    given_name_gender,
    is_honorific,
    pronoun_gender,
    title_gender,
)
from shared.records import Entity

_GIVEN = 5
_HONORIFIC = 5
_ROLE = 2
_SUBJECT_PRONOUN = 2
_OTHER_PRONOUN = 1
_MARGIN = 2
#: "him", "her" as an object: in a sentence naming one person they are mostly someone else
_OBJECTS = frozenset({"dobj", "pobj", "dative", "iobj"})


def article_genders(
    doc: Doc, by_token: dict[int, Entity], quoted: Callable[[int], bool] = lambda _: False
) -> dict[str, Gender]:
    """Entity id -> its gender where the article shows it; `quoted(offset)`: whether a
    character offset lies inside quotation marks."""
    votes: dict[str, Counter[Gender]] = {}
    for i, entity in by_token.items():
        if entity.type != "PERSON":
            continue
        words = entity.name.split()
        given = given_name_gender(words[0]) if len(words) > 1 else None
        if given is not None:
            votes.setdefault(entity.id, Counter())[given] += _GIVEN
        before = doc[i - 1].text if i > 0 else ""
        titled = title_gender(before) if before else None
        if titled is not None:
            weight = _HONORIFIC if is_honorific(before) or before in _NOBILITY else _ROLE
            votes.setdefault(entity.id, Counter())[titled] += weight
    for sentence in doc.sents:
        people = {
            by_token[t.i].id for t in sentence if t.i in by_token and by_token[t.i].type == "PERSON"
        }
        if len(people) != 1:
            continue
        (person,) = people
        for token in sentence:
            gender = pronoun_gender(token.text)
            if gender is None or quoted(token.idx) or token.dep_ in _OBJECTS:
                continue
            subject = token.dep_ in ("nsubj", "nsubjpass")
            votes.setdefault(person, Counter())[gender] += (
                _SUBJECT_PRONOUN if subject else _OTHER_PRONOUN
            )
    return {person: gender for person, c in votes.items() if (gender := _clear(c))}


def _clear(votes: Counter[Gender]) -> Gender | None:
    """The gender with at least twice the other's votes; None when the article is unclear
    (a pronoun is then free to take the person)."""
    (first, n), *rest = votes.most_common(2) + [("male", 0)]
    return first if n >= _MARGIN * rest[0][1] else None


_NOBILITY = frozenset(
    "Lady Lord Queen King Princess Prince Duchess Duke Countess Count Madam Madame".split()
)
