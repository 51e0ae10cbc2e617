"""How a search term matches a name or a quote: case- and accent-insensitive, by word prefix.

Both the text and the term are *folded*: accents stripped, lower case, every run of
punctuation or white space made one space. A term matches when each of its words begins a
word of the text, in any order ("lavrov" and "serg lav" match "Sergei Lavrov"; "avrov" does
not). The archive's SQL (`services/archive/browse.py`) folds the same way.
"""

import re
import unicodedata

_SEPARATORS = re.compile(r"[\W_]+")
MAX_TERM_CHARS = 200


def fold(text: str) -> str:
    """`text` without accents, case folded, punctuation and spaces as single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", bare.lower()).strip()


def words(term: str) -> list[str]:
    """The folded words of a search term (empty when it holds none)."""
    return fold(term).split()


def matches(text: str, term_words: list[str]) -> bool:
    """True when every word of the term begins a word of `text`."""
    padded = " " + fold(text)
    return bool(term_words) and all(f" {w}" in padded for w in term_words)


def surname(name: str) -> str:
    """The folded last word of a name ("Sergei Lavrov" -> "lavrov"; "" for no word)."""
    found = fold(name).split()
    return found[-1] if found else ""
