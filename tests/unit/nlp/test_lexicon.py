"""The shared lexicon: given names, titles, honorifics and pronouns, one spelling of a gender."""

from services.nlp.lexicon import (
    FEMALE_NAMES,
    MALE_NAMES,
    given_name_gender,
    is_given_name,
    is_honorific,
    is_title,
    pronoun_gender,
    title_gender,
)


def test_titles_are_recognised_with_or_without_periods():
    assert is_title("Mr.") and is_title("President") and is_title("Sen.")
    assert is_title("MVP") and is_title("Co-founder")
    assert not is_title("Vladimir")


def test_honorifics_are_titles_that_name_no_role():
    assert is_honorific("Ms.") and is_title("Ms.")
    assert not is_honorific("Mayor")


def test_gender_comes_from_titles_given_names_and_pronouns_in_one_spelling():
    assert title_gender("Mrs.") == "female"
    assert title_gender("Mr") == "male"
    assert title_gender("Princess") == "female" and title_gender("Prince") == "male"
    assert title_gender("President") is None
    assert given_name_gender("Janet") == "female"
    assert given_name_gender("Trevor") == "male"
    assert given_name_gender("Stéphane".replace("é", "e")) in (None, "male")
    assert given_name_gender("Xi") is None
    assert pronoun_gender("She") == "female" and pronoun_gender("himself") == "male"
    assert pronoun_gender("they") is None


def test_words_places_and_unisex_names_prove_nothing():
    for word in ("Will", "Hope", "Jordan", "Taylor", "Dallas", "Regina", "Grant", "Guy"):
        assert not is_given_name(word), word


def test_no_given_name_has_two_genders_or_is_a_title():
    assert not FEMALE_NAMES & MALE_NAMES
    assert not {name for name in FEMALE_NAMES | MALE_NAMES if is_title(name)}
