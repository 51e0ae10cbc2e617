"""The aggregate store in a process's memory: for tests and demos (one process, no Redis).

Same contract as `store_redis` (tests/integration/aggregate run both); kept deliberately plain:
dicts of counters, mirroring the Redis keys.
"""

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from services.aggregate import quote_feed
from services.aggregate.rollup import Contribution, contribution, effective_version
from services.aggregate.store import (
    QUOTES_IN_FEED,
    QUOTES_PER_SPEAKER,
    UnknownSpeaker,
    ranked,
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

_ALL = "*"


def _bump(counter: Counter[str], key: str, by: int) -> None:
    counter[key] += by
    if counter[key] <= 0:
        del counter[key]


def _top_name(names: Counter[str]) -> str:
    return max(names.items(), key=lambda item: (item[1], item[0]))[0] if names else ""


@dataclass
class _Applied:
    version: str
    published_ms: int | None
    share: Contribution
    record: ArticleRecord
    superseded: set[str] = field(default_factory=set)


class MemoryAggregateStore:
    def __init__(
        self, *, quotes_per_speaker: int = QUOTES_PER_SPEAKER, quotes_in_feed: int = QUOTES_IN_FEED
    ) -> None:
        self._quotes_per_speaker, self._quotes_in_feed = quotes_per_speaker, quotes_in_feed
        self._articles: dict[str, _Applied] = {}
        self._top: defaultdict[tuple[str, str, str, str], Counter[str]] = defaultdict(Counter)
        self._days: dict[str, int] = {}
        self._entity: defaultdict[str, Counter[str]] = defaultdict(Counter)  # articles, mentions
        self._type: dict[str, str] = {}
        self._names: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._aliases: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._entity_days: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._entity_days_m: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._entity_sources: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._co: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._speaker_quotes: Counter[str] = Counter()
        self._speaker_articles: Counter[str] = Counter()
        self._speaker_names: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self._by_name: dict[str, str] = {}
        self._feeds: defaultdict[str, list[str]] = defaultdict(list)  # ascending
        self._totals: Counter[str] = Counter()
        self._sources: defaultdict[str, Counter[str]] = defaultdict(Counter)

    async def ping(self) -> bool:
        return True

    async def apply(
        self, record: ArticleRecord, *, now_ms: int, published_ms: int | None = None
    ) -> AggregatesUpdated:
        version = effective_version(record)
        seen = self._articles.get(record.id)
        if seen is not None and (
            seen.version == version or self._stale(seen, version, published_ms)
        ):
            return AggregatesUpdated(
                article_id=record.id,
                version=version,
                applied=False,
                published_ms=published_ms or 0,
                applied_ms=now_ms,
            )
        share = contribution(record, fallback_ms=now_ms)
        ids = {e.id for e in share.entities}
        speakers = {s.id for s in share.speakers}
        superseded: set[str] = set()
        if seen is not None:
            self._add(seen.share, -1)
            ids |= {e.id for e in seen.share.entities}
            speakers |= {s.id for s in seen.share.speakers}
            superseded = seen.superseded | {seen.version}
        self._add(share, 1)
        self._articles[record.id] = _Applied(version, published_ms, share, record, superseded)
        return AggregatesUpdated(
            article_id=record.id,
            version=version,
            applied=True,
            replaced=seen is not None,
            entity_ids=sorted(ids),
            speaker_ids=sorted(speakers),
            published_ms=published_ms or 0,
            applied_ms=now_ms,
        )

    @staticmethod
    def _stale(seen: _Applied, version: str, published_ms: int | None) -> bool:
        if published_ms is not None and seen.published_ms is not None:
            return published_ms < seen.published_ms
        return version in seen.superseded

    def _add(self, c: Contribution, s: int) -> None:
        sources = [_ALL] + ([f"={c.source}"] if c.source else [])
        _bump(self._totals, "articles", s)
        _bump(self._totals, "mentions", s * c.mentions)
        _bump(self._totals, "quotes", s * c.quotes)
        if s > 0:
            self._days[c.day] = c.day_number
        for e in c.entities:
            dimensions = [
                (t, d, src) for t in (_ALL, e.type) for d in (_ALL, c.day) for src in sources
            ]
            for dims in dimensions:
                _bump(self._top[("a", *dims)], e.id, s)
                _bump(self._top[("m", *dims)], e.id, s * e.mentions)
            _bump(self._entity[e.id], "articles", s)
            _bump(self._entity[e.id], "mentions", s * e.mentions)
            if s > 0:
                self._type[e.id] = e.type
            _bump(self._names[e.id], e.name, s)
            for alias in e.aliases:
                _bump(self._aliases[e.id], alias, s)
            _bump(self._entity_days[e.id], c.day, s)
            _bump(self._entity_days_m[e.id], c.day, s * e.mentions)
            if c.source:
                _bump(self._entity_sources[e.id], c.source, s)
        for a, b in c.pairs:
            _bump(self._co[a], b, s)
            _bump(self._co[b], a, s)
        for sp in c.speakers:
            _bump(self._speaker_quotes, sp.id, s * sp.quotes)
            _bump(self._speaker_articles, sp.id, s)
            _bump(self._speaker_names[sp.id], sp.name, s)
            if s > 0:
                self._by_name[sp.name_key] = sp.id
        for speaker_id, entry in c.feed:
            self._feed_update(self._feeds[speaker_id], entry, s, self._quotes_per_speaker)
            self._feed_update(self._feeds[_ALL], entry, s, self._quotes_in_feed)
        if c.source:
            _bump(self._sources[c.source], "articles", s)
            _bump(self._sources[c.source], "quotes", s * c.quotes)
            _bump(self._sources[c.source], "mentions", s * c.mentions)

    @staticmethod
    def _feed_update(feed: list[str], entry: str, s: int, bound: int) -> None:
        at = bisect.bisect_left(feed, entry)
        present = at < len(feed) and feed[at] == entry
        if s > 0 and not present:
            feed.insert(at, entry)
            del feed[: max(len(feed) - bound, 0)]
        elif s < 0 and present:
            del feed[at]

    # queries

    async def top_entities(
        self,
        *,
        type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        limit: int = 10,
    ) -> list[EntityCount]:
        t, src = type or _ALL, f"={source}" if source else _ALL
        if since is None and until is None:
            days = [_ALL]
        else:
            low = day_number(since) if since else -(10**9)
            high = day_number(until) if until else 10**9
            days = [d for d, n in self._days.items() if low <= n <= high]
        articles: Counter[str] = Counter()
        mentions: Counter[str] = Counter()
        for d in days:
            articles.update(self._top[("a", t, d, src)])
            mentions.update(self._top[("m", t, d, src)])
        return [
            EntityCount(
                id=i, name=_top_name(self._names[i]), type=self._type[i], mentions=m, articles=a
            )
            for i, a, m in ranked(dict(articles), dict(mentions), limit)
        ]

    async def entity(self, entity_id: str, *, co_limit: int = 20) -> EntityDetail | None:
        counts = self._entity.get(entity_id)
        if not counts:
            return None
        days = sorted(self._entity_days[entity_id])
        return EntityDetail(
            id=entity_id,
            name=_top_name(self._names[entity_id]),
            type=self._type[entity_id],
            mentions=counts["mentions"],
            articles=counts["articles"],
            aliases=[
                a
                for a, _ in sorted(self._aliases[entity_id].items(), key=lambda kv: (-kv[1], kv[0]))
            ][:50],
            first_seen=days[0] if days else None,
            last_seen=days[-1] if days else None,
            days=[
                DayCount(
                    day=d,
                    articles=self._entity_days[entity_id][d],
                    mentions=self._entity_days_m[entity_id][d],
                )
                for d in days
            ],
            sources=[
                SourceCount(source=s, articles=n)
                for s, n, _ in ranked(dict(self._entity_sources[entity_id]), {}, 50)
            ],
            co_mentions=[
                CoMention(id=o, name=_top_name(self._names[o]), type=self._type[o], articles=n)
                for o, n, _ in ranked(dict(self._co[entity_id]), {}, co_limit)
            ],
        )

    async def top_speakers(self, *, limit: int = 10) -> list[SpeakerCount]:
        return [
            SpeakerCount(id=i, name=_top_name(self._speaker_names[i]), quotes=q, articles=a)
            for i, q, a in ranked(dict(self._speaker_quotes), dict(self._speaker_articles), limit)
        ]

    def _speaker_id(self, speaker: str) -> str:
        if speaker in self._speaker_quotes:
            return speaker
        found = self._by_name.get(" ".join(speaker.casefold().split()))
        if found is None or found not in self._speaker_quotes:
            raise UnknownSpeaker(f"no speaker with id or name {speaker!r}")
        return found

    async def quotes(
        self, *, speaker: str | None = None, limit: int = 20, cursor: str | None = None
    ) -> QuotePage:
        below = quote_feed.cursor_key(cursor) if cursor else None
        feed = self._feeds[self._speaker_id(speaker) if speaker else _ALL]
        end = bisect.bisect_left(feed, below) if below is not None else len(feed)
        page = feed[max(end - limit - 1, 0) : end][::-1]
        more = len(page) > limit
        page = page[:limit]
        return QuotePage(
            quotes=[QuoteView.model_validate(quote_feed.entry_quote(e)) for e in page],
            next_cursor=quote_feed.cursor_after(page[-1]) if more else None,
        )

    async def article(self, article_id: str) -> ArticleRecord | None:
        applied = self._articles.get(article_id)
        return applied.record if applied else None

    async def sources(self, *, limit: int = 50) -> list[SourceTotals]:
        rows = {s: c["articles"] for s, c in self._sources.items() if c["articles"] > 0}
        return [
            SourceTotals(
                source=s,
                articles=a,
                quotes=self._sources[s]["quotes"],
                mentions=self._sources[s]["mentions"],
            )
            for s, a, _ in ranked(rows, {}, limit)
        ]

    async def totals(self) -> Totals:
        return Totals(
            articles=self._totals["articles"],
            quotes=self._totals["quotes"],
            mentions=self._totals["mentions"],
            entities=sum(1 for c in self._entity.values() if c["articles"] > 0),
            speakers=len(self._speaker_quotes),
        )
