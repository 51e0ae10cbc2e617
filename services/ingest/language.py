"""Language identification (py3langid: a model shipped inside the package, no download).

The model loads on first use (about half a second), never at import time.
"""

import unicodedata
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

#: The language assumed when a text in Latin script is too short or too ambiguous to tell: the
#: pipeline's extractors are English, and a wrong "not English" would silently skip a real
#: article. A text mostly in another script is not English whatever its length: it gets the
#: model's best guess (the script narrows it well: `ru`, `zh`, `ar`), or `und` (undetermined).
DEFAULT_LANGUAGE = "en"
UNDETERMINED = "und"
MIN_LETTERS = 40
MIN_PROBABILITY = 0.9
SAMPLE_CHARS = 2_000  # the start of an article identifies it; more only costs time


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of `text`'s language. When it can't be told with at least
    `MIN_PROBABILITY` (short texts, mixed scripts, lists of names): `DEFAULT_LANGUAGE` for a
    text mostly in Latin script, else the best guess (never `en`; `und` when that is all)."""
    sample = text[:SAMPLE_CHARS]
    letters = [char for char in sample if char.isalpha()]
    if len(letters) >= MIN_LETTERS:
        language, probability = _identifier().classify(sample)
        if probability >= MIN_PROBABILITY:
            return str(language)
    if _mostly_latin(letters):
        return DEFAULT_LANGUAGE
    guess = str(_identifier().classify(sample)[0])
    return guess if guess != DEFAULT_LANGUAGE else UNDETERMINED


def _mostly_latin(letters: list[str]) -> bool:
    latin = sum(1 for char in letters if unicodedata.name(char, "").startswith("LATIN"))
    return latin * 2 >= len(letters)


def preload() -> None:
    """Load the model now (a worker's start-up) rather than on its first article."""
    _identifier()
