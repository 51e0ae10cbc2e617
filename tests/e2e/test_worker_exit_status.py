"""A worker's exit status against a real Redis: a subscriber that stops for good (FastStream's
own reaction to a vanished consumer group, without our recovery) makes the process exit 1, so
`restart: on-failure` acts; a requested stop is 0; with the recovery a FLUSHALL stops nothing."""

import asyncio
import logging

import pytest
from faststream import FastStream
from faststream.redis import RedisBroker, StreamSub
from redis.asyncio import Redis

from services.runtime.embedded import EmbeddedRedis
from services.runtime.groups import ensure_group
from services.runtime.lost_groups import recover_lost_groups
from services.runtime.worker import run_app

pytestmark = [pytest.mark.redis]

STREAM, GROUP = "exit-status.in", "exit-status"


def _app(url: str, *, recover: bool) -> tuple[FastStream, Redis]:
    broker = RedisBroker(url, logger=logging.getLogger("test.broker"))
    app = FastStream(broker, logger=logging.getLogger("test.app"))
    redis = Redis.from_url(url)

    @broker.subscriber(stream=StreamSub(STREAM, group=GROUP, consumer="c1", polling_interval=50))
    async def handle(body: dict) -> None:
        pass

    @app.on_startup
    async def groups() -> None:
        await ensure_group(redis, STREAM, GROUP)
        if recover:
            recover_lost_groups(broker.subscribers, redis)

    return app, redis


async def _run_then(app: FastStream, redis: Redis, action, wait_s: float = 10.0) -> int | None:
    running = asyncio.create_task(run_app(app))
    await asyncio.sleep(1.5)  # started and reading
    await action()
    try:
        return await asyncio.wait_for(asyncio.shield(running), wait_s)
    except TimeoutError:
        return None  # still running
    finally:
        if not running.done():
            app.exit()
            await running
        await redis.aclose()


async def test_a_subscriber_stopped_for_good_makes_the_worker_exit_1(
    redis_server: EmbeddedRedis,
) -> None:
    app, redis = _app(redis_server.url, recover=False)
    status = await _run_then(app, redis, redis.flushall)
    assert status == 1


async def test_a_requested_stop_exits_0(redis_server: EmbeddedRedis) -> None:
    app, redis = _app(redis_server.url, recover=True)

    async def stop() -> None:
        app.exit()

    assert await _run_then(app, redis, stop) == 0


async def test_with_the_recovery_a_flushall_stops_nothing_and_the_group_is_back(
    redis_server: EmbeddedRedis,
) -> None:
    app, redis = _app(redis_server.url, recover=True)
    status = await _run_then(app, redis, redis.flushall, wait_s=3.0)
    assert status is None  # still running when we stopped it
    check = Redis.from_url(redis_server.url)
    try:
        groups = await check.xinfo_groups(STREAM)
    finally:
        await check.aclose()
    assert [g["name"] for g in groups] == [GROUP.encode()]
