"""Comparing person names the way the gold file's README says: case, accents, punctuation and
leading titles ignored."""

import re
import unicodedata

TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lady lord president premier prime minister mayor "
    "sen senator rep gov governor chief judge justice rev father sister brother gen col "
    "capt lt sgt const cst officer insp supt det the".split()
)


def name_tokens(name: str) -> list[str]:
    """Lower-cased, accent-free word tokens of `name`, leading titles dropped."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    plain = plain.replace("’", "'")
    tokens = [t for t in re.split(r"[^\w']+", plain) if t.strip("'")]
    tokens = [t.removesuffix("'s").strip("'") for t in tokens]
    while len(tokens) > 1 and tokens[0] in TITLES:
        tokens.pop(0)
    return tokens


def same_name(predicted: str, gold: str) -> bool:
    """Exact match once normalised (used for people)."""
    return bool(gold.strip()) and name_tokens(predicted) == name_tokens(gold)


def names_speaker(predicted: str | None, gold: str) -> bool:
    """The speaker rule: `predicted` holds every token of `gold` and ends with its surname."""
    if not predicted:
        return False
    want, got = name_tokens(gold), name_tokens(predicted)
    if not want or not got:
        return False
    return set(want) <= set(got) and got[-1] == want[-1]
