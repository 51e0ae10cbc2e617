"""People against things: names the small model reads as people, and role words glued on."""

from conftest import named
from spacy.tokens import Span


def test_a_name_that_it_refers_to_is_a_company_not_a_person(entities_in):
    entities = entities_in(
        "The deal was signed by Kinder Morgan. Kinder Morgan said it would appeal."
    )
    assert "Kinder Morgan" not in named(entities, "PERSON")


def test_a_plural_team_name_is_an_organisation(entities_in):
    entities = entities_in("The Riverton Hawks beat Lakeside 4-2. The Hawks have won six straight.")
    assert not named(entities, "PERSON")
    assert "Riverton Hawks" in named(entities, "ORG")


def test_a_surname_ending_in_s_stays_a_person(entities_in):
    entities = entities_in("Vern Sparkes was one of them, upset there was no vote on the pact.")
    assert "Vern Sparkes" in named(entities, "PERSON")


def test_falls_and_counties_are_places(entities_in):
    entities = entities_in(
        "Hikers flocked to Bridal Veil Falls over the weekend. Bridal Veil Falls is 60 metres "
        "tall. Residents of Cedar Hollow voted against the plan."
    )
    assert not named(entities, "PERSON")


def test_an_unknown_given_name_without_counter_evidence_stays_a_person(entities_in):
    entities = entities_in(
        "Mississauga accountant Babatunji Farinloye joined the program in March."
    )
    assert "Babatunji Farinloye" in named(entities, "PERSON")


def test_a_role_word_glued_before_a_given_name_is_stripped(nlp):
    from services.entities.extract import extract_entities

    doc = nlp("He met Public Relations Jane Doe at the office on Monday.")
    relations = next(t.i for t in doc if t.text == "Relations")
    doc.ents = [Span(doc, relations, relations + 3, label="PERSON")]
    assert "Jane Doe" in named(extract_entities(doc), "PERSON")


def test_a_name_whose_first_word_is_no_role_keeps_it(nlp):
    from services.entities.extract import extract_entities

    doc = nlp("Lawyer Azfar Ali Khan spoke for the family on Monday.")
    azfar = next(t.i for t in doc if t.text == "Azfar")
    doc.ents = [Span(doc, azfar, azfar + 3, label="PERSON")]
    assert "Azfar Ali Khan" in named(extract_entities(doc), "PERSON")


def test_a_book_or_an_installation_named_beside_its_noun_is_a_work(entities_in):
    entities = entities_in(
        "Her new cookbook, Simply Rosie, is out this fall. She made soup from a recipe in her "
        "book Simply Rosie. The festival opens with the installation Quiet Marlowe. Her "
        "memoir, Brave Josephine, sold well."
    )
    people = named(entities, "PERSON")
    assert not {"Simply Rosie", "Quiet Marlowe", "Brave Josephine"} & set(people)


def test_an_author_named_beside_a_book_stays_a_person(entities_in):
    entities = entities_in("Novelist Dana Whitfield signed copies of her book on Saturday.")
    assert "Dana Whitfield" in named(entities, "PERSON")


def test_a_given_name_the_model_calls_an_organisation_is_a_person_who_speaks(entities_in):
    entities = entities_in(
        "Sophie and Marc were eliminated on Tuesday's episode. Sophie said she had no regrets."
    )
    assert "Sophie" in named(entities, "PERSON")


def test_a_brand_with_a_given_name_that_it_refers_to_stays_an_organisation(entities_in):
    entities = entities_in("Shoppers lined up early. Tiffany said it would open two stores.")
    assert "Tiffany" not in named(entities, "PERSON")
