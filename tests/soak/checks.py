"""What the soak checks once the pipeline has drained: every published id enriched and archived
once, the stored aggregates equal a recount of the enriched records, nothing pending, and the
dead-letter streams holding exactly the poison the soak injected, once per stage that reads the
poisoned stream."""

import asyncio
from dataclasses import dataclass

import orjson
from redis import Redis

from services.aggregate.store_memory import MemoryAggregateStore
from services.aggregate.store_redis import RedisAggregateStore
from services.aggregate.store_redis_client import connect
from services.archive.query import ArchiveQuery, Window
from services.runtime.envelope import entry_body
from shared.records import ArticleRecord
from shared.streams import ENRICHED, INPUT_OF, dlq

INPUTS = tuple(dict.fromkeys(INPUT_OF.values()))  # each stream once (two stages read enriched)


def enriched_ids(redis: Redis) -> set[str]:
    ids = set()
    for _id, fields in redis.xrange(ENRICHED):
        try:
            ids.add(str(orjson.loads(entry_body(fields)[0])["id"]))
        except (orjson.JSONDecodeError, KeyError, TypeError):
            pass  # poison the soak put on this stream
    return ids


def pending(redis: Redis) -> int:
    return sum(
        int(group["pending"])
        for stream in INPUTS
        if redis.exists(stream)
        for group in redis.xinfo_groups(stream)
    )


def dead_letters(redis: Redis) -> dict[str, list[str]]:
    """`stage -> message ids` it dead-lettered (from its input's dead-letter stream)."""
    found: dict[str, list[str]] = {stage: [] for stage in INPUT_OF}
    for stream in INPUTS:
        for _id, fields in redis.xrange(dlq(stream)):
            letter = orjson.loads(entry_body(fields)[0])
            found[str(letter["stage"])].append(str(letter["message_id"]))
    return found


def archived(folder: str) -> tuple[int, set[str]]:
    """(rows, distinct ids) of the archive's `articles` table as a query sees it (the latest
    version of each article): every id once means rows == len(ids)."""
    query = ArchiveQuery(folder)
    try:
        selected = query.export("articles", Window(None, None, None))
        if selected is None:
            return 0, set()
        ids = query.arrow(*selected).column("id").to_pylist()
    finally:
        query.close()
    return len(ids), {str(i) for i in ids}


@dataclass(frozen=True)
class Recount:
    stored: dict[str, object]
    recounted: dict[str, object]

    @property
    def equal(self) -> bool:
        return self.stored == self.recounted


async def _figures(store: MemoryAggregateStore | RedisAggregateStore) -> dict[str, object]:
    totals = await store.totals()
    entities = await store.top_entities(limit=25)
    speakers = await store.top_speakers(limit=25)
    return {
        "totals": totals.model_dump(),
        "entities": [(e.id, e.articles, e.mentions) for e in entities],
        "speakers": [(s.id, s.quotes, s.articles) for s in speakers],
    }


async def _recount(url: str, entries: list[tuple[bytes, dict[bytes, bytes]]]) -> Recount:
    memory = MemoryAggregateStore()
    for entry_id, fields in entries:
        try:
            record = ArticleRecord.model_validate_json(entry_body(fields)[0])
        except ValueError:
            continue  # poison
        await memory.apply(record, now_ms=int(entry_id.split(b"-")[0]))
    client = connect(url)
    try:
        stored = await _figures(RedisAggregateStore(client))
    finally:
        await client.aclose()
    return Recount(stored=stored, recounted=await _figures(memory))


def recount(redis: Redis, url: str) -> Recount:
    """The aggregates as stored, and as recounted from `articles.enriched` in memory (the
    same rules, the in-memory store): totals, the top 25 entities and speakers."""
    return asyncio.run(_recount(url, redis.xrange(ENRICHED)))
