"""The sped-up model (`services.nlp.speedups`) annotates every token exactly as the stock one."""

import pytest
from spacy.language import Language

from services.nlp.model import load_model
from services.nlp.speedups import (
    FastMatch,
    Unsupported,
    remember_base_forms,
    speed_up_attribute_ruler,
)
from tests.unit.texts import dev_texts, needs_dev_texts, seed_texts

#: texts that reach the rarer rules: contractions, "ai n't", "y' all", negation, expletives,
#: auxiliaries, pronoun objects, "nothin'", spaces, determiners used as pronouns
AWKWARD = [
    "I ain't sure y'all know that it's nothin' to him, but there's a way. She didn't go.",
    "They gave it to me and you, because that was what we'd planned; those were fine.\n\n  Ok.",
    "He has had enough.  Do you? There were three of them, whether or not they'd come.",
    "“We won't,” Smith said. Which is it? It gets better, and it got worse, he'd said.",
    "",
    "   ",
    "Word",
]


def annotations(nlp: Language, texts: list[str]) -> list[tuple[str, ...]]:
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_)
        for doc in nlp.pipe(texts, batch_size=8)
        for t in doc
    ]


def test_the_speed_ups_are_in_place_and_the_stock_model_has_none(nlp: Language, stock: Language):
    assert isinstance(nlp.get_pipe("attribute_ruler").match, FastMatch)
    assert not isinstance(stock.get_pipe("attribute_ruler").match, FastMatch)
    assert nlp.get_pipe("lemmatizer").lemmatize.__name__ == "rule_lemmatize"
    assert nlp.get_pipe("lemmatizer").lemmatize.__qualname__.startswith("remember_base_forms")
    assert stock.get_pipe("lemmatizer").lemmatize.__qualname__.startswith("Lemmatizer.")


def test_base_forms_are_worked_out_once():
    model = load_model(stock=True)
    lemmatizer = model.get_pipe("lemmatizer")
    calls: list[str] = []
    stock_rule = lemmatizer.lemmatize

    def counting(token):
        calls.append(token.text)
        return stock_rule(token)

    lemmatizer.lemmatize = counting
    assert remember_base_forms(model) is True
    text = "The minister said the plan works. The minister said the plan works."
    lemmas = [t.lemma_ for t in model(text)]
    assert lemmas[:7] == lemmas[7:] == ["the", "minister", "say", "the", "plan", "work", "."]
    assert calls.count("minister") == 1 and calls.count("said") == 1


def test_same_annotations_as_the_stock_ruler_on_the_seed_and_awkward_text(
    nlp: Language, stock: Language
):
    texts = seed_texts() + AWKWARD
    fast, slow = annotations(nlp, texts), annotations(stock, texts)
    assert len(fast) > 500
    assert fast == slow
    # the rarer rules did fire: "ai" + "n't" lemmatised "be" by a two-token rule
    assert any(text == "ai" and lemma == "be" for text, _, _, _, lemma, _ in fast)


@needs_dev_texts
def test_same_annotations_as_the_stock_ruler_on_real_news(nlp: Language, stock: Language):
    texts = dev_texts(60)
    fast, slow = annotations(nlp, texts), annotations(stock, texts)
    assert len(fast) > 20_000
    assert fast == slow


def test_a_ruler_looking_at_other_attributes_is_left_alone():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LENGTH": {">=": 3}}]], {"TAG": "LONG"})
    with pytest.raises(Unsupported):
        FastMatch(ruler)
    assert speed_up_attribute_ruler(nlp) is False
    assert [t.tag_ for t in nlp("a long word")] == ["", "LONG", "LONG"]


def test_rules_keep_their_order_later_ones_win():
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add([[{"LOWER": {"IN": ["cats", "dogs"]}}]], {"TAG": "FIRST", "POS": "NOUN"})
    ruler.add([[{"LOWER": "dogs"}]], {"TAG": "SECOND"})
    ruler.add([[{"LOWER": {"REGEX": "^b"}}, {"LOWER": "cats"}]], {"TAG": "PAIR"}, index=1)
    texts = ["Dogs and cats", "big cats, dogs", "bats"]
    expected = [[(t.tag_, t.pos_) for t in nlp(text)] for text in texts]
    assert speed_up_attribute_ruler(nlp) is True
    assert [[(t.tag_, t.pos_) for t in nlp(text)] for text in texts] == expected
    assert [t.tag_ for t in nlp("big cats, dogs")] == ["", "PAIR", "", "SECOND"]
