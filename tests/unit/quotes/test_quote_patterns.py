"""How news articles attribute speech: the patterns beyond "X said that …"."""


def test_every_paragraph_of_a_multi_paragraph_quote_goes_to_the_speaker_at_its_end(quotes_of):
    text = (
        "“The first part of what I have to say runs on for a while.\n\n"
        "“And the second part closes it,” said Ann Lee, the union's president."
    )
    quotes = quotes_of(text)
    assert [q.speaker_name for q in quotes] == ["Ann Lee", "Ann Lee"]
    assert [q.kind for q in quotes] == ["direct", "direct"]


def test_clause_hung_on_a_statement_is_reported_speech(quotes_of):
    text = "The palace official said in a statement that the new king would be sworn in on Jan. 31."
    (quote,) = quotes_of(text)
    assert quote.text == "that the new king would be sworn in on Jan. 31"
    assert quote.kind == "indirect"


def test_inserted_attribution_reports_what_comes_before_it(quotes_of):
    text = "The reforms had two broad aims, Cecil Foster writes in his new book."
    (quote,) = quotes_of(text)
    assert quote.text == "The reforms had two broad aims"
    assert quote.speaker_name == "Cecil Foster"


def test_quoted_as_saying_attributes_to_the_subject(quotes_of):
    text = (
        "Mayor Doug McCallum spoke on Tuesday.\n\n"
        "“The debt load is simply untenable,” he was quoted as saying in the release."
    )
    (quote,) = quotes_of(text)
    assert quote.kind == "direct"
    assert quote.speaker_name == "Doug McCallum"


def test_quoted_words_ending_a_paraphrase_make_a_mixed_quote(quotes_of):
    text = "Results for the first patients are “very exciting,” says program manager Erin Kim."
    (quote,) = quotes_of(text)
    assert quote.kind == "mixed"
    assert quote.text == "Results for the first patients are “very exciting,”"
    assert quote.speaker_name == "Erin Kim"


def test_a_name_given_to_something_is_not_a_quote(quotes_of):
    text = "Business groups were criticized for engaging in what they call “project fear.”"
    assert quotes_of(text) == []


def test_negated_speech_is_not_a_quote(quotes_of):
    text = "Maria Lopez did not say whether the plant would close next year."
    assert quotes_of(text) == []


def test_she_resolves_to_the_woman_not_the_man_named_last(quotes_of):
    text = (
        "Ms. Caroline Wojtaszek met Paul Carver on Monday.\n\n"
        "She said the ruling was based more on hope than on reason."
    )
    (quote,) = quotes_of(text)
    assert quote.speaker_name == "Caroline Wojtaszek"


def test_organisation_word_resolves_to_the_named_organisation(quotes_of):
    text = (
        "Procter & Gamble reported its results on Tuesday.\n\n"
        "The company said its annual profit could be slightly stronger than expected."
    )
    (quote,) = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.text == "The company"
    assert quote.speaker_name == "Procter & Gamble"


def test_they_resolves_to_the_group_named_as_subject_before(quotes_of):
    text = (
        "Authorities described the attack as a carjacking on Sunday.\n\n"
        "They said the driver was stabbed seven times before the suspect fled."
    )
    (quote,) = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.text == "They"
    assert quote.speaker_name == "Authorities"


def test_a_teaser_for_another_story_quotes_nobody(quotes_of):
    text = (
        "READ MORE: Judge rules the singer may have copied the song\n\nThe hearing resumes Monday."
    )
    assert quotes_of(text) == []


def test_reports_without_an_author_are_not_speakers(quotes_of):
    text = "Reports say the team plans to waive both players before the deadline."
    assert quotes_of(text) == []


def test_a_name_and_a_colon_introduce_a_quotation(quotes_of):
    text = "Maria Lopez: “We will keep fighting for these jobs until the very end.”"
    (quote,) = quotes_of(text)
    assert quote.kind == "direct"
    assert quote.speaker_name == "Maria Lopez"
    assert quote.verb is None and quote.speaker is not None


def test_a_dash_and_a_name_after_a_quotation_attribute_it(quotes_of):
    text = "“Nobody wins in a shutdown, we all lose.” — Richard Shelby"
    (quote,) = quotes_of(text)
    assert quote.speaker_name == "Richard Shelby"


def test_a_call_for_something_is_reported_speech(quotes_of):
    text = "The State Department called for the immediate release of the two detained Canadians."
    (quote,) = quotes_of(text)
    assert quote.text == "for the immediate release of the two detained Canadians"
    assert quote.kind == "indirect"


def test_a_title_with_the_name_in_apposition_names_the_person(quotes_of):
    text = "Russia's foreign minister, Sergei Lavrov, said the talks had gone well for both sides."
    (quote,) = quotes_of(text)
    assert quote.speaker_name == "Sergei Lavrov"


def test_the_agent_of_a_passive_cue_is_the_speaker(quotes_of):
    text = "The plan was criticized by Maria Lopez for its lack of detail on the rail line costs."
    (quote,) = quotes_of(text)
    assert quote.speaker_name == "Maria Lopez"
