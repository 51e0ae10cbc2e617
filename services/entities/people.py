"""People: every way an article names a person, linked to one full name.

Full names (two words or more) anchor people; "Harry J. Kazianis" and "Harry Kazianis" are
one. A surname ("Putin"), a first-name-only name ("Xi" beside "Xi Jinping"), a name after a
title ("Mr. Trudeau") links to the anchor it fits; among several people sharing a surname
(family members) it goes to the one named most so far, then the nearest before it, and never
across genders (known from titles and common given names). An ORG or GPE span that is a
person's name ("Lavrov" as ORG) becomes a PERSON mention; untagged surnames and role
references are added by `references.py`. A one-word name with no full name beside it is kept
only when the text treats it as a person (a title, "said", an age, "Putin and Xi").
"""

from collections import Counter

from spacy.tokens import Doc

from services.entities.aliases import AliasTable
from services.entities.evidence import is_a_thing, is_team, it_follows
from services.entities.mentions import Mention
from services.entities.names import word_key
from services.entities.person_cues import SPEECH_VERBS, followed_by_age
from services.entities.references import Person, add_references
from services.nlp.lexicon import Gender, given_name_gender, is_given_name

_PLACE_PREFIXES = frozenset(
    "north south east west central upper lower greater new old port fort mount lake".split()
    + ["city", "saint", "st"]
)
_RELABELLED = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "LAW"})


def link_people(
    doc: Doc, mentions: list[Mention], aliases: AliasTable
) -> tuple[list[Person], list[Mention]]:
    """People found in `mentions` (in order of first mention) and the mentions left over."""
    keys = [tuple(word_key(w) for w in m.words(doc)) for m in mentions]
    mentions = _voted(doc, mentions, keys, aliases)
    people = _anchors(mentions, keys)
    by_last: dict[str, list[Person]] = {}
    by_first: dict[str, list[Person]] = {}
    for anchor in people:
        by_last.setdefault(anchor.words[-1], []).append(anchor)
        by_first.setdefault(anchor.words[0], []).append(anchor)
    singles: dict[tuple[str, ...], Person] = {}
    rest: list[Mention] = []
    for m, key in zip(mentions, keys, strict=True):
        if not key:
            rest.append(m)
            continue
        person: Person | None = _linked(m, key, people, by_last, by_first)
        if person is None and (m.label == "PERSON" or _given_name_as_org(doc, m, key)):
            person = singles.setdefault(key, Person(key, m.gender))
        if person is None or (m.label != "PERSON" and aliases.lookup(m.text(doc))):
            rest.append(m)
            continue
        person.mentions.append(m.with_label("PERSON"))
        person.last_seen = m.start
    named = {i for p in people for m in p.mentions for i in range(m.start, m.end)}
    lone = [p for p in singles.values() if len(p.words) > 1 or _acts_as_person(doc, p, named)]
    found = _with_evidence(doc, [p for p in [*people, *lone] if p.mentions], rest)
    add_references(doc, found, mentions)
    found.sort(key=lambda p: p.mentions[0].start)
    return found, rest


def _with_evidence(doc: Doc, people: list[Person], rest: list[Mention]) -> list[Person]:
    """The people whose name the text does not show to be a thing's (`evidence.py`); a team's
    name goes to `rest` as an organisation, other things are dropped (no type is sure)."""
    spans = {id(p): {i for m in p.mentions for i in range(m.start, m.end)} for p in people}
    everyone: set[int] = set().union(*spans.values()) if spans else set()
    kept = []
    for person in people:
        others = everyone - spans[id(person)]
        if any(is_team(doc, m) for m in person.mentions if m.named) and is_a_thing(
            doc, person.mentions, others, team=True
        ):
            rest.extend(m.with_label("ORG") for m in person.mentions if m.named)
        elif len(person.words) < 2 or not is_a_thing(doc, person.mentions, others):
            kept.append(person)
    return kept


def _voted(
    doc: Doc, mentions: list[Mention], keys: list[tuple[str, ...]], aliases: AliasTable
) -> list[Mention]:
    """Settle the label of full names the model labels both ways by majority ("Kinder Morgan"
    once PERSON, twice ORG, is an ORG), and make a PERSON of a two- or three-word name whose
    last word the article uses alone as a person ("Nino Niederreiter" as GPE beside
    "Niederreiter" as PERSON)."""
    votes: dict[tuple[str, ...], Counter[str]] = {}
    lone = set()
    for m, key in zip(mentions, keys, strict=True):
        votes.setdefault(key, Counter())[m.label] += 1
        if m.label == "PERSON" and len(key) == 1:
            lone.add(key[0])
    voted = []
    for m, key in zip(mentions, keys, strict=True):
        if len(key) >= 2 and m.label == "PERSON":
            label, count = votes[key].most_common(1)[0]
            if label != "PERSON" and count > votes[key]["PERSON"]:
                m = m.with_label(label)
        elif 2 <= len(key) <= 3 and m.label in _RELABELLED and key[-1] in lone:
            if _promotable(doc, m, key) and not aliases.lookup(m.text(doc)):
                m = m.with_label("PERSON")
        voted.append(m)
    return voted


def _promotable(doc: Doc, m: Mention, key: tuple[str, ...]) -> bool:
    """Capitalised words only, and not a place name shape ("South Surrey", "City of Surrey")."""
    capitalised = all(t.text[:1].isupper() for t in doc[m.start : m.end] if t.is_alpha)
    return capitalised and key[0] not in _PLACE_PREFIXES


def _anchors(mentions: list[Mention], keys: list[tuple[str, ...]]) -> list[Person]:
    """One person per distinct full name; a shorter full name that fits a longer one joins it."""
    full = sorted(
        (
            (m, k)
            for m, k in zip(mentions, keys, strict=True)
            if m.label == "PERSON" and len(k) >= 2
        ),
        key=lambda pair: -len(pair[1]),
    )
    people: list[Person] = []
    by_last: dict[str, list[Person]] = {}  # only people sharing a last word can be the same
    for m, key in full:
        gender = m.gender or given_name_gender(key[0])
        same_last = by_last.get(key[-1], []) + by_last.get(key[-1][:-1], [])
        match = next((p for p in same_last if _same_person(p, key, gender)), None)
        if match is None:
            people.append(Person(key, gender))
            by_last.setdefault(key[-1], []).append(people[-1])
        elif match.gender is None:
            match.gender = gender
    return people


def _same_person(person: Person, key: tuple[str, ...], gender: Gender | None) -> bool:
    if gender and person.gender and gender != person.gender:
        return False
    if key == person.words or person.fits(key, gender):
        return True
    first, other = key[0], person.words[0]
    initials = (
        len(first) == 1 and other.startswith(first) or len(other) == 1 and first.startswith(other)
    )
    plural = key[-1] == person.words[-1] + "s"  # "more Audrey Parkers"
    return (key[-1] == person.words[-1] or plural) and (first == other or initials)


def _linked(
    m: Mention,
    key: tuple[str, ...],
    people: list[Person],
    by_last: dict[str, list[Person]],
    by_first: dict[str, list[Person]],
) -> Person | None:
    if m.label != "PERSON" and m.label not in _RELABELLED:
        return None
    same_last = by_last.get(key[-1], [])
    if key[-1].endswith("s"):
        same_last = same_last + by_last.get(key[-1][:-1], [])
    exact = [p for p in same_last if p.words == key or _same_person(p, key, m.gender)]
    if m.label == "PERSON" and len(key) >= 2:
        return exact[0] if exact else None
    candidates = exact or [p for p in same_last if p.fits(key, m.gender)]
    if not candidates and m.label == "PERSON" and len(key) == 1:
        candidates = [
            p for p in by_first.get(key[0], []) if not m.gender or p.gender != _other(m.gender)
        ]
    if not candidates:
        return None
    return max(candidates, key=lambda p: (len(p.mentions), p.last_seen))


def _acts_as_person(doc: Doc, person: Person, named: set[int]) -> bool:
    """A one-word name with no full name beside it counts only when the text treats it as a
    person: a title ("Queen Anne"), a reporting verb ("Na'moks said"), an age ("Lee, 42,"),
    or a conjunction with a named person ("Putin and Xi")."""
    for m in person.mentions:
        token = doc[m.end - 1]
        if m.role or m.gender or followed_by_age(doc, m.end):
            return True
        if token.dep_ in {"nsubj", "nsubjpass"} and token.head.lemma_ in SPEECH_VERBS:
            return True
        if token.dep_ == "conj" and token.head.i in named:
            return True
        if any(child.dep_ == "conj" and child.i in named for child in token.children):
            return True
    return False


def _given_name_as_org(doc: Doc, m: Mention, key: tuple[str, ...]) -> bool:
    """ "Sophie and Marc were eliminated … Sophie said": a lone common given name the model
    labels an organisation; it becomes a person only if the text then treats it as one
    (`_acts_as_person`)."""
    return (
        m.label == "ORG"
        and len(key) == 1
        and is_given_name(key[0])
        and doc[m.start].text[:1].isupper()
        and not it_follows(doc, m)  # "Tiffany said it would open two stores"
    )


def _other(gender: Gender) -> Gender:
    return "male" if gender == "female" else "female"
