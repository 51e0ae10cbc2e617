"""People the model did not tag at all: a common given name followed by one or two
capitalised words that no entity span covers ("said parks director Ana Ruiz", where the
small model read "director" as a verb and tagged nothing).

Only where the words read as a name: proper nouns to the tagger, outside title-cased
headline lines, not ending in a word for an organisation, a place or a work ("Jane Doe
Foundation", "Elizabeth Street", "… Show"), not running on into more capitalised words.
"""

from spacy.symbols import PROPN
from spacy.tokens import Doc, Token

from services.entities.evidence import THING_NOUNS
from services.entities.labels import NOT_NAMES
from services.entities.mentions import Mention
from services.entities.names import word_key
from services.nlp.lexicon import is_given_name, is_title

_MAX_WORDS = 3


def untagged_people(doc: Doc, headlines: list[tuple[int, int]]) -> list[Mention]:
    """PERSON mentions for untagged given-name-led names (token offsets, end-exclusive)."""
    found = []
    end = 0
    for token in doc:  # integer attributes first: this runs over every token
        if token.i < end or token.pos != PROPN or token.ent_type or not _starts_a_name(token):
            continue
        i = token.i
        if any(a <= i < b for a, b in headlines):
            continue
        end = i + 1
        while end < len(doc) and end - i < _MAX_WORDS and _name_word(doc[end]):
            end += 1
        if end - i >= 2 and _ends_a_name(doc, end):
            found.append(Mention(i, end, "PERSON"))
    return found


def _starts_a_name(token: Token) -> bool:
    return _name_word(token) and is_given_name(token.text)


def _name_word(token: Token) -> bool:
    return (
        token.pos_ == "PROPN"
        and not token.ent_type_
        and token.text[:1].isupper()
        and not token.text.isupper()
        and not is_title(token.text)
        and "\n" not in token.whitespace_
    )


def _ends_a_name(doc: Doc, end: int) -> bool:
    last = word_key(doc[end - 1].text)
    if last in THING_NOUNS or last in NOT_NAMES:
        return False
    return end >= len(doc) or not doc[end].text[:1].isupper() or doc[end].is_punct
