"""Each stage's wiring on FastStream's in-memory broker (`TestRedisBroker`): the stage's own
`create_app`, its handler, the retry and dead-letter policy of `services.runtime.stage`, and what
goes out on which stream, in a fraction of a second and without Redis (the settings point at a
port where nothing answers, so any Redis call fails the test).

What only a real Redis shows (consumer groups, reclaiming after a crash, redelivery counts) is
tested in `tests/e2e`. The in-memory broker delivers each message once and has no entry ids;
`EntryIds` gives each delivery one, as Redis would."""

import itertools
import time
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import orjson
import pytest
from faststream import BaseMiddleware, FastStream
from faststream.redis import RedisBroker, TestRedisBroker
from faststream.redis.annotations import RedisStreamMessage
from prometheus_client import REGISTRY
from pydantic import SecretStr

from services.runtime.public import plain_headers
from shared.messages import PUBLISHED_MS_HEADER
from shared.schema import DATA_FIELD
from shared.settings import Settings
from shared.streams import INPUT_OF, OUTPUT_OF, dlq

#: nothing listens here: a stage that reached for Redis would fail the test
NO_REDIS = "redis://127.0.0.1:9/0"


class EntryIds(BaseMiddleware):
    """Gives each in-memory stream delivery an entry id `<ms>-<seq>`, as Redis does."""

    sequence = itertools.count()

    async def on_receive(self) -> None:
        if isinstance(self.msg, dict) and self.msg.get("type") == "stream":
            if not self.msg.get("message_ids"):
                entry = f"{int(time.time() * 1000)}-{next(self.sequence)}"
                self.msg["message_ids"] = [entry.encode()]


class Sent:
    """What a stage sent while wired: its output stream's and its dead-letter stream's messages
    (JSON bodies) and their headers."""

    def __init__(self, broker: RedisBroker, stage: str) -> None:
        self.broker, self.stage = broker, stage
        self.output: list[dict[str, Any]] = []
        self.headers: list[dict[str, Any]] = []
        self.dead: list[dict[str, Any]] = []

        @broker.subscriber(stream=OUTPUT_OF[stage], title="test:output")
        async def on_output(msg: RedisStreamMessage) -> None:
            self.output.append(orjson.loads(msg.body))
            self.headers.append(dict(msg.headers))

        @broker.subscriber(stream=dlq(INPUT_OF[stage]), title="test:dead-letters")
        async def on_dead_letter(msg: RedisStreamMessage) -> None:
            self.dead.append(orjson.loads(msg.body))

    async def send(self, message: Any, *, published_ms: int | None = None) -> None:
        """Publish `message` on the stage's input stream and wait until it is handled."""
        headers = {PUBLISHED_MS_HEADER: str(published_ms)} if published_ms is not None else None
        await self.broker.publish(message, stream=INPUT_OF[self.stage], headers=headers)


def plain_streams_in_memory(broker: RedisBroker) -> None:
    """Lets the in-memory broker carry the public streams' plain entries too.

    `services.runtime.public.PlainPublisher` XADDs on the broker's own Redis client, which the
    in-memory broker replaces with a mock; this gives that mock an `xadd` that hands the entry's
    `data` to the in-memory broker, with its timing as the header an envelope would carry, so
    the subscribers of a public stream (a test's, or the next stage) receive it."""
    client = broker.config.broker_config.connection.client

    async def xadd(name: str, fields: dict[Any, bytes], maxlen: int | None = None) -> bytes:
        raw = {k.encode() if isinstance(k, str) else k: v for k, v in fields.items()}
        headers = plain_headers(raw) or None
        await broker.publish(orjson.loads(raw[DATA_FIELD.encode()]), stream=name, headers=headers)
        return f"{int(time.time() * 1000)}-{next(EntryIds.sequence)}".encode()

    client.xadd = xadd


@asynccontextmanager
async def wired(app: FastStream, stage: str) -> AsyncIterator[Sent]:
    """`app` (a stage's `create_app(...)`) running on the in-memory broker."""
    assert app.broker is not None
    broker: RedisBroker = app.broker  # type: ignore[assignment]
    broker.add_middleware(EntryIds)
    sent = Sent(broker, stage)
    async with TestRedisBroker(broker):
        plain_streams_in_memory(broker)
        yield sent


@pytest.fixture
def wire() -> Callable[[FastStream, str], AbstractAsyncContextManager[Sent]]:
    return wired


@pytest.fixture
def settings() -> Settings:
    """A stage's settings for the wiring tests: no Redis, no metrics port."""
    return Settings(redis_url=SecretStr(NO_REDIS), metrics_port=0, max_attempts=3)


def counted(name: str, **labels: str) -> float:
    """The current value of a sample in the process's Prometheus registry (0 when absent)."""
    return REGISTRY.get_sample_value(name, labels) or 0.0


@pytest.fixture
def count() -> Callable[..., float]:
    return counted
