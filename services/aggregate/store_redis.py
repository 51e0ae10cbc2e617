"""The aggregate store in Redis: one atomic script per article, shared by any number of workers.

`apply` runs `lua.APPLY`: it checks the article's applied version and adds the contribution,
subtracting the stored one of an earlier version first, all in one step; so at-least-once
delivery has an exactly-once effect. Key layout: see `services/aggregate/lua.py`. The scripts
compute keys from the prefix, so they need one Redis (not a cluster).
"""

import uuid
from collections.abc import Sequence
from datetime import date

import redis.asyncio as aioredis

from services.aggregate import lua, quote_feed
from services.aggregate.rollup import contribution, from_json, name_key
from services.aggregate.store import (
    QUOTES_IN_FEED,
    QUOTES_PER_SPEAKER,
    UnknownSpeaker,
    ranked,
)
from services.aggregate.store_redis_client import (
    DEFAULT_PREFIX,
    answering,
    current_pointer,
)
from services.aggregate.views import (
    CoMention,
    DayCount,
    EntityCount,
    EntityDetail,
    QuotePage,
    QuoteView,
    SourceCount,
    SourceTotals,
    SpeakerCount,
    Totals,
)
from shared.messages import AggregatesUpdated
from shared.records import ArticleRecord
from shared.timeline import day_number

#: members tied with the last of a top-N that are fetched to order ties exactly
TIE_CAP = 1000


def _ids(contrib_json: str) -> tuple[set[str], set[str]]:
    old = from_json(contrib_json)
    return {e[0] for e in old["ents"]}, {s[0] for s in old["spk"]}  # type: ignore[attr-defined]


class RedisAggregateStore:
    """`generation` pins the store to one generation (a rebuild writes a fresh one); by default
    it follows `<prefix>:current`."""

    def __init__(
        self,
        redis: aioredis.Redis,
        *,
        prefix: str = DEFAULT_PREFIX,
        generation: str | None = None,
        quotes_per_speaker: int = QUOTES_PER_SPEAKER,
        quotes_in_feed: int = QUOTES_IN_FEED,
    ) -> None:
        if not redis.connection_pool.connection_kwargs.get("decode_responses"):
            raise ValueError("RedisAggregateStore needs a client with decode_responses=True")
        self.redis, self.prefix, self.generation = redis, prefix, generation
        self._limits = (quotes_per_speaker, quotes_in_feed)
        self._apply = redis.register_script(lua.APPLY)
        self._top = redis.register_script(lua.TOP)

    async def ping(self) -> bool:
        try:
            return bool(await self.redis.ping())  # type: ignore[misc]
        except Exception:  # noqa: BLE001 - any failure means "not answering"
            return False

    def apply_args(self, record: ArticleRecord, now_ms: int, published_ms: int | None) -> list:
        share = contribution(record, fallback_ms=now_ms)
        return [
            self.prefix,
            self.generation or "",
            record.id,
            share.version,
            share.to_json(),
            record.model_dump_json(),
            "" if published_ms is None else str(published_ms),
            str(now_ms),
            *map(str, self._limits),
        ]

    async def apply(
        self, record: ArticleRecord, *, now_ms: int, published_ms: int | None = None
    ) -> AggregatesUpdated:
        args = self.apply_args(record, now_ms, published_ms)
        async with answering():
            reply = await self._apply(keys=[], args=args)
        return self.update_from(record, args, reply, now_ms, published_ms)

    @staticmethod
    def update_from(
        record: ArticleRecord, args: list, reply: list, now_ms: int, published_ms: int | None
    ) -> AggregatesUpdated:
        """The event for one script reply (`args` as `apply_args` built them)."""
        applied, replaced, old = int(reply[0]), int(reply[1]), reply[2]
        entity_ids: set[str] = set()
        speaker_ids: set[str] = set()
        if applied:
            entity_ids, speaker_ids = _ids(args[4])
            if replaced:
                old_entities, old_speakers = _ids(old)
                entity_ids |= old_entities
                speaker_ids |= old_speakers
        return AggregatesUpdated(
            article_id=record.id,
            version=args[3],
            applied=bool(applied),
            replaced=bool(replaced),
            entity_ids=sorted(entity_ids),
            speaker_ids=sorted(speaker_ids),
            published_ms=published_ms or 0,
            applied_ms=now_ms,
        )

    # queries

    async def _g(self) -> str:
        pointer = current_pointer(self.prefix)
        generation = self.generation or await self.redis.get(pointer) or "g0"
        return f"{self.prefix}:{generation}:"

    async def _ranked(
        self, g: str, primary: list[str], secondary: list[str], limit: int
    ) -> list[tuple[str, int, int]]:
        flat = await self._top(
            keys=[f"{g}tmp:{uuid.uuid4().hex}", *primary, *secondary],
            args=[len(primary), len(secondary), limit, TIE_CAP],
        )
        rows = {flat[i]: (float(flat[i + 1]), float(flat[i + 2])) for i in range(0, len(flat), 3)}
        return ranked({k: v[0] for k, v in rows.items()}, {k: v[1] for k, v in rows.items()}, limit)

    async def top_entities(
        self,
        *,
        type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        limit: int = 10,
    ) -> list[EntityCount]:
        t, src = type or "*", f"={source}" if source else "*"
        async with answering():
            g = await self._g()
            if since is None and until is None:
                days = ["*"]
            else:
                low = day_number(since) if since else "-inf"
                high = day_number(until) if until else "+inf"
                days = await self.redis.zrangebyscore(f"{g}days", low, high)
            rows = await self._ranked(
                g,
                [f"{g}top:a:{t}:{d}:{src}" for d in days],
                [f"{g}top:m:{t}:{d}:{src}" for d in days],
                limit,
            )
            pipe = self.redis.pipeline(transaction=False)
            for entity_id, _, _ in rows:
                pipe.hmget(f"{g}e:{entity_id}", ["name", "type"])
            meta = await pipe.execute()
        return [
            EntityCount(id=i, name=m[0] or "", type=m[1] or "", mentions=mentions, articles=a)
            for (i, a, mentions), m in zip(rows, meta, strict=True)
        ]

    async def entity(self, entity_id: str, *, co_limit: int = 20) -> EntityDetail | None:
        async with answering():
            g = await self._g()
            ek = f"{g}e:{entity_id}"
            pipe = self.redis.pipeline(transaction=False)
            pipe.hgetall(ek)
            pipe.zrange(f"{ek}:aliases", 0, -1, withscores=True)
            pipe.hgetall(f"{ek}:days")
            pipe.hgetall(f"{ek}:daysm")
            pipe.zrange(f"{ek}:src", 0, -1, withscores=True)
            head, aliases, days, days_m, sources = await pipe.execute()
            if not head or int(head.get("articles", 0)) <= 0:
                return None
            co = await self._ranked(g, [f"{ek}:co"], [], co_limit)
            pipe = self.redis.pipeline(transaction=False)
            for other, _, _ in co:
                pipe.hmget(f"{g}e:{other}", ["name", "type"])
            co_meta = await pipe.execute()
        ordered_days = sorted(days)
        return EntityDetail(
            id=entity_id,
            name=head.get("name", ""),
            type=head.get("type", ""),
            mentions=int(head.get("mentions", 0)),
            articles=int(head["articles"]),
            aliases=[a for a, _ in sorted(aliases, key=lambda kv: (-kv[1], kv[0]))][:50],
            first_seen=ordered_days[0] if ordered_days else None,
            last_seen=ordered_days[-1] if ordered_days else None,
            days=[
                DayCount(day=d, articles=int(days[d]), mentions=int(days_m.get(d, 0)))
                for d in ordered_days
            ],
            sources=[
                SourceCount(source=s, articles=n) for s, n, _ in ranked(dict(sources), {}, 50)
            ],
            co_mentions=[
                CoMention(id=o, name=m[0] or "", type=m[1] or "", articles=n)
                for (o, n, _), m in zip(co, co_meta, strict=True)
            ],
        )

    async def top_speakers(self, *, limit: int = 10) -> list[SpeakerCount]:
        async with answering():
            g = await self._g()
            rows = await self._ranked(g, [f"{g}spk:q"], [f"{g}spk:a"], limit)
            pipe = self.redis.pipeline(transaction=False)
            for speaker_id, _, _ in rows:
                pipe.zrevrange(f"{g}s:{speaker_id}:names", 0, 0)
            names = await pipe.execute()
        return [
            SpeakerCount(id=i, name=(n or [""])[0], quotes=q, articles=a)
            for (i, q, a), n in zip(rows, names, strict=True)
        ]

    async def _speaker_id(self, g: str, speaker: str) -> str:
        if await self.redis.zscore(f"{g}spk:q", speaker) is not None:
            return speaker
        found = await self.redis.hget(f"{g}spk:byname", name_key(speaker))  # type: ignore[misc]
        if found is None or await self.redis.zscore(f"{g}spk:q", found) is None:
            raise UnknownSpeaker(f"no speaker with id or name {speaker!r}")
        return str(found)

    async def quotes(
        self, *, speaker: str | None = None, limit: int = 20, cursor: str | None = None
    ) -> QuotePage:
        top = "(" + quote_feed.cursor_key(cursor) if cursor else "+"
        async with answering():
            g = await self._g()
            key = f"{g}s:{await self._speaker_id(g, speaker)}:q" if speaker else f"{g}q:all"
            page = await self.redis.zrevrangebylex(key, top, "-", start=0, num=limit + 1)
        more = len(page) > limit
        page = page[:limit]
        return QuotePage(
            quotes=[QuoteView.model_validate(quote_feed.entry_quote(e)) for e in page],
            next_cursor=quote_feed.cursor_after(page[-1]) if more else None,
        )

    async def article(self, article_id: str) -> ArticleRecord | None:
        async with answering():
            g = await self._g()
            data = await self.redis.hget(f"{g}a:{article_id}", "record")  # type: ignore[misc]
        return ArticleRecord.model_validate_json(data) if data else None

    async def sources(self, *, limit: int = 50) -> list[SourceTotals]:
        async with answering():
            g = await self._g()
            rows = await self._ranked(g, [f"{g}src:a"], [], limit)
            if not rows:
                return []
            names = [s for s, _, _ in rows]
            pipe = self.redis.pipeline(transaction=False)
            pipe.zmscore(f"{g}src:q", names)
            pipe.zmscore(f"{g}src:m", names)
            quotes, mentions = await pipe.execute()
        return [
            SourceTotals(source=s, articles=a, quotes=int(q or 0), mentions=int(m or 0))
            for (s, a, _), q, m in zip(rows, quotes, mentions, strict=True)
        ]

    async def totals(self) -> Totals:
        async with answering():
            g = await self._g()
            pipe = self.redis.pipeline(transaction=False)
            pipe.hgetall(f"{g}totals")
            pipe.zcard(f"{g}top:a:*:*:*")
            pipe.zcard(f"{g}spk:q")
            counts, entities, speakers = await pipe.execute()
        return Totals(
            articles=int(counts.get("articles", 0)),
            quotes=int(counts.get("quotes", 0)),
            mentions=int(counts.get("mentions", 0)),
            entities=entities,
            speakers=speakers,
        )


async def apply_many(
    store: RedisAggregateStore, items: Sequence[tuple[ArticleRecord, int, int | None]]
) -> list[AggregatesUpdated]:
    """Applies (record, now_ms, published_ms) items in one round trip; each is still its own
    atomic script, in order (what a rebuild and a backlog want)."""
    if not items:
        return []
    pipe = store.redis.pipeline(transaction=False)
    all_args = []
    for record, now_ms, published_ms in items:
        args = store.apply_args(record, now_ms, published_ms)
        all_args.append(args)
        await store._apply(keys=[], args=args, client=pipe)
    async with answering():
        replies = await pipe.execute()
    return [
        store.update_from(record, args, reply, now_ms, published_ms)
        for (record, now_ms, published_ms), args, reply in zip(
            items, all_args, replies, strict=True
        )
    ]
