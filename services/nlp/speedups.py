"""Two of the model's rule-based steps, made cheaper with exactly the same output.

**The attribute ruler.** The small English model's `attribute_ruler` sets POS, morphology and
some lemmas with ~180 Matcher rules. spaCy's Matcher tries every rule at every token, and
evaluates set and regex predicates (`{"LOWER": {"IN": [...]}}`) in Python each time: ~40 µs
per token, about 15 % of the whole parse of a news article. Almost every rule is one token
long, and whether a one-token rule matches a token depends only on the few attributes the
rules look at (its tag, its dependency label, whether it is a space, and its lowercase form
when some rule names that form). So `FastMatch` asks the Matcher once per distinct combination
of those attributes and remembers the answer; the few longer rules run through a Matcher of
their own. The matches are the same tuples `AttributeRuler.match` returns, in the same order,
so later rules still win. A model whose rules look at anything else keeps its ruler as it is.

**The lemmatizer.** spaCy's rule lemmatizer caches its answer per (form, POS, morphology),
except for the most common answer, "already a base form" (about two tokens in three), which
it works out again every time. `remember_base_forms` caches that answer under the same key.

`tests/unit/nlp/test_speedups.py` checks the annotations are identical token for token.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.matcher import Matcher
    from spacy.pipeline import AttributeRuler, Lemmatizer
    from spacy.tokens import Doc, Token

Match = tuple[int, int, int, int]  # (rule index, match id, start, end), as AttributeRuler's

#: the token attributes a one-token rule may look at for its answer to be remembered
_KEY_ATTRS = ("TAG", "DEP", "IS_SPACE")
_PREDICATES = {"IN", "NOT_IN", "REGEX"}


class Unsupported(ValueError):
    """A rule looks at something `FastMatch` cannot key on: the ruler is kept as it is."""


def _lower_forms(value: Any) -> tuple[set[str], list[re.Pattern[str]]]:
    """The lowercase forms and regexes one `LOWER` value names."""
    if isinstance(value, str):
        return {value}, []
    if isinstance(value, dict) and set(value) <= _PREDICATES:
        forms = set(value.get("IN", ())) | set(value.get("NOT_IN", ()))
        regexes = [re.compile(value["REGEX"])] if "REGEX" in value else []
        return forms, regexes
    raise Unsupported(f"LOWER {value!r}")


class FastMatch:
    """A drop-in for `AttributeRuler.match` (see the module docstring)."""

    def __init__(self, ruler: AttributeRuler) -> None:
        from spacy.matcher import Matcher

        self.vocab = ruler.vocab
        self.single: Matcher = Matcher(ruler.vocab, validate=False)
        self.longer: Matcher = Matcher(ruler.vocab, validate=False)
        self.forms: set[str] = set()
        self.regexes: list[re.Pattern[str]] = []
        attrs: set[str] = set()
        rules: list[dict[str, Any]] = list(ruler.patterns)
        for index, rule in enumerate(rules):
            singles = [p for p in rule["patterns"] if len(p) == 1]
            longer = [p for p in rule["patterns"] if len(p) != 1]
            for (token,) in singles:
                for attr, value in token.items():
                    name = str(attr).upper()
                    if name == "LOWER":
                        forms, regexes = _lower_forms(value)
                        self.forms |= forms
                        self.regexes += regexes
                    elif name in _KEY_ATTRS and (
                        not isinstance(value, dict) or set(value) <= _PREDICATES
                    ):
                        attrs.add(name)
                    else:
                        raise Unsupported(f"{attr} {value!r}")
            if singles:
                self.single.add(str(index), singles)
            if longer:
                self.longer.add(str(index), longer)
        self.key_attrs = ["LOWER", *sorted(attrs)]
        self.cache: dict[tuple[int, ...], list[int]] = {}
        self.named: dict[int, int] = {}

    def _lower_key(self, lower: int) -> int:
        """`lower` (a string's hash) when some rule could tell it apart, else 0."""
        try:
            return self.named[lower]
        except KeyError:
            text = self.vocab.strings[lower]
            relevant = text in self.forms or any(r.search(text) for r in self.regexes)
            self.named[lower] = lower if relevant else 0
            return self.named[lower]

    def __call__(self, doc: Doc) -> list[Match]:
        strings = self.vocab.strings
        found: list[tuple[int, int, int]] = []  # (match id, start, end)
        array = doc.to_array(self.key_attrs)  # type: ignore[arg-type]
        rows: list[list[int]] = array.reshape(len(doc), len(self.key_attrs)).tolist()  # type: ignore[assignment]
        for i, (lower, *rest) in enumerate(rows):
            key = (self._lower_key(lower), *rest)
            ids = self.cache.get(key)
            if ids is None:
                matched = self.single(doc[i : i + 1], allow_missing=True, as_spans=False)
                ids = self.cache[key] = sorted({match_id for match_id, _, _ in matched})
            found.extend((match_id, i, i + 1) for match_id in ids)
        if len(self.longer):
            found.extend(self.longer(doc, allow_missing=True, as_spans=False))
        matches = [(int(strings[m_id]), m_id, s, e) for m_id, s, e in found]
        matches.sort()
        return matches


#: the lemma cache starts again when it holds this many forms (a bound for years-long workers)
LEMMA_CACHE_MAX = 500_000


def remember_base_forms(nlp: Language) -> bool:
    """Cache every answer of `nlp`'s rule lemmatizer; False when it has none."""
    if "lemmatizer" not in nlp.pipe_names:
        return False
    lemmatizer = cast("Lemmatizer", nlp.get_pipe("lemmatizer"))
    if lemmatizer.mode != "rule":
        return False
    work_out = lemmatizer.lemmatize  # the bound `rule_lemmatize`, chosen when it was made
    cache: dict[tuple[int, int, int], list[str]] = {}

    def rule_lemmatize(token: Token) -> list[str]:
        key = (token.orth, token.pos, token.morph.key)  # type: ignore[attr-defined]
        try:
            return cache[key]
        except KeyError:
            lemmas = work_out(token)
            if token.pos:  # without a POS spaCy warns each time: let it
                if len(cache) >= LEMMA_CACHE_MAX:
                    cache.clear()
                cache[key] = lemmas
            return lemmas

    lemmatizer.lemmatize = rule_lemmatize
    return True


def speed_up(nlp: Language) -> None:
    """Both speed-ups, wherever `nlp` allows them."""
    speed_up_attribute_ruler(nlp)
    remember_base_forms(nlp)


def speed_up_attribute_ruler(nlp: Language) -> bool:
    """Give `nlp`'s attribute ruler `FastMatch`; False when it has none or keeps its own."""
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = cast("AttributeRuler", nlp.get_pipe("attribute_ruler"))
    try:
        ruler.match = FastMatch(ruler)  # type: ignore[method-assign]
    except Unsupported:
        return False
    return True
