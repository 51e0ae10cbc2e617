"""Recomputes the hot aggregates from the archive and the retained `articles.enriched` stream,
then swaps them in.

A rebuild fills a fresh generation (`g<N>`, in every shard) with the latest version of every
archived article of the hot window (oldest first), then with the stream's entries (which may
hold articles not archived yet; an older version than the archive's is stale by its publish
time and changes nothing). Then it points each shard at the new generation (`T:cur`, one SET
per shard: the shard's script reads its own pointer, in its own slot, so a part is applied to
whichever generation its shard names at that moment), replays the entries that arrived
meanwhile (applying is idempotent, so entries a live worker applied too count once), and
deletes the old generation, shard by shard.

Without an archive, articles trimmed from the stream are not in the rebuilt aggregates.
"""

import asyncio
import time
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import orjson
import redis.asyncio as aioredis
from pydantic import ValidationError

from services.aggregate.store_layout import hot_start
from services.aggregate.store_redis import RedisAggregateStore, apply_many
from services.aggregate.store_redis_client import DEFAULT_PREFIX, delete_matching, glob_escape
from services.runtime.broker import make_redis
from services.runtime.envelope import entry_body
from shared.errors import InvalidArticle
from shared.messages import PUBLISHED_MS_HEADER
from shared.records import ArticleRecord
from shared.streams import ENRICHED

LOCK_SECONDS = 3600


class RebuildRunning(RuntimeError):
    """Another rebuild holds the lock."""


@dataclass(frozen=True)
class RebuildReport:
    generation: str
    previous: str
    entries: int
    applied: int
    undecodable: int
    caught_up: int
    seconds: float
    archived: int = 0  # articles read from the archive


def decode_entry(
    entry_id: str, fields: dict[bytes, bytes]
) -> tuple[ArticleRecord, int, int | None]:
    """(record, entry time ms, published ms) of one stream entry: a FastStream envelope or plain
    fields (`data` holding the JSON, or the record's own fields). Raises InvalidArticle."""
    body, headers = entry_body(fields)
    try:
        payload = orjson.loads(body)
        if (
            isinstance(payload, dict)
            and set(payload) == {"data"}
            and isinstance(payload["data"], str)
        ):
            payload = orjson.loads(payload["data"])
        record = ArticleRecord.model_validate(payload)
    except (orjson.JSONDecodeError, ValidationError) as error:
        raise InvalidArticle(f"entry {entry_id} is not an enriched record: {error}") from None
    published = str(headers.get(PUBLISHED_MS_HEADER) or "")
    entry_ms = int(entry_id.split("-")[0])
    return record, entry_ms, int(published) if published.isdigit() else None


async def _replay(
    raw: aioredis.Redis, store: RedisAggregateStore, stream: str, start: str, page: int
) -> tuple[int, int, int, str | None]:
    """(entries, applied, undecodable, last id) after replaying `stream` from `start`."""
    entries = applied = bad = 0
    last: str | None = None
    while True:
        batch = await raw.xrange(stream, min=start, max="+", count=page)
        if not batch:
            return entries, applied, bad, last
        items = []
        for entry_id, fields in batch:
            try:
                items.append(decode_entry(entry_id.decode(), fields))
            except InvalidArticle:
                bad += 1
        applied += sum(u.applied for u in await apply_many(store, items))
        entries += len(batch)
        last = batch[-1][0].decode()
        start = "(" + last


#: archived records from a day on, in lists of (record, published ms, article time ms): what
#: `services.archive.query.ArchiveQuery.records` gives
History = Callable[[date | None], Iterable[list[tuple[ArticleRecord, int, int]]]]


async def _delete_generation(
    client: aioredis.Redis, store: RedisAggregateStore, gens: list[str]
) -> None:
    for k, tag in enumerate(store.tags):
        await delete_matching(client, f"{glob_escape(tag)}:{gens[k]}:*")


async def rebuild(
    redis_url: str,
    *,
    prefix: str = DEFAULT_PREFIX,
    stream: str = ENRICHED,
    page: int = 200,
    hot_days: int | None = None,
    history: History | None = None,
) -> RebuildReport:
    started = time.perf_counter()
    raw = make_redis(redis_url)  # bytes: FastStream envelopes are binary
    client = make_redis(redis_url, decode_responses=True)
    lock, token = f"{prefix}:rebuild-lock", uuid.uuid4().hex
    archived = 0
    try:
        if not await client.set(lock, token, nx=True, ex=LOCK_SECONDS):
            raise RebuildRunning(f"another rebuild is running (lock {lock})")
        try:
            live = RedisAggregateStore(client, prefix=prefix, hot_days=hot_days)
            previous = await live._generations()
            generation = f"g{await client.incr(f'{prefix}:generations')}"
            builder = RedisAggregateStore(
                client, prefix=prefix, generation=generation, hot_days=hot_days
            )
            await _delete_generation(client, builder, [generation] * builder.shards)
            if history is not None:
                since = hot_start(builder._today(), hot_days)
                batches = iter(history(since))
                while batch := await asyncio.to_thread(next, batches, None):
                    items = [(record, ts_ms, published) for record, published, ts_ms in batch]
                    archived += sum(u.applied for u in await apply_many(builder, items))
            entries, applied, bad, last = await _replay(raw, builder, stream, "-", page)
            for k in range(builder.shards):
                await client.set(builder.pointer(k), generation)
            more, more_applied, more_bad, _ = await _replay(
                raw, builder, stream, "(" + last if last else "-", page
            )
            await _delete_generation(client, builder, previous)
        finally:
            if await client.get(lock) == token:
                await client.delete(lock)
    finally:
        await raw.aclose()
        await client.aclose()
    return RebuildReport(
        generation=generation,
        previous=",".join(sorted(set(previous))),
        entries=entries + more,
        applied=applied + more_applied,
        undecodable=bad + more_bad,
        caught_up=more,
        seconds=round(time.perf_counter() - started, 3),
        archived=archived,
    )
