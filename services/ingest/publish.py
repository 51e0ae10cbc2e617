"""Articles onto `articles.raw`, with backpressure: while more than `max_lag` articles wait
anywhere in the pipeline (unread or pending at every stage, not only ingest: a slow entities
stage is where a backlog builds), publishing waits; after `wait_s` it refuses
(`PipelineFull`, saying how far it got). What `newsflow publish` and `newsflow up --publish` do,
and how `newsflow bench` feeds the pipeline."""

import asyncio
import time
from collections.abc import Callable

from redis.asyncio import Redis

from services.ingest.sources import Payload
from services.runtime.broker import make_broker, make_redis
from services.runtime.groups import ensure_stage_groups
from services.runtime.lag import pipeline_lag
from shared.streams import RAW

#: lag is checked every this many articles (one XINFO round trip)
CHECK_EVERY = 200


class PipelineFull(RuntimeError):
    """The pipeline is too far behind to accept more now; `published` went out before."""

    published = 0


async def _wait_for_room(redis: Redis, max_lag: int, wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    while True:
        lags = await pipeline_lag(redis)
        waiting = sum(lag.unread + lag.pending for lag in lags)
        if waiting <= max_lag:
            return
        if time.monotonic() >= deadline:
            where = ", ".join(f"{lag.stage} {lag.unread + lag.pending:,}" for lag in lags)
            raise PipelineFull(
                f"{waiting:,} articles are waiting in the pipeline ({where}; limit {max_lag:,}) "
                f"after waiting {wait_s:g}s: start more workers or publish later"
            )
        await asyncio.sleep(0.5)


async def publish(
    url: str,
    payloads: list[Payload],
    *,
    max_lag: int | None = None,
    wait_s: float = 0.0,
    on_published: Callable[[], None] | None = None,
) -> int:
    """Publish `payloads`; returns how many were published (all, unless the pipeline is full).
    `on_published` is called after each one (a progress bar)."""
    redis = make_redis(url)
    try:
        await ensure_stage_groups(redis)  # entries published before any worker are still read
        async with make_broker(url) as broker:
            for index, payload in enumerate(payloads):
                if max_lag is not None and index % CHECK_EVERY == 0:
                    try:
                        await _wait_for_room(redis, max_lag, wait_s)
                    except PipelineFull as full:
                        full.published = index
                        raise
                await broker.publish(payload.data, stream=RAW)
                if on_published is not None:
                    on_published()
    finally:
        await redis.aclose()
    return len(payloads)
