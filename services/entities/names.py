"""Personal names: normalised keys and surname particles; the titles, given names and
genders they rely on come from the shared lexicon (`services.nlp.lexicon`).

All functions are pure and work on plain strings (one word or one name).
"""

import re
from functools import lru_cache

from services.nlp.lexicon import fold

#: Particles that belong inside a surname ("Ursula von der Leyen", "Charles de Gaulle").
PARTICLES = frozenset("von van der den de del della di da du la le bin al el ibn dos das".split())

_NOT_WORD = re.compile(r"[^\w\s]+")
_POSSESSIVE = re.compile(r"(?<=\w\w)['‘’ʼ`´]s$")


@lru_cache(maxsize=8192)
def name_key(text: str) -> str:
    """The comparison key of a name: folded, punctuation dropped, spaces collapsed.

    "Jae-in" and "Jaein", "U.S." and "US", "O'Regan" and "ORegan" share a key.
    """
    return " ".join(_NOT_WORD.sub("", fold(text)).split())


@lru_cache(maxsize=8192)
def word_key(word: str) -> str:
    """One word, folded, without periods or other punctuation ("Mr." -> "mr") and without a
    possessive glued on ("SMITH'S" -> "smith")."""
    return _NOT_WORD.sub("", _POSSESSIVE.sub("", fold(word)))
