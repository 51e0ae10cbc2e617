"""Language identification (py3langid: a model shipped inside the package, no download).

The model loads on first use (about half a second), never at import time.
"""

from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

#: The language assumed when the text is too short or too ambiguous to tell: the pipeline's
#: extractors are English, and a wrong "not English" would silently skip a real article.
DEFAULT_LANGUAGE = "en"
MIN_LETTERS = 40
MIN_PROBABILITY = 0.9
SAMPLE_CHARS = 2_000  # the start of an article identifies it; more only costs time


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """The ISO 639-1 code of `text`'s language, or `DEFAULT_LANGUAGE` when it can't be told
    with at least `MIN_PROBABILITY` (short texts, mixed scripts, lists of names)."""
    sample = text[:SAMPLE_CHARS]
    if sum(char.isalpha() for char in sample) < MIN_LETTERS:
        return DEFAULT_LANGUAGE
    language, probability = _identifier().classify(sample)
    return str(language) if probability >= MIN_PROBABILITY else DEFAULT_LANGUAGE


def preload() -> None:
    """Load the model now (a worker's start-up) rather than on its first article."""
    _identifier()
