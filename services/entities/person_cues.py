"""What in the text shows a person, whatever label the model gave the span: a given name,
initials, a title before it, an age after it ("Braiden Jacob, 17,"), being the subject of a
verb of speech ("said", "told") with "he" or "she" taking it up after.

`looks_like_person` turns an ORG/GPE/... span into a PERSON one on such evidence: a span that
starts with a given name, initials or a title, follows a title, is followed by an age, or is
the subject of "said" as a place or a work (a company says things too: as an organisation,
only when "he" or "she" is the subject of the next sentence and no other person is named).
"""

import re

from spacy.tokens import Doc

from services.entities.aliases import AliasTable
from services.entities.labels import NOT_NAMES, ORG_HEADS, PLACE_HEADS
from services.entities.mentions import Mention
from services.entities.names import word_key
from services.nlp.lexicon import is_given_name, is_title, pronoun_gender

SPEECH_VERBS = frozenset(
    """say tell add write explain note ask reply argue insist claim admit warn state announce
    recall agree continue respond testify urge describe acknowledge suggest""".split()
)
_SOURCES = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP", "PRODUCT", "WORK_OF_ART", "LAW"})
_SPEAKING_SOURCES = frozenset({"GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$")


def looks_like_person(doc: Doc, m: Mention, aliases: AliasTable) -> bool:
    """An ORG/GPE/... span that names a person by its words or its neighbours (initials that
    the alias table knows, like "U.S.", are no person's)."""
    if m.label not in _SOURCES or not 2 <= m.end - m.start <= 4:
        return False
    tokens = doc[m.start : m.end]
    if any(not t.text[:1].isupper() or any(c.isdigit() for c in t.text) for t in tokens):
        return False
    if word_key(tokens[-1].text) in ORG_HEADS | PLACE_HEADS | NOT_NAMES:
        return False
    first = tokens[0].text
    initials = _INITIALS.match(first) is not None and aliases.lookup(first) is None
    if is_given_name(first) or initials or any(is_title(t.text) for t in tokens[:-1]):
        return True
    before = doc[m.start - 1] if m.start > 0 else None
    if before is not None and is_title(before.text) and before.pos_ == "NOUN":
        return True
    root = tokens.root
    if root.dep_ == "nsubj" and root.head.lemma_ in SPEECH_VERBS:
        if m.label in _SPEAKING_SOURCES or _taken_up_by_he_or_she(doc, m.end):
            return True
    return followed_by_age(doc, m.end)


def _taken_up_by_he_or_she(doc: Doc, end: int) -> bool:
    """Whether the first subject pronoun after token `end`, in its sentence or the next one,
    is "he" or "she" ("Malik Osei said he would …"; a company is "it", a group "they")."""
    sentence = doc[end - 1].sent
    stop = sentence.end
    if stop < len(doc):
        stop = doc[stop].sent.end
    for token in doc[end:stop]:
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PRON":
            return pronoun_gender(token.text) is not None
        if token.dep_ in ("nsubj", "nsubjpass") and token.pos_ == "PROPN":
            return False
    return False


def followed_by_age(doc: Doc, end: int) -> bool:
    """ "Braiden Jacob, 17, ...": a name followed by an age in commas."""
    if end + 2 >= len(doc):
        return False
    comma, age, after = doc[end], doc[end + 1], doc[end + 2]
    return comma.text == "," and age.text.isdigit() and len(age.text) <= 3 and after.is_punct
