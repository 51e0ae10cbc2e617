"""`newsflow tail --group`'s reader against a real Redis: what it prints and acks, what a
stopped or crashed reader leaves for the next run."""

import os
import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from services.cli.tail_group import GroupReader, read_group

REDIS_URL = os.environ.get("NEWSFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

pytestmark = pytest.mark.redis


@pytest.fixture
async def redis() -> AsyncIterator[Redis]:
    client = Redis.from_url(REDIS_URL)
    try:
        await client.ping()  # type: ignore[misc]
    except Exception as error:  # noqa: BLE001
        await client.aclose()
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    yield client
    await client.aclose()


@pytest.fixture
async def stream(redis: Redis) -> AsyncIterator[str]:
    name = f"newsflow-test:tail:{uuid.uuid4().hex}"
    yield name
    await redis.delete(name)


async def fill(redis: Redis, stream: str, *ids: str) -> None:
    for article in ids:
        await redis.xadd(stream, {"data": f'{{"id": "{article}"}}', "schema": "1"})


async def run(redis: Redis, reader: GroupReader, **options: object) -> list[str]:
    shown: list[str] = []

    def show(_entry: bytes, fields: dict[bytes, bytes]) -> None:
        shown.append(fields[b"data"].decode().split('"')[3])

    await read_group(redis, reader, show, lambda: None, follow=False, **options)  # type: ignore[arg-type]
    return shown


async def test_a_second_run_prints_only_what_arrived_since_the_first(redis, stream):
    await fill(redis, stream, "a", "b")
    reader = GroupReader(stream, "audit", "me", from_start=True)
    assert await run(redis, reader) == ["a", "b"]
    await fill(redis, stream, "c")
    assert await run(redis, reader) == ["c"]
    assert (await redis.xpending(stream, "audit"))["pending"] == 0


async def test_a_new_group_without_from_start_begins_at_the_end(redis, stream):
    await fill(redis, stream, "old")
    reader = GroupReader(stream, "late", "me")
    assert await run(redis, reader) == []
    await fill(redis, stream, "new")
    assert await run(redis, reader) == ["new"]


async def test_a_count_leaves_the_rest_for_the_next_run(redis, stream):
    await fill(redis, stream, "a", "b", "c")
    reader = GroupReader(stream, "g", "me", from_start=True)
    assert await run(redis, reader, count=2) == ["a", "b"]
    assert await run(redis, reader) == ["c"]


async def test_entries_a_crashed_run_had_not_acked_are_printed_again(redis, stream):
    await fill(redis, stream, "a", "b")
    reader = GroupReader(stream, "g", "me", from_start=True)
    await reader.join(redis)
    await redis.xreadgroup("g", "me", {stream: ">"}, count=10)  # read, then "crashed"
    await fill(redis, stream, "c")
    assert await run(redis, reader) == ["a", "b", "c"]


async def test_a_dead_peers_entries_are_taken_over_once_idle(redis, stream):
    await fill(redis, stream, "a", "b")
    await GroupReader(stream, "g", "peer", from_start=True).join(redis)
    await redis.xreadgroup("g", "peer", {stream: ">"}, count=1)  # the peer died holding "a"
    reader = GroupReader(stream, "g", "me", claim_idle_ms=0)
    assert sorted(await run(redis, reader)) == ["a", "b"]
    assert (await redis.xpending(stream, "g"))["pending"] == 0
