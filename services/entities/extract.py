"""A parsed article -> its canonical entities (first version: spaCy NER grouped by name)."""

import re

from spacy.tokens import Doc

from shared.records import Entity, Span

_KEPT = {"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "MONEY", "PERCENT", "DATE"}


def entity_id(name: str, type_: str) -> str:
    """Stable across articles: the same canonical name and type give the same id."""
    slug = re.sub(r"[^\w]+", "-", name.casefold()).strip("-")
    return f"{type_.lower()}:{slug}"


def extract_entities(doc: Doc) -> list[Entity]:
    groups: dict[tuple[str, str], list[Span]] = {}
    for ent in doc.ents:
        if ent.label_ not in _KEPT:
            continue
        span = Span(start=ent.start_char, end=ent.end_char, text=ent.text)
        groups.setdefault((ent.text, ent.label_), []).append(span)
    return [
        Entity(id=entity_id(name, type_), name=name, type=type_, aliases=[name], mentions=spans)
        for (name, type_), spans in groups.items()
    ]
