from services.quotes.marks import find_quotations


def spans(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotations(text)]


def test_curly_quotation_is_found_with_its_marks():
    assert spans("He said “we are ready” today.") == ["“we are ready”"]


def test_straight_marks_pair_by_position():
    text = 'She said "first one," and then "second one."'
    assert spans(text) == ['"first one,"', '"second one."']


def test_guillemets_are_quotation_marks():
    assert spans("Il a dit « nous sommes prêts » hier.") == ["« nous sommes prêts »"]


def test_apostrophes_are_not_quotation_marks():
    text = "Kim's team isn't 'sure' yet, the players' coach said."
    assert spans(text) == ["'sure'"]


def test_apostrophes_inside_a_double_quoted_span_do_not_end_it():
    assert spans("“It’s Kim’s ‘new way,’ that’s all.”") == ["“It’s Kim’s ‘new way,’ that’s all.”"]


def test_unclosed_mark_runs_to_the_end_of_its_paragraph_only():
    text = "“The first paragraph goes on\n\n“and the second one ends here,” she said."
    found = find_quotations(text)
    assert [text[q.start : q.end] for q in found] == [
        "“The first paragraph goes on",
        "“and the second one ends here,”",
    ]
    assert [q.closed for q in found] == [False, True]


def test_stray_closing_mark_is_ignored():
    assert spans("Nothing opened here” at all.") == []


def test_every_offset_indexes_the_text():
    text = 'A «b» c “d” e "f" g ‘h’ ”i“ j'
    for q in find_quotations(text):
        assert 0 <= q.start < q.end <= len(text)


def test_lower_case_paragraph_closing_an_open_quote_continues_it():
    text = "“Who is included is at the discretion of the team\n\nbased on advice,” said Ann Lee."
    found = find_quotations(text)
    assert [text[q.start : q.end] for q in found] == [
        "“Who is included is at the discretion of the team",
        "based on advice,”",
    ]


def test_two_apostrophes_pair_as_a_double_mark():
    text = "''We were too young,'' he said. It's Tom's turn. ''Now we know.''"
    assert spans(text) == ["''We were too young,''", "''Now we know.''"]


def test_two_apostrophes_after_a_number_are_no_quotation():
    assert spans("The screen measures 27'' across, he said.") == []
