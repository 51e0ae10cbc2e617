"""The broker and the Redis client a process talks through: the one module that knows the
wire is Redis Streams, and whether that Redis is one node or a Redis Cluster (`cluster.py`
decides; every command gets its clients here, so none has a cluster path of its own).

On a cluster the broker is FastStream's `RedisClusterBroker` and the client redis-py's
`RedisCluster`: both route each command to the node that owns its key's slot, follow
`MOVED`/`ASK` redirections and re-read the slot map after a failover. The commands newsflow
sends touch one stream or one hash-tagged group of keys each (see `docs/redis-cluster.md`),
so they are valid on a cluster as they are.
"""

import asyncio
import logging
import os
import socket
from typing import Any, cast

from faststream.redis import RedisBroker, RedisClusterBroker
from redis.asyncio import Redis
from redis.asyncio.cluster import ClusterNode, RedisCluster

from services.runtime.cluster import is_cluster, split_nodes
from services.runtime.redis_url import redact

#: graceful stop: an in-flight handler (one long article) gets this long to finish
GRACEFUL_TIMEOUT_S = 20.0


def consumer_name() -> str:
    """Unique per process, so a restarted worker never inherits a dead one's name."""
    return f"{socket.gethostname()}-{os.getpid()}"


def make_broker(url: str, *, logger: logging.Logger | None = None) -> RedisBroker:
    options: dict[str, Any] = dict(
        graceful_timeout=GRACEFUL_TIMEOUT_S,
        specification_url=redact(url),
        logger=logger or logging.getLogger("newsflow.broker"),
        log_level=logging.DEBUG,  # per-message lines: the stage logs one per article instead
        health_check_interval=10,
        socket_keepalive=True,
    )
    if is_cluster(url):
        nodes = split_nodes(url)
        return RedisClusterBroker(nodes.url, startup_nodes=nodes.others, **options)
    return RedisBroker(url, **options)


def make_redis(url: str, **options: Any) -> Redis:
    """A client on `url` (bytes replies unless `decode_responses=True` is passed). On a cluster
    it is a `RedisCluster`, typed as `Redis`: it answers every command newsflow sends (each
    names its keys, which sit in one slot), routed to the node that owns them."""
    options = {"health_check_interval": 10, "socket_keepalive": True, **options}
    if is_cluster(url):
        nodes = split_nodes(url)
        startup = [ClusterNode(host, port) for host, port in nodes.others]
        return cast(Redis, RedisCluster.from_url(nodes.url, startup_nodes=startup, **options))
    return Redis.from_url(url, **options)


def make_sync_redis(url: str, **options: Any) -> Any:
    """The blocking client on `url` (the bench's checks, tests): a `redis.cluster.RedisCluster`
    on a cluster, else a `redis.Redis`."""
    import redis
    import redis.cluster

    if is_cluster(url):
        nodes = split_nodes(url)
        startup = [redis.cluster.ClusterNode(host, port) for host, port in nodes.others]
        return redis.cluster.RedisCluster.from_url(nodes.url, startup_nodes=startup, **options)
    return redis.Redis.from_url(url, **options)


async def on_each_primary(redis: Redis, command: str, *args: Any) -> list[Any]:
    """`command`'s reply from every primary (one reply on a single node): for the server-wide
    figures (`info`, `client_list`, `dbsize`) that a cluster client would otherwise ask of one
    node only."""
    if not isinstance(redis, RedisCluster):
        return [await getattr(redis, command)(*args)]
    await redis.initialize()
    nodes = redis.get_primaries()
    return list(
        await asyncio.gather(*(getattr(redis, command)(*args, target_nodes=node) for node in nodes))
    )
