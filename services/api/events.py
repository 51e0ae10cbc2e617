"""`GET /events`: server-sent events, one `update` per `aggregates.updates` entry.

Each event's `id` is the stream entry id and its `data` the `AggregatesUpdated` JSON. The stream
is read from where it ends when the client connects (or after `Last-Event-ID`, when a
reconnecting client sends a valid one). A comment line goes out every `heartbeat_s` so proxies
keep the connection and the page can tell a quiet pipeline from a dead connection.

Disconnect-safe: Starlette cancels the generator when the client goes away, and the generator
also checks between reads, so an abandoned stream holds a Redis connection for at most one
`block_ms`.
"""

import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse
from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

from services.runtime.envelope import entry_body
from shared.streams import AGGREGATES

HEARTBEAT_S = 15.0
BLOCK_MS = 5000
BATCH = 100
_ENTRY_ID = re.compile(r"\d{1,20}-\d{1,20}")


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


async def stream_end(redis: Redis, stream: str = AGGREGATES) -> str:
    """The id of the last entry ever added to `stream` ("0-0" when it does not exist): what
    `$` means now, pinned so that nothing added between two reads is missed."""
    try:
        info = await redis.xinfo_stream(stream)
    except ResponseError:
        return "0-0"
    return _text(info["last-generated-id"])


def _entry_key(entry_id: str) -> tuple[int, int]:
    ms, _, seq = entry_id.partition("-")
    return int(ms), int(seq)


def resume_from(last_event_id: str, end: str) -> str:
    """Where a client's stream starts: after the `Last-Event-ID` it sent when that is a valid
    entry id not beyond the stream's end (a Redis restarted empty starts ids again), else at
    the end."""
    if _ENTRY_ID.fullmatch(last_event_id) and _entry_key(last_event_id) <= _entry_key(end):
        return last_event_id
    return end


def sse_event(entry_id: str, data: str, event: str = "update") -> str:
    lines = "".join(f"data: {line}\n" for line in data.splitlines() or [""])
    return f"id: {entry_id}\nevent: {event}\n{lines}\n"


async def update_events(
    redis: Redis,
    after: str,
    *,
    disconnected: Callable[[], Awaitable[bool]],
    heartbeat_s: float = HEARTBEAT_S,
    block_ms: int = BLOCK_MS,
    stream: str = AGGREGATES,
) -> AsyncIterator[str]:
    """SSE text: `update` events for entries after `after`, heartbeats in between; ends with an
    `unavailable` event when Redis stops answering (the page then falls back to polling)."""
    yield f"retry: 3000\n: connected, reading {stream} after {after}\n\n"
    last, beat = after, time.monotonic()
    while not await disconnected():
        try:
            replies = await redis.xread({stream: last}, count=BATCH, block=block_ms)
        except (RedisError, OSError) as error:
            detail = json.dumps({"detail": f"Redis did not answer: {type(error).__name__}"})
            yield sse_event(last, detail, "unavailable")
            return
        for _name, entries in replies:
            for entry_id, fields in entries:
                last = _text(entry_id)
                body, _headers = entry_body(fields)
                yield sse_event(last, body.decode())
        if time.monotonic() - beat >= heartbeat_s:
            beat = time.monotonic()
            yield ": heartbeat\n\n"


def events_router(streams: Redis, *, heartbeat_s: float = HEARTBEAT_S) -> APIRouter:
    router = APIRouter()

    async def events(request: Request) -> StreamingResponse:
        try:
            after = resume_from(request.headers.get("last-event-id", ""), await stream_end(streams))
        except (RedisError, OSError) as error:
            raise HTTPException(503, f"Redis did not answer: {error}") from error
        body = update_events(
            streams, after, disconnected=request.is_disconnected, heartbeat_s=heartbeat_s
        )
        return StreamingResponse(
            body,
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    router.add_api_route(
        "/events",
        events,
        methods=["GET"],
        response_class=StreamingResponse,
        summary=f"Server-sent events: one `update` per {AGGREGATES} entry, heartbeats between",
        responses={
            200: {"content": {"text/event-stream": {}}, "description": "an endless event stream"},
            401: {"description": "API token required"},
            503: {"description": "no Redis"},
        },
    )
    return router
