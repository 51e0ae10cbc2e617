"""The aggregate stage and the query API: apply throughput on Redis and query latency at N
articles, as part of `newsflow bench`.

It writes synthetic records under a throw-away prefix and deletes them afterwards. Query latency
is measured in process (httpx's ASGI transport: routing, validation, Redis round trips, JSON),
without a network hop.
"""

import functools
import random
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from services.aggregate.store_redis import RedisAggregateStore, apply_many
from services.aggregate.store_redis_client import connect, delete_prefix
from services.aggregate.synthetic import random_record
from services.api.app import create_app
from services.api.history import WindowedStore
from services.bench.pipeline import used_memory
from services.bench.stats import percentile


def _percentiles(samples_ms: list[float]) -> tuple[float, float]:
    """(p50, p99) in ms, rounded to µs."""
    return round(percentile(samples_ms, 50), 3), round(percentile(samples_ms, 99), 3)


async def _timed(call: Callable[[], Awaitable[Any]], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


async def bench_aggregate(redis_url: str, n_articles: int, *, queries: int = 300) -> dict:
    """Applies `n_articles` synthetic records one at a time (as a worker does), re-delivers
    them all (no-ops), then times the top-N routes. Returns a flat dict of figures."""
    rng = random.Random(42)
    records = [
        random_record(i, rng, population=max(2000, n_articles // 2)) for i in range(n_articles)
    ]
    client = connect(redis_url)
    prefix = f"newsflow:bench:{uuid.uuid4().hex[:8]}"
    store = RedisAggregateStore(client, prefix=prefix)
    try:
        memory_before = await used_memory(client)
        apply_ms = []
        started = time.perf_counter()
        for i, article in enumerate(records):
            t0 = time.perf_counter()
            await store.apply(article, now_ms=i)
            apply_ms.append((time.perf_counter() - t0) * 1000)
        apply_s = time.perf_counter() - started
        memory_after = await used_memory(client)

        started, reapplied = time.perf_counter(), 0
        for i in range(0, n_articles, 100):
            batch = [(r, 0, None) for r in records[i : i + 100]]
            reapplied += sum(u.applied for u in await apply_many(store, batch))
        redeliver_s = time.perf_counter() - started

        windowed = WindowedStore(store, None, hot_days=None)
        app = create_app(windowed, redis_ping=store.ping, api_token=None)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
            routes = {
                "top": "/entities/top?limit=10",
                "top_person_source": "/entities/top?type=PERSON&source=source-3&limit=10",
                "top_7_days": "/entities/top?since=2026-10-01&until=2026-10-07&limit=10",
                "top_30_days": "/entities/top?since=2026-10-01&until=2026-10-30&limit=100",
            }
            latency = {}
            for name, path in routes.items():
                assert (await http.get(path)).status_code == 200
                samples = await _timed(functools.partial(http.get, path), queries)
                latency[name] = _percentiles(samples)
        apply_p50, apply_p99 = _percentiles(apply_ms)
        figures: dict[str, Any] = {
            "aggregate_articles": n_articles,
            "aggregate_apply_articles_per_s": round(n_articles / apply_s, 1),
            "aggregate_apply_p50_ms": apply_p50,
            "aggregate_apply_p99_ms": apply_p99,
            "aggregate_redelivered_noop_articles_per_s": round(n_articles / redeliver_s, 1),
            "aggregate_redelivered_counted_again": reapplied,
            "aggregate_redis_bytes_per_article": round((memory_after - memory_before) / n_articles),
        }
        for name, (p50, p99) in latency.items():
            figures[f"api_{name}_p50_ms"] = p50
            figures[f"api_{name}_p99_ms"] = p99
        return figures
    finally:
        await delete_prefix(client, prefix)
        await client.aclose()
