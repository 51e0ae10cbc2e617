"""What only the Redis store can show: atomicity across clients, key hygiene, Redis down."""

import asyncio

import pytest

from services.aggregate.store import StoreUnavailable
from services.aggregate.store_redis import RedisAggregateStore
from services.aggregate.store_redis_client import connect
from services.aggregate.synthetic import record

pytestmark = pytest.mark.redis

PUTIN = ("Vladimir Putin", "PERSON", 2)


async def test_concurrent_deliveries_of_one_article_from_many_clients_count_once(redis_prefix):
    client, prefix = redis_prefix
    url = client.connection_pool.connection_kwargs
    clients = [connect(f"redis://{url['host']}:{url['port']}/{url.get('db', 0)}") for _ in range(4)]
    stores = [RedisAggregateStore(c, prefix=prefix) for c in clients]
    article = record("a1", entities=[PUTIN], quotes=[("Vladimir Putin", "x")])
    try:
        updates = await asyncio.gather(*(stores[i % 4].apply(article, now_ms=i) for i in range(40)))
    finally:
        for c in clients:
            await c.aclose()

    assert sum(u.applied for u in updates) == 1
    store = RedisAggregateStore(client, prefix=prefix)
    assert [(e.articles, e.mentions) for e in await store.top_entities()] == [(1, 2)]
    assert (await store.top_speakers())[0].quotes == 1


async def test_every_key_lives_under_the_prefix(redis_prefix):
    client, prefix = redis_prefix
    store = RedisAggregateStore(client, prefix=prefix)
    await store.apply(record("a1", entities=[PUTIN], quotes=[("Vladimir Putin", "x")]), now_ms=0)
    await store.top_entities(since=None, limit=5)

    keys = [k async for k in client.scan_iter(match="*" + prefix + "*")]

    assert keys and all(k.startswith("{" + prefix + ":") and "}:g0:" in k for k in keys)
    assert not [k for k in keys if ":tmp:" in k]


async def test_each_shard_keeps_its_keys_in_one_cluster_slot_and_shards_spread_over_slots(
    redis_prefix,
):
    from redis.crc import key_slot

    client, prefix = redis_prefix
    store = RedisAggregateStore(client, prefix=prefix)
    for i in range(20):
        await store.apply(
            record(f"a{i}", entities=[(f"Person {i}", "PERSON", 1)], quotes=[(f"Person {i}", "x")]),
            now_ms=0,
        )

    slots: dict[str, set[int]] = {}
    async for key in client.scan_iter(match="{" + prefix + "*"):
        slots.setdefault(key.split("}")[0], set()).add(key_slot(key.encode()))

    assert len(slots) == store.shards and all(len(s) == 1 for s in slots.values())
    ranges = sorted(next(iter(s)) * store.shards // 16384 for s in slots.values())
    assert ranges == list(range(store.shards))


async def test_day_keys_and_markers_expire_with_the_hot_window_and_old_articles_leave_nothing(
    redis_prefix,
):
    from datetime import UTC, datetime, timedelta

    client, prefix = redis_prefix
    store = RedisAggregateStore(client, prefix=prefix, hot_days=7)
    today = datetime.now(tz=UTC).date()
    old = record("old", entities=[PUTIN], published_at=(today - timedelta(days=30)).isoformat())
    await store.apply(old, now_ms=0)
    assert [k async for k in client.scan_iter(match="*" + prefix + "*")] == []

    await store.apply(record("new", entities=[PUTIN], published_at=today.isoformat()), now_ms=0)

    end = datetime(today.year, today.month, today.day, tzinfo=UTC) + timedelta(days=7)
    ttls = {k: await client.ttl(k) async for k in client.scan_iter(match="*" + prefix + "*")}
    lasting = {k: t for k, t in ttls.items() if not k.endswith(":days")}
    assert lasting and all(
        0 < t <= end.timestamp() - datetime.now(tz=UTC).timestamp() + 1 for t in lasting.values()
    )


async def test_a_store_pinned_to_a_generation_is_invisible_until_the_pointer_names_it(
    redis_prefix,
):
    client, prefix = redis_prefix
    building = RedisAggregateStore(client, prefix=prefix, generation="g7")
    live = RedisAggregateStore(client, prefix=prefix)
    await building.apply(record("a1", entities=[PUTIN]), now_ms=0)

    before = await live.top_entities()
    for k in range(live.shards):
        await client.set(live.pointer(k), "g7")

    assert before == [] and [e.id for e in await live.top_entities()] == ["person:vladimir-putin"]


async def test_an_unreachable_redis_is_reported_as_unavailable_not_crashed():
    store = RedisAggregateStore(connect("redis://127.0.0.1:1/0"), prefix="newsflow-test:down")

    assert await store.ping() is False
    with pytest.raises(StoreUnavailable):
        await store.top_entities()
    with pytest.raises(StoreUnavailable):
        await store.apply(record("a1", entities=[PUTIN]), now_ms=0)
    await store.redis.aclose()


def test_a_client_returning_bytes_is_refused():
    import redis.asyncio as aioredis

    with pytest.raises(ValueError, match="decode_responses"):
        RedisAggregateStore(aioredis.Redis(), prefix="x")
