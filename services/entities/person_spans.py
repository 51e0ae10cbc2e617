"""Repairs of spans that name (or seem to name) a person.

- a PERSON span loses its titles, kept as the role ("President Vladimir Putin" -> "Vladimir
  Putin", role "President"; "Wet'suwet'en Hereditary Chief Na'moks" -> "Na'moks"); the role
  also comes from the modifiers before the name ("U.S. Treasury Secretary Janet Yellen") or an
  appositive ("Sergei Lavrov, Russia's Foreign Minister,");
- a span ending in a title, holding digits or function words, or ending in an acronym is no
  name ("Yellowhead MP", "Bill C-48", "Birth of Modern Canada", "Surrey-Guildford LRT"); a
  name ending in a place or organisation word is that ("Winston Churchill Square" -> FAC);
"""

import re

from spacy.tokens import Doc, Token

from services.entities.labels import NOT_NAMES, ORG_HEADS, PLACE_HEADS, SURNAME_HEADS
from services.entities.mentions import Mention
from services.entities.names import PARTICLES, word_key
from services.nlp.lexicon import HONORIFICS, is_given_name, is_person_noun, is_title, title_gender

_DOER_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent")
_TITLE_TAILS = frozenset({"general", "whip", "adjutant", "marshal"})
_ROMAN = re.compile(r"^(?:II|III|IV|VI|VII|VIII|JR|SR)\.?$")


def repair_person(doc: Doc, m: Mention) -> Mention | None:
    """A PERSON span with its titles moved to `role`; relabelled or None when it is no name."""
    start, end = _widened(doc, m.start, m.end)
    if end < len(doc) and doc[end].text[:1].isupper() and is_title(doc[end].text):
        return None  # "Foreign Affairs" in "Foreign Affairs Minister Marise Payne"
    while end - start > 1 and (
        is_title(doc[start].text) or (end - start > 2 and _title_tail(doc[start]))
    ):
        start += 1
    if end - start > 2 and _glued_word(doc[start], doc[start + 1]):
        start += 1  # "Follow Jane Doe", "Anchor Dario Mendes": a word glued to the name
    given = next((i for i in range(start + 1, end - 1) if is_given_name(doc[i].text)), None)
    if given is not None and any(_role_word(doc[i]) for i in range(start, given)):
        start = given  # "Public Relations Jane Doe", "Famer Joe Bloggs": a role glued on
    inner = [i for i in range(start, end - 1) if _capitalised_title(doc[i])]
    if inner:
        start = inner[-1] + 1
    final = doc[end - 1].text
    if (final.isupper() and is_title(final)) or not _name_like(doc, start, end):
        return None
    last = word_key(final)
    # "Winston Churchill Square" is a place, but "Michael Hall" and "Robert Plant" are people
    named_thing = end - start > 1 and (
        last not in SURNAME_HEADS or end - start >= 3 or not is_given_name(doc[start].text)
    )
    if named_thing and last in PLACE_HEADS:
        return Mention(m.start, end, "FAC")
    if named_thing and (last in ORG_HEADS or _acronym(final)):
        return Mention(m.start, end, "ORG")
    role_start = _role_start(doc, min(m.start, start), end)
    titles = [doc[i].text for i in range(role_start, start) if is_title(doc[i].text)]
    roles = [t for t in titles if word_key(t) not in HONORIFICS]
    role = doc[role_start:start].text if roles else _appositive_role(doc, start, end)
    gender = next((g for g in map(title_gender, titles) if g), None)
    return Mention(start, end, "PERSON", role=role, gender=gender)


def _role_word(token: Token) -> bool:
    """A capitalised word before a given name that reads as the end of a role or a
    department rather than a name: a plural ("Relations", "Affairs") or a word for a doer
    ("Famer", "Organizer"). Given names themselves never are."""
    word = token.text
    if not word[:1].isupper() or not word.isalpha() or is_given_name(word):
        return False
    plural = token.tag_ in ("NNS", "NNPS") or (word.endswith("s") and not word.endswith("ss"))
    return plural or word.lower().endswith(_DOER_ENDINGS)


def _glued_word(first: Token, second: Token) -> bool:
    """A first word that is no part of the name after it: no given name, and a verb or
    common noun to the tagger ("Follow", "SEAL") or a noun for a role ("Anchor", "Star")."""
    if is_given_name(first.text) or not second.text[:1].isupper() or not first.is_alpha:
        return False
    return first.tag_ not in ("NNP", "NNPS") or is_person_noun(first.text)


def _title_tail(token: Token) -> bool:
    """The second word of a two-word title ("Attorney General", "Minority Whip"), left at the
    start of a name of two more words: no title alone ("General Motors", "General Lee")."""
    return token.text[:1].isupper() and word_key(token.text) in _TITLE_TAILS


def _capitalised_title(token: Token) -> bool:
    return token.text[:1].isupper() and is_title(token.text)


def _name_like(doc: Doc, start: int, end: int) -> bool:
    tokens = doc[start:end]
    if any(c.isdigit() for c in tokens.text) or word_key(tokens[-1].text) in NOT_NAMES:
        return False
    if not any(t.text[:1].isupper() for t in tokens):
        return False
    return not any(_function_word(t) for t in tokens)


def _function_word(token: Token) -> bool:
    """A lower-case word that is no name particle and not glued on ("-in" in "Jae-in")."""
    glued = token.i > 0 and token.nbor(-1).text in "-'’" and not token.nbor(-1).whitespace_
    if glued or token.lower_ in PARTICLES:
        return False
    return (token.is_alpha and token.text.islower()) or token.lower_ in {"my", "our", "not"}


def _acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper() and word.isalpha() and not _ROMAN.match(word)


def _widened(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Take in a capitalised word the model left out that the parse attaches to the name as a
    compound: "Azfar" in "Azfar [Ali Khan]", "Oh" in "[Sandra] Oh"."""
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.dep_ == "compound" and start <= before.head.i < end:
        if _name_word(before):
            start -= 1
    last = doc[end - 1]
    alone = end - start == 1 and is_given_name(last.text)
    if alone and end < len(doc) and last.dep_ == "compound" and last.head.i == end:
        if _name_word(doc[end]):
            end += 1
    return start, end


def _name_word(token: Token) -> bool:
    return (
        token.text[:1].isupper()
        and token.is_alpha
        and not token.ent_type_
        and token.pos_ in {"PROPN", "INTJ", "NOUN"}
        and not is_title(token.text)
        and not token.is_sent_start
    )


def _role_start(doc: Doc, start: int, end: int) -> int:
    """Leftmost token of the modifiers right before a name that attach to it ("U.S. Treasury
    Secretary" before "Janet Yellen"), stopping at determiners, verbs and punctuation."""
    i = start
    while i > 0 and start - i < 6:
        token = doc[i - 1]
        if token.is_space or token.is_punct or "\n" in token.whitespace_:
            break
        if token.pos_ in {"DET", "VERB", "AUX", "ADP", "PRON", "CCONJ", "SCONJ", "NUM"}:
            break
        if not token.i < token.head.i < end:
            break
        i -= 1
    return i


def _appositive_role(doc: Doc, start: int, end: int) -> str | None:
    """ "Sergei Lavrov, Russia's Foreign Minister," -> "Russia's Foreign Minister"."""
    root = doc[start:end].root
    for child in root.rights:
        if child.dep_ != "appos" or child.i < end or doc[end].text != ",":
            continue
        if (child.pos_ == "NOUN" and child.is_alpha) or is_title(child.text):
            left, right = child.left_edge.i, child.i + 1
            left += doc[left].pos_ == "DET"
            if right - left <= 8 and doc[left].text != "(":
                return doc[left:right].text
    return None
