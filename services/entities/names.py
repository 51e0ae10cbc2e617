"""Personal names: titles, possessives, normalised keys and the gender a title or given name tells.

All functions are pure and work on plain strings (one word or one name).
"""

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from services.entities.given_names import FEMALE_NAMES, MALE_NAMES

Gender = Literal["female", "male"]

#: Words that name a role or an honorific, never a person: stripped from the front of a
#: PERSON span ("President Vladimir Putin", "Spokesperson Lu Kang"); lower case, no periods.
TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor sir dame rev reverend hon honourable honorable
    president vice prime minister premier secretary senator sen rep representative congressman
    congresswoman gov governor mayor chancellor king queen prince princess pope sultan emperor
    empress sheikh judge justice chief commissioner director gen lt lieutenant col
    colonel capt captain sgt sergeant cpl corporal const constable officer det detective insp
    inspector supt superintendent coach ambassador chairman chairwoman chair ceo cfo coo
    spokesperson spokesman spokeswoman foreign treasury defence defense finance deputy acting
    former interim mp mla mpp mep sheriff attorney bishop archbishop cardinal rabbi imam
    councillor councilor alderman trustee principal admiral marshal commander organizer
    organiser leader speaker economist analyst professor founder chef author
    premier-elect president-elect ex minister-designate""".split()
)

#: Roles that also say the person's gender.
_FEMALE_TITLES = frozenset(
    "mrs ms miss dame queen princess empress chairwoman spokeswoman congresswoman".split()
    + ["lady", "madam"]
)
_MALE_TITLES = frozenset("mr sir king prince emperor chairman spokesman congressman lord".split())

#: Titles that say nothing about a role ("Mr.", "Ms."): never kept as one.
HONORIFICS = frozenset("mr mrs ms miss mx sir dame".split())

#: Particles that belong inside a surname ("Ursula von der Leyen", "Charles de Gaulle").
PARTICLES = frozenset("von van der den de del della di da du la le bin al el ibn dos das".split())

_NOT_WORD = re.compile(r"[^\w\s]+")


def fold(text: str) -> str:
    """Lower case without accents: "Stéphane" -> "stephane"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=8192)
def name_key(text: str) -> str:
    """The comparison key of a name: folded, punctuation dropped, spaces collapsed.

    "Jae-in" and "Jaein", "U.S." and "US", "O'Regan" and "ORegan" share a key.
    """
    return " ".join(_NOT_WORD.sub("", fold(text)).split())


@lru_cache(maxsize=8192)
def word_key(word: str) -> str:
    """One word, folded, without periods or other punctuation ("Mr." -> "mr")."""
    return _NOT_WORD.sub("", fold(word))


def is_title(word: str) -> bool:
    return word_key(word) in TITLES


def title_gender(word: str) -> Gender | None:
    key = word_key(word)
    if key in _FEMALE_TITLES:
        return "female"
    if key in _MALE_TITLES:
        return "male"
    return None


def given_name_gender(word: str) -> Gender | None:
    """The gender a given name usually carries, or None when unknown or unisex."""
    key = word_key(word)
    if key in FEMALE_NAMES and key not in MALE_NAMES:
        return "female"
    if key in MALE_NAMES and key not in FEMALE_NAMES:
        return "male"
    return None


def is_given_name(word: str) -> bool:
    key = word_key(word)
    return key in FEMALE_NAMES or key in MALE_NAMES
