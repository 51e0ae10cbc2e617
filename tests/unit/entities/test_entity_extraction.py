"""Entity extraction on short hand-written articles (parsed by the real model)."""

import spacy
from conftest import named

from services.entities.aliases import parse_alias_table
from services.entities.extract import entity_id, extract_entities


def _offsets_hold(text, entities):
    return all(text[m.start : m.end] == m.text for e in entities for m in e.mentions)


def test_surname_mentions_join_the_full_name(entities_in):
    text = (
        "Vladimir Putin arrived in Beijing on Tuesday. Putin met Chinese officials there. "
        "Later, Putin's spokesman said the talks went well."
    )
    entities = entities_in(text)
    people = named(entities, "PERSON")
    assert list(people) == ["Vladimir Putin"]
    assert [m.text for m in people["Vladimir Putin"].mentions] == [
        "Vladimir Putin",
        "Putin",
        "Putin",
    ]
    assert _offsets_hold(text, entities)


def test_titles_are_stripped_from_names_and_kept_as_the_role(entities_in):
    text = "U.S. Treasury Secretary Janet Yellen said the talks were hard. Yellen left on Monday."
    people = named(entities_in(text), "PERSON")
    assert list(people) == ["Janet Yellen"]
    yellen = people["Janet Yellen"]
    assert yellen.role is not None and "Secretary" in yellen.role
    assert len(yellen.mentions) == 2


def test_president_title_is_not_part_of_the_name(entities_in):
    text = "The plan came from President Vladimir Putin last week. Putin repeated it on Friday."
    people = named(entities_in(text), "PERSON")
    assert list(people) == ["Vladimir Putin"]
    assert people["Vladimir Putin"].role == "President"


def test_abbreviations_and_articles_name_one_country(entities_in):
    text = (
        "The United States imposed new tariffs on steel. Officials in the U.S. said more could "
        "follow, and US markets fell."
    )
    places = named(entities_in(text), "GPE")
    assert "United States" in places
    assert {"U.S.", "United States"} <= set(places["United States"].aliases)
    assert not {"U.S.", "US", "the United States"} & set(places)


def test_family_members_sharing_a_surname_stay_apart(entities_in):
    text = (
        "Mary Nicholson and her son Trevor Nicholson spoke to reporters. Trevor Nicholson said "
        "the family was relieved."
    )
    people = named(entities_in(text), "PERSON")
    assert {"Mary Nicholson", "Trevor Nicholson"} <= set(people)


def test_a_title_of_the_other_gender_never_merges(entities_in):
    text = "John Smith runs the bakery. Ms. Smith, his sister, runs the cafe next door."
    people = named(entities_in(text), "PERSON")
    john = people["John Smith"]
    assert all(m.text != "Smith" for m in john.mentions)


def test_title_cased_headline_does_not_give_glued_organisations(entities_in):
    text = (
        "Russia and China Bolster Security Ties to Counter U.S. Influence in Europe and Asia\n\n"
        "Russia and China have committed to enhancing security collaboration across Europe, "
        "the countries said, in a move to counter the U.S. in the region."
    )
    entities = entities_in(text)
    names = {e.name for e in entities}
    assert not any("Bolster" in name or "Influence" in name for name in names)
    assert "China" in named(entities, "GPE")
    china = named(entities, "GPE")["China"]
    assert china.mentions[0].start == text.index("China")


def test_span_glued_across_of_is_split_into_the_two_countries(entities_in):
    text = (
        "The United States warned about the risks. China rejected the claims, and Russia agreed. "
        "Officials described a portrayal by the United States of China and Russia as threats."
    )
    entities = entities_in(text)
    assert not any("of China" in e.name for e in entities)
    glued_at = text.index("the United States of China")
    us, china = named(entities, "GPE")["United States"], named(entities, "GPE")["China"]
    assert any(m.start == glued_at + len("the ") for m in us.mentions)
    assert any(m.start == glued_at + len("the United States of ") for m in china.mentions)


def test_money_starts_at_the_amount_and_vague_dates_are_dropped(entities_in):
    text = "In 2023, bilateral trade surged to a record $240.1 billion, up from the previous year."
    entities = entities_in(text)
    assert "$240.1 billion" in named(entities, "MONEY")
    assert "2023" in named(entities, "DATE")
    assert not any("previous" in e.name for e in entities)


def test_photo_credits_are_not_people(entities_in):
    text = (
        "Protesters gathered outside the legislature on Monday. ( Richard Lautens / Toronto Star )"
        "\n\nOrganizer Dwayne Croteau said the rally would continue."
    )
    people = named(entities_in(text), "PERSON")
    assert "Richard Lautens" not in people
    assert "Dwayne Croteau" in people


def test_a_user_alias_table_renames_after_extraction(entities_in):
    aliases = parse_alias_table('{"Xi": {"name": "Xi Jinping", "type": "PERSON"}}', fmt="json")
    text = "Vladimir Putin and Xi met in Moscow."
    people = named(entities_in(text, aliases), "PERSON")
    assert "Xi" not in people
    xi = people["Xi Jinping"]
    assert xi.id == entity_id("Xi Jinping", "PERSON")
    assert [m.text for m in xi.mentions] == ["Xi"]


def test_a_first_name_only_mention_joins_the_full_name(entities_in):
    text = "Chinese leader Xi Jinping arrived on Monday. Vladimir Putin and Xi met in Moscow."
    people = named(entities_in(text), "PERSON")
    assert [m.text for m in people["Xi Jinping"].mentions] == ["Xi Jinping", "Xi"]


def test_call_without_an_alias_table_uses_the_default_one(nlp):
    entities = extract_entities(nlp("Troops from the U.S. arrived."))
    assert "United States" in named(entities, "GPE")


def test_ids_are_stable_and_url_path_safe():
    assert entity_id("Vladimir Putin", "PERSON") == entity_id("vladimir putin", "PERSON")
    assert entity_id("Stéphane Dion", "PERSON") == entity_id("Stephane Dion", "PERSON")
    assert entity_id("Putin", "PERSON") != entity_id("Putin", "ORG")
    for name in ("AC/DC", "50/50 Fund", "???", "東京"):
        identifier = entity_id(name, "ORG")
        assert "/" not in identifier and "?" not in identifier and len(identifier) > 4


def test_same_person_gets_the_same_id_in_two_articles(entities_in):
    first = named(entities_in("Janet Yellen spoke on Monday."), "PERSON")["Janet Yellen"]
    second = named(entities_in("Officials met Janet Yellen in Beijing."), "PERSON")["Janet Yellen"]
    assert first.id == second.id


def test_empty_and_odd_texts_give_no_entities_and_no_errors(entities_in):
    for text in ("", "   \n\n  ", "\u200b\u200b", "&amp; &lt;b&gt;", "🙂🙂🙂 ¿¡ ©"):
        entities = entities_in(text)
        assert _offsets_hold(text, entities)


def test_a_long_document_is_handled_in_one_linear_pass():
    vocab = spacy.blank("en").vocab
    sentence = ["Janet", "Yellen", "met", "Yellen", "'s", "aides", "in", "Moscow", "."]
    labels = ["B-PERSON", "I-PERSON", "O", "B-PERSON", "O", "O", "O", "B-GPE", "O"]
    doc = spacy.tokens.Doc(vocab, words=sentence * 5_000, ents=labels * 5_000)
    assert len(doc.text) > 200_000
    entities = extract_entities(doc)
    assert sorted(e.name for e in entities) == ["Janet Yellen", "Moscow"]
    assert sum(len(e.mentions) for e in entities) == 15_000


def test_the_role_alone_refers_to_its_only_holder_but_is_no_alias(entities_in):
    text = (
        "Surrey Mayor Doug McCallum spoke to reporters on Monday. Later, the mayor said the "
        "plan would save money."
    )
    person = named(entities_in(text), "PERSON")["Doug McCallum"]
    assert [m.text for m in person.mentions] == ["Doug McCallum", "mayor"]
    assert "mayor" not in person.aliases
    assert person.role == "Surrey Mayor"


def test_a_role_shared_by_two_people_refers_to_neither(entities_in):
    text = (
        "Premier Doug Ford met Premier Scott Moe in Toronto. The premier said the talks went well."
    )
    people = named(entities_in(text), "PERSON")
    assert all(m.text != "premier" for p in people.values() for m in p.mentions)
