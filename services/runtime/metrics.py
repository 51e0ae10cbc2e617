"""Prometheus metrics of a stage process (served by `services.runtime.probes`).

Metrics (label `stage`; the gauges also carry `stream`):
- `newsflow_messages_processed_total`: messages handled, published downstream and acknowledged
- `newsflow_messages_failed_total`: handler attempts that failed (retried later, or dead-lettered)
- `newsflow_messages_dead_lettered_total`: messages sent to `<stream>.dlq` and acknowledged
- `newsflow_handler_seconds`: wall time of one handler attempt (histogram, any outcome)
- `newsflow_stream_unread`, `newsflow_stream_pending`, `newsflow_stream_length`: each stage
  group's lag on its input stream, computed from Redis at each scrape. Every worker (and the
  API) reports every stage, so the lag of a stopped or scaled-to-zero stage stays visible:
  aggregate with `max by (stage)`, never `sum`.

FastStream's Prometheus middleware (`RedisPrometheusMiddleware`, added to every stage's broker)
adds its own `faststream_*` series per stream: messages received, in process, their size and
handling time, messages published. It cannot give the three outcomes above: a message goes to
the dead-letter stream *and is acknowledged*, so FastStream counts it as acked like a processed
one, and a failed attempt is something our policy catches to retry later. So those counters
stay ours; FastStream's `status` label reads `acked` (processed or dead-lettered) or `nacked`
(a failed attempt, left pending for the reclaimer).
"""

import logging
from typing import Literal

from prometheus_client import (
    CONTENT_TYPE_LATEST as CONTENT_TYPE_LATEST,  # the type of `exposition`'s text
)
from prometheus_client import (
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
