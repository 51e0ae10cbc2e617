"""Waiting for replicas before an entry is acknowledged (`NEWSFLOW_WAIT_REPLICAS`).

Redis replicates asynchronously: a primary that dies a moment after it accepted a stage's
output entry may take the entry with it, while the input entry was acknowledged already, so
the article would be lost at the failover. With `wait_replicas=N` a stage acknowledges its
input only once its output entry has reached N replicas (`WAIT N timeout`), so a replica
promoted in its place has it.

`WAIT` waits for the writes of *its own connection*, and the output entry is written on the
broker's. So this writes a small counter beside the output stream (`{<stream>}.replicated`,
the stream's slot: the same primary) on a connection of its own, then `WAIT`s there: the
primary applies writes in one order and replicas acknowledge offsets, so once the counter's
write is replicated the entry written before it is too. One connection per primary, shared
by a stage's concurrent handlers one after another.
"""

import asyncio
import weakref

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import MovedError, ReadOnlyError, RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from services.runtime.broker import make_redis


class ReplicasBehind(ConnectionError):
    """Fewer replicas than asked for confirmed a write in time (a `ConnectionError`: the entry
    stays pending and is retried, as when Redis does not answer)."""


def replicated_key(stream: str) -> str:
    """The counter written before each WAIT: hash-tagged with the stream's name, so it sits in
    the stream's slot (on the primary that holds the stream)."""
    return f"{{{stream}}}.replicated"


#: every waiter of the process, so that a worker closes their connections when it stops
_open: "weakref.WeakSet[ReplicaWait]" = weakref.WeakSet()


async def close_all() -> None:
    for waiter in list(_open):
        await waiter.aclose()


class ReplicaWait:
    def __init__(self, url: str, replicas: int, timeout_ms: int) -> None:
        self.url, self.replicas, self.timeout_ms = url, replicas, timeout_ms
        self._router: Redis | None = None
        self._nodes: dict[tuple[str, int], Redis] = {}
        self._locks: dict[tuple[str, int], asyncio.Lock] = {}
        _open.add(self)

    async def _node(self, key: str) -> tuple[tuple[str, int], Redis]:
        if self._router is None:
            self._router = make_redis(self.url)
        router = self._router
        if not isinstance(router, RedisCluster):
            return ("", 0), router
        await router.initialize()
        node = router.get_node_from_key(key)
        address = (node.host, node.port)
        if address not in self._nodes:
            options = {k: v for k, v in node.connection_kwargs.items() if k != "driver_info"}
            self._nodes[address] = Redis(**options, single_connection_client=True)
        return address, self._nodes[address]

    async def confirm(self, stream: str) -> int:
        """Returns once what was written to `stream` so far has reached `replicas` replicas;
        raises `ReplicasBehind` when fewer confirm within `timeout_ms`."""
        key = replicated_key(stream)
        address, client = await self._node(key)
        lock = self._locks.setdefault(address, asyncio.Lock())
        async with lock:
            try:
                if client is self._router:  # one node: a connection of our own for the pair
                    async with client.client() as own:
                        await own.incr(key)
                        confirmed = int(await own.wait(self.replicas, self.timeout_ms))
                else:
                    await client.incr(key)
                    confirmed = int(await client.wait(self.replicas, self.timeout_ms))
            except (RedisConnectionError, RedisTimeoutError, MovedError, ReadOnlyError):
                await self._forget(address)  # a failover or a moved slot: ask where it is now
                raise
        if confirmed < self.replicas:
            raise ReplicasBehind(
                f"{confirmed} of {self.replicas} replica(s) confirmed {stream} "
                f"within {self.timeout_ms} ms"
            )
        return confirmed

    async def _forget(self, address: tuple[str, int]) -> None:
        client = self._nodes.pop(address, None)
        if client is not None:
            await client.aclose()
        if isinstance(self._router, RedisCluster):
            try:
                await self._router.nodes_manager.initialize()
            except (RedisError, OSError):
                pass  # no node answers yet: the next confirm asks again

    async def aclose(self) -> None:
        nodes, router = list(self._nodes.values()), self._router
        self._nodes, self._router = {}, None
        for client in nodes:
            await client.aclose()
        if router is not None:
            await router.aclose()
