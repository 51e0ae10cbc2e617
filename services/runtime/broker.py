"""The broker and the Redis client a process talks through: the one module that knows the
wire is Redis Streams (a Kafka or Redis Cluster deployment swaps this module)."""

import logging
import os
import socket

from faststream.redis import RedisBroker
from redis.asyncio import Redis

from services.runtime.redis_url import redact

#: graceful stop: an in-flight handler (one long article) gets this long to finish
GRACEFUL_TIMEOUT_S = 20.0


def consumer_name() -> str:
    """Unique per process, so a restarted worker never inherits a dead one's name."""
    return f"{socket.gethostname()}-{os.getpid()}"


def make_broker(url: str, *, logger: logging.Logger | None = None) -> RedisBroker:
    return RedisBroker(
        url,
        graceful_timeout=GRACEFUL_TIMEOUT_S,
        specification_url=redact(url),
        logger=logger or logging.getLogger("newsflow.broker"),
        log_level=logging.DEBUG,  # per-message lines: the stage logs one per article instead
        health_check_interval=10,
        socket_keepalive=True,
    )


def make_redis(url: str) -> Redis:
    return Redis.from_url(url, health_check_interval=10, socket_keepalive=True)
