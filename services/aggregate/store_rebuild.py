"""Recomputes the aggregates from the retained `articles.enriched` stream, then swaps them in.

A rebuild fills a fresh generation (`<prefix>:g<N>:*`) from the stream, points
`<prefix>:current` at it (one SET: queries and workers move over at once, the Lua script reads
the pointer atomically), replays the entries that arrived meanwhile (applying is idempotent, so
entries a live worker applied too count once), then deletes the old generation.

Articles trimmed from the stream (MAXLEN) are not in the rebuilt aggregates.
"""

import time
import uuid
from dataclasses import dataclass

import orjson
import redis.asyncio as aioredis
from pydantic import ValidationError

from services.aggregate.store_redis import RedisAggregateStore, apply_many
from services.aggregate.store_redis_client import DEFAULT_PREFIX, current_pointer, delete_prefix
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


async def rebuild(
    redis_url: str, *, prefix: str = DEFAULT_PREFIX, stream: str = ENRICHED, page: int = 200
) -> RebuildReport:
    started = time.perf_counter()
    raw = aioredis.from_url(redis_url)  # bytes: FastStream envelopes are binary
    client = aioredis.from_url(redis_url, decode_responses=True)
    lock, token = f"{prefix}:rebuild-lock", uuid.uuid4().hex
    try:
        if not await client.set(lock, token, nx=True, ex=LOCK_SECONDS):
            raise RebuildRunning(f"another rebuild is running (lock {lock})")
        try:
            previous = await client.get(current_pointer(prefix)) or "g0"
            generation = f"g{await client.incr(f'{prefix}:generations')}"
            builder = RedisAggregateStore(client, prefix=prefix, generation=generation)
            await delete_prefix(client, f"{prefix}:{generation}")  # leftovers of a crashed run
            entries, applied, bad, last = await _replay(raw, builder, stream, "-", page)
            await client.set(current_pointer(prefix), generation)
            more, more_applied, more_bad, _ = await _replay(
                raw, builder, stream, "(" + last if last else "-", page
            )
            await delete_prefix(client, f"{prefix}:{previous}")
        finally:
            if await client.get(lock) == token:
                await client.delete(lock)
    finally:
        await raw.aclose()
        await client.aclose()
    return RebuildReport(
        generation=generation,
        previous=previous,
        entries=entries + more,
        applied=applied + more_applied,
        undecodable=bad + more_bad,
        caught_up=more,
        seconds=round(time.perf_counter() - started, 3),
    )
