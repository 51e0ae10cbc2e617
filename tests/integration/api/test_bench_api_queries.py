"""`newsflow bench --api-only`'s measurement, small: every timed route answers (200) with
results, every figure is there, and nothing is left in Redis."""

import os
import uuid

import pytest

from services.aggregate.store_redis_client import connect
from services.bench.api_queries import ROUTES, bench_api_queries

REDIS_URL = os.environ.get("NEWSFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

pytestmark = pytest.mark.redis


async def test_the_api_query_bench_times_every_route_and_cleans_up():
    client = connect(REDIS_URL)
    try:
        await client.ping()
    except Exception as error:  # noqa: BLE001
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")

    prefix = f"newsflow-test:bench-api:{uuid.uuid4().hex}"

    figures = await bench_api_queries(REDIS_URL, 150, queries=2, prefix=prefix)

    try:
        for name in ROUTES:
            assert figures[f"api_{name}_p99_ms"] >= figures[f"api_{name}_p50_ms"] > 0
            assert figures[f"api_{name}_cpu_ms"] > 0
        assert figures["api_browse_articles"] == 150
        assert figures["api_articles_results"] == 20 and figures["api_search_results"] > 0
        assert [k async for k in client.scan_iter(match=f"*{prefix}*")] == []
    finally:
        await client.aclose()
