import os
import uuid
from collections.abc import AsyncIterator, Callable

import pytest

from services.aggregate.store import AggregateStore
from services.aggregate.store_memory import MemoryAggregateStore
from services.aggregate.store_redis import RedisAggregateStore
from services.aggregate.store_redis_client import connect, delete_prefix

REDIS_URL = os.environ.get("NEWSFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

StoreFactory = Callable[..., AggregateStore]


@pytest.fixture
async def redis_prefix() -> AsyncIterator[tuple[object, str]]:
    """A live client and a key prefix of its own; every key under it is deleted afterwards."""
    client = connect(REDIS_URL)
    try:
        await client.ping()
    except Exception as error:  # noqa: BLE001
        await client.aclose()
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    prefix = f"newsflow-test:{uuid.uuid4().hex}"
    yield client, prefix
    await delete_prefix(client, prefix)
    await client.aclose()


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def make_store(request: pytest.FixtureRequest) -> StoreFactory:
    """Builds the store under test (memory or Redis) with the given limits."""
    if request.param == "memory":
        return MemoryAggregateStore
    client, prefix = request.getfixturevalue("redis_prefix")
    return lambda **limits: RedisAggregateStore(client, prefix=prefix, **limits)


@pytest.fixture
def store(make_store: StoreFactory) -> AggregateStore:
    return make_store()
