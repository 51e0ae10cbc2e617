"""`SeenIndex` in Redis, shared by every ingest worker (rules: `services.ingest.seen`).

Keys, all under the `prefix` given to the constructor (the worker's is `SEEN_PREFIX`, a hash
tag: every key of the index sits in one Redis Cluster slot, as the WATCH/MULTI check below
needs, since it reads and writes buckets shared by many articles):

- `<prefix>:verdict:<version>:<id>`  the verdict for one article version (string)
- `<prefix>:root:<id>`               a first copy's MinHash signature (hex string)
- `<prefix>:exact:<digest>`          the root holding these exact words (string)
- `<prefix>:band:<band>:<bucket>`    the roots in one LSH bucket (set)

Atomicity: optimistic. Each check WATCHes the keys it reads (its verdict, root, exact and
bucket keys) and writes in MULTI/EXEC; a worker that raced another on the same story sees
EXEC fail because the other one just wrote a shared bucket, re-reads, and links to it.

On a Redis Cluster (a `RedisCluster` client) the WATCH/MULTI runs on a plain connection to
the primary that owns the prefix's slot (one node holds the whole index, see `SEEN_PREFIX`);
after a failover or a slot move that connection fails or answers MOVED, and the check asks
the cluster client where the slot is now and starts over.
"""

import redis.asyncio as redis  # noqa: TID251 (a store module: see pyproject per-file ignores)
from redis.asyncio.cluster import RedisCluster  # noqa: TID251
from redis.exceptions import (  # noqa: TID251
    ConnectionError,
    MovedError,
    ReadOnlyError,
    TimeoutError,
    WatchError,
)

from services.ingest.dedup import NEW, Fingerprint, Verdict, bands, candidates_of, decide

#: the ingest worker's prefix: one hash tag, so the whole index is one slot on a cluster (one
#: node holds it; its load is a few small keys per article)
SEEN_PREFIX = "{newsflow:seen}"


class SeenIndexBusy(RuntimeError):
    """Lost the optimistic race `max_retries` times in a row (a storm of one story)."""


class RedisSeenIndex:
    def __init__(
        self,
        client: redis.Redis,
        *,
        prefix: str,
        ttl_s: int | None = None,
        max_retries: int = 50,
    ) -> None:
        """`ttl_s`: forget articles after this long (a duplicate window); None keeps all."""
        self._redis, self._prefix, self._ttl, self._retries = client, prefix, ttl_s, max_retries
        self._node: redis.Redis | None = None

    async def _client(self, key: str) -> redis.Redis:
        """The client WATCH/MULTI runs on: the one given, or on a cluster a plain client on the
        primary owning `key`'s slot (redis-py's cluster pipeline runs transactions on helper
        threads and event loops of its own; a plain connection to the one node is simpler)."""
        if not isinstance(self._redis, RedisCluster):
            return self._redis
        if self._node is None:
            await self._redis.exists(key)  # routes (and refreshes the slot map after MOVED)
            node = self._redis.get_node_from_key(key)
            options = {k: v for k, v in node.connection_kwargs.items() if k != "driver_info"}
            self._node = redis.Redis(**options)
        return self._node

    async def _moved(self) -> None:
        if self._node is not None:
            await self._node.aclose()
        self._node = None

    async def aclose(self) -> None:
        await self._moved()

    async def check_and_add(self, article_id: str, version: str, signature: Fingerprint) -> Verdict:
        verdict_key = f"{self._prefix}:verdict:{version}:{article_id}"
        root_key = self._root_key(article_id)
        exact_key = f"{self._prefix}:exact:{signature.exact}"
        bucket_keys = [f"{self._prefix}:band:{name}" for name in bands(signature.minhash)]
        for attempt in range(self._retries):
            client = await self._client(verdict_key)
            async with client.pipeline(transaction=True) as pipe:
                try:
                    await pipe.watch(verdict_key, root_key, exact_key, *bucket_keys)
                    stored = await pipe.get(verdict_key)
                    if stored is not None:
                        return _decode(_text(stored))
                    if await pipe.exists(root_key):
                        verdict = NEW
                    else:
                        verdict = await self._decide(
                            pipe, article_id, signature, exact_key, bucket_keys
                        )
                    pipe.multi()
                    pipe.set(verdict_key, _encode(verdict), ex=self._ttl)
                    if verdict.kind == "new":
                        pipe.set(root_key, signature.minhash.hex(), ex=self._ttl)
                        pipe.set(exact_key, article_id, nx=True, ex=self._ttl)
                        for key in bucket_keys:
                            pipe.sadd(key, article_id)
                            if self._ttl:
                                pipe.expire(key, self._ttl)
                    await pipe.execute()
                    return verdict
                except WatchError:
                    continue
                except (MovedError, ReadOnlyError, ConnectionError, TimeoutError):
                    if client is self._redis or attempt == self._retries - 1:
                        raise
                    await self._moved()  # a failover or a moved slot: find the primary again
        raise SeenIndexBusy(f"gave up on {article_id!r} after {self._retries} write conflicts")

    async def _decide(
        self,
        pipe: "redis.client.Pipeline",
        article_id: str,
        signature: Fingerprint,
        exact_key: str,
        bucket_keys: list[str],
    ) -> Verdict:
        exact_of = await pipe.get(exact_key)
        members: set[bytes | str] = await pipe.sunion(bucket_keys) if bucket_keys else set()  # type: ignore[misc]
        candidates = sorted(candidates_of([map(_text, members)], excluding=article_id))
        stored = await pipe.mget([self._root_key(c) for c in candidates]) if candidates else []
        signatures = {
            root: bytes.fromhex(_text(value))
            for root, value in zip(candidates, stored, strict=True)
            if value is not None
        }
        exact_root = _text(exact_of) if exact_of is not None else None
        return decide(
            signature,
            exact_of=exact_root if exact_root != article_id else None,
            candidates=signatures,
        )

    def _root_key(self, article_id: str) -> str:
        return f"{self._prefix}:root:{article_id}"


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _encode(verdict: Verdict) -> str:
    return f"{verdict.kind}\t{verdict.of or ''}\t{verdict.similarity}"


def _decode(stored: str) -> Verdict:
    kind, of, similarity = stored.split("\t")
    if kind not in ("new", "duplicate", "near_duplicate"):
        raise ValueError(f"unknown verdict {kind!r} in the seen index")
    return Verdict(kind, of or None, float(similarity))  # type: ignore[arg-type]
