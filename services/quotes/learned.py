"""The learned attribution step: which candidate attributions to keep, by a logistic
regression trained on PolNeAR's train split (`scripts/train_attribution.py`).

The hand lexicon of reporting verbs (`cues.py`) proposes the candidates and keeps those the
rules are sure of; the model judges the ones they doubt (an object that may be no speech:
"urged a tougher stance", "welcomed the election"; a content under three words), for verbs
the train attributions show to be verbs of speech (`speech_lemmas`: at least one in ten of
their attributions quotes words), and any verbs of speech it learned beyond the lexicon
(`cue_lemmas`). The weights ship with the package (`services/nlp/attribution.json`, a few KB)
and are read once per process.
"""

from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

from services.nlp.linear import LinearModel, load_linear_model
from services.quotes.attribution import Attribution
from services.quotes.cues import is_reporting_verb
from services.quotes.features import attribution_features, cue_lemma

MODEL_FILE = Path(__file__).resolve().parent.parent / "nlp" / "attribution.json"


@lru_cache(maxsize=1)
def default_attribution_model() -> LinearModel:
    """The model shipped with the package, loaded on first use and kept."""
    return load_linear_model(MODEL_FILE)


class AttributionJudge:
    """Proposes the model's cue verbs and judges the candidates the rules are unsure of."""

    def __init__(self, model: LinearModel, *, judge_lexicon: bool = False) -> None:
        self.model = model
        self.cues = frozenset(model.info.get("cue_lemmas", ()))
        self.speech = frozenset(model.info.get("speech_lemmas", ()))
        self.judge_lexicon = judge_lexicon

    def may_cue(self, token: Token) -> bool:
        """A verb outside the lexicon that the model learned to be a cue of speech."""
        return token.pos_ == "VERB" and cue_lemma(token) in self.cues

    def keeps(self, doc: Doc, item: Attribution) -> bool:
        verb = item.cue
        if verb is None or item.via == "according":
            return True
        if not self.judge_lexicon and not item.unsure and is_reporting_verb(verb):
            return True
        if item.unsure and cue_lemma(verb) not in self.speech:
            return False  # an evaluation or a thought ("welcomed the plan"), not speech
        return self.model.accepts(attribution_features(doc, item))
