"""`GET /pipeline`: the stages as the dashboard shows them, read from the stream Redis.

Per stage: entries in its input stream, how many its group has processed, how many it has not
read yet (lag), read but not acknowledged (pending), and dead-lettered (`<stream>.dlq` length).
Throughput is the change of `processed` between two calls; the page computes it.
"""

import asyncio
import time
from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import BaseModel, ConfigDict
from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

from services.runtime.lag import pipeline_lag
from services.runtime.trim import trimmed
from shared.streams import AGGREGATES, INPUT_OF, dlq, group_of

#: how long one reading of the streams serves every page that asks
FRESH_S = 1.0


class StageStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    stage: str
    stream: str
    length: int
    processed: int
    unread: int
    pending: int
    dead_lettered: int
    consumers: int


class PipelineStatus(BaseModel):
    model_config = ConfigDict(frozen=True)

    stages: list[StageStatus]
    updates: int  # entries in `aggregates.updates`


def _field(info: dict[Any, Any], name: str) -> Any:
    return info.get(name, info.get(name.encode()))


async def _group_info(redis: Redis, stream: str, group: str) -> tuple[int, int | None]:
    """(consumers, entries read) of `group`; entries read is None before Redis 7."""
    try:
        groups = await redis.xinfo_groups(stream)
    except ResponseError:  # no such stream yet
        return 0, None
    for info in groups:
        name = _field(info, "name")
        if (name.decode() if isinstance(name, bytes) else name) == group:
            read = _field(info, "entries-read")
            return int(_field(info, "consumers") or 0), int(read) if read is not None else None
    return 0, None


async def pipeline_status(redis: Redis) -> PipelineStatus:
    """Every stage's counts. `processed` = entries read and acknowledged by the stage's group:
    Redis 7 counts the entries a group has read (`entries-read`); Redis 6.2 does not, and there
    it is what the workers trimmed away (every group had processed those) plus what the stream
    still holds up to the group's position, less what is pending. (Entries removed by a
    `NEWSFLOW_STREAM_MAXLEN` cap, or by anything but the workers' trim, are not counted there.)"""
    stages = []
    for lag in await pipeline_lag(redis):
        consumers, read = await _group_info(redis, lag.stream, group_of(lag.stage))
        if read is None:
            read = await trimmed(redis, lag.stream) + lag.length - lag.unread
        read_total = read
        stages.append(
            StageStatus(
                stage=lag.stage,
                stream=lag.stream,
                length=lag.length,
                processed=max(read_total - lag.pending, 0),
                unread=lag.unread,
                pending=lag.pending,
                dead_lettered=await redis.xlen(dlq(INPUT_OF[lag.stage])),
                consumers=consumers,
            )
        )
    return PipelineStatus(stages=stages, updates=await redis.xlen(AGGREGATES))


def pipeline_router(streams: Redis, *, fresh_s: float = FRESH_S) -> APIRouter:
    """`GET /pipeline`. Readings are shared for `fresh_s` seconds: any number of open pages
    cost Redis one reading per `fresh_s`."""
    router = APIRouter()
    lock = asyncio.Lock()
    last: tuple[float, PipelineStatus] | None = None

    async def status() -> PipelineStatus:
        nonlocal last
        async with lock:
            if last is None or time.monotonic() - last[0] >= fresh_s:
                try:
                    last = (time.monotonic(), await pipeline_status(streams))
                except (RedisError, OSError) as error:
                    raise HTTPException(503, f"Redis did not answer: {error}") from error
            return last[1]

    router.add_api_route(
        "/pipeline",
        status,
        methods=["GET"],
        response_model=PipelineStatus,
        summary="Per stage: input length, processed, unread (lag), pending, dead-lettered",
        responses={401: {"description": "API token required"}, 503: {"description": "no Redis"}},
    )
    return router
