"""Shapes of attribution seen on unseen news (issue 18), each from a short hand-written text."""


def test_an_attribution_inserted_mid_sentence_reports_the_clause_around_it(quotes_of):
    text = "The new rules, the minister said on Tuesday, will take effect in March."
    (quote,) = quotes_of(text)
    assert quote.text == text.rstrip(".")
    assert quote.kind == "indirect"
    assert quote.speaker is not None and quote.speaker.text == "the minister"


def test_they_inserted_in_a_clause_is_not_the_clause_subject(quotes_of):
    text = "Almost all revenues, they promise, will be returned to the families who paid them."
    (quote,) = quotes_of(text)
    assert quote.speaker_name != "Almost all revenues"


def test_who_in_a_relative_clause_stands_for_the_person_it_describes(quotes_of):
    text = (
        "Tom Baker, who noted for the judge that he had no prior convictions, asked for a "
        "lighter sentence."
    )
    (quote,) = quotes_of(text)
    assert quote.text == "that he had no prior convictions"
    assert quote.speaker_name == "Tom Baker"


def test_a_description_after_the_quotation_stands_for_the_person_named_before(quotes_of):
    text = (
        "Tom Reyes moved to the city ten years ago. “Nobody here is in a hurry,” points out the "
        "laid-back Toronto resident."
    )
    (quote,) = quotes_of(text)
    assert quote.text == "“Nobody here is in a hurry,”"
    assert quote.speaker is not None and quote.speaker.text == "the laid-back Toronto resident"
    assert quote.speaker_name == "Tom Reyes"


def test_an_age_makes_a_description_of_the_person_named_before(quotes_of):
    text = (
        "Martha Lindqvist opened the bakery in 2015. “I wanted a place where people could just "
        "sit,” says the 39-year-old founder of the bakery."
    )
    (quote,) = quotes_of(text)
    assert quote.speaker_name == "Martha Lindqvist"


def test_a_title_the_parse_takes_for_the_head_still_names_the_person(quotes_of):
    text = "Hall of Famer Joe Bloggs said the young goalie was the best he had seen in years."
    (quote,) = quotes_of(text)
    assert quote.speaker_name == "Joe Bloggs"


def test_an_indefinite_role_is_a_person_named_later_not_before(quotes_of):
    text = (
        "David Plouffe, an architect of the campaign, spoke first.\n\n"
        "The company refused to pay an architect who said he had designed the clubhouse."
    )
    (quote,) = quotes_of(text)
    assert quote.text == "he had designed the clubhouse"
    assert quote.speaker_name != "David Plouffe"


def test_according_to_a_study_is_an_attribution(quotes_of):
    text = "Crime in the province fell by 12 per cent last year, according to the study."
    (quote,) = quotes_of(text)
    assert quote.text == "Crime in the province fell by 12 per cent last year"
    assert quote.verb is not None and quote.verb.text == "according to"


def test_a_paper_released_by_a_group_speaks_for_the_group(quotes_of):
    text = (
        "Car production fell 9 per cent last year, according to figures released on Wednesday "
        "by the Riverton Motor Trade Association."
    )
    (quote,) = quotes_of(text)
    assert quote.speaker_name == "the Riverton Motor Trade Association"


def test_who_obtained_a_paper_did_not_write_it(quotes_of):
    text = (
        "The plan would cut 300 jobs by the spring, according to a memo obtained by the "
        "Riverton Gazette."
    )
    (quote,) = quotes_of(text)
    assert quote.speaker_name != "the Riverton Gazette"


def test_a_quotation_paragraph_signed_on_the_next_line_goes_to_the_signer(quotes_of):
    text = (
        "“We will not back down on this. The community deserves better.”\n\n"
        "Jane Doe, mayor of Riverton"
    )
    (quote,) = quotes_of(text)
    assert quote.kind == "direct"
    assert quote.speaker_name == "Jane Doe"


def test_a_pull_quote_closed_by_a_name_goes_to_that_person(quotes_of):
    text = (
        "The board's repeated failures to listen to the community constitute an emergency. "
        "Linda Lamoureux\n\nThe board meets again on Monday."
    )
    (quote,) = quotes_of(text)
    assert quote.text.startswith("The board's repeated failures")
    assert quote.speaker_name == "Linda Lamoureux"


def test_a_sentence_ending_in_a_name_is_no_pull_quote(quotes_of):
    text = "The award went to the best young player in the league, Linda Lamoureux."
    assert quotes_of(text) == []


def test_a_quotation_paragraph_continues_the_person_the_paragraph_before_ends_on(quotes_of):
    text = (
        "The council approved the budget on Monday. Councillor Tom Baker voted against it.\n\n"
        "“This budget ignores the people who need help the most.”"
    )
    (quote,) = quotes_of(text)
    assert quote.speaker_name == "Tom Baker"
    assert quote.speaker is None  # a floating quote has no mention of its own


def test_telling_someone_to_do_something_reports_what_they_were_told(quotes_of):
    text = "Maria Lopez told her supporters to “go to your place and vote” on Tuesday morning."
    (quote,) = quotes_of(text)
    assert quote.kind == "mixed"
    assert quote.text.startswith("her supporters to “go to your place and vote”")
    assert quote.speaker_name == "Maria Lopez"


def test_he_is_the_subject_of_the_sentences_before_not_the_nearest_name(quotes_of):
    text = (
        "Tom Baker chairs the board. Last year he hired Bill Evans as its treasurer.\n\n"
        "He said the accounts had never been in better order."
    )
    (quote,) = quotes_of(text)
    assert quote.speaker_name == "Tom Baker"


def test_a_description_never_stands_for_a_person_named_in_what_it_reports(speakers_of):
    text = (
        "Tom Baker was sentenced in 2004 for assault. In her ruling, the Ontario judge said "
        "Baker was “a danger to the public.” The judge added that he showed no remorse."
    )
    speakers = speakers_of(text)
    assert speakers == {
        "Baker was “a danger to the public.”": "the Ontario judge",
        "that he showed no remorse": "the Ontario judge",
    }


def test_a_closing_attribution_reports_the_words_before_its_comma_whatever_their_parse(
    quotes_of,
):
    text = "Canada preferred settlers who were farmers, Grant writes."
    (quote,) = quotes_of(text)
    assert quote.text == "Canada preferred settlers who were farmers"
    assert quote.speaker_name == "Grant"


def test_a_clause_setting_the_scene_before_a_comma_is_no_report(quotes_of):
    text = (
        "As news of the allegations began to surface, members complained about the board's silence."
    )
    assert [q.text for q in quotes_of(text) if q.text.startswith("As news")] == []


def test_the_name_a_speaker_gives_something_is_a_quote(speakers_of):
    text = (
        "Lisa Grant opposes the plan. Her concern lies in what she calls the city's war on "
        "drivers.\n\nUnion leaders met the minister on Monday. They called it a stopgap "
        "measure that won't fix the shortage."
    )
    assert speakers_of(text) == {
        "the city's war on drivers": "Lisa Grant",
        "it a stopgap measure that won't fix the shortage": "Union leaders",
    }


def test_being_called_up_or_called_for_a_foul_names_nothing(quotes_of):
    text = (
        "Nedeljkovic got called up this month when the starter was injured. Evans scored "
        "after Lopez was called for tripping."
    )
    assert quotes_of(text) == []


def test_the_company_is_the_one_the_previous_speaker_was_introduced_as(speakers_of):
    text = (
        "Northgate Energy reported higher profits last year. Research company Pollara said "
        "support would rise in 2019. The company said the poll was accurate."
    )
    assert speakers_of(text)["the poll was accurate"] == "Pollara"


def test_an_organisation_named_only_as_a_modifier_does_not_speak_for_the_agency(speakers_of):
    text = (
        "The regional transit agency met on Monday. The LRT option was cheaper. The agency "
        "said it would decide in March."
    )
    assert speakers_of(text)["it would decide in March"] != "LRT"


def test_a_that_clause_the_parse_hangs_on_the_object_is_what_was_told(quotes_of):
    text = (
        "Tom Baker also told one of his young recruits on a regular basis that “patience is "
        "the answer.”"
    )
    (quote,) = quotes_of(text)
    assert quote.text == "that “patience is the answer.”"
    assert quote.kind == "mixed"


def test_a_clause_that_lost_its_subject_in_the_parse_starts_after_the_verb(quotes_of):
    text = (
        "City manager Paul Grant said Thursday one of the council's proposals, to close the "
        "branch on weekends, could save money."
    )
    (quote,) = quotes_of(text)
    assert quote.text == (
        "one of the council's proposals, to close the branch on weekends, could save money"
    )


def test_the_day_after_said_belongs_to_the_saying_not_to_the_quote(quotes_of):
    (quote,) = quotes_of("Paul Grant said Monday the city would appeal.")
    assert quote.text == "the city would appeal"


def test_what_someone_says_is_reports_the_rest_of_the_sentence(quotes_of):
    (quote,) = quotes_of("The government is grappling with what it says is a $3 billion deficit.")
    assert quote.text == "is a $3 billion deficit"
    assert quote.speaker is not None and quote.speaker.text == "it"
    assert quote.speaker_name == "The government"


def test_the_report_said_is_an_attribution_to_who_wrote_the_report(quotes_of):
    text = (
        "“The government has not produced the boom it promised,” economist Jane Whitfield "
        "wrote in a recent report for the Fraser Group. Since 2016, spending on roads has "
        "increased only 4 per cent, the report said."
    )
    first, second = quotes_of(text)
    assert second.text == "Since 2016, spending on roads has increased only 4 per cent"
    assert second.speaker is not None and second.speaker.text == "the report"
    assert second.speaker_name == "Jane Whitfield"


def test_reports_say_and_records_indicated_stay_unattributed(quotes_of):
    text = (
        "Reports say the team plans to waive the players. City records from 2017 indicated "
        "the debt load was then $267 million."
    )
    assert quotes_of(text) == []


def test_a_gerund_clause_the_parse_takes_for_a_complement_is_still_reported(quotes_of):
    text = "Coach Maria Lopez said having her captain back was a big boost for the team."
    (quote,) = quotes_of(text)
    assert quote.text == "having her captain back was a big boost for the team"
    assert quote.speaker_name == "Maria Lopez"


def test_the_period_of_an_abbreviation_does_not_end_what_was_said(quotes_of):
    text = "Lopez says she has lost 8 lbs. since she joined the program at the community centre."
    (quote,) = quotes_of(text)
    assert quote.text == "she has lost 8 lbs. since she joined the program at the community centre"


def test_a_short_quoted_sentence_signed_on_the_next_line_goes_to_the_signer(quotes_of):
    (quote,) = quotes_of("“The numbers don't lie.”\nJane Doe, mayor of Riverton")
    assert quote.speaker_name == "Jane Doe"


def test_a_short_title_on_a_line_above_a_name_is_no_quote(quotes_of):
    assert quotes_of("“Cedar Summer Nights”\nJane Doe, director") == []


def test_quoted_words_opening_the_reported_clause_make_a_mixed_quote(quotes_of):
    text = (
        'The candidate did not give a cost estimate, though he said "budget reforms" and '
        "unpaid taxes would help finance them."
    )
    (quote,) = quotes_of(text)
    assert quote.kind == "mixed"
    assert quote.text == '"budget reforms" and unpaid taxes would help finance them'


def test_a_quoted_word_after_said_that_no_clause_goes_on_from_stays_a_direct_quote(quotes_of):
    (quote,) = quotes_of("She said “no” and walked out of the room.")
    assert (quote.kind, quote.text) == ("direct", "“no”")


def test_quoted_words_in_a_clause_about_the_speaker_are_not_beside_the_main_verb(speakers_of):
    text = 'Baker, who described the plan as "reckless," said the council should start over.'
    assert speakers_of(text) == {
        'the plan as "reckless,"': "Baker",
        "the council should start over": "Baker",
    }


def test_a_quote_before_adding_belongs_to_the_verb_adding_hangs_on(quotes_of):
    text = (
        'Lopez, 45, said the fire was "the worst thing I\'ve ever seen," adding that her '
        "family was safe."
    )
    assert [q.text for q in quotes_of(text)] == [
        'the fire was "the worst thing I\'ve ever seen,"',
        "that her family was safe",
    ]


def test_the_question_put_to_a_speaker_is_not_what_the_speaker_said(quotes_of):
    quotes = quotes_of("Asked whether he would resign, Baker said no.")
    assert [q.text for q in quotes if "resign" in q.text] == []


def test_a_speaker_who_has_said_something_in_a_while_clause_is_still_quoted(quotes_of):
    text = (
        "While Mr. Baker has said his approach will be “comprehensive,” he has made clear it "
        "won't include new taxes."
    )
    assert "his approach will be “comprehensive,”" in [q.text for q in quotes_of(text)]


def test_as_she_put_it_attributes_the_quotation_beside_it(speakers_of):
    text = (
        "Maria Lopez runs the shelter. As Lopez put it, “Nobody saw this coming.” She put it "
        "bluntly: “This is a disaster.”"
    )
    assert speakers_of(text) == {
        "“Nobody saw this coming.”": "Maria Lopez",
        "“This is a disaster.”": "Maria Lopez",
    }


def test_in_her_words_attributes_the_rest_of_the_sentence(speakers_of):
    text = "Maria Lopez runs the shelter. In her words, the new policy is “simply unhealthy.”"
    assert speakers_of(text) == {"the new policy is “simply unhealthy.”": "Maria Lopez"}
