"""Quote extraction on short hand-written articles (parsed by the real model)."""

import spacy

from services.nlp.parse import doc_from_bytes, doc_to_bytes
from services.quotes.extract import extract_quotes


def test_direct_quote_before_its_attribution_is_found_with_the_speaker(quotes_of):
    text = '"We will not back down from this fight," Maria Lopez said on Tuesday.'
    (quote,) = quotes_of(text)
    assert quote.kind == "direct"
    assert quote.text == '"We will not back down from this fight,"'
    assert text[quote.start : quote.end] == quote.text
    assert quote.speaker_name == "Maria Lopez"
    assert quote.verb is not None and quote.verb.text == "said"


def test_indirect_quote_is_the_reported_clause(quotes_of):
    text = "Mike Pompeo said the trade dispute with China would not affect the talks."
    (quote,) = quotes_of(text)
    assert quote.kind == "indirect"
    assert quote.text == "the trade dispute with China would not affect the talks"
    assert quote.speaker_name == "Mike Pompeo"


def test_paraphrase_with_quoted_words_is_mixed(quotes_of):
    text = 'Lu Kang said further details would be "released in due course."'
    (quote,) = quotes_of(text)
    assert quote.kind == "mixed"
    assert quote.text.endswith('"released in due course."')


def test_pronoun_speaker_resolves_to_the_person_named_before(quotes_of):
    text = (
        "Janet Yellen met Chinese officials in Beijing on Monday.\n\n"
        "She warned that the support for the war would have significant consequences."
    )
    (quote,) = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.text == "She"
    assert quote.speaker_name == "Janet Yellen"


def test_surname_speaker_resolves_to_the_full_name(quotes_of):
    text = (
        "Prime Minister Justin Trudeau visited the plant in Oshawa.\n\n"
        '"These jobs matter to every family in this town," Trudeau told reporters.'
    )
    (quote,) = quotes_of(text)
    assert quote.speaker is not None and quote.speaker.text == "Trudeau"
    assert quote.speaker_name == "Justin Trudeau"


def test_floating_quote_continues_the_previous_speaker(quotes_of):
    text = (
        '"We have been waiting for years," Sandra Williamson said.\n\n'
        '"Nobody in the department ever answered our letters about the program."'
    )
    quotes = quotes_of(text)
    assert [q.speaker_name for q in quotes] == ["Sandra Williamson", "Sandra Williamson"]
    assert quotes[1].text.startswith('"Nobody')


def test_scare_quote_is_not_attributed_to_anyone(quotes_of):
    text = "The two countries signed a “no limits” partnership in February."
    assert all(q.speaker_name is None for q in quotes_of(text))
    assert not any("no limits" in q.text for q in quotes_of(text) if q.speaker_name)


def test_according_to_names_the_source(quotes_of):
    text = "The plant will close by the end of the year, according to General Motors."
    (quote,) = quotes_of(text)
    assert quote.text == "The plant will close by the end of the year"
    assert quote.speaker_name == "General Motors"


def test_unbalanced_and_mixed_marks_never_fail(quotes_of):
    text = (
        '"This opens and never closes, said nobody.\n\n'
        '« Bonjour » and ‘single’ and ” stray and " lone marks, he said.\n\n'
        "“A quote over\n\n“two paragraphs,” the minister said."
    )
    for quote in quotes_of(text):
        assert text[quote.start : quote.end] == quote.text


def test_a_long_article_is_handled(quotes_of):
    paragraph = (
        '"The numbers speak for themselves," Maria Lopez said. She added that more was coming.'
    )
    text = "\n\n".join([paragraph] * 150)
    quotes = quotes_of(text)
    assert len(quotes) >= 150
    assert all(text[q.start : q.end] == q.text for q in quotes)


def test_a_parse_sent_as_bytes_gives_the_same_quotes(nlp, entities_for):
    text = (
        "Sergei Lavrov, Russia's Foreign Minister, spoke after talks in Beijing.\n\n"
        '"Russia and China have agreed to deepen security co-operation," he said.'
    )
    doc = nlp(text)
    entities = entities_for(doc)
    rebuilt = doc_from_bytes(doc_to_bytes(doc), spacy.blank("en").vocab)
    assert extract_quotes(rebuilt, entities) == extract_quotes(doc, entities)
    (quote,) = extract_quotes(rebuilt, entities)
    assert quote.speaker_name == "Sergei Lavrov"


def test_a_doc_without_a_parse_gives_no_quotes_rather_than_an_error():
    doc = spacy.blank("en")('"We are ready," Maria Lopez said.')
    assert extract_quotes(doc, []) == []


def test_an_empty_article_gives_no_quotes(nlp):
    assert extract_quotes(nlp(""), []) == []
