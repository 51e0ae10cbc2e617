"""The aggregate worker's wiring (`services.aggregate.app`) on the in-memory broker, with the
in-memory store."""

from redis.exceptions import ResponseError

from services.aggregate.app import create_app
from services.aggregate.store import StoreUnavailable
from services.aggregate.store_memory import MemoryAggregateStore
from shared.messages import AggregatesUpdated, ArticleEnriched
from shared.records import ArticleRecord, Entity, Span

TEXT = "Jane Okafor spoke in Ottawa."


def record(version: str = "v1") -> ArticleEnriched:
    entity = Entity(
        id="person:jane-okafor",
        name="Jane Okafor",
        type="PERSON",
        mentions=[Span(start=0, end=11, text="Jane Okafor")],
    )
    return ArticleEnriched(
        id="agg-1", text=TEXT, version=version, published_at="2026-11-02", entities=[entity]
    )


class DownStore(MemoryAggregateStore):
    """A store whose Redis does not answer."""

    async def apply(
        self, record: ArticleRecord, *, now_ms: int, published_ms: int | None = None
    ) -> AggregatesUpdated:
        raise StoreUnavailable("aggregate store timed out")


class FullStore(MemoryAggregateStore):
    """A store whose Redis refuses writes."""

    async def apply(
        self, record: ArticleRecord, *, now_ms: int, published_ms: int | None = None
    ) -> AggregatesUpdated:
        raise ResponseError("OOM command not allowed when used memory > 'maxmemory'")


async def test_an_article_is_counted_once_and_each_delivery_reported(wire, settings):
    store = MemoryAggregateStore()
    async with wire(create_app(settings, store=store), "aggregate") as sent:
        await sent.send(record(), published_ms=1000)
        await sent.send(record(), published_ms=1000)  # delivered again after a crash
    first, again = (AggregatesUpdated.model_validate(update) for update in sent.output)
    assert (first.article_id, first.applied, first.entity_ids) == (
        "agg-1",
        True,
        ["person:jane-okafor"],
    )
    assert first.published_ms == 1000
    assert again.applied is False
    (top,) = await store.top_entities()
    assert (top.id, top.articles) == ("person:jane-okafor", 1)


async def test_a_record_with_wrong_fields_is_dead_lettered_with_the_reason(wire, settings, count):
    dead = count("newsflow_messages_dead_lettered_total", stage="aggregate")
    store = MemoryAggregateStore()
    async with wire(create_app(settings, store=store), "aggregate") as sent:
        await sent.send({"id": "agg-2", "quotes": []})
    (letter,) = sent.dead
    assert letter["stage"] == "aggregate" and letter["stream"] == "articles.enriched"
    assert letter["reason"] == "invalid ArticleEnriched: text: Field required"
    assert sent.output == [] and (await store.totals()).articles == 0
    assert count("newsflow_messages_dead_lettered_total", stage="aggregate") == dead + 1


async def test_a_store_that_fails_is_counted_and_left_for_a_retry(wire, settings, count):
    failed = count("newsflow_messages_failed_total", stage="aggregate")
    async with wire(create_app(settings, store=FullStore()), "aggregate") as sent:
        await sent.send(record())
    assert sent.output == [] and sent.dead == []
    assert count("newsflow_messages_failed_total", stage="aggregate") == failed + 1

    last_try = settings.model_copy(update={"max_attempts": 1})
    async with wire(create_app(last_try, store=FullStore()), "aggregate") as sent:
        await sent.send(record())
    (letter,) = sent.dead
    assert letter["reason"].startswith("ResponseError: OOM command not allowed")


async def test_with_the_store_unreachable_the_record_waits_and_is_never_dead_lettered(
    wire, settings, count
):
    last_try = settings.model_copy(update={"max_attempts": 1})
    failed = count("newsflow_messages_failed_total", stage="aggregate")
    async with wire(create_app(last_try, store=DownStore()), "aggregate") as sent:
        await sent.send(record())
    assert sent.output == [] and sent.dead == []
    assert count("newsflow_messages_failed_total", stage="aggregate") == failed + 1
