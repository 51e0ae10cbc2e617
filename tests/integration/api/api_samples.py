"""Sample records for the API tests (imported by name: `api_samples`)."""

import asyncio

from services.aggregate.store_memory import MemoryAggregateStore
from services.aggregate.synthetic import record
from shared.records import ArticleRecord

LAVROV, PUTIN, KREMLIN = (
    ("Sergei Lavrov", "PERSON", 3),
    ("Vladimir Putin", "PERSON", 2),
    ("Kremlin", "ORG", 1),
)


def sample_articles() -> list[ArticleRecord]:
    """Three small articles over two days and two sources."""
    return [
        record(
            "a1",
            entities=[LAVROV, KREMLIN, ("Monday", "DATE", 1)],
            quotes=[("Sergei Lavrov", "We agreed"), ("Sergei Lavrov", "It is done")],
            source="tass",
            published_at="2026-01-01T09:00:00Z",
        ),
        record(
            "a2",
            entities=[PUTIN, KREMLIN],
            quotes=[("Vladimir Putin", "Security first")],
            source="bbc",
            published_at="2026-01-02T09:00:00Z",
        ),
        record(
            "a3",
            entities=[LAVROV, PUTIN],
            quotes=[("Sergei Lavrov", "No comment")],
            source="bbc",
            published_at="2026-01-02T18:00:00Z",
        ),
    ]


def filled_memory_store() -> MemoryAggregateStore:
    store = MemoryAggregateStore()

    async def fill() -> None:
        for article in sample_articles():
            await store.apply(article, now_ms=0)

    asyncio.run(fill())
    return store
