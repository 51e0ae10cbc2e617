"""Prometheus metrics of a stage process, and the small HTTP endpoint that serves them together
with the worker's health checks.

Metrics (label `stage`; the gauges also carry `stream`):
- `newsflow_messages_processed_total`: messages handled, published downstream and acknowledged
- `newsflow_messages_failed_total`: handler attempts that failed (retried later, or dead-lettered)
- `newsflow_messages_dead_lettered_total`: messages sent to `<stream>.dlq` and acknowledged
- `newsflow_handler_seconds`: wall time of one handler attempt (histogram, any outcome)
- `newsflow_stream_unread`, `newsflow_stream_pending`, `newsflow_stream_length`: each stage
  group's lag on its input stream, computed from Redis at each scrape. Every worker (and the
  API) reports every stage, so the lag of a stopped or scaled-to-zero stage stays visible:
  aggregate with `max by (stage)`, never `sum`.

Routes of the endpoint: `/metrics`, `/health` and `/ready` (200 when Redis answers, else 503),
`/live` (200 while the event loop answers).
"""

import asyncio
import logging
import time
from typing import Literal

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from redis.asyncio import Redis
from redis.exceptions import RedisError

from services.runtime.lag import stage_lag

log = logging.getLogger("newsflow.metrics")

Outcome = Literal["processed", "failed", "dead_lettered"]

PROCESSED = Counter("newsflow_messages_processed", "Messages handled and acknowledged", ["stage"])
FAILED = Counter("newsflow_messages_failed", "Handler attempts that failed", ["stage"])
DEAD_LETTERED = Counter(
    "newsflow_messages_dead_lettered", "Messages sent to the dead-letter stream", ["stage"]
)
HANDLER_SECONDS = Histogram(
    "newsflow_handler_seconds",
    "Wall time of one handler attempt, any outcome",
    ["stage"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 20.0, 60.0),
)
UNREAD = Gauge(
    "newsflow_stream_unread", "Entries not yet read by the stage's group", ["stage", "stream"]
)
PENDING = Gauge(
    "newsflow_stream_pending",
    "Entries read by the stage's group, not yet acknowledged",
    ["stage", "stream"],
)
LENGTH = Gauge("newsflow_stream_length", "Entries in the stage's input stream", ["stage", "stream"])

DUPLICATES = Counter(
    "newsflow_duplicates", "Articles linked to an earlier copy instead of processed", ["kind"]
)

_COUNTER_OF = {"processed": PROCESSED, "failed": FAILED, "dead_lettered": DEAD_LETTERED}


def observe(stage: str, outcome: Outcome, seconds: float | None = None) -> None:
    """Count one outcome of one delivery. `seconds` is the handler's wall time when the handler
    ran (None when it did not, e.g. a message dead-lettered before any attempt). A dead letter
    whose handler ran and failed also counts as a failed attempt."""
    _COUNTER_OF[outcome].labels(stage).inc()
    if seconds is not None:
        HANDLER_SECONDS.labels(stage).observe(seconds)
        if outcome == "dead_lettered":
            FAILED.labels(stage).inc()


def declare(stage: str) -> None:
    """Make the stage's series exist at 0 before the first message (so rates start at 0)."""
    for counter in _COUNTER_OF.values():
        counter.labels(stage)
    HANDLER_SECONDS.labels(stage)


async def refresh_lag(redis: Redis, stages: tuple[str, ...]) -> None:
    for stage in stages:
        lag = await stage_lag(redis, stage)
        UNREAD.labels(stage, lag.stream).set(lag.unread)
        PENDING.labels(stage, lag.stream).set(lag.pending)
        LENGTH.labels(stage, lag.stream).set(lag.length)


async def exposition(redis: Redis | None = None, stages: tuple[str, ...] = ()) -> bytes:
    """The Prometheus text format of this process, lag gauges refreshed first when Redis
    answers (stale values stay otherwise: the scrape itself must not fail)."""
    if redis is not None and stages:
        try:
            await refresh_lag(redis, stages)
        except (RedisError, OSError) as error:
            log.warning("lag not refreshed: Redis unreachable (%s)", type(error).__name__)
    return generate_latest(REGISTRY)


class ProbeServer:
    """`/metrics`, `/health`, `/ready` and `/live` over plain HTTP/1.1 on the worker's own event
    loop (no thread, no framework: the probes must answer while handlers run in threads)."""

    def __init__(self, redis: Redis, stages: tuple[str, ...]) -> None:
        self.redis, self.stages = redis, stages
        self.server: asyncio.Server | None = None

    async def start(self, host: str, port: int) -> bool:
        try:
            self.server = await asyncio.start_server(self._answer, host, port)
        except OSError as error:
            log.warning("metrics endpoint not started on %s:%d: %s", host, port, error)
            return False
        log.info("metrics and health on http://%s:%d/metrics", host, port)
        return True

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            await self.server.wait_closed()

    async def _redis_up(self) -> bool:
        try:
            async with asyncio.timeout(2.0):
                return bool(await self.redis.ping())  # type: ignore[misc]
        except (RedisError, OSError, TimeoutError):
            return False

    async def _route(self, path: str) -> tuple[int, str, bytes]:
        if path == "/metrics":
            return 200, CONTENT_TYPE_LATEST, await exposition(self.redis, self.stages)
        if path in ("/health", "/ready"):
            up = await self._redis_up()
            return (
                (200, "application/json", b'{"status":"ok"}')
                if up
                else (503, "application/json", b'{"status":"unavailable"}')
            )
        if path == "/live":
            return 200, "application/json", b'{"status":"ok"}'
        return 404, "text/plain", b"not found\n"

    async def _answer(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        started = time.monotonic()
        try:
            request = await asyncio.wait_for(reader.readline(), timeout=5.0)
            while (line := await asyncio.wait_for(reader.readline(), timeout=5.0)) not in (
                b"\r\n",
                b"\n",
                b"",
            ):
                if time.monotonic() - started > 5.0 or len(line) > 8192:
                    return
            method, target, _ = request.decode("latin-1").split(" ", 2)
            status, content_type, body = await self._route(target.split("?", 1)[0])
            if method == "HEAD":
                body = b""
            head = (
                f"HTTP/1.1 {status} {_REASONS.get(status, 'OK')}\r\n"
                f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
                "Connection: close\r\n\r\n"
            )
            writer.write(head.encode("latin-1") + body)
            await writer.drain()
        except (TimeoutError, ConnectionError, ValueError, UnicodeDecodeError):
            pass  # a half-open or malformed request: drop it
        finally:
            writer.close()


_REASONS = {200: "OK", 404: "Not Found", 503: "Service Unavailable"}
