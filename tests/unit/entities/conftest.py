from collections.abc import Callable

import pytest
from spacy.language import Language

from services.entities.aliases import AliasTable
from shared.records import Entity


@pytest.fixture
def entities_in(nlp: Language) -> Callable[..., list[Entity]]:
    """Text (and optionally an alias table) -> the extracted entities."""
    from services.entities.extract import extract_entities

    def run(text: str, aliases: AliasTable | None = None) -> list[Entity]:
        return extract_entities(nlp(text), aliases=aliases)

    return run


def named(entities: list[Entity], type_: str) -> dict[str, Entity]:
    """The entities of one type by canonical name."""
    return {e.name: e for e in entities if e.type == type_}
