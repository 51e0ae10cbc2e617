"""articles.enriched's retention: entries past an age or a count go, but never one a consumer
group still needs."""

import os
import uuid

import pytest
import redis.asyncio as aioredis

from services.runtime.trim import Retention, trim_retained

pytestmark = pytest.mark.redis

REDIS_URL = os.environ.get("NEWSFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
async def stream():
    client = aioredis.from_url(REDIS_URL)
    try:
        await client.ping()
    except Exception as error:  # noqa: BLE001
        await client.aclose()
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    name = f"newsflow-test:{uuid.uuid4().hex}:enriched"
    yield client, name
    await client.delete(name)
    await client.aclose()


async def _fill(client, name, times_ms):
    ids = [await client.xadd(name, {"data": "{}"}, id=f"{t}-0") for t in times_ms]
    await client.xgroup_create(name, "readers", id="0")
    return [i.decode() for i in ids]


async def _read(client, name, count):
    await client.xreadgroup("readers", "c1", {name: ">"}, count=count)


async def test_entries_older_than_the_age_go_once_every_group_has_read_them(stream):
    client, name = stream
    await _fill(client, name, [1_000, 2_000, 3_000, 10**13])  # the last one is in the future
    await _read(client, name, 4)
    await client.xack(name, "readers", *[e[0] for e in await client.xrange(name)])

    dropped = await trim_retained(client, name, Retention(max_age_s=60))

    assert dropped == 3 and await client.xlen(name) == 1


async def test_a_lagging_group_keeps_what_it_has_not_read(stream):
    client, name = stream
    await _fill(client, name, [1_000, 2_000, 3_000, 4_000])
    await _read(client, name, 2)  # 3000 and 4000 not read yet
    await client.xack(name, "readers", *[e[0] for e in await client.xrange(name, count=2)])

    dropped = await trim_retained(client, name, Retention(max_age_s=60))

    assert dropped == 1 and await client.xlen(name) == 3


async def test_a_count_keeps_the_newest_entries(stream):
    client, name = stream
    await _fill(client, name, [1_000, 2_000, 3_000, 4_000, 5_000])
    await _read(client, name, 5)
    await client.xack(name, "readers", *[e[0] for e in await client.xrange(name)])

    dropped = await trim_retained(client, name, Retention(maxlen=2))

    assert dropped == 3
    assert [e[0].decode() for e in await client.xrange(name)] == ["4000-0", "5000-0"]


async def test_without_a_retention_nothing_goes(stream):
    client, name = stream
    await _fill(client, name, [1_000])
    await _read(client, name, 1)

    assert await trim_retained(client, name, Retention()) == 0
