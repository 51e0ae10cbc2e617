"""A stage process: its FastStream app, its Redis watchdog, and how `newsflow worker` runs it.

Nothing here knows which stages exist beyond `shared.streams`: a stage is a folder
`services/<stage>/` whose `app.create_app(settings)` calls `stage_app` and `wire_stage` with
what it says of itself (how many messages it handles at once, how long its output stream is).
"""

import asyncio
import functools
import logging
import sys
from collections.abc import Callable
from typing import Any

from faststream import FastStream
from faststream.redis import RedisBroker
from faststream.redis.prometheus import RedisPrometheusMiddleware
from prometheus_client import REGISTRY
from redis.asyncio import Redis
from redis.exceptions import RedisError

from services.runtime.broker import consumer_name, make_broker, make_redis
from services.runtime.groups import ensure_stage_groups, text_of
from services.runtime.logs import configure_logging
from services.runtime.lost_groups import recover_lost_groups, stopped_subscribers
from services.runtime.probes import ProbeEndpoint, probe_routes
from services.runtime.redis_url import redact
from services.runtime.replicas import close_all as close_replica_waits
from services.runtime.tracing import enable_tracing
from services.runtime.trim import Retention, trim_consumed, trim_retained
from shared.settings import Settings
from shared.streams import ENRICHED, INPUT_OF, INTERNAL, STAGES, group_of

log = logging.getLogger("newsflow.worker")

WATCH_INTERVAL_S = 2.0
TRIM_EVERY = 5  # watch rounds: the input stream is trimmed every 10 s
#: /health waits this long for Redis to answer (the probes time out after 3 s)
PING_TIMEOUT_S = 2.0


def trims(stage: str, settings: Settings) -> bool:
    """Whether the stage trims its input stream (`NEWSFLOW_TRIM`): `internal` trims the streams
    only the stages read, `all` the public output stream too."""
    return settings.trim == "all" or (settings.trim == "internal" and INPUT_OF[stage] in INTERNAL)


def stage_app(stage: str, settings: Settings) -> tuple[FastStream, RedisBroker, str]:
    """The app, broker and consumer name of one stage process, with its housekeeping attached
    (it runs when the app runs, never under FastStream's `TestRedisBroker`): groups created at
    `0` before subscribing (and again after Redis comes back empty), the input stream trimmed
    below what every group is done with, the metrics endpoint, and the consumer removed from
    the group on a clean stop when it holds nothing pending."""
    url = settings.redis_url_value()
    consumer = consumer_name()
    broker = make_broker(url)
    enable_tracing(broker, settings.otel)
    broker.add_middleware(
        RedisPrometheusMiddleware(registry=REGISTRY, app_name=f"newsflow-{stage}")
    )
    app = FastStream(broker, logger=logging.getLogger(f"newsflow.{stage}"))
    redis: Redis = make_redis(url)
    watchdog: asyncio.Task[None] | None = None
    # every stage's lag: a stopped stage has no endpoint of its own
    ping = functools.partial(broker.ping, timeout=PING_TIMEOUT_S)
    probes = ProbeEndpoint(probe_routes(ping, redis, STAGES))

    @app.on_startup
    async def create_groups() -> None:
        nonlocal watchdog
        if settings.metrics_port:
            await probes.start(settings.metrics_host, settings.metrics_port)
        await ensure_stage_groups(redis, (stage,))
        recover_lost_groups(broker.subscribers, redis)
        await forget_dead_consumers(redis, stage, idle_ms=10 * settings.reclaim_idle_ms)
        retention = Retention(settings.enriched_max_age_s, settings.enriched_maxlen)
        watchdog = asyncio.create_task(
            _watch(
                redis,
                stage,
                url,
                trims(stage, settings),
                retention if INPUT_OF[stage] == ENRICHED else None,
            )
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
        await close_replica_waits()
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
    Redis restarted without persistence comes back with no groups; the reads re-create it too,
    at once, see `lost_groups`: this only spares them the error). Every `TRIM_EVERY` rounds,
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


class StartFailed(RuntimeError):
    """Redis failed while the app was starting (it went away between the ping and the start)."""


async def run_app(app: FastStream) -> int:
    """Runs `app` until it stops. 0 for a requested stop (SIGTERM, Ctrl-C, `app.exit()`), 1 when
    a subscriber stopped for good on its own (see `lost_groups`): a supervisor with
    `restart: on-failure` then restarts the worker instead of leaving the stage unserved.
    Raises `StartFailed` when Redis failed the start itself and no stop was asked for."""
    started: list[Any] = []
    stopped: list[str] = []
    running = False

    @app.after_startup
    async def note_started_subscribers() -> None:
        nonlocal running
        running = True
        if app.broker is not None:
            started.extend(sub for sub in app.broker.subscribers if sub.running)

    @app.on_shutdown
    async def note_stopped_subscribers() -> None:  # runs before the broker stops them all
        stopped.extend(stopped_subscribers(started))

    try:
        await app.run()
    except (RedisError, OSError) as error:
        # FastStream 0.7.8 sets `_should_exit` when a stop is asked for (SIGTERM, Ctrl-C): a
        # stop asked for while connecting cuts the connection, which is no failure
        if getattr(app, "_should_exit", False):
            return 0
        if not running:
            raise StartFailed(f"{type(error).__name__}: {error}") from None
        log.error("stopped: Redis failed (%s: %s)", type(error).__name__, error)
        return 1
    if stopped:
        log.critical(
            "exiting with status 1: subscriber(s) stopped for good: %s", ", ".join(stopped)
        )
        return 1
    return 0


#: consecutive failed starts before the worker gives up (exit 1: its supervisor decides)
START_ATTEMPTS = 5


def run_worker(create_app: Callable[[Settings], FastStream], settings: Settings) -> int:
    """Runs the stage that `create_app` builds until it is stopped (SIGTERM, Ctrl-C): waits for
    Redis, then starts; when Redis goes away again during the start itself, waits and starts
    again (up to `START_ATTEMPTS` times in a row)."""
    configure_logging(settings)
    for attempt in range(1, START_ATTEMPTS + 1):
        asyncio.run(wait_for_redis(settings.redis_url_value()))
        app = create_app(settings)
        try:
            return asyncio.run(run_app(app))
        except StartFailed as error:
            log.error("Redis failed while the worker started (%s); attempt %d/%d",
                      error, attempt, START_ATTEMPTS)  # fmt: skip
    return 1
