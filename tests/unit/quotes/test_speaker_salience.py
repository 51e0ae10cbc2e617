"""Who "he" and "she" stand for (`services.quotes.antecedents`): the shapes the speaker
resolver got wrong on unseen news, each in a short hand-written text."""


def test_a_name_inside_the_quotation_is_not_who_said_it(speakers_of):
    text = (
        "Ray Dunmore has run the county's Republican office since 2009.\n\n"
        "“I have met Paul Gruber twice and I still don't know what he stands for,” he said."
    )
    (speaker,) = speakers_of(text).values()
    assert speaker == "Ray Dunmore"


def test_the_main_clause_subject_wins_over_a_name_in_the_reported_clause(speakers_of):
    text = (
        "Mark Osei said the mayor, Frank Delgado, had ignored the tenants for a year. "
        "He said the building should be inspected before winter."
    )
    speakers = speakers_of(text)
    assert speakers["the building should be inspected before winter"] == "Mark Osei"


def test_he_in_the_sentence_before_carries_its_person_forward(speakers_of):
    text = (
        "Tom Baker chairs the housing board. Last year he hired Bill Evans to audit it, and "
        "he praised Evans for his work.\n\n"
        "He said the accounts had never been in better order."
    )
    speakers = speakers_of(text)
    assert speakers["the accounts had never been in better order"] == "Tom Baker"


def test_a_name_modifying_another_noun_is_a_last_resort(speakers_of):
    text = (
        "Linda Park, a nurse in Halifax, has worked under the Kenney government for years. "
        "She criticized the Kenney plan on Monday.\n\n"
        "“Nobody asked the people who do the work,” she said."
    )
    (speaker,) = speakers_of(text).values()
    assert speaker == "Linda Park"


def test_she_goes_to_the_woman_of_a_family_named_by_surname(speakers_of):
    text = (
        "Betsy Ebner and her husband, Tom Ebner, have run the orchard for thirty years. "
        "Tom Ebner drives the tractor. For Ebner, the orchard has been a whole life.\n\n"
        "“It is part of who I am,” she said."
    )
    (speaker,) = speakers_of(text).values()
    assert speaker == "Betsy Ebner"


def test_a_pronoun_in_a_quotation_casts_no_gender_vote(speakers_of):
    text = (
        "Dale Whitcombe backed the plan from the start. “I told her it would work,” "
        "Whitcombe said of the minister.\n\n"
        "“It was the only way to keep the mill open,” he said."
    )
    speakers = speakers_of(text)
    assert speakers["“It was the only way to keep the mill open,”"] == "Dale Whitcombe"


def test_a_bare_role_noun_stands_for_the_person_the_sentence_before_names(speakers_of):
    text = (
        "Maria Okonkwo is running for the council seat in Ward 4. She held a rally on Sunday.\n\n"
        "“We need a library before we need another parking garage,” the candidate said."
    )
    (speaker,) = speakers_of(text).values()
    assert speaker == "Maria Okonkwo"


def test_a_role_noun_introduced_with_a_or_an_stays_unnamed(speakers_of):
    text = (
        "Tom Reyes runs the clinic. A nurse who treated the patients was sent home in March.\n\n"
        "“Nobody told us what the rules were,” the nurse said."
    )
    (speaker,) = speakers_of(text).values()
    assert speaker == "the nurse"


def test_the_man_or_the_woman_alone_is_nobody_named(speakers_of):
    text = (
        "Kevin Marsh spoke first at the meeting.\n\n"
        "“I have lived here for forty years,” the woman said."
    )
    (speaker,) = speakers_of(text).values()
    assert speaker == "the woman"


def test_a_title_held_by_several_goes_to_the_one_the_story_is_about(speakers_of):
    text = (
        "Sen. Carla Mendes voted against the bill. Sen. Ray Dobbs, who wrote it, spoke on "
        "Monday. Dobbs said the vote would come next week.\n\n"
        "“We have the numbers,” the senator said."
    )
    speakers = speakers_of(text)
    assert speakers["“We have the numbers,”"] == "Ray Dobbs"


def test_an_abbreviated_title_introduces_the_role(speakers_of):
    text = (
        "Mayor Anne Fisher met Gov. Paul Stroud on Tuesday. Fisher said the talks went well.\n\n"
        "“We will have an answer by spring,” the governor said."
    )
    speakers = speakers_of(text)
    assert speakers["“We will have an answer by spring,”"] == "Paul Stroud"


def test_a_quotation_after_a_colon_goes_to_the_subject_of_the_clause_before(speakers_of):
    text = (
        "Tom Reyes said the plan would cost too much. “We cannot afford it,” he said.\n\n"
        "Dana Whitfield delivered a sharp retort: “We cannot afford to wait.”"
    )
    speakers = speakers_of(text)
    assert speakers["“We cannot afford to wait.”"] == "Dana Whitfield"


def test_a_colon_after_no_person_leaves_the_previous_speaker(speakers_of):
    text = (
        "Tom Reyes said the plan would cost too much. “We cannot afford it,” he said. "
        "Then, on the radio the next morning: “Nobody has shown me the numbers.”"
    )
    speakers = speakers_of(text)
    assert speakers["“Nobody has shown me the numbers.”"] == "Tom Reyes"


def test_she_is_no_company_the_model_took_for_a_person(nlp):
    from spacy.tokens import Span

    from services.entities.extract import extract_entities
    from services.quotes.extract import extract_quotes

    doc = nlp(
        "Harbor Lumber hired Dana Whitfield as yard manager in 2015.\n\n"
        "“We never thought the mill would close,” she said."
    )
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 5, label="PERSON")]
    (quote,) = extract_quotes(doc, extract_entities(doc))
    assert quote.speaker_name == "Dana Whitfield"
