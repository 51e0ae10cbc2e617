"""The learned attribution step (`services.quotes.learned`) on short hand-written sentences."""

from services.nlp.linear import LinearModel
from services.quotes.attribution import attributions
from services.quotes.extract import extract_quotes
from services.quotes.features import attribution_features
from services.quotes.learned import MODEL_FILE, default_attribution_model
from services.quotes.marks import find_quotations
from services.quotes.paragraphs import Paragraphs

OBJECT = "Jane Doe criticized the plan."


def _model(weight: float, speech: list[str]) -> LinearModel:
    return LinearModel(
        bias=0.0,
        threshold=0.5,
        weights={"lemma=criticize": weight},
        info={"speech_lemmas": speech, "cue_lemmas": []},
    )


def test_shipped_model_is_small_and_knows_speech_from_thought():
    model = default_attribution_model()
    assert MODEL_FILE.stat().st_size < 100_000
    assert 0 < model.threshold < 1
    speech = set(model.info["speech_lemmas"])
    assert {"say", "tell", "write"} <= speech
    assert not {"think", "believe", "want", "hope"} & speech


def test_doubted_object_of_speech_is_kept_when_the_model_rates_it_likely(nlp, entities_for):
    doc = nlp(OBJECT)
    (quote,) = extract_quotes(doc, entities_for(doc), model=_model(5.0, ["criticize"]))
    assert quote.text == "the plan" and quote.speaker_name == "Jane Doe"


def test_doubted_object_is_dropped_when_the_model_rates_it_unlikely(nlp, entities_for):
    doc = nlp(OBJECT)
    assert extract_quotes(doc, entities_for(doc), model=_model(-5.0, ["criticize"])) == []


def test_doubted_object_of_no_speech_verb_is_dropped_whatever_the_model(nlp, entities_for):
    doc = nlp(OBJECT)
    assert extract_quotes(doc, entities_for(doc), model=_model(5.0, [])) == []


def test_clause_of_a_reporting_verb_is_kept_without_asking_the_model(nlp, entities_for):
    doc = nlp("Jane Doe said the plan would cost too much.")
    never = LinearModel(bias=-50.0, threshold=0.5, weights={})
    (quote,) = extract_quotes(doc, entities_for(doc), model=never)
    assert quote.text == "the plan would cost too much"


def test_features_name_the_cue_the_construction_and_the_speaker(nlp):
    doc = nlp("She said the plan would cost too much.")
    (item,) = attributions(doc, find_quotations(doc.text), Paragraphs(doc.text))
    features = attribution_features(doc, item)
    assert {"lemma=say", "via=clause", "kind=indirect", "subject=he_she", "lexicon"} <= set(
        features
    )
    assert "unsure" not in features


def test_verb_outside_the_lexicon_is_proposed_only_when_the_model_learned_it(nlp):
    doc = nlp("Jane Doe mused that the plan would cost too much.")
    assert [a.cue.lemma_ for a in attributions(doc, [], Paragraphs(doc.text)) if a.cue] == []
    proposed = list(attributions(doc, [], Paragraphs(doc.text), lambda t: t.lemma_ == "muse"))
    assert [a.cue.lemma_ for a in proposed if a.cue] == ["muse"]
