"""A stage process: its FastStream app, its Redis watchdog, and how `newsflow worker` runs it."""

import asyncio
import importlib
import logging
import sys

from faststream import FastStream
from faststream.redis import RedisBroker
from redis.asyncio import Redis
from redis.exceptions import RedisError

from services.runtime.broker import consumer_name, make_broker, make_redis
from services.runtime.groups import ensure_stage_groups, text_of
from services.runtime.logs import configure_logging
from services.runtime.metrics import ProbeServer, declare
from services.runtime.redis_url import redact
from services.runtime.tracing import enable_tracing
from services.runtime.trim import Retention, trim_consumed, trim_retained
from shared.settings import Settings
from shared.streams import ENRICHED, INPUT_OF, STAGES, group_of

log = logging.getLogger("newsflow.worker")

WATCH_INTERVAL_S = 2.0
TRIM_EVERY = 5  # watch rounds: the input stream is trimmed every 10 s


def stage_app(stage: str, settings: Settings) -> tuple[FastStream, RedisBroker, str]:
    """The app, broker and consumer name of one stage process, with its housekeeping attached:
    groups created at `0` before subscribing (and again after Redis comes back empty), and the
    consumer removed from the group on a clean stop when it holds nothing pending."""
    url = settings.redis_url_value()
    consumer = consumer_name()
    broker = make_broker(url)
    enable_tracing(broker, settings.otel)
    app = FastStream(broker, logger=logging.getLogger(f"newsflow.{stage}"))
    redis: Redis = make_redis(url)
    watchdog: asyncio.Task[None] | None = None
    probes = ProbeServer(redis, STAGES)  # every stage: a stopped one has no endpoint of its own

    @app.on_startup
    async def create_groups() -> None:
        nonlocal watchdog
        declare(stage)
        if settings.metrics_port:
            await probes.start(settings.metrics_host, settings.metrics_port)
        await ensure_stage_groups(redis, (stage,))
        await forget_dead_consumers(redis, stage, idle_ms=10 * settings.reclaim_idle_ms)
        trims = settings.trim == "all" or (
            settings.trim == "internal" and INPUT_OF[stage] != ENRICHED
        )
        retention = Retention(settings.enriched_max_age_s, settings.enriched_maxlen)
        watchdog = asyncio.create_task(
            _watch(redis, stage, url, trims, retention if INPUT_OF[stage] == ENRICHED else None)
        )
        log.info(
            "%s worker %s reading %s as group %s on %s",
            stage,
            consumer,
            INPUT_OF[stage],
            group_of(stage),
            redact(url),
        )

    @app.after_shutdown
    async def leave_group() -> None:
        await probes.stop()
        if watchdog:
            watchdog.cancel()
        try:
            info = await redis.xpending_range(
                INPUT_OF[stage], group_of(stage), "-", "+", 1, consumername=consumer
            )
            if not info:
                await redis.xgroup_delconsumer(INPUT_OF[stage], group_of(stage), consumer)
        except RedisError:
            pass  # Redis is gone: the consumer stays listed, harmlessly
        await redis.aclose()

    return app, broker, consumer


async def forget_dead_consumers(redis: Redis, stage: str, *, idle_ms: int) -> list[str]:
    """Remove consumers of the stage's group that hold nothing and have been idle for `idle_ms`
    (killed processes leave their names behind). Ones still holding entries are kept: deleting
    a consumer drops its pending entries, which the reclaimers will take over instead."""
    stream, group = INPUT_OF[stage], group_of(stage)
    removed = []
    for consumer in await redis.xinfo_consumers(stream, group):
        name = text_of(consumer["name"])
        if int(consumer["pending"]) == 0 and int(consumer["idle"]) >= idle_ms:
            await redis.xgroup_delconsumer(stream, group, name)
            removed.append(name)
    if removed:
        log.info("removed %d idle consumer(s) of %s: %s", len(removed), group, ", ".join(removed))
    return removed


async def _watch(
    redis: Redis, stage: str, url: str, trims: bool, retention: Retention | None = None
) -> None:
    """Say once when Redis goes away and once when it is back; re-create the group then (a
    Redis restarted without persistence comes back with no groups). Every `TRIM_EVERY` rounds,
    trim the input stream below what all its groups are done with (when `trims`), or only
    what is also past the stream's `retention` (articles.enriched)."""
    up, rounds = True, 0
    while True:
        await asyncio.sleep(WATCH_INTERVAL_S)
        rounds += 1
        try:
            await redis.ping()  # type: ignore[misc]  # redis-py types ping as sync|async
            await ensure_stage_groups(redis, (stage,))
            if trims and rounds % TRIM_EVERY == 0:
                await trim_consumed(redis, INPUT_OF[stage])
            elif retention and retention.active and rounds % TRIM_EVERY == 0:
                await trim_retained(redis, INPUT_OF[stage], retention)
        except (RedisError, OSError) as error:
            if up:
                log.error("lost Redis at %s (%s); reconnecting", redact(url), type(error).__name__)
            up = False
            continue
        if not up:
            log.info("Redis at %s is back", redact(url))
        up = True


async def wait_for_redis(url: str, *, retry_s: float = 2.0, attempts: int | None = None) -> bool:
    """Ping until Redis answers. One line on stderr the first time it does not."""
    redis = make_redis(url)
    told = False
    try:
        while attempts is None or attempts > 0:
            try:
                await redis.ping()  # type: ignore[misc]
                return True
            except (RedisError, OSError) as error:
                if not told:
                    print(
                        f"newsflow: cannot reach Redis at {redact(url)} ({error}); "
                        f"retrying every {retry_s:g}s",
                        file=sys.stderr,
                        flush=True,
                    )
                    told = True
            if attempts is not None:
                attempts -= 1
            await asyncio.sleep(retry_s)
        return False
    finally:
        await redis.aclose()


def run_worker(stage: str, settings: Settings) -> int:
    configure_logging(settings)
    asyncio.run(wait_for_redis(settings.redis_url_value()))
    module = importlib.import_module(f"services.{stage}.app")
    app: FastStream = module.create_app(settings)
    asyncio.run(app.run())
    return 0
