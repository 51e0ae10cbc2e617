"""The Redis client the aggregate store uses, its key prefix, and the housekeeping around it."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from redis.crc import key_slot
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from services.aggregate.store import StoreUnavailable
from services.runtime.broker import make_redis

DEFAULT_PREFIX = "newsflow:agg"


def connect(url: str) -> aioredis.Redis:
    """A client as this store needs it (str replies; a `RedisCluster` on a cluster, see
    `services.runtime.broker`). Connects lazily, on first use."""
    return make_redis(url, decode_responses=True, socket_timeout=5, socket_connect_timeout=2)


@asynccontextmanager
async def answering() -> AsyncIterator[None]:
    """Redis not answering becomes StoreUnavailable."""
    try:
        yield
    except (RedisConnectionError, RedisTimeoutError, OSError) as error:
        raise StoreUnavailable(f"Redis did not answer: {error}") from error


def glob_escape(text: str) -> str:
    """`text` matched literally by a SCAN pattern."""
    return "".join("\\" + c if c in "*?[]\\" else c for c in text)


async def _unlink_by_slot(redis: aioredis.Redis, keys: list[str | bytes]) -> int:
    """UNLINK `keys`, one command per cluster slot (a command may not span slots)."""
    by_slot: dict[int, list[str | bytes]] = {}
    for key in keys:
        by_slot.setdefault(key_slot(key.encode() if isinstance(key, str) else key), []).append(key)
    return sum([int(await redis.unlink(*group)) for group in by_slot.values()])


async def delete_matching(redis: aioredis.Redis, pattern: str, *, batch: int = 1000) -> int:
    """Deletes every key matching the SCAN `pattern` (UNLINK, in batches); returns how many."""
    deleted, keys = 0, list[str | bytes]()
    async for key in redis.scan_iter(match=pattern, count=batch):
        keys.append(key)
        if len(keys) >= batch:
            deleted += await _unlink_by_slot(redis, keys)
            keys = []
    if keys:
        deleted += await _unlink_by_slot(redis, keys)
    return deleted


async def delete_prefix(redis: aioredis.Redis, prefix: str, *, batch: int = 1000) -> int:
    """Deletes every key under `prefix:` and under the shard tags `{prefix:…}`."""
    plain = await delete_matching(redis, glob_escape(prefix) + ":*", batch=batch)
    return plain + await delete_matching(redis, "{" + glob_escape(prefix) + ":*", batch=batch)
