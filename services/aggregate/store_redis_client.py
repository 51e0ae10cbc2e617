"""The Redis client the aggregate store uses, its key prefix, and the housekeeping around it."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import redis.asyncio as aioredis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from services.aggregate.store import StoreUnavailable

DEFAULT_PREFIX = "newsflow:agg"


def connect(url: str) -> aioredis.Redis:
    """A client as this store needs it (str replies). Connects lazily, on first use."""
    return aioredis.from_url(url, decode_responses=True, socket_timeout=5, socket_connect_timeout=2)


def current_pointer(prefix: str) -> str:
    """The key naming the live generation."""
    return f"{prefix}:current"


@asynccontextmanager
async def answering() -> AsyncIterator[None]:
    """Redis not answering becomes StoreUnavailable."""
    try:
        yield
    except (RedisConnectionError, RedisTimeoutError, OSError) as error:
        raise StoreUnavailable(f"Redis did not answer: {error}") from error


async def delete_prefix(redis: aioredis.Redis, prefix: str, *, batch: int = 1000) -> int:
    """Deletes every key under `prefix:` (UNLINK, in batches); returns how many."""
    pattern = "".join("\\" + c if c in "*?[]\\" else c for c in prefix) + ":*"
    deleted, keys = 0, []
    async for key in redis.scan_iter(match=pattern, count=batch):
        keys.append(key)
        if len(keys) >= batch:
            deleted += await redis.unlink(*keys)
            keys = []
    if keys:
        deleted += await redis.unlink(*keys)
    return deleted
