"""Name normalisation: keys and folding (pure string functions)."""

from services.entities.names import name_key
from services.nlp.lexicon import fold


def test_name_key_ignores_case_accents_and_punctuation():
    assert name_key("Stéphane  Dion") == name_key("STEPHANE DION") == "stephane dion"
    assert name_key("U.S.") == name_key("US")
    assert name_key("Moon Jae-in") == name_key("moon jaein")


def test_fold_drops_accents_only():
    assert fold("Zaporizhzhia Ünïcode") == "zaporizhzhia unicode"
