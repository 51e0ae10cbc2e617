"""The browsing routes at N articles: `/search`, a filtered `/quotes` and `/articles`, as part
of `newsflow bench` (and alone: `newsflow bench --api-only`).

N synthetic records (`services.aggregate.synthetic.random_record`: ~20 entities, 4 quotes,
one of 20 sources, one of 30 days) are applied to Redis under a throw-away prefix (deleted
afterwards) and written to an archive in a temporary folder the way the archive worker does
(batches of 500), then compacted (one file per day and table, what `newsflow compact` leaves).
The API runs in process over both, as `newsflow api` builds it (httpx's ASGI transport:
routing, validation, DuckDB or Redis, JSON; no network hop), with its in-memory snapshot of
the archive (`services.archive.snapshot`), loaded before the routes are timed.
"""

import asyncio
import functools
import random
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import httpx

from services.aggregate.store_redis import RedisAggregateStore, apply_many
from services.aggregate.store_redis_client import connect, delete_prefix
from services.aggregate.synthetic import random_record
from services.api.app import create_app
from services.api.history import WindowedStore
from services.archive.archiver import Archiver, Delivered
from services.archive.compact import compact
from services.archive.files import Location
from services.archive.query import ArchiveQuery
from services.archive.snapshot import Snapshot
from services.bench.stats import percentile

#: what is timed: name -> path (the names end up in the figures: api_<name>_p50_ms, ...)
ROUTES = {
    "search": "/search?q=name12&limit=10",
    "search_quote_words": "/search?q=statement%20about&limit=10",
    "quotes_speaker_source": "/quotes?speaker=Name0&source=source-3&limit=20",
    "quotes_words": "/quotes?q=things&since=2026-10-05&until=2026-10-20&limit=20",
    "articles": "/articles?limit=20",
    "articles_source": "/articles?source=source-3&limit=20",
    "articles_entity": "/articles?entity=person:name0&limit=20",
}
BATCH = 500


async def _timed(call: Callable[[], Awaitable[Any]], repeat: int) -> tuple[list[float], float]:
    """Wall-clock ms of each call, and the process's CPU ms per call (DuckDB's threads
    included): the CPU figure holds on a busy machine, where the wall clock waits for cores."""
    samples = []
    cpu = time.process_time()
    for _ in range(repeat):
        started = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - started) * 1000)
    return samples, (time.process_time() - cpu) * 1000 / repeat


def _write_archive(folder: Path, records: list[Any]) -> int:
    """Writes and compacts the archive; returns the files left."""
    location = Location.of(str(folder))
    archiver = Archiver(location, "bench")
    for i in range(0, len(records), BATCH):
        archiver.write([Delivered(r, i, i + k) for k, r in enumerate(records[i : i + BATCH])])
    query = ArchiveQuery(location)
    try:
        compact(query)
    finally:
        query.close()
    return sum(1 for _ in folder.rglob("*.parquet"))


async def bench_api_queries(
    redis_url: str, n_articles: int, *, queries: int = 200, prefix: str | None = None
) -> dict:
    """Applies `n_articles` synthetic records to Redis (under `prefix`, by default a fresh
    one; deleted afterwards) and to an archive, then times the routes of `ROUTES`. Returns a
    flat dict of figures (ms)."""
    rng = random.Random(7)
    records = [
        random_record(i, rng, population=max(2000, n_articles // 2)) for i in range(n_articles)
    ]
    client = connect(redis_url)
    prefix = prefix or f"newsflow:bench-api:{uuid.uuid4().hex[:8]}"
    hot = RedisAggregateStore(client, prefix=prefix)
    try:
        with tempfile.TemporaryDirectory(prefix="newsflow-bench-archive-") as folder:
            for i in range(0, n_articles, 100):
                await apply_many(hot, [(r, 0, None) for r in records[i : i + 100]])
            files = await asyncio.to_thread(_write_archive, Path(folder), records)
            archive = ArchiveQuery(folder)
            snapshot = Snapshot(archive.location)
            store = WindowedStore(hot, archive, hot_days=None, snapshot=snapshot)
            app = create_app(store, redis_ping=hot.ping, api_token=None)
            figures: dict[str, Any] = {
                "api_browse_articles": n_articles,
                "api_archive_files": files,
            }
            started = time.perf_counter()
            await asyncio.to_thread(snapshot.refresh)  # what the first request would wait for
            figures["api_snapshot_load_ms"] = round((time.perf_counter() - started) * 1000, 1)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://bench") as http:
                for name, path in ROUTES.items():
                    first = await http.get(path)
                    if first.status_code != 200:
                        raise RuntimeError(f"{path}: {first.status_code} {first.text[:200]}")
                    samples, cpu_ms = await _timed(functools.partial(http.get, path), queries)
                    figures[f"api_{name}_cpu_ms"] = round(cpu_ms, 3)
                    figures[f"api_{name}_p50_ms"] = round(percentile(samples, 50), 3)
                    figures[f"api_{name}_p99_ms"] = round(percentile(samples, 99), 3)
                    figures[f"api_{name}_results"] = len(_items(first.json()))
            figures["api_snapshot_mb"] = round(snapshot.memory_bytes() / 2**20, 1)
            snapshot.close()
            archive.close()
        return figures
    finally:
        await delete_prefix(client, prefix)
        await client.aclose()


def _items(body: Any) -> list[Any]:
    if isinstance(body, dict):
        return [item for value in body.values() for item in value]
    return list(body)
