"""Name normalisation: keys, possessives, surnames (pure string functions)."""

from services.entities.names import name_key, strip_possessive, surname_words
from services.nlp.lexicon import fold


def test_name_key_ignores_case_accents_and_punctuation():
    assert name_key("Stéphane  Dion") == name_key("STEPHANE DION") == "stephane dion"
    assert name_key("U.S.") == name_key("US")
    assert name_key("Moon Jae-in") == name_key("moon jaein")


def test_fold_drops_accents_only():
    assert fold("Zaporizhzhia Ünïcode") == "zaporizhzhia unicode"


def test_possessive_endings_are_stripped():
    assert strip_possessive("Putin's") == "Putin"
    assert strip_possessive("Lavrov’s") == "Lavrov"
    assert strip_possessive("Reyes'") == "Reyes"
    assert strip_possessive("Paris") == "Paris"


def test_surname_keeps_its_particles():
    assert surname_words(["Ursula", "von", "der", "Leyen"]) == ["von", "der", "Leyen"]
    assert surname_words(["Joe", "Biden"]) == ["Biden"]
    assert surname_words([]) == []
