"""The aggregate store in Redis: the hot window's aggregates, sharded, correct on Redis Cluster.

**Layout** (details in `lua.py` and `store_layout.py`): `SHARDS` shards, each one hash tag, so
each shard sits in one cluster slot; an entity's, a speaker's and an article's data each live
in exactly one shard (the shard of its id). Day-bucketed keys expire when their day leaves
the hot window (`hot_days`); nothing is kept per article but the exactly-once marker (the
archive holds the records), and it expires with what it guards.

**What is atomic.** An article is applied as one part per shard, each by one script that
touches that shard's slot only: the part checks the shard's marker for the article (same
version: no-op; a stale version: no-op; another version: its stored part is subtracted) and
adds the part, all at once. So each per-shard apply is idempotent on its own. The parts of one
article are sent in one round trip but are *not* one transaction: after a crash between two of
them, or while they are in flight, a reader may see the article counted in some shards and not
yet in others (an entity counted, its quote not yet). Redelivery makes it whole: the worker
acks only after every part succeeded, so a crashed apply is delivered again, the parts already
applied are no-ops and the missing ones apply.

**Reads** never run a multi-key command across slots: a top-N is taken per shard (a union of
that shard's day sets, inside one script) and merged in Python, which is exact because each
entity's counts live in one shard; totals are summed over shards.

**Beside the aggregates** (the whole layout, with what is atomic: `docs/redis-cluster.md`):
each stream is one key, so one slot, with its groups and its `{<stream>}.trimmed` counter; the
ingest stage's duplicate index is one hash tag (`{newsflow:seen}`, one slot: its WATCH/MULTI
check needs that); `rebuild`'s lock and generation counter are plain keys, one command each.

**Generations** (for `rebuild`): each shard names its live generation in its own key
(`T:cur`), read by the script in the same slot. A rebuild fills a fresh generation and moves
the shards' pointers one by one; see `store_rebuild.py`.
"""

import time
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.cluster import RedisCluster
from redis.commands.core import AsyncScript
from redis.exceptions import NoScriptError

from services.aggregate import lua, quote_feed
from services.aggregate.rollup import contribution, from_json, name_key
from services.aggregate.store import AmbiguousName, UnknownSpeaker, ranked
from services.aggregate.store_layout import (
    SHARDS,
    SURNAME,
    M,
    expiry_s,
    hot_start,
    part_json,
    parts,
    shard_of,
    shard_tags,
    surname_field,
)
from services.aggregate.store_redis_client import DEFAULT_PREFIX, answering
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
from shared.textmatch import fold
from shared.timeline import day_number

#: members tied with the last of a top-N that are fetched to order ties exactly
TIE_CAP = 1000
_SEP = "\x1f"


def _split(score: Any) -> tuple[int, int]:
    value = int(float(score))
    return value // M, value % M


def _counts(fields: dict[str, str], kind: str, days: set[str] | None = None) -> dict[str, int]:
    """`kind\x1f<day>\x1fname -> n` fields of a hash as {name: n}, summed over `days` (all
    when None); `kind\x1fname` fields (no day) as they are."""
    head = kind + _SEP
    out: dict[str, int] = {}
    for key, value in fields.items():
        if not key.startswith(head):
            continue
        rest = key[len(head) :]
        day, sep, name = rest.partition(_SEP)
        if not sep:
            day, name = "", rest
        elif days is not None and day not in days:
            continue
        out[name] = out.get(name, 0) + int(value)
    return out


def _best(counts: dict[str, int]) -> str:
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0] if counts else ""


def _glob_escape(text: str) -> str:
    """`text` as a literal in a Redis MATCH pattern."""
    return "".join("\\" + ch if ch in "*?[]\\" else ch for ch in text)


def _ms(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)


class RedisAggregateStore:
    """`generation` pins the store to one generation (a rebuild writes a fresh one); by default
    each shard follows its own pointer. `hot_days` bounds what is kept (None: everything);
    `clock` gives the time in ms (tests move it)."""

    def __init__(
        self,
        redis: aioredis.Redis,
        *,
        prefix: str = DEFAULT_PREFIX,
        generation: str | None = None,
        hot_days: int | None = None,
        shards: int = SHARDS,
        clock: Callable[[], int] = lambda: int(time.time() * 1000),
    ) -> None:
        if not redis.get_encoder().decode_responses:
            raise ValueError("RedisAggregateStore needs a client with decode_responses=True")
        self.redis, self.prefix, self.generation = redis, prefix, generation
        self.hot_days, self.shards, self.clock = hot_days or None, shards, clock
        self.tags = shard_tags(prefix, shards)
        self.cluster = isinstance(redis, RedisCluster)
        self._loaded = False
        self._apply = redis.register_script(lua.APPLY)
        self._top = redis.register_script(lua.TOP)
        self._count = redis.register_script(lua.COUNT)

    async def ping(self) -> bool:
        try:
            return bool(await self.redis.ping())  # type: ignore[misc]
        except Exception:  # noqa: BLE001 - any failure means "not answering"
            return False

    def pointer(self, k: int) -> str:
        """The key naming shard k's live generation."""
        return f"{self.tags[k]}:cur"

    def _today(self) -> date:
        return datetime.fromtimestamp(self.clock() / 1000, tz=UTC).date()

    # applying

    def apply_args(
        self, record: ArticleRecord, now_ms: int, published_ms: int | None
    ) -> list[tuple[int, list[str]]]:
        """(shard, script arguments) for each part of `record`."""
        share = contribution(record, fallback_ms=now_ms)
        expires = expiry_s(date.fromisoformat(share.day), self.hot_days)
        start = hot_start(self._today(), self.hot_days)
        cut = f"{_ms(start):013d}" if start else ""
        cutdn = str(day_number(start)) if start else ""
        cutday = start.isoformat() if start else ""
        now_s = str(self.clock() // 1000)
        pms = "" if published_ms is None else str(published_ms)
        out = []
        for k, part in enumerate(parts(share, self.shards)):
            args = [
                self.tags[k],
                self.generation or "",
                record.id,
                share.version,
                pms,
                part_json(part, share, expires, stored=False),
                part_json(part, share, expires, stored=True),
                now_s,
                cut,
                cutdn,
                cutday,
            ]
            out.append((k, args))
        return out

    async def apply(
        self, record: ArticleRecord, *, now_ms: int, published_ms: int | None = None
    ) -> AggregatesUpdated:
        (update,) = await apply_many(self, [(record, now_ms, published_ms)])
        return update

    @staticmethod
    def update_from(
        record: ArticleRecord,
        calls: list[tuple[int, list[str]]],
        replies: list[list],
        now_ms: int,
        published_ms: int | None,
    ) -> AggregatesUpdated:
        """The event for one article's part replies (`calls` as `apply_args` built them)."""
        entity_ids: set[str] = set()
        speaker_ids: set[str] = set()
        applied = replaced = False
        for (_, args), reply in zip(calls, replies, strict=True):
            if not int(reply[0]):
                continue
            applied = True
            for stored in (args[6], reply[2] if int(reply[1]) else ""):
                if stored and stored != "{}":
                    part = from_json(stored)
                    entity_ids.update(e[0] for e in part.get("ents") or [])  # type: ignore[attr-defined]
                    speaker_ids.update(s[0] for s in part.get("spk") or [])  # type: ignore[attr-defined]
            replaced = replaced or bool(int(reply[1]))
        return AggregatesUpdated(
            article_id=record.id,
            version=calls[0][1][3],
            applied=applied,
            replaced=replaced,
            entity_ids=sorted(entity_ids),
            speaker_ids=sorted(speaker_ids),
            published_ms=published_ms or 0,
            applied_ms=now_ms,
        )

    # reading

    async def _generations(self) -> list[str]:
        if self.generation:
            return [self.generation] * self.shards
        found = await self.many([("get", (self.pointer(k),), {}) for k in range(self.shards)])
        return [g or "g0" for g in found]

    async def _days(self, since: date | None, until: date | None) -> list[tuple[str, list[str]]]:
        """(G prefix, days this shard holds in the window) per shard."""
        gens = await self._generations()
        low = day_number(since) if since else "-inf"
        high = day_number(until) if until else "+inf"
        prefixes = [f"{self.tags[k]}:{gens[k]}:" for k in range(self.shards)]
        found = await self.many([("zrangebyscore", (f"{g}days", low, high), {}) for g in prefixes])
        start = hot_start(self._today(), self.hot_days)
        keep = (lambda d: d >= start.isoformat()) if start else (lambda d: True)
        return [(g, [d for d in days if keep(d)]) for g, days in zip(prefixes, found, strict=True)]

    async def many(self, commands: list[tuple[str, tuple, dict[str, Any]]]) -> list:
        """Runs (command, args, kwargs) in one round trip: a pipeline (on a cluster, redis-py's
        cluster pipeline sends each node its commands, the nodes at once)."""
        if self.cluster:
            await self.redis.initialize()  # once, first: concurrent first uses leak connections
        pipe = self.redis.pipeline(transaction=False)
        for name, args, kwargs in commands:
            getattr(pipe, name)(*args, **kwargs)
        return list(await pipe.execute())

    async def run_scripts(self, calls: list[tuple[AsyncScript, list[str], list[Any]]]) -> list:
        """Runs (script, keys, args) calls in one round trip: a pipeline. Each call is its own
        atomic script in its keys' slot. On a cluster the scripts are loaded on every primary
        first and sent as EVALSHA (redis-py's cluster pipeline takes no script objects), each
        node its own at once; a node that never saw them (a replica promoted by a failover:
        Redis 7 does not replicate SCRIPT LOAD) answers NOSCRIPT, and the calls are sent again
        with the scripts' text (EVAL, which caches them there; each part is idempotent)."""
        if not self.cluster:
            pipe = self.redis.pipeline(transaction=False)
            for script, keys, args in calls:
                await script(keys=keys, args=args, client=pipe)
            return list(await pipe.execute())
        await self.redis.initialize()
        if not self._loaded:
            for script in (self._apply, self._top, self._count):
                await self.redis.script_load(script.script)
            self._loaded = True
        try:
            return await self._pipelined("EVALSHA", calls)
        except NoScriptError:
            return await self._pipelined("EVAL", calls)

    async def _pipelined(
        self, verb: str, calls: list[tuple[AsyncScript, list[str], list[Any]]]
    ) -> list:
        pipe = self.redis.pipeline(transaction=False)
        for script, keys, args in calls:
            body = script.sha if verb == "EVALSHA" else script.script
            pipe.execute_command(verb, body, len(keys), *keys, *args)
        return list(await pipe.execute())

    async def _top_over(self, keys_per_shard: list[tuple[str, list[str]]], limit: int) -> dict:
        """{member: score} of every shard's top `limit` (with ties) over its keys."""
        calls = [
            (self._top, [f"{g}tmp:{uuid.uuid4().hex}", *keys], [limit, TIE_CAP])
            for g, keys in keys_per_shard
            if keys
        ]
        merged: dict[str, float] = {}
        for flat in await self.run_scripts(calls):
            for i in range(0, len(flat), 2):
                merged[flat[i]] = float(flat[i + 1])
        return merged

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
            shards = await self._days(since, until)
            scores = await self._top_over(
                [(g, [f"{g}e:{d}:{t}:{src}" for d in days]) for g, days in shards], limit
            )
            rows = ranked(
                {i: _split(s)[0] for i, s in scores.items()},
                {i: _split(s)[1] for i, s in scores.items()},
                limit,
            )
            heads = await self._heads("ent", [i for i, _, _ in rows])
        window = {d for _, days in shards for d in days}
        return [
            EntityCount(
                id=i,
                name=_best(_counts(h, "n", window)),
                type=h.get("t", ""),
                mentions=m,
                articles=a,
            )
            for (i, a, m), h in zip(rows, heads, strict=True)
        ]

    async def _heads(self, kind: str, ids: list[str]) -> list[dict[str, str]]:
        gens = await self._generations()
        keys = [(i, shard_of(i, self.shards)) for i in ids]
        return await self.many(
            [("hgetall", (f"{self.tags[k]}:{gens[k]}:{kind}:{i}",), {}) for i, k in keys]
        )

    async def entity(
        self,
        entity_id: str,
        *,
        since: date | None = None,
        until: date | None = None,
        co_limit: int = 20,
    ) -> EntityDetail | None:
        k = shard_of(entity_id, self.shards)
        async with answering():
            shards = await self._days(since, until)
            g, days = shards[k]
            everywhere = {d for _, held in shards for d in held}
            *scores, head = await self.many(
                [("zscore", (f"{g}e:{d}:*:*", entity_id), {}) for d in days]
                + [("hgetall", (f"{g}ent:{entity_id}",), {})]
            )
            per_day = [(d, _split(s)) for d, s in zip(days, scores, strict=True) if s]
            if not per_day:
                return None
            co_scores = await self._top_over(
                [(g, [f"{g}co:{entity_id}:{d}" for d, _ in per_day])], co_limit
            )
            co = ranked({i: int(s) for i, s in co_scores.items()}, {}, co_limit)
            co_heads = await self._heads("ent", [o for o, _, _ in co])
        per_day.sort()
        window = {d for d, _ in per_day}
        aliases = _counts(head, "a", window)
        return EntityDetail(
            id=entity_id,
            name=_best(_counts(head, "n", window)),
            type=head.get("t", ""),
            mentions=sum(m for _, (_, m) in per_day),
            articles=sum(a for _, (a, _) in per_day),
            aliases=[a for a, _ in sorted(aliases.items(), key=lambda kv: (-kv[1], kv[0]))][:50],
            first_seen=per_day[0][0],
            last_seen=per_day[-1][0],
            days=[DayCount(day=d, articles=a, mentions=m) for d, (a, m) in per_day],
            sources=[
                SourceCount(source=s, articles=n)
                for s, n, _ in ranked(_counts(head, "s", window), {}, 50)
            ],
            co_mentions=[
                CoMention(
                    id=o, name=_best(_counts(h, "n", everywhere)), type=h.get("t", ""), articles=n
                )
                for (o, n, _), h in zip(co, co_heads, strict=True)
            ],
        )

    async def top_speakers(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        limit: int = 10,
    ) -> list[SpeakerCount]:
        src = f"={source}" if source else "*"
        async with answering():
            shards = await self._days(since, until)
            scores = await self._top_over(
                [(g, [f"{g}sp:{d}:{src}" for d in days]) for g, days in shards], limit
            )
            rows = ranked(
                {i: _split(s)[0] for i, s in scores.items()},
                {i: _split(s)[1] for i, s in scores.items()},
                limit,
            )
            heads = await self._heads("spk", [i for i, _, _ in rows])
        window = {d for _, days in shards for d in days}
        return [
            SpeakerCount(id=i, name=_best(_counts(h, "n", window)), quotes=q, articles=a)
            for (i, q, a), h in zip(rows, heads, strict=True)
        ]

    async def _speaker_id(self, speaker: str) -> str:
        gens = await self._generations()
        k = shard_of(speaker, self.shards)
        if await self.redis.exists(f"{self.tags[k]}:{gens[k]}:spk:{speaker}"):
            return speaker
        key = name_key(speaker)
        g, days = (await self._days(None, None))[shard_of(key, self.shards)]
        for found in await self.many([("hget", (f"{g}bn:{d}", key), {}) for d in reversed(days)]):
            if found is None:
                continue
            ks = shard_of(found, self.shards)
            if await self.redis.exists(f"{self.tags[ks]}:{gens[ks]}:spk:{found}"):
                return str(found)
        return await self._speaker_by_surname(speaker, gens)

    async def _speaker_by_surname(self, speaker: str, gens: list[str]) -> str:
        """The one speaker held whose surname `speaker` is (AmbiguousName for several)."""
        last = fold(speaker)
        if not last or " " in last:
            raise UnknownSpeaker(f"no speaker with id, name or surname {speaker!r}")
        g, days = (await self._days(None, None))[shard_of(SURNAME + last, self.shards)]
        pattern = surname_field(_glob_escape(last), "*")
        ids: set[str] = set()
        for d in days:
            async for field, _ in self.redis.hscan_iter(f"{g}bn:{d}", match=pattern, count=500):
                ids.add(field.split("\x1f", 1)[1])
        ordered = sorted(ids)
        heads = await self._heads("spk", ordered)
        held = [(i, _best(_counts(h, "n"))) for i, h in zip(ordered, heads, strict=True) if h]
        if len(held) == 1:
            return held[0][0]
        if held:
            raise AmbiguousName(speaker, held)
        raise UnknownSpeaker(f"no speaker with id, name or surname {speaker!r}")

    async def quotes(
        self,
        *,
        speaker: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> QuotePage:
        bounds = ["+"]
        if cursor:
            bounds.append("(" + quote_feed.cursor_key(cursor))
        if until:
            bounds.append(f"({_ms(until + timedelta(days=1)):013d}")
        top = min(bounds[1:]) if len(bounds) > 1 else "+"
        start = hot_start(self._today(), self.hot_days)
        first = max(d for d in (since, start) if d) if since or start else None
        bottom = f"[{_ms(first):013d}" if first else "-"
        async with answering():
            gens = await self._generations()
            if speaker:
                found = await self._speaker_id(speaker)
                k = shard_of(found, self.shards)
                keys = [f"{self.tags[k]}:{gens[k]}:q:{found}"]
            else:
                keys = [f"{self.tags[k]}:{gens[k]}:q:*" for k in range(self.shards)]
            pages = await self.many(
                [("zrevrangebylex", (k, top, bottom), {"start": 0, "num": limit + 1}) for k in keys]
            )
            page = sorted((e for p in pages for e in p), reverse=True)[: limit + 1]
            more = len(page) > limit
            page = page[:limit]
            if not speaker:  # the all-quotes feed holds "<key>|<speaker>": the quote is there
                page = await self._entries(page, gens)
        return QuotePage(
            quotes=[QuoteView.model_validate(quote_feed.entry_quote(e)) for e in page],
            next_cursor=quote_feed.cursor_after(page[-1]) if more else None,
        )

    async def _entries(self, refs: list[str], gens: list[str]) -> list[str]:
        """The speaker-feed entries that `<sort key>|<speaker>` references point to."""
        commands = []
        for ref in refs:
            key, speaker = ref.rsplit("|", 1)
            k = shard_of(speaker, self.shards)
            feed = f"{self.tags[k]}:{gens[k]}:q:{speaker}"
            commands.append(
                ("zrangebylex", (feed, f"[{key}|", f"[{key}|\xff"), {"start": 0, "num": 1})
            )
        found = await self.many(commands)
        return [entries[0] for entries in found if entries]

    async def _totals_by_day(self, since: date | None, until: date | None) -> list[dict[str, str]]:
        shards = await self._days(since, until)
        return await self.many(
            [("hgetall", (f"{g}tot:{d}",), {}) for g, days in shards for d in days]
        )

    async def sources(
        self, *, since: date | None = None, until: date | None = None, limit: int = 50
    ) -> list[SourceTotals]:
        async with answering():
            hashes = await self._totals_by_day(since, until)
        sums: dict[str, dict[str, int]] = {"a": {}, "q": {}, "m": {}}
        for h in hashes:
            for kind, counts in sums.items():
                for s, n in _counts(h, kind).items():
                    counts[s] = counts.get(s, 0) + n
        return [
            SourceTotals(
                source=s, articles=a, quotes=sums["q"].get(s, 0), mentions=sums["m"].get(s, 0)
            )
            for s, a, _ in ranked(sums["a"], {}, limit)
        ]

    async def totals(
        self, *, since: date | None = None, until: date | None = None, source: str | None = None
    ) -> Totals:
        src = f"={source}" if source else "*"
        async with answering():
            hashes = await self._totals_by_day(since, until)
            shards = await self._days(since, until)
            calls: list[tuple[AsyncScript, list[str], list[Any]]] = []
            for g, days in shards:
                for kind in ("e", "sp"):
                    keys = [f"{g}{kind}:{d}:" + ("*:" if kind == "e" else "") + src for d in days]
                    calls.append((self._count, [f"{g}tmp:{uuid.uuid4().hex}", *keys], []))
            counted = await self.run_scripts(calls)
        if source:
            fields = [f"{k}{_SEP}{source}" for k in "aqm"]
        else:
            fields = ["articles", "quotes", "mentions"]
        return Totals(
            articles=sum(int(h.get(fields[0], 0)) for h in hashes),
            quotes=sum(int(h.get(fields[1], 0)) for h in hashes),
            mentions=sum(int(h.get(fields[2], 0)) for h in hashes),
            entities=sum(int(n) for n in counted[0::2]),
            speakers=sum(int(n) for n in counted[1::2]),
        )


async def apply_many(
    store: RedisAggregateStore, items: Sequence[tuple[ArticleRecord, int, int | None]]
) -> list[AggregatesUpdated]:
    """Applies (record, now_ms, published_ms) items in one round trip (per node); each part is
    its own atomic script, in order (what a rebuild and a backlog want)."""
    if not items:
        return []
    all_calls = [
        store.apply_args(record, now_ms, published_ms) for record, now_ms, published_ms in items
    ]
    async with answering():
        replies = await store.run_scripts(
            [(store._apply, [store.pointer(k)], args) for calls in all_calls for k, args in calls]
        )
    out, at = [], 0
    for (record, now_ms, published_ms), calls in zip(items, all_calls, strict=True):
        out.append(
            store.update_from(record, calls, replies[at : at + len(calls)], now_ms, published_ms)
        )
        at += len(calls)
    return out
