"""Whether a name the model labels PERSON is a company, a place or a work: the small model
reads two capitalised words as a person ("Kinder Morgan", "Peppa Pig", "Riverton Hawks").

A name is a thing when the text treats it as one — "it" or "its" refers to it ("Kinder Morgan
said it would appeal"), a company, place or work noun is joined to it ("energy company Kinder
Morgan", "the Peppa Pig cartoon", "Peppa Pig, the cartoon pig,"), it stands in quotation
marks as a title ("“Dirty John”"), "which" opens a clause about it, one is "at" or "in" it
("breakfast at Maple Street Diner") — and nothing shows a person: a common given name first,
a title or honorific, an age ("Lee, 42,"), a role in apposition, "he" or "she" in a sentence
naming no other person, "who" opening a clause about it, a common noun for a person before
it ("accountant Babatunji Farinloye"). Names with no sign
either way stay people: most people in the news have given names no list holds. A sports
team's plural name ("the Riverton Hawks") is an organisation whatever the model says.
"""

from spacy.tokens import Doc

from services.entities.labels import ORG_HEADS, PLACE_HEADS
from services.entities.mentions import Mention
from services.entities.person_cues import followed_by_age
from services.nlp.lexicon import is_given_name, is_person_noun, is_title, pronoun_gender

#: nouns before or beside a name that make it a company, a place or a work, not a person
THING_NOUNS = (
    frozenset(
        """company firm maker manufacturer automaker retailer chain brand startup carrier
        airline insurer lender broadcaster developer operator supplier distributor label band
        outlet giant conglomerate miner utility provider restaurant cafe café diner bakery
        store shop show series film movie sitcom drama franchise character cartoon program
        programme app website newspaper magazine station channel network agency team club
        group organization organisation charity festival event venue hotel bar pub book
        cookbook novel memoir biography album song play musical opera ballet
        installation documentary podcast exhibition painting sculpture game""".split()
    )
    | ORG_HEADS
    | PLACE_HEADS
)
_IT = frozenset({"it", "its", "itself"})
_AT_OR_IN = frozenset({"at", "in", "inside", "near", "outside"})


def is_team(doc: Doc, m: Mention) -> bool:
    """ "the Riverton Hawks", "Riverton Hawks have won": a plural proper noun ends the name and
    the text treats it as plural ("the" before it, a plural verb after it), which no surname
    ending in "s" gets ("Vern Sparkes was")."""
    last = doc[m.end - 1]
    if m.end - m.start < 2 or last.tag_ != "NNPS":
        return False
    the = m.start > 0 and doc[m.start - 1].lower_ == "the"
    plural_verb = last.dep_ == "nsubj" and last.head.tag_ == "VBP"
    return the or plural_verb


def is_a_thing(doc: Doc, mentions: list[Mention], others: set[int], team: bool = False) -> bool:
    """Whether one name's `mentions` show a company, a place or a work rather than a person,
    with no evidence of a person; `others`: token indices of the other person mentions of the
    article; `team`: a plural name, a thing unless shown a person."""
    named = [m for m in mentions if m.named]
    for m in named:
        if is_given_name(doc[m.start].text) or m.gender or followed_by_age(doc, m.end):
            return False
        if m.role and _a_role(m.role.split()):
            return False
    thing = team or any(
        it_follows(doc, m)
        or _beside_a_thing_noun(doc, m)
        or _in_quotation_marks(doc, m)
        or _which_follows(doc, m)
        or _a_place_to_be(doc, m)
        for m in named
    )
    if not thing:
        return False
    return not any(
        _he_or_she(doc, m, others) or _person_noun_before(doc, m) or _who_follows(doc, m)
        for m in named
    )


def _a_role(words: list[str]) -> bool:
    """A person's role ("former press secretary"), not a thing's ("the cartoon pig"): its head
    is a noun for a person, or no word of it is a company, place or work noun."""
    head = words[-1]
    if is_person_noun(head) or is_title(head):
        return True
    return not any(_names_a_thing(w) for w in words)


def _names_a_thing(word: str) -> bool:
    return word.casefold() in THING_NOUNS


def _he_or_she(doc: Doc, m: Mention, others: set[int]) -> bool:
    sentence = doc[m.start].sent
    if any(i in others for i in range(sentence.start, sentence.end)):
        return False
    return any(pronoun_gender(t.text) for t in doc[m.end : sentence.end])


def it_follows(doc: Doc, m: Mention) -> bool:
    """ "Kinder Morgan said it would appeal", "Harbor Lumber cut its prices": the name is the
    subject, and the first subject or possessive pronoun in its clause is "it" or "its"."""
    root = doc[m.start : m.end].root
    if root.dep_ not in ("nsubj", "nsubjpass"):
        return False
    for t in root.head.subtree:
        if t.i < m.end or t.dep_ not in ("nsubj", "nsubjpass", "poss"):
            continue
        if t.lower_ in _IT:
            return True
        if t.pos_ == "PRON" or t.pos_ == "PROPN":
            return False
    return False


def _beside_a_thing_noun(doc: Doc, m: Mention) -> bool:
    """ "energy company Kinder Morgan", "the Kinder Morgan pipeline", "Peppa Pig, the
    cartoon", "her cookbook, Simply Rosie": a company, place or work noun joined to the
    name."""
    if m.start > 0:
        before = doc[m.start - 1]
        if (
            before.text.islower()
            and _names_a_thing(before.text)
            and m.start <= before.head.i < m.end
        ):
            return True
    if m.end < len(doc):
        after = doc[m.end]
        if after.text.islower() and _names_a_thing(after.text) and doc[m.end - 1].head.i == m.end:
            return True
    root = doc[m.start : m.end].root
    if root.dep_ == "appos" and root.head.text.islower() and _names_a_thing(root.head.text):
        return True  # "her new cookbook, Simply Rosie,"
    return any(
        c.dep_ == "appos" and any(t.text.islower() and _names_a_thing(t.text) for t in c.subtree)
        for c in root.children
    )  # "Peppa Pig, the cartoon pig,"


def _relative(doc: Doc, m: Mention) -> str:
    """The pronoun opening a relative clause right after the name ("Oak Hollow, which …")."""
    i = m.end + (m.end < len(doc) and doc[m.end].text == ",")
    return doc[i].lower_ if i < len(doc) and doc[i].dep_ in ("nsubj", "nsubjpass") else ""


def _which_follows(doc: Doc, m: Mention) -> bool:
    return _relative(doc, m) == "which"


def _who_follows(doc: Doc, m: Mention) -> bool:
    return _relative(doc, m) in ("who", "whose")


def _a_place_to_be(doc: Doc, m: Mention) -> bool:
    """ "breakfast at Maple Street Diner", "lives in Oak Hollow": a place one is at or in."""
    root = doc[m.start : m.end].root
    return root.dep_ == "pobj" and root.head.lower_ in _AT_OR_IN


def _in_quotation_marks(doc: Doc, m: Mention) -> bool:
    """ "“Dirty John”": a title of a work."""
    if m.start == 0 or m.end >= len(doc):
        return False
    return doc[m.start - 1].text in ("“", '"', "‘") and doc[m.end].text in ("”", '"', "’")


def _person_noun_before(doc: Doc, m: Mention) -> bool:
    """ "Mississauga accountant Babatunji Farinloye": a lower-case common noun right before
    the name, part of it in the parse, that is no company, place or work."""
    if m.start == 0:
        return False
    before = doc[m.start - 1]
    return (
        before.pos_ == "NOUN"
        and before.text.islower()
        and m.start <= before.head.i < m.end
        and not _names_a_thing(before.text)
    )
