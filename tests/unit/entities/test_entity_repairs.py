"""Repairs of what the small model gets wrong, on short hand-written texts."""

import spacy
from conftest import named
from spacy.tokens import Doc

from services.entities.extract import extract_entities


def test_name_after_a_possessive_is_split_from_its_owner(entities_in):
    text = '"That was not good enough," Vancouver\'s Bo Horvat said after the game in Calgary.'
    entities = entities_in(text)
    assert "Bo Horvat" in named(entities, "PERSON")
    assert not any("'s" in e.name for e in entities)


def test_a_holiday_with_a_possessive_stays_whole(entities_in):
    text = "The markets were closed on New Year's Day in Tokyo and Seoul."
    names = {e.name for e in entities_in(text)}
    assert "Day" not in names


def test_per_cent_amounts_are_percentages(entities_in):
    text = "Prices rose 2.2 per cent in December, and wages rose 3 per cent."
    entities = entities_in(text)
    assert {"2.2 per cent", "3 per cent"} <= set(named(entities, "PERCENT"))
    assert not named(entities, "MONEY")


def test_an_acronym_joins_the_organisation_it_abbreviates(entities_in):
    text = (
        "The U.S. Golf Association changed the rules in 2011. Critics said the USGA moved too "
        "slowly, and the USGA later apologised."
    )
    orgs = named(entities_in(text), "ORG")
    assert "USGA" not in orgs
    assert "USGA" in orgs["U.S. Golf Association"].aliases


def test_headline_line_inside_a_body_keeps_only_names_the_article_uses(entities_in):
    text = (
        "Officials met in Geneva on Monday.\n\n"
        "Canada and Mexico Strengthen Trade Ties to Counter Tariff Threats\n\n"
        "Canada and Mexico signed the deal, officials in Geneva said."
    )
    entities = entities_in(text)
    assert not any("Strengthen" in e.name or "Tariff" in e.name for e in entities)
    assert {"Canada", "Mexico"} <= set(named(entities, "GPE"))


def test_surname_mislabelled_as_an_organisation_joins_the_person(entities_in):
    text = (
        "Choreographer Jeanine Durning arrived in Toronto. Fuelled by Durning’s curiosity, the "
        "dancers tried again. For Durning, dance is shared."
    )
    entities = entities_in(text)
    assert "Durning" not in named(entities, "ORG")
    person = named(entities, "PERSON")["Jeanine Durning"]
    assert [m.text for m in person.mentions] == ["Jeanine Durning", "Durning", "Durning"]


def test_untagged_surname_mentions_are_linked_to_the_person():
    words = ["Dorie", "Greenspan", "wrote", "it", ".", "Greenspan", "signed", "copies", "."]
    pos = ["PROPN", "PROPN", "VERB", "PRON", "PUNCT", "PROPN", "VERB", "NOUN", "PUNCT"]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "O", "O"]
    doc = Doc(spacy.blank("en").vocab, words=words, pos=pos, ents=ents)
    (person,) = extract_entities(doc)
    assert person.name == "Dorie Greenspan"
    assert [(m.start, m.text) for m in person.mentions] == [
        (0, "Dorie Greenspan"),
        (27, "Greenspan"),
    ]


def test_a_lone_word_is_a_person_only_when_the_text_treats_it_as_one(entities_in):
    text = "Officials from Twitter declined to comment. Later, Na'moks said the talks would go on."
    people = named(entities_in(text), "PERSON")
    assert "Twitter" not in people


def test_mentions_keep_exact_offsets_after_every_repair(entities_in):
    text = (
        "Russia’s Foreign Minister Sergei Lavrov met U.S. Treasury Secretary Janet Yellen.\n"
        "Lavrov’s aides and Yellen’s staff spoke with the United States of China and Russia "
        "delegations. ( Evan Vucci / AP )"
    )
    entities = entities_in(text)
    assert all(text[m.start : m.end] == m.text for e in entities for m in e.mentions)
    assert "Evan Vucci" not in named(entities, "PERSON")


def test_a_name_ending_in_a_place_word_is_a_place_unless_it_is_a_surname(entities_in):
    text = "Michael Hall and Robert Plant met at Winston Churchill Square and George Station."
    entities = entities_in(text)
    assert {"Michael Hall", "Robert Plant"} <= set(named(entities, "PERSON"))
    assert {"Winston Churchill Square", "George Station"} <= set(named(entities, "FAC"))


def test_a_title_inside_an_organisation_span_leaves_the_person(entities_in):
    text = "But Wet'suwet'en Hereditary Chief Na'moks said the talks were not over yet."
    people = named(entities_in(text), "PERSON")
    assert "Na'moks" in people
    assert people["Na'moks"].role is not None and "Chief" in people["Na'moks"].role
