"""Name normalisation: keys, titles, gender cues (pure string functions)."""

from services.entities.names import (
    fold,
    given_name_gender,
    is_title,
    name_key,
    title_gender,
)


def test_name_key_ignores_case_accents_and_punctuation():
    assert name_key("Stéphane  Dion") == name_key("STEPHANE DION") == "stephane dion"
    assert name_key("U.S.") == name_key("US")
    assert name_key("Moon Jae-in") == name_key("moon jaein")


def test_fold_drops_accents_only():
    assert fold("Zaporizhzhia Ünïcode") == "zaporizhzhia unicode"


def test_titles_are_recognised_with_or_without_periods():
    assert is_title("Mr.") and is_title("President") and is_title("Sen.")
    assert not is_title("Vladimir")


def test_gender_comes_from_titles_and_common_given_names():
    assert title_gender("Mrs.") == "female"
    assert title_gender("Mr") == "male"
    assert title_gender("President") is None
    assert given_name_gender("Janet") == "female"
    assert given_name_gender("Trevor") == "male"
    assert given_name_gender("Xi") is None
