"""What the attribution model reads of a candidate: named binary features of its cue, its
speaker, its content and how the parse links them. The same function feeds training
(`scripts/train_attribution.py`) and the run time (`services.quotes.learned`), so the two
cannot drift apart."""

from spacy.tokens import Doc, Token

from services.quotes.attribution import Attribution
from services.quotes.cues import CLAUSE_VERBS, OBJECT_VERBS, PERSONAL_PRONOUNS

_MODALS = frozenset("will would could can may might should must shall".split())
_WH = frozenset("whether if how what why who when where which".split())
_SUBJECT_ENTITIES = {"PERSON": "person", "ORG": "org", "GPE": "place", "NORP": "group"}


def cue_lemma(token: Token) -> str:
    return token.lemma_.lower()


def attribution_features(doc: Doc, item: Attribution) -> list[str]:
    """Feature names of one candidate (each present feature has the value 1)."""
    verb = item.cue
    lemma = cue_lemma(verb) if verb is not None else "-"
    via = item.via
    words = [t for t in doc.char_span(item.start, item.end, alignment_mode="expand") or ()]
    first = next((t for t in words if not t.is_punct), None)
    n = sum(1 for t in words if not t.is_punct)
    features = [
        f"lemma={lemma}",
        f"via={via}",
        f"kind={item.kind}",
        f"lemma_via={lemma}|{via}",
        f"lemma_kind={lemma}|{item.kind}",
        f"subject={_subject_type(item.speaker)}",
        f"length={_bucket(n)}",
    ]
    if lemma in CLAUSE_VERBS or lemma in OBJECT_VERBS:
        features.append("lexicon")
    if item.unsure:
        features.append("unsure")
        features.append(f"unsure_lemma={lemma}")
    if item.speaker.pos_ == "NOUN":
        features.append(f"subject_lemma={item.speaker.lemma_.lower()}")
    if first is not None:
        if first.lower_ == "that":
            features.append("content=that")
        elif first.lower_ in _WH:
            features.append("content=wh")
        elif first.lower_ == "to":
            features.append("content=to")
    if verb is not None:
        features.append(f"tag={verb.tag_}")
        features.append(f"dep={verb.dep_}")
        if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children):
            features.append("modal")
        position = "after" if item.start >= verb.idx else "before"
        if item.start < verb.idx < item.end:
            position = "around"
        features.append(f"position={position}")
        if item.speaker.i > verb.i:
            features.append("speaker_after")
        if verb.sent[-1].text == "?" or (verb.sent[-2:].text.startswith("?")):
            features.append("question")
    return features


def _subject_type(token: Token) -> str:
    lower = token.lower_
    if lower in PERSONAL_PRONOUNS:
        kind = PERSONAL_PRONOUNS[lower]
        return {"male": "he_she", "female": "he_she"}.get(kind, kind)
    if lower == "you":
        return "you"
    if token.ent_type_ in _SUBJECT_ENTITIES:
        return _SUBJECT_ENTITIES[token.ent_type_]
    if token.pos_ == "PROPN":
        return "proper"
    if token.pos_ == "NOUN":
        return "noun_plural" if token.tag_ == "NNS" else "noun"
    return "other"


def _bucket(words: int) -> str:
    for limit in (3, 6, 12, 25, 50):
        if words <= limit:
            return f"<={limit}"
    return ">50"
