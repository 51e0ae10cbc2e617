"""(c) The full pipeline: separate worker processes against a Redis, publish -> every article
enriched and aggregated. Throughput, CPU per article, peak RSS per worker, Redis memory per
article in flight, and end-to-end latency at a fixed publish rate.

Times come from Redis itself: an entry id is the ms the entry was added, and each entry
downstream carries the ms its article entered `articles.raw` (`PUBLISHED_MS_HEADER`)."""

import asyncio
import time
from pathlib import Path
from typing import Any

from redis.asyncio import Redis

from services.bench.figures import Throughput
from services.bench.workers import Workers
from services.ingest.publish import publish
from services.ingest.sources import Payload
from services.runtime.broker import make_broker, on_each_primary
from services.runtime.envelope import entry_body, json_payload
from services.runtime.groups import ensure_stage_groups
from services.runtime.lag import drained
from services.runtime.trim import trim_consumed
from shared.messages import PUBLISHED_MS_HEADER
from shared.streams import AGGREGATES, ENRICHED, ENTITIES, INGESTED, RAW, dlq

POLL_S = 0.1
READY_TIMEOUT_S = 300.0


class Stuck(RuntimeError):
    """The pipeline did not drain (or the workers did not start) in time."""


def payloads_of(items: list[dict[str, Any]]) -> list[Payload]:
    return [Payload(item["id"], item) for item in items]


async def redis_cpu_seconds(redis: Redis) -> float:
    """CPU seconds Redis has used (on a cluster: every primary's, summed)."""
    infos = await on_each_primary(redis, "info", "cpu")
    return sum(float(info["used_cpu_user"]) + float(info["used_cpu_sys"]) for info in infos)


async def used_memory(redis: Redis) -> int:
    return sum(int(info["used_memory"]) for info in await on_each_primary(redis, "info", "memory"))


async def fresh(redis: Redis) -> None:
    """An empty Redis with every stage's group (entries published now are read later)."""
    await redis.flushall()
    await ensure_stage_groups(redis)


async def memory_in_flight(redis: Redis, url: str, items: list[dict[str, Any]]) -> int:
    """Bytes Redis holds per article waiting in `articles.raw` (no worker running)."""
    await fresh(redis)
    before = await used_memory(redis)
    await publish(url, payloads_of(items))
    grown = await used_memory(redis) - before
    await redis.flushall()
    return round(grown / len(items))


async def start_workers(redis: Redis, url: str, count: int, folder: Path) -> Workers:
    """1 ingest, `count` entities and quotes, 1 aggregate: started and reading."""
    counts = {"ingest": 1, "entities": count, "quotes": count, "aggregate": 1}
    workers = Workers(url, counts, folder)
    deadline = time.monotonic() + READY_TIMEOUT_S
    while not await workers.ready(redis):
        if time.monotonic() > deadline:
            workers.stop()
            raise Stuck(f"workers not reading after {READY_TIMEOUT_S:g}s (logs in {folder})")
        await asyncio.sleep(POLL_S)
    return workers


async def wait_drained(redis: Redis, workers: Workers, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    running = tuple(dict.fromkeys(w.stage for w in workers.workers))  # the stages benched
    while not await drained(redis, running):
        workers.check_alive()
        if time.monotonic() > deadline:
            raise Stuck(f"pipeline not drained after {timeout_s:g}s")
        await asyncio.sleep(POLL_S)


async def _last_ms(redis: Redis, stream: str) -> int:
    last = await redis.xrevrange(stream, count=1)
    return int(last[0][0].decode().split("-")[0]) if last else 0


async def throughput(
    redis: Redis, url: str, workers: Workers, count: int, items: list[dict[str, Any]]
) -> Throughput:
    """Publish `items` at once to running `workers`, wait until drained; counts are of this
    run's entries (the output streams keep earlier runs')."""
    cpu, redis_cpu = workers.cpu_seconds_by_stage(), await redis_cpu_seconds(redis)
    memory = await used_memory(redis)
    before = await _counts(redis)
    started_ms = time.time() * 1000
    await publish(url, payloads_of(items))
    await wait_drained(redis, workers, timeout_s=120 + 10 * len(items))
    redis_cpu = await redis_cpu_seconds(redis) - redis_cpu
    by_stage = {stage: used - cpu[stage] for stage, used in workers.cpu_seconds_by_stage().items()}
    for stream in (RAW, INGESTED, ENTITIES):  # as the workers do every 10 s (`trim_consumed`)
        await trim_consumed(redis, stream)
    enriched, aggregated, dead_lettered = (
        after - earlier for after, earlier in zip(await _counts(redis), before, strict=True)
    )
    return Throughput(
        workers=count,
        published=len(items),
        enriched=enriched,
        aggregated=aggregated,
        dead_lettered=dead_lettered,
        wall_s=(await _last_ms(redis, AGGREGATES) - started_ms) / 1000,
        cpu_s=sum(by_stage.values()) + redis_cpu,
        redis_cpu_s=redis_cpu,
        cpu_s_by_stage=by_stage,
        redis_grown_bytes=await used_memory(redis) - memory,
        enriched_bytes=int(await redis.memory_usage(ENRICHED, samples=0) or 0),
    )


async def _counts(redis: Redis) -> tuple[int, int, int]:
    """Entries in `articles.enriched`, `aggregates.updates` and the dead-letter streams."""
    dead = [await redis.xlen(dlq(stream)) for stream in (RAW, INGESTED, ENTITIES)]
    return await redis.xlen(ENRICHED), await redis.xlen(AGGREGATES), sum(dead)


async def latencies(
    redis: Redis, url: str, workers: Workers, items: list[dict[str, Any]], rate: float
) -> tuple[dict[str, int], dict[str, int]]:
    """Publish `items` at `rate` articles/s; each article's (enriched, aggregated) latency in
    ms, by article id."""
    since = {
        s: (await redis.xrevrange(s, count=1) or [(b"0-0", {})])[0][0]
        for s in (ENRICHED, AGGREGATES)
    }
    async with make_broker(url) as broker:
        started = time.monotonic()
        for n, item in enumerate(items):
            delay = started + n / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            await broker.publish(item, stream=RAW)
    await wait_drained(redis, workers, timeout_s=120 + 10 * len(items))
    return (
        await _latencies_after(redis, ENRICHED, since[ENRICHED], "id"),
        await _latencies_after(redis, AGGREGATES, since[AGGREGATES], "article_id"),
    )


async def _latencies_after(
    redis: Redis, stream: str, after: bytes, id_field: str
) -> dict[str, int]:
    found = {}
    for entry_id, fields in await redis.xrange(stream, min=b"(" + after, max="+"):
        body, headers = entry_body(fields)
        published = headers.get(PUBLISHED_MS_HEADER)
        if published is not None:
            article = json_payload(body)[id_field]
            found[article] = int(entry_id.decode().split("-")[0]) - int(published)
    return found
