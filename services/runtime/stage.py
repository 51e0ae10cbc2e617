"""One stage's delivery policy, declared once for every stage.

Each stage reads its input stream in its own consumer group with two subscribers:
- the reader takes new entries (`XREADGROUP >`), a few at a time;
- the reclaimer takes entries left pending for `reclaim_idle_ms` by any consumer of the group
  (a crashed or killed process, a failed attempt) with `XAUTOCLAIM`, and never reads new ones.

A message is acked only after its result is published (at-least-once: every effect downstream
is idempotent). A failure is retried through the reclaimer; after `max_attempts` deliveries, or
at once when retrying cannot help (not JSON, wrong fields), the message goes to `<stream>.dlq`
with the stage, the reason and the attempt count, is acked, and the stage carries on.
A process never reclaims an entry it is still handling itself; another process may take over
one that outlasts `reclaim_idle_ms`, so set it well above the slowest article.
"""

import asyncio
import dataclasses
import logging
import time
import typing
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from faststream import AckPolicy
from faststream.redis import RedisBroker, StreamSub
from faststream.redis.annotations import RedisStreamMessage
from pydantic import BaseModel
from redis.exceptions import ClusterDownError, ReadOnlyError, SlotNotCoveredError, TryAgainError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from services.runtime.failures import PERMANENT, reason_of
from services.runtime.hold import keep_claimed
from services.runtime.metrics import declare, observe
from services.runtime.public import plain_headers, stream_publisher
from services.runtime.replicas import ReplicaWait
from shared.messages import PUBLISHED_MS_HEADER, DeadLettered
from shared.settings import Settings
from shared.streams import INPUT_OF, OUTPUT_OF, dlq, group_of

log = logging.getLogger("newsflow.stage")

In = TypeVar("In")
Decode = Callable[[bytes], In]
Handle = Callable[[In, "Delivery"], Awaitable[BaseModel | None]]

#: the DLQ keeps this much of a bad payload: enough to recognise it, never 50 MB
DLQ_PAYLOAD_CHARS = 4096

#: Redis away, or a Redis Cluster failing over (no primary for a slot yet, a write reaching
#: a demoted primary): the entry stays pending and is retried, never dead-lettered for it
_REDIS_DOWN = (
    RedisConnectionError,
    RedisTimeoutError,
    OSError,
    ClusterDownError,
    TryAgainError,
    SlotNotCoveredError,
    ReadOnlyError,
)


@dataclass(frozen=True)
class StageConfig:
    stage: str
    consumer: str
    max_attempts: int
    reclaim_idle_ms: int
    batch_size: int
    poll_ms: int
    maxlen: int | None = None
    concurrency: int = 1  # messages handled at the same time by the reader
    #: NEWSFLOW_WAIT_REPLICAS: the output reaches this many replicas before the input is acked
    replicas: ReplicaWait | None = None
    #: where the entries in flight are kept claimed ("": not kept, e.g. the in-memory broker)
    redis_url: str = ""

    @classmethod
    def from_settings(
        cls, stage: str, consumer: str, settings: Settings, **options: Any
    ) -> "StageConfig":
        """The delivery settings every stage shares, with what the stage says of itself in
        `options` (e.g. `concurrency=`, or `maxlen=` for an output stream no group reads)."""
        shared = cls(
            stage=stage,
            consumer=consumer,
            max_attempts=settings.max_attempts,
            reclaim_idle_ms=settings.reclaim_idle_ms,
            batch_size=settings.batch_size,
            poll_ms=settings.poll_ms,
            maxlen=settings.stream_maxlen,
            replicas=ReplicaWait(
                settings.redis_url_value(), settings.wait_replicas, settings.wait_timeout_ms
            )
            if settings.wait_replicas
            else None,
            redis_url=settings.redis_url_value(),
        )
        return dataclasses.replace(shared, **options)


@dataclass(frozen=True)
class Delivery:
    """Facts about one delivery that a handler may need besides the message."""

    entry_id: str
    entry_ms: int  # when the entry was added to the input stream (ms since epoch)
    published_ms: int  # when the article entered the pipeline (articles.raw)


def delivery_of(msg: RedisStreamMessage) -> Delivery:
    entry_id = msg.raw_message["message_ids"][0].decode()
    entry_ms = int(entry_id.split("-")[0])
    fields = msg.raw_message["data"]  # a plain entry carries it as a field, not a header
    header = msg.headers.get(PUBLISHED_MS_HEADER) or plain_headers(fields).get(PUBLISHED_MS_HEADER)
    published = int(header) if header and str(header).isdigit() else entry_ms
    return Delivery(entry_id=entry_id, entry_ms=entry_ms, published_ms=published)


def article_id_of(message: BaseModel | None) -> str | None:
    """The article a stage's output is about, for log lines."""
    article = getattr(message, "article", None)
    for candidate in (article, message):
        for field in ("id", "article_id"):
            value = getattr(candidate, field, None)
            if isinstance(value, str):
                return value
    return None


def wire_stage(
    broker: RedisBroker, config: StageConfig, decode: Decode[In], handle: Handle[In]
) -> None:
    """Subscribe `handle` to the stage's input stream with the policy in the module docstring."""
    source, group = INPUT_OF[config.stage], group_of(config.stage)
    declare(config.stage)
    output = (
        stream_publisher(
            broker,
            OUTPUT_OF[config.stage],
            title=f"{config.stage}:output",
            schema=typing.get_type_hints(handle).get("return"),  # documents the AsyncAPI payload
            maxlen=config.maxlen,
        )
        if config.stage in OUTPUT_OF
        else None  # a stage that only consumes: its handler returns None
    )
    dead = stream_publisher(
        broker, dlq(source), title=f"{config.stage}:dead-letters", schema=DeadLettered
    )

    async def dead_letter(msg: RedisStreamMessage, reason: str, attempts: int) -> None:
        entry_id = msg.raw_message["message_ids"][0].decode()
        payload = msg.body[:DLQ_PAYLOAD_CHARS].decode("utf-8", "replace")
        letter = DeadLettered(
            stage=config.stage,
            stream=source,
            message_id=entry_id,
            reason=reason,
            attempts=attempts,
            payload=payload,
        )
        await dead.publish(letter)
        await msg.ack()
        log.warning(
            "dead-lettered %s from %s after %d attempt(s): %s",
            entry_id,
            source,
            attempts,
            reason,
            extra={"stage": config.stage, "entry_id": entry_id, "attempts": attempts},
        )

    #: entries this process is handling now: its own reclaimer must not take them again when a
    #: slow article outlasts `reclaim_idle_ms` (reader and reclaimer share the consumer name)
    in_flight: set[bytes] = set()

    #: deliveries of an entry that say nothing about the article, so they do not count towards
    #: `max_attempts`: ones that ended with Redis unreachable (a restart, a cluster failing
    #: over), and this process's reclaimer taking an entry it is still handling (each claim
    #: counts a delivery in Redis); forgotten once the entry is settled
    excused: dict[bytes, int] = {}

    #: keeps the entries in flight claimed (`XCLAIM … JUSTID`, no delivery counted) so that no
    #: reclaimer, this process's own included, takes one while a slow batch is handled: each
    #: such claim would count a delivery, and after a crash the next worker would give up early
    keeper: asyncio.Task[None] | None = None

    async def process(msg: RedisStreamMessage, reclaimed: bool) -> None:
        nonlocal keeper
        if keeper is None and config.redis_url:
            keeper = asyncio.create_task(
                keep_claimed(
                    config.redis_url,
                    source,
                    group,
                    config.consumer,
                    in_flight,
                    every_s=config.reclaim_idle_ms / 3000,
                )
            )
        entry = msg.raw_message["message_ids"][0]
        if entry in in_flight:
            excused[entry] = excused.get(entry, 0) + 1
            return  # still being handled here; the reader's outcome settles it
        in_flight.add(entry)
        try:
            await handle_once(msg, reclaimed)
        finally:
            in_flight.discard(entry)

    async def handle_once(msg: RedisStreamMessage, reclaimed: bool) -> None:
        entry = msg.raw_message["message_ids"][0]
        try:
            delivered = await msg.get_delivery_count() if reclaimed else 1
        except _REDIS_DOWN:
            excused[entry] = excused.get(entry, 0) + 1
            return  # still pending: reclaimed again once Redis answers
        attempts = max(1, delivered - excused.get(entry, 0))
        if attempts > config.max_attempts:
            reason = f"gave up: delivered {attempts - 1} times without finishing (worker crash?)"
            await dead_letter(msg, reason, attempts - 1)
            excused.pop(entry, None)
            observe(config.stage, "dead_lettered")
            return
        started = time.perf_counter()
        try:
            delivery = delivery_of(msg)
            result = await handle(decode(msg.body), delivery)
            if result is not None and output is not None:
                await output.publish(result, published_ms=delivery.published_ms)
                if config.replicas is not None:
                    await config.replicas.confirm(OUTPUT_OF[config.stage])
        except PERMANENT as error:
            await dead_letter(msg, reason_of(error), attempts)
            observe(config.stage, "dead_lettered", time.perf_counter() - started)
            return
        except _REDIS_DOWN as error:
            excused[entry] = excused.get(entry, 0) + 1
            await msg.nack()  # nothing is sent: the entry stays pending for the reclaimer
            log.warning(
                "Redis unreachable while handling %s (%s): left pending for retry",
                msg.message_id,
                type(error).__name__,
            )
            observe(config.stage, "failed", time.perf_counter() - started)
            return
        except Exception as error:  # the edge: any bug becomes a retry, then a dead letter
            if not reclaimed:
                attempts = max(1, await msg.get_delivery_count() - excused.get(entry, 0))
            if attempts >= config.max_attempts:
                excused.pop(entry, None)
                await dead_letter(msg, reason_of(error), attempts)
                observe(config.stage, "dead_lettered", time.perf_counter() - started)
            else:
                await msg.nack()  # nothing is sent: the entry stays pending for the reclaimer
                observe(config.stage, "failed", time.perf_counter() - started)
                log.warning(
                    "attempt %d/%d failed on %s: %s",
                    attempts,
                    config.max_attempts,
                    msg.message_id,
                    reason_of(error),
                    exc_info=error,
                    extra={"stage": config.stage, "entry_id": msg.message_id, "attempts": attempts},
                )
            return
        await msg.ack()
        excused.pop(entry, None)
        elapsed = time.perf_counter() - started
        observe(config.stage, "processed", elapsed)
        article = article_id_of(result)
        log.info(
            "%s %s in %.0f ms",
            "passed on" if result is not None else "consumed",
            article or delivery.entry_id,
            elapsed * 1000,
            extra={"stage": config.stage, "article_id": article, "entry_id": delivery.entry_id},
        )

    common: dict[str, Any] = dict(
        group=group, consumer=config.consumer, polling_interval=config.poll_ms
    )

    concurrent: dict[str, Any] = (
        {"max_workers": config.concurrency} if config.concurrency > 1 else {}
    )

    @broker.subscriber(
        stream=StreamSub(source, max_records=config.batch_size, **common),
        ack_policy=AckPolicy.MANUAL,
        title=f"{config.stage}:reader",
        **concurrent,
    )
    async def read(msg: RedisStreamMessage) -> None:
        await process(msg, reclaimed=False)

    @broker.subscriber(
        stream=StreamSub(source, min_idle_time=config.reclaim_idle_ms, **common),
        ack_policy=AckPolicy.MANUAL,
        title=f"{config.stage}:reclaimer",
        **concurrent,  # a stage that batches (entities, archive) batches what it reclaims too
    )
    async def reclaim(msg: RedisStreamMessage) -> None:
        await process(msg, reclaimed=True)
