"""`GET /events`: server-sent events, one `update` per `aggregates.updates` entry.

Each event's `id` is the stream entry id and its `data` the `AggregatesUpdated` JSON. The stream
is read from where it ends when the client connects (or after `Last-Event-ID`, when a
reconnecting client sends a valid one). A comment line goes out every `heartbeat_s` so proxies
keep the connection and the page can tell a quiet pipeline from a dead connection.

One reader for every client (`UpdatesHub`): a single blocking `XREAD` on one Redis connection
fans each entry out to the open streams, so 300 open dashboards cost Redis one connection, not
300. A client that reconnects with `Last-Event-ID` first gets what it missed with one
non-blocking `XRANGE`. At most `MAX_CLIENTS` streams are open at once; the next gets a 503
saying so (the page then polls). A client that falls `QUEUE_LIMIT` entries behind is cut off
and catches up on reconnecting, so a stalled reader never holds memory.

Disconnect-safe: Starlette cancels the generator when the client goes away, and the generator
also checks every `POLL_S`; the reader stops once no client is left.
"""

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import suppress
from dataclasses import dataclass, field

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import StreamingResponse
from redis.asyncio import Redis
from redis.exceptions import RedisError, ResponseError

from services.runtime.envelope import entry_body
from shared.streams import AGGREGATES

HEARTBEAT_S = 15.0
BLOCK_MS = 5000
BATCH = 100
POLL_S = 1.0  # a stream checks for its client's departure at least this often
#: open streams at once; each costs a task and a little memory, not a Redis connection
MAX_CLIENTS = 500
QUEUE_LIMIT = 1000  # entries a slow client may fall behind before it is cut off
CATCH_UP = 1000  # entries a reconnecting client gets back at most
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


class TooManyClients(RuntimeError):
    """Every live-update slot is taken."""


@dataclass(eq=False)
class Subscription:
    """One open stream's inbox: entries `(id, body)` in order; `ended` says why it must stop."""

    queue: asyncio.Queue[tuple[str, bytes]] = field(default_factory=asyncio.Queue)
    ended: str | None = None  # "overflow", or the reason Redis did not answer
    wake: asyncio.Event = field(default_factory=asyncio.Event)


class UpdatesHub:
    """The one reader of `stream` for every open `/events` client (see the module doc)."""

    def __init__(
        self,
        redis: Redis,
        *,
        stream: str = AGGREGATES,
        block_ms: int = BLOCK_MS,
        max_clients: int = MAX_CLIENTS,
        queue_limit: int = QUEUE_LIMIT,
    ) -> None:
        self.redis, self.stream, self.block_ms = redis, stream, block_ms
        self.max_clients, self.queue_limit = max_clients, queue_limit
        self._subscriptions: set[Subscription] = set()
        self._task: asyncio.Task[None] | None = None
        self._last = "0-0"
        self._lock = asyncio.Lock()

    @property
    def clients(self) -> int:
        return len(self._subscriptions)

    @property
    def last(self) -> str:
        """The id of the last entry read (or, before any, the stream's end when it started)."""
        return self._last

    async def join(self) -> Subscription:
        """A new inbox, receiving every entry read from now on. Raises `TooManyClients`, and a
        Redis error when the reader has to start and Redis does not answer."""
        async with self._lock:
            if len(self._subscriptions) >= self.max_clients:
                raise TooManyClients(
                    f"{self.max_clients} live-update streams are open, the limit: "
                    "poll /pipeline and /stats, or try again later"
                )
            if self._task is None or self._task.done():
                self._last = await stream_end(self.redis, self.stream)
                self._task = asyncio.create_task(self._read(), name="events-hub")
            subscription = Subscription()
            self._subscriptions.add(subscription)
            return subscription

    def leave(self, subscription: Subscription) -> None:
        self._subscriptions.discard(subscription)

    async def since(self, after: str, limit: int = CATCH_UP) -> list[tuple[str, bytes]]:
        """Entries after `after` (at most `limit`, the oldest first): a reconnecting client's
        catch-up, one non-blocking read. Catch-ups take turns (as joins do), so however many
        clients reconnect at once, the hub uses at most one connection besides its reader."""
        async with self._lock:
            entries = await self.redis.xrange(self.stream, min=f"({after}", count=limit)
        return [(_text(entry_id), entry_body(fields)[0]) for entry_id, fields in entries]

    async def _read(self) -> None:
        while self._subscriptions:
            try:
                replies = await self.redis.xread(
                    {self.stream: self._last}, count=BATCH, block=self.block_ms
                )
            except (RedisError, OSError) as error:
                self._end_all(f"Redis did not answer: {type(error).__name__}")
                return
            for _name, entries in replies:
                for entry_id, fields in entries:
                    self._last = _text(entry_id)
                    item = (self._last, entry_body(fields)[0])
                    for subscription in list(self._subscriptions):
                        subscription.queue.put_nowait(item)
                        if subscription.queue.qsize() > self.queue_limit:
                            self._end(subscription, "overflow")
                        subscription.wake.set()

    def _end(self, subscription: Subscription, reason: str) -> None:
        subscription.ended = reason
        subscription.wake.set()
        self.leave(subscription)

    def _end_all(self, reason: str) -> None:
        for subscription in list(self._subscriptions):
            self._end(subscription, reason)


async def update_events(
    hub: UpdatesHub,
    after: str,
    *,
    disconnected: Callable[[], Awaitable[bool]],
    heartbeat_s: float = HEARTBEAT_S,
    subscription: Subscription | None = None,
) -> AsyncIterator[str]:
    """SSE text: `update` events for entries after `after`, heartbeats in between; ends with an
    `unavailable` event when Redis stops answering (the page then falls back to polling), and
    without one when the client fell too far behind (it reconnects and catches up).
    `subscription`: the client's inbox when it joined the hub already (else it joins here, and
    may raise `TooManyClients`). Join before the catch-up read, so nothing added meanwhile is
    lost."""
    if subscription is None:
        subscription = await hub.join()
    try:
        yield f"retry: 3000\n: connected, reading {hub.stream} after {after}\n\n"
        last, beat = after, time.monotonic()
        backlog: list[tuple[str, bytes]] = []
        if _entry_key(after) < _entry_key(hub.last):  # behind what the reader has passed on
            try:
                backlog = await hub.since(after)
            except (RedisError, OSError) as error:
                subscription.ended = f"Redis did not answer: {type(error).__name__}"
        while True:
            for entry_id, body in backlog:
                if _entry_key(entry_id) > _entry_key(last):  # the catch-up and the reader overlap
                    last = entry_id
                    yield sse_event(entry_id, body.decode())
            if subscription.ended:
                if subscription.ended != "overflow":
                    yield sse_event(last, json.dumps({"detail": subscription.ended}), "unavailable")
                return
            if time.monotonic() - beat >= heartbeat_s:
                beat = time.monotonic()
                yield ": heartbeat\n\n"
            if await disconnected():
                return
            subscription.wake.clear()
            if subscription.queue.empty() and not subscription.ended:
                with suppress(TimeoutError):
                    await asyncio.wait_for(subscription.wake.wait(), min(heartbeat_s, POLL_S))
            backlog = _drain(subscription.queue)
    finally:
        hub.leave(subscription)


def _drain(queue: asyncio.Queue[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    items = []
    while not queue.empty():
        items.append(queue.get_nowait())
    return items


def events_router(
    streams: Redis, *, heartbeat_s: float = HEARTBEAT_S, max_clients: int = MAX_CLIENTS
) -> APIRouter:
    router = APIRouter()
    hub = UpdatesHub(streams, max_clients=max_clients)

    async def events(request: Request) -> StreamingResponse:
        try:
            subscription = await hub.join()
        except TooManyClients as error:
            raise HTTPException(503, str(error)) from error
        except (RedisError, OSError) as error:
            raise HTTPException(503, f"Redis did not answer: {error}") from error
        after = resume_from(request.headers.get("last-event-id", ""), hub.last)
        body = update_events(
            hub,
            after,
            disconnected=request.is_disconnected,
            heartbeat_s=heartbeat_s,
            subscription=subscription,
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
            503: {"description": "no Redis, or every live-update slot is taken"},
        },
    )
    return router
