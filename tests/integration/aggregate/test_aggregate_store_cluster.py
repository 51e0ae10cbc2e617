"""The aggregate store on a real 3-primary Redis Cluster (the suite's `local_cluster`): every
script stays in one slot, shards land on every primary, answers equal the in-memory store's."""

import asyncio
import random

import pytest
from redis import Redis

from services.aggregate.store_memory import MemoryAggregateStore
from services.aggregate.store_redis import RedisAggregateStore
from services.aggregate.store_redis_client import delete_prefix
from services.aggregate.synthetic import random_record, record
from services.runtime.broker import make_redis

pytestmark = pytest.mark.redis


@pytest.fixture
def cluster_url(local_cluster):
    return local_cluster.url, local_cluster.primary_ports()


async def test_the_store_on_a_cluster_answers_like_memory_and_spreads_over_every_primary(
    cluster_url,
):
    url, ports = cluster_url

    async def run():
        client = make_redis(url, decode_responses=True)
        store = RedisAggregateStore(client, prefix="newsflow-test:cluster")
        memory = MemoryAggregateStore()
        rng = random.Random(11)
        records = [random_record(i, rng, population=60) for i in range(40)]
        corrected = [
            random_record(100 + i, rng, population=60).model_copy(
                update={"id": f"synthetic-{i}", "version": "v2"}
            )
            for i in range(5)
        ]
        try:
            for rec in records + records[:10] + corrected:  # redelivered, then corrected
                await asyncio.gather(store.apply(rec, now_ms=0), memory.apply(rec, now_ms=0))
            await store.apply(
                record("quoted", entities=[("Sergei Lavrov", "PERSON", 1)],
                       quotes=[("Sergei Lavrov", "We agree")]), now_ms=0)  # fmt: skip
            await memory.apply(
                record("quoted", entities=[("Sergei Lavrov", "PERSON", 1)],
                       quotes=[("Sergei Lavrov", "We agree")]), now_ms=0)  # fmt: skip
            top = await store.top_entities(limit=20)
            answers = [
                (top, await memory.top_entities(limit=20)),
                (await store.top_entities(type="ORG", source="source-3"),
                 await memory.top_entities(type="ORG", source="source-3")),
                (await store.top_speakers(limit=10), await memory.top_speakers(limit=10)),
                (await store.quotes(limit=7), await memory.quotes(limit=7)),
                (await store.quotes(speaker="sergei lavrov"),
                 await memory.quotes(speaker="sergei lavrov")),
                (await store.entity(top[0].id), await memory.entity(top[0].id)),
                (await store.sources(), await memory.sources()),
                (await store.totals(), await memory.totals()),
            ]  # fmt: skip
            again = await store.apply(records[3], now_ms=0)
        finally:
            await delete_prefix(client, "newsflow-test:cluster")
            await client.aclose()
        return answers, again

    answers, again = await run()

    for over_cluster, in_memory in answers:
        assert over_cluster == in_memory
    assert answers[-1][0].articles == 41 and not again.applied


async def test_every_primary_holds_shards(cluster_url):
    url, ports = cluster_url

    async def run():
        client = make_redis(url, decode_responses=True)
        store = RedisAggregateStore(client, prefix="newsflow-test:spread")
        try:
            await store.apply(record("a1", entities=[("Kremlin", "ORG", 1)]), now_ms=0)
            return [Redis(port=p).dbsize() for p in ports]
        finally:
            await delete_prefix(client, "newsflow-test:spread")
            await client.aclose()

    sizes = await run()

    assert all(size > 0 for size in sizes)  # every shard keeps a marker for every article
