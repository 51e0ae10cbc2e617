"""Label repairs for places and organisations, and the words that tell a span's kind.

- "2.2 per cent" labelled MONEY is a PERCENT;
- a one-word GPE or ORG used as an adjective ("Ukrainian") is a NORP;
- a place glued to the facility it names becomes the facility ("Zaporizhzhia nuclear power
  plant" -> FAC).
"""

import re
from dataclasses import replace

from spacy.tokens import Doc

from services.entities.mentions import Mention

ORG_HEADS = frozenset(
    """party inc ltd llc corp corporation company co group association council committee
    foundation institute university college school academy society union league federation
    agency ministry department bank fund trust club team press news times post network
    commission board authority court service services police office
    lumber diner bakery cafe café restaurant grill bistro pizzeria pub tavern brewery winery
    distillery market pharmacy hardware motors foods farms dairy construction realty studios
    records media labs systems solutions technologies industries holdings partners capital
    ventures entertainment productions pictures airlines airways energy oil mining steel
    logistics shipping insurance financial pharmaceuticals clinic salon boutique cinema
    supermarket grocery deli cafeteria catering cleaners pharma initiative""".split()
)
PLACE_HEADS = frozenset(
    """square street st avenue ave road rd boulevard blvd highway bridge park hall tower building
    station airport stadium arena centre center plaza mall church cathedral mosque temple
    hospital prison dam plant port lake river mountain island heights valley bay hotel motel
    inn resort casino theatre theater museum gallery library county township district region
    falls creek village ward borough parish canyon beach forest trail hollow cove peak glacier
    gardens terrace crescent parkway""".split()
)
#: Head words that are also common surnames ("Michael Hall", "Robert Plant", "Emily Post"):
#: after a given name they end a person's name, not a place's or an organisation's.
SURNAME_HEADS = frozenset(
    """park hall church plant port lake bay inn hill post press bank ward forest beach
    power steel market capital""".split()
)
NOT_NAMES = frozenset("award awards prize medal trophy cup act bill day".split())
_PER_CENT = re.compile(r"(?:%|\bper ?cent\b)", re.IGNORECASE)
FACILITY_NOUNS = frozenset(
    """plant station reactor dam airport pipeline refinery mine bridge tunnel port harbour
    harbor base canal stadium arena""".split()
)


def percentage(doc: Doc, m: Mention) -> Mention:
    """ "2.2 per cent" labelled MONEY or CARDINAL is a PERCENT."""
    if m.label in {"MONEY", "CARDINAL", "QUANTITY"} and _PER_CENT.search(m.text(doc)):
        return m.with_label("PERCENT")
    return m


def demonym(doc: Doc, m: Mention) -> Mention:
    """ "Ukrainian drone strikes": a one-word GPE or ORG tagged as an adjective is a NORP."""
    text = m.text(doc)
    if m.label in {"NORP", "ORG"} and len(text) >= 2 and text.isupper() and text.isalpha():
        return m.with_label("ORG")  # "USGA", "NDP": acronyms name organisations, not groups
    if m.label in {"GPE", "ORG"} and m.end - m.start == 1 and doc[m.start].tag_ == "JJ":
        return m.with_label("NORP")
    return m


def facility(doc: Doc, m: Mention) -> Mention:
    """Extend a place or organisation over the facility noun it modifies (at most 4 words on)."""
    if m.label not in {"GPE", "ORG", "LOC", "FAC"}:
        return m
    last = doc[m.end - 1]
    head = last.head
    if last.dep_ not in {"compound", "amod", "nmod"} or not 0 < head.i - last.i <= 4:
        return m
    between = doc[m.end : head.i + 1]
    if any(t.ent_type_ for t in between) or any(
        t.text[:1].isupper() or t.dep_ not in {"compound", "amod"} for t in between[:-1]
    ):
        return m
    if head.lemma_.lower() not in FACILITY_NOUNS or head.text[:1].isupper():
        return m
    return replace(m, end=head.i + 1, label="FAC")
