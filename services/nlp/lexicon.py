"""Words that tell a person, for every stage: common given names by usual gender, honorifics,
role titles, and the gender of pronouns. The entities stage types and links people with
them, the quotes stage resolves "he" and "she" with them: one list, one spelling of a gender.

Lookups take one word in any case, with or without periods or accents ("Mr." and "mr",
"Stéphane" and "stephane" are the same).

The given names are common English-language-news names (English, French, Spanish, Slavic,
Arabic, South and East Asian, written by hand) and the most frequent given names of the US
1990 census lists (public domain: the 600 most frequent male and 1,000 female names), without
those that are common English words ("Will", "Hope"), given to both genders ("Jordan",
"Taylor"), well-known places ("Dallas", "Regina") or mostly surnames ("Kim", "Wilson"): such
words prove nothing about a span. They are evidence, never a list of people.
"""

import re
import unicodedata
from functools import lru_cache
from typing import Literal

from services.nlp.given_names import FEMALE_NAMES, MALE_NAMES

Gender = Literal["female", "male"]


#: Honorifics: they say a person is meant, and maybe the gender, but no role ("Mr.", "Ms.").
HONORIFICS = frozenset("mr mrs ms miss mx sir dame".split())

#: Words before a name that say the person's gender (honorifics, nobility, family and
#: religious titles, gendered roles).
FEMALE_TITLES = frozenset(
    """mrs ms miss dame lady madam madame mme queen princess empress duchess countess
    sister mother aunt grandmother chairwoman spokeswoman congresswoman
    businesswoman actress""".split()
)
MALE_TITLES = frozenset(
    """mr sir lord king prince emperor father brother uncle grandfather
    chairman spokesman congressman businessman actor""".split()
)

#: Words that name a role or an honorific, never a person: stripped from the front of a
#: person's name ("President Vladimir Putin", "Spokesperson Lu Kang", "MVP John Smith").
TITLES = (
    frozenset(
        """dr prof professor rev reverend hon honourable honorable president vice prime
        minister premier secretary senator sen rep representative congressman congresswoman
        gov governor mayor chancellor pope sultan sheikh judge justice chief commissioner
        director gen lt lieutenant col colonel capt captain sgt sergeant cpl corporal const
        constable officer det detective insp inspector supt superintendent coach ambassador
        chairman chairwoman chair ceo cfo coo cto spokesperson spokesman spokeswoman foreign
        treasury defence defense finance deputy acting former interim mp mla mpp mep sheriff
        attorney bishop archbishop cardinal rabbi imam pastor councillor councilor alderman
        trustee principal admiral marshal commander organizer organiser leader speaker
        economist analyst founder co-founder cofounder chef author premier-elect
        president-elect ex minister-designate mvp famer hall-of-famer
        quarterback goalie goaltender manager owner publisher editor producer
        director-general secretary-general provost registrar""".split()
    )
    | HONORIFICS
    | FEMALE_TITLES
    | MALE_TITLES
)

#: Nouns for a person that say the gender but are no title before a name ("the woman").
PERSON_NOUN_GENDERS: dict[str, Gender] = {
    **dict.fromkeys("woman girl wife daughter widow mom mum sister mother".split(), "female"),
    **dict.fromkeys("man boy husband son widower dad brother father".split(), "male"),
}

#: Abbreviated titles, for matching "the senator" to "Sen. Jane Doe".
TITLE_ABBREVIATIONS = {
    "sen": "senator",
    "gov": "governor",
    "rep": "representative",
    "gen": "general",
    "lt": "lieutenant",
    "col": "colonel",
    "capt": "captain",
    "sgt": "sergeant",
    "supt": "superintendent",
    "insp": "inspector",
    "det": "detective",
    "prof": "professor",
    "dr": "doctor",
    "rev": "reverend",
    "cst": "constable",
    "const": "constable",
    "adm": "admiral",
    "atty": "attorney",
    "pres": "president",
    "cllr": "councillor",
}

#: Common nouns for one person that name no title of their own ("the candidate", "the
#: 39-year-old founder", "the laid-back resident"): a description of someone, maybe named
#: before. Role nouns, never people; first taken from the heads of the speakers PolNeAR's
#: train split describes ("the spokesman said"), then the roles news gives ordinary people.
PERSON_NOUNS = frozenset(
    """candidate senator official spokesperson nominee aide adviser advisor reporter person
        leader executive strategist member supporter friend mogul host neurosurgeon narrator
        lawmaker columnist pollster diplomat delegate tycoon star organizer activist lawyer
        opponent veteran journalist socialist moderator partner rival colleague advocate
        expert insider operative prosecutor speechwriter analyst counsel commenter donor
        contender magnate freshman constituent interviewer comedian cleric pediatrician nurse
        student economist developer agent writer assailant worker neighbour neighbor
        anthropologist counterpart resident founder co-founder entrepreneur farmer teacher
        doctor physician surgeon scientist researcher professor artist singer musician
        athlete player captain goalie volunteer retiree victim witness survivor suspect
        defendant plaintiff investor landlord tenant homeowner driver pilot officer
        firefighter paramedic employee staffer manager owner operator president governor
        mayor minister secretary judge justice director chairman chairwoman chief
        ambassador admiral general representative congressman congresswoman councillor
        councilor trustee coach publisher editor producer author chef businessman
        businesswoman spokesman spokeswoman actor actress pastor priest rabbi imam bishop
        teenager graduate parent grandparent principal dean superintendent anchor
        correspondent commentator pundit rapper""".split()
) | frozenset(PERSON_NOUN_GENDERS)

#: Personal pronouns (and their object, possessive and reflexive forms) that carry a gender.
PRONOUN_GENDERS: dict[str, Gender] = {
    "he": "male",
    "him": "male",
    "his": "male",
    "himself": "male",
    "she": "female",
    "her": "female",
    "hers": "female",
    "herself": "female",
}

_NOT_WORD = re.compile(r"[^\w\s-]+")


def fold(text: str) -> str:
    """Lower case without accents: "Stéphane" -> "stephane"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=16384)
def _key(word: str) -> str:
    """One word, folded, without periods or other punctuation but hyphens ("Mr." -> "mr",
    "Jean-Pierre" -> "jean-pierre")."""
    return _NOT_WORD.sub("", fold(word))


def is_given_name(word: str) -> bool:
    key = _key(word)
    return key in FEMALE_NAMES or key in MALE_NAMES


def given_name_gender(word: str) -> Gender | None:
    """The gender a given name usually carries, or None when unknown."""
    key = _key(word)
    if key in FEMALE_NAMES:
        return "female"
    if key in MALE_NAMES:
        return "male"
    return None


def is_title(word: str) -> bool:
    return _key(word) in TITLES


def is_honorific(word: str) -> bool:
    return _key(word) in HONORIFICS


def title_gender(word: str) -> Gender | None:
    key = _key(word)
    if key in FEMALE_TITLES:
        return "female"
    if key in MALE_TITLES:
        return "male"
    return None


def person_noun_gender(word: str) -> Gender | None:
    return PERSON_NOUN_GENDERS.get(_key(word))


def full_title(word: str) -> str:
    """A title word in full, lower case ("Sen." -> "senator", "Mayor" -> "mayor")."""
    key = _key(word)
    return TITLE_ABBREVIATIONS.get(key, key)


def is_person_noun(word: str) -> bool:
    """A common noun for one person ("candidate", "founder", "actress"), any case."""
    return _key(word) in PERSON_NOUNS


def pronoun_gender(word: str) -> Gender | None:
    return PRONOUN_GENDERS.get(word.casefold())
