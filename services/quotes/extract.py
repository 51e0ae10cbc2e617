"""A parsed article and its entities -> attributed quotes (first version: reporting verbs)."""

from spacy.tokens import Doc

from shared.records import Entity, Quote, Span

_VERBS = {"say", "tell", "state", "add", "note", "urge", "warn", "stress", "mention", "criticize"}


def extract_quotes(doc: Doc, entities: list[Entity]) -> list[Quote]:
    by_start = {m.start: e for e in entities for m in e.mentions}
    quotes = []
    for token in doc:
        if token.lemma_ not in _VERBS:
            continue
        content = [c for c in token.children if c.dep_ in ("ccomp", "xcomp", "dobj")]
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        if not content or not subjects:
            continue
        clause = doc[content[0].left_edge.i : content[0].right_edge.i + 1]
        subject = subjects[0]
        speaker = doc[subject.left_edge.i : subject.i + 1]
        entity = next((by_start[t.idx] for t in speaker if t.idx in by_start), None)
        quotes.append(
            Quote(
                text=clause.text,
                start=clause.start_char,
                end=clause.end_char,
                kind="direct" if clause.text[:1] in "\"“" else "indirect",
                speaker_name=entity.name if entity else None,
                speaker_entity_id=entity.id if entity else None,
                speaker=Span(start=speaker.start_char, end=speaker.end_char, text=speaker.text),
                verb=Span(start=token.idx, end=token.idx + len(token), text=token.text),
            )
        )
    return quotes
