"""Which people of an article are "he" and which "she": their given names and honorifics
(`services.nlp.lexicon`), and the pronouns of sentences that name one person only."""

from collections import Counter

from spacy.tokens import Doc

from services.nlp.lexicon import Gender, given_name_gender, pronoun_gender, title_gender
from shared.records import Entity


def article_genders(doc: Doc, by_token: dict[int, Entity]) -> dict[str, Gender]:
    """Entity id -> its gender where the article shows it (given names and honorifics, then
    pronouns in sentences naming exactly one person)."""
    votes: dict[str, Counter[Gender]] = {}
    for i, entity in by_token.items():
        if entity.type != "PERSON":
            continue
        words = entity.name.split()
        given = given_name_gender(words[0]) if len(words) > 1 else None
        if given is not None:
            votes.setdefault(entity.id, Counter())[given] += 5
        titled = title_gender(doc[i - 1].text) if i > 0 else None
        if titled is not None:
            votes.setdefault(entity.id, Counter())[titled] += 3
    for sentence in doc.sents:
        people = {
            by_token[t.i].id for t in sentence if t.i in by_token and by_token[t.i].type == "PERSON"
        }
        if len(people) != 1:
            continue
        (person,) = people
        for token in sentence:
            gender = pronoun_gender(token.text)
            if gender is not None:
                votes.setdefault(person, Counter())[gender] += 1
    return {person: c.most_common(1)[0][0] for person, c in votes.items() if c}
