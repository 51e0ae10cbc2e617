"""Hand-made enriched records: short, valid (spans index into `text`), and cheap to make.

For tests and the aggregate benchmark; nothing here runs the NLP pipeline.
"""

import random
import re
from collections.abc import Sequence

from shared.records import ArticleRecord, Entity, Quote, Span


def slug_id(name: str, type_: str) -> str:
    """An id in the style of the entities stage (`person:vladimir-putin`)."""
    return f"{type_.lower()}:" + re.sub(r"[^\w]+", "-", name.casefold()).strip("-")


def record(
    article_id: str,
    *,
    entities: Sequence[tuple[str, str, int]] = (),
    quotes: Sequence[tuple[str | None, str]] = (),
    source: str | None = None,
    published_at: str | None = None,
    version: str = "v1",
) -> ArticleRecord:
    """A record naming `entities` ((name, type, mentions)) and holding `quotes`
    ((speaker name or None, quote text)); a named speaker must be one of `entities`."""
    text, found = "", {}
    for name, type_, mentions in entities:
        spans = []
        for _ in range(mentions):
            spans.append(Span(start=len(text), end=len(text) + len(name), text=name))
            text += name + ". "
        found[name] = Entity(
            id=slug_id(name, type_), name=name, type=type_, aliases=[name], mentions=spans
        )
    quoted = []
    for speaker, said in quotes:
        start = len(text) + 1
        text += f'"{said}" '
        entity = found.get(speaker) if speaker else None
        quoted.append(
            Quote(
                text=said,
                start=start,
                end=start + len(said),
                kind="direct",
                speaker_name=speaker,
                speaker_entity_id=entity.id if entity else None,
            )
        )
    return ArticleRecord(
        id=article_id,
        title=f"Article {article_id}",
        text=text,
        source=source,
        published_at=published_at,
        version=version,
        entities=list(found.values()),
        quotes=quoted,
    )


_TYPES = ("PERSON", "PERSON", "PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC", "DATE")


def random_record(index: int, rng: random.Random, *, population: int = 2000) -> ArticleRecord:
    """A plausible news article: ~20 entities from `population` names (half from a heavy-tailed
    head, half uniform), four quotes by its people, one of 20 sources, one of 30 days."""
    head = {min(int(rng.paretovariate(1.1)) - 1, population - 1) for _ in range(10)}
    picks = head | {rng.randrange(population) for _ in range(12)}
    entities = [(f"Name{p}", _TYPES[p % len(_TYPES)], 1 + rng.randrange(4)) for p in picks]
    people = [name for name, type_, _ in entities if type_ == "PERSON"] or [entities[0][0]]
    quotes = [(rng.choice(people), f"statement {index}-{q} about things") for q in range(4)]
    return record(
        f"synthetic-{index}",
        entities=entities,
        quotes=quotes,
        source=f"source-{rng.randrange(20)}",
        published_at=f"2026-10-{1 + rng.randrange(30):02d}T12:00:00Z",
    )
