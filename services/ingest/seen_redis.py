"""`SeenIndex` in Redis, shared by every ingest worker (rules: `services.ingest.seen`).

Keys, all under the `prefix` given to the constructor (put a hash tag in it, e.g.
`{newsflow:seen}`, to keep every key on one Redis Cluster node):

- `<prefix>:verdict:<version>:<id>`  the verdict for one article version (string)
- `<prefix>:root:<id>`               a first copy's MinHash signature (hex string)
- `<prefix>:exact:<digest>`          the root holding these exact words (string)
- `<prefix>:band:<band>:<bucket>`    the roots in one LSH bucket (set)

Atomicity: optimistic. Each check WATCHes the keys it reads (its verdict, root, exact and
bucket keys) and writes in MULTI/EXEC; a worker that raced another on the same story sees
EXEC fail because the other one just wrote a shared bucket, re-reads, and links to it.
"""

import redis.asyncio as redis  # noqa: TID251 (a store module: see pyproject per-file ignores)
from redis.exceptions import WatchError  # noqa: TID251

from services.ingest.dedup import NEW, Fingerprint, Verdict, bands, candidates_of, decide


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

    async def check_and_add(self, article_id: str, version: str, signature: Fingerprint) -> Verdict:
        verdict_key = f"{self._prefix}:verdict:{version}:{article_id}"
        root_key = self._root_key(article_id)
        exact_key = f"{self._prefix}:exact:{signature.exact}"
        bucket_keys = [f"{self._prefix}:band:{name}" for name in bands(signature.minhash)]
        for _ in range(self._retries):
            async with self._redis.pipeline(transaction=True) as pipe:
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
