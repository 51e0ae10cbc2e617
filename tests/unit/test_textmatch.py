"""Search terms match names and quotes by word prefix, ignoring case, accents and punctuation."""

import pytest

from shared.textmatch import fold, matches, surname, words


def test_fold_drops_accents_case_and_punctuation():
    assert fold("  José  MARTÍNEZ-López, Jr. ") == "jose martinez lopez jr"
    assert fold("Сергей Лавров") == "сергеи лавров"


@pytest.mark.parametrize(
    ("term", "text", "found"),
    [
        ("lavrov", "Sergei Lavrov", True),
        ("LAVRÓ", "Sergei Lavrov", True),
        ("serg lav", "Sergei Lavrov", True),
        ("lav serg", "Sergei Lavrov", True),
        ("avrov", "Sergei Lavrov", False),
        ("lavrov putin", "Sergei Lavrov", False),
        ("resume", "the résumé is ready", True),
        ("o brien", "Conan O'Brien", True),
        ("!!!", "anything", False),
    ],
)
def test_a_term_matches_when_each_word_begins_a_word_of_the_text(term, text, found):
    assert matches(text, words(term)) is found


def test_a_surname_is_the_last_folded_word():
    assert (surname("Sergei Lavrov"), surname("Lula"), surname("")) == ("lavrov", "lula", "")
