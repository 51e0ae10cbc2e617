from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from shared.records import Entity, Span


def entities_of(doc: Doc) -> list[Entity]:
    """A stand-in for the entities stage: spaCy's entities grouped by text and label."""
    groups: dict[tuple[str, str], list[Span]] = {}
    for ent in doc.ents:
        span = Span(start=ent.start_char, end=ent.end_char, text=ent.text)
        groups.setdefault((ent.text, ent.label_), []).append(span)
    return [
        Entity(id=f"{label.lower()}:{name.lower()}", name=name, type=label, mentions=spans)
        for (name, label), spans in groups.items()
    ]


@pytest.fixture
def entities_for() -> Callable[[Doc], list[Entity]]:
    return entities_of


@pytest.fixture
def quotes_of(nlp: Language) -> Callable[..., list]:
    """Text (and optionally entities) -> the extracted quotes."""
    from services.quotes.extract import extract_quotes

    def run(text: str, entities: list[Entity] | None = None) -> list:
        doc = nlp(text)
        return extract_quotes(doc, entities_of(doc) if entities is None else entities)

    return run


@pytest.fixture
def speakers_of(nlp: Language) -> Callable[[str], dict[str, str | None]]:
    """Text -> {quote text: speaker name}, with the real entities stage before the quotes."""
    from services.entities.extract import extract_entities
    from services.quotes.extract import extract_quotes

    def run(text: str) -> dict[str, str | None]:
        doc = nlp(text)
        return {q.text: q.speaker_name for q in extract_quotes(doc, extract_entities(doc))}

    return run
