from shared.paragraphs import repeated_paragraphs

LEDE = "The city will ration water for the first time in 30 years."


def test_a_repeated_lede_is_reported_with_offsets_into_the_text():
    text = f"{LEDE}\n\nOfficials blamed the dry spring.\n\n  {LEDE}  \n\nMore to come."
    [(start, end)] = repeated_paragraphs(text)
    assert text[start:end] == LEDE and start > len(LEDE)


def test_repeats_differing_only_in_case_and_punctuation_count_as_repeats():
    text = f"{LEDE}\n\n{LEDE.upper().replace('.', '!')}"
    assert len(repeated_paragraphs(text)) == 1


def test_each_later_copy_is_reported_and_the_first_never_is():
    text = "\n\n".join([LEDE, "Another paragraph with words.", LEDE, LEDE])
    spans = repeated_paragraphs(text)
    assert len(spans) == 2 and spans[0][0] > 0


def test_short_lines_like_advertisement_are_not_matched():
    assert repeated_paragraphs("Advertisement\n\nStory text goes here now.\n\nAdvertisement") == []


def test_text_without_blank_lines_is_split_on_line_breaks():
    text = f"{LEDE}\nSecond line is different here.\n{LEDE}"
    [(start, end)] = repeated_paragraphs(text)
    assert (start, end) == (len(text) - len(LEDE), len(text))


def test_an_article_without_repeats_gives_nothing():
    assert repeated_paragraphs("One paragraph of words.\n\nAnother paragraph of words.") == []
