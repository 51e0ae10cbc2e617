"""The query API over the Redis store answers like it does over the in-memory one."""

import asyncio
import os
import uuid

import pytest
from api_samples import filled_memory_store, sample_articles
from fastapi.testclient import TestClient

from services.aggregate.store_redis import RedisAggregateStore
from services.aggregate.store_redis_client import connect, delete_prefix
from services.api.app import create_app
from services.api.history import WindowedStore
from services.archive.archiver import Archiver, Delivered
from services.archive.files import Location
from services.archive.query import ArchiveQuery

pytestmark = pytest.mark.redis

REDIS_URL = os.environ.get("NEWSFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
PATHS = [
    "/entities/top",
    "/entities/top?type=PERSON&since=2026-01-02&source=bbc",
    "/entities/person:sergei-lavrov",
    "/speakers/top",
    "/quotes?speaker=Sergei%20Lavrov&limit=2",
    "/articles/a1",
    "/sources",
    "/stats",
]


@pytest.fixture
def redis_prefix():
    prefix = f"newsflow-test:{uuid.uuid4().hex}"

    async def fill() -> None:
        client = connect(REDIS_URL)
        try:
            await client.ping()
        except Exception as error:  # noqa: BLE001
            pytest.skip(f"no Redis at {REDIS_URL}: {error}")
        store = RedisAggregateStore(client, prefix=prefix)
        for article in sample_articles():
            await store.apply(article, now_ms=0)
        await client.aclose()

    asyncio.run(fill())
    yield prefix

    async def clean() -> None:
        client = connect(REDIS_URL)
        await delete_prefix(client, prefix)
        await client.aclose()

    asyncio.run(clean())


async def _redis_answers() -> bool:
    client = connect(REDIS_URL)
    try:
        return bool(await client.ping())
    except Exception:  # noqa: BLE001
        return False
    finally:
        await client.aclose()


def _answers(store, ping):
    with TestClient(create_app(store, redis_ping=ping, api_token=None)) as client:
        answers = {path: (client.get(path).status_code, client.get(path).json()) for path in PATHS}
        health = client.get("/health").status_code
        hot = getattr(store, "hot", store)
        if isinstance(hot, RedisAggregateStore):
            client.portal.call(hot.redis.aclose)
    return answers, health


def test_every_route_answers_the_same_over_redis_and_the_archive_as_in_memory(
    redis_prefix, tmp_path
):
    archiver = Archiver(Location.of(str(tmp_path)), "w1")
    archiver.write([Delivered(article, 0, 1) for article in sample_articles()])
    hot = RedisAggregateStore(connect(REDIS_URL), prefix=redis_prefix)
    store = WindowedStore(hot, ArchiveQuery(str(tmp_path)), hot_days=None)
    over_redis, health = _answers(store, hot.ping)
    in_memory, _ = _answers(filled_memory_store(), hot.ping)

    assert health == 200
    assert over_redis == in_memory
    assert all(status == 200 for status, _ in over_redis.values())


def test_every_route_answers_the_same_over_an_empty_redis_as_in_empty_memory():
    from services.aggregate.store_memory import MemoryAggregateStore

    if not asyncio.run(_redis_answers()):
        pytest.skip(f"no Redis at {REDIS_URL}")
    hot = RedisAggregateStore(connect(REDIS_URL), prefix=f"newsflow-test:{uuid.uuid4().hex}")
    over_redis, _ = _answers(WindowedStore(hot, None, hot_days=None), hot.ping)
    in_memory, _ = _answers(MemoryAggregateStore(), hot.ping)

    assert over_redis == in_memory


def test_queries_are_503_and_health_is_503_when_redis_is_down():
    store = RedisAggregateStore(connect("redis://127.0.0.1:1/0"), prefix="newsflow-test:down")
    with TestClient(create_app(store, redis_ping=store.ping, api_token=None)) as client:
        top = client.get("/entities/top")
        health = client.get("/health")
        client.portal.call(store.redis.aclose)

    assert (top.status_code, health.status_code) == (503, 503)
    assert "Redis" in top.json()["error"]["message"]
