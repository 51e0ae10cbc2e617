"""The aggregate store in a process's memory: for tests and demos (one process, no Redis).

Same contract as `store_redis` (tests/integration/aggregate run both); kept deliberately plain:
dicts of counters per day, mirroring the Redis keys, and the same hot window (`hot_days`):
days older than it are neither counted nor answered. It also keeps each applied record
(`article`), which the Redis store leaves to the archive.
"""

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from services.aggregate import quote_feed
from services.aggregate.rollup import Contribution, contribution, effective_version
from services.aggregate.store import AmbiguousName, UnknownSpeaker, ranked
from services.aggregate.store_layout import hot_start
from services.aggregate.store_memory_browse import MemoryBrowser
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
from shared.counting import PAIR_ENTITIES
from shared.messages import AggregatesUpdated
from shared.records import ArticleRecord
from shared.textmatch import fold, surname

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
    share: Contribution | None  # None: not counted (outside the hot window)
    record: ArticleRecord
    superseded: set[str] = field(default_factory=set)


class MemoryAggregateStore:
    def __init__(
        self, *, hot_days: int | None = None, clock: Callable[[], int] | None = None
    ) -> None:
        self.hot_days = hot_days or None
        self.clock = clock or (lambda: int(datetime.now(tz=UTC).timestamp() * 1000))
        self._articles: dict[str, _Applied] = {}
        # (day, type or *, source or *) -> entity -> articles | mentions
        self._ent_a: defaultdict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
        self._ent_m: defaultdict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
        self._co: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)  # (id, day)
        self._type: dict[str, str] = {}
        # (entity, day) -> name | alias | source -> articles
        self._names: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self._aliases: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self._entity_sources: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        # (day, source or *) -> speaker -> quotes | articles
        self._spk_q: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self._spk_a: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self._speaker_names: defaultdict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self._speaker_seen: Counter[str] = Counter()  # speaker -> articles held
        self._by_name: dict[str, str] = {}
        self._by_surname: defaultdict[str, set[str]] = defaultdict(set)
        self._feeds: defaultdict[str, list[str]] = defaultdict(list)  # ascending
        self._totals: defaultdict[str, Counter[str]] = defaultdict(Counter)  # day -> counts

    async def ping(self) -> bool:
        return True

    def _today(self) -> date:
        return datetime.fromtimestamp(self.clock() / 1000, tz=UTC).date()

    def _hot(self, day: str) -> bool:
        start = hot_start(self._today(), self.hot_days)
        return start is None or day >= start.isoformat()

    async def apply(
        self, record: ArticleRecord, *, now_ms: int, published_ms: int | None = None
    ) -> AggregatesUpdated:
        version = effective_version(record)
        seen = self._articles.get(record.id)
        share = contribution(record, fallback_ms=now_ms)
        hot = self._hot(share.day)
        if (seen is None and not hot) or (
            seen is not None
            and (seen.version == version or self._stale(seen, version, published_ms))
        ):
            return AggregatesUpdated(
                article_id=record.id,
                version=version,
                applied=False,
                published_ms=published_ms or 0,
                applied_ms=now_ms,
            )
        ids: set[str] = set()
        speakers: set[str] = set()
        superseded: set[str] = set()
        if seen is not None:
            if seen.share is not None:
                self._add(seen.share, -1)
                ids |= {e.id for e in seen.share.entities}
                speakers |= {s.id for s in seen.share.speakers}
            superseded = seen.superseded | {seen.version}
        if hot:
            self._add(share, 1)
            ids |= {e.id for e in share.entities}
            speakers |= {s.id for s in share.speakers}
        self._articles[record.id] = _Applied(
            version, published_ms, share if hot else None, record, superseded
        )
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
        totals = self._totals[c.day]
        _bump(totals, "articles", s)
        _bump(totals, "mentions", s * c.mentions)
        _bump(totals, "quotes", s * c.quotes)
        if c.source:
            _bump(totals, f"a={c.source}", s)
            _bump(totals, f"m={c.source}", s * c.mentions)
            _bump(totals, f"q={c.source}", s * c.quotes)
        top = sorted(c.entities, key=lambda e: (-e.mentions, e.id))[:PAIR_ENTITIES]
        paired = {e.id for e in top} if len(top) > 1 else set()
        for e in c.entities:
            for t in (_ALL, e.type):
                for src in sources:
                    _bump(self._ent_a[(c.day, t, src)], e.id, s)
                    _bump(self._ent_m[(c.day, t, src)], e.id, s * e.mentions)
            if s > 0:
                self._type[e.id] = e.type
            _bump(self._names[(e.id, c.day)], e.name, s)
            for alias in e.aliases:
                _bump(self._aliases[(e.id, c.day)], alias, s)
            if c.source:
                _bump(self._entity_sources[(e.id, c.day)], c.source, s)
            if e.id in paired:
                for other in paired - {e.id}:
                    _bump(self._co[(e.id, c.day)], other, s)
        for sp in c.speakers:
            for src in sources:
                _bump(self._spk_q[(c.day, src)], sp.id, s * sp.quotes)
                _bump(self._spk_a[(c.day, src)], sp.id, s)
            _bump(self._speaker_names[(sp.id, c.day)], sp.name, s)
            _bump(self._speaker_seen, sp.id, s)
            if s > 0:
                self._by_name[sp.name_key] = sp.id
                self._by_surname[surname(sp.name)].add(sp.id)
        for speaker_id, entry in c.feed:
            self._feed_update(self._feeds[speaker_id], entry, s)
            self._feed_update(self._feeds[_ALL], entry, s)

    @staticmethod
    def _feed_update(feed: list[str], entry: str, s: int) -> None:
        at = bisect.bisect_left(feed, entry)
        present = at < len(feed) and feed[at] == entry
        if s > 0 and not present:
            feed.insert(at, entry)
        elif s < 0 and present:
            del feed[at]

    # queries

    def _days(self, since: date | None, until: date | None) -> list[str]:
        low = since.isoformat() if since else ""
        high = until.isoformat() if until else "~"
        return sorted(d for d in self._totals if low <= d <= high and self._hot(d))

    def _sum(self, table: dict, keys: list) -> Counter[str]:
        out: Counter[str] = Counter()
        for key in keys:
            if key in table:
                out.update(table[key])
        return out

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
        keys = [(d, t, src) for d in self._days(since, until)]
        articles, mentions = self._sum(self._ent_a, keys), self._sum(self._ent_m, keys)
        days = self._days(since, until)
        return [
            EntityCount(
                id=i,
                name=_top_name(self._sum(self._names, [(i, d) for d in days])),
                type=self._type[i],
                mentions=m,
                articles=a,
            )
            for i, a, m in ranked(dict(articles), dict(mentions), limit)
        ]

    async def entity(
        self,
        entity_id: str,
        *,
        since: date | None = None,
        until: date | None = None,
        co_limit: int = 20,
    ) -> EntityDetail | None:
        days = [
            (d, self._ent_a[(d, _ALL, _ALL)][entity_id], self._ent_m[(d, _ALL, _ALL)][entity_id])
            for d in self._days(since, until)
            if self._ent_a.get((d, _ALL, _ALL), Counter()).get(entity_id)
        ]
        if not days:
            return None
        co = self._sum(self._co, [(entity_id, d) for d, _, _ in days])
        held = [(entity_id, d) for d, _, _ in days]
        window = self._days(since, until)
        aliases = self._sum(self._aliases, held)
        return EntityDetail(
            id=entity_id,
            name=_top_name(self._sum(self._names, held)),
            type=self._type[entity_id],
            mentions=sum(m for _, _, m in days),
            articles=sum(a for _, a, _ in days),
            aliases=[a for a, _ in sorted(aliases.items(), key=lambda kv: (-kv[1], kv[0]))][:50],
            first_seen=days[0][0],
            last_seen=days[-1][0],
            days=[DayCount(day=d, articles=a, mentions=m) for d, a, m in days],
            sources=[
                SourceCount(source=s, articles=n)
                for s, n, _ in ranked(dict(self._sum(self._entity_sources, held)), {}, 50)
            ],
            co_mentions=[
                CoMention(
                    id=o,
                    name=_top_name(self._sum(self._names, [(o, d) for d in window])),
                    type=self._type[o],
                    articles=n,
                )
                for o, n, _ in ranked(dict(co), {}, co_limit)
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
        src = f"={source}" if source else _ALL
        keys = [(d, src) for d in self._days(since, until)]
        quotes, articles = self._sum(self._spk_q, keys), self._sum(self._spk_a, keys)
        days = self._days(since, until)
        return [
            SpeakerCount(
                id=i,
                name=_top_name(self._sum(self._speaker_names, [(i, d) for d in days])),
                quotes=q,
                articles=a,
            )
            for i, q, a in ranked(dict(quotes), dict(articles), limit)
        ]

    def _speaker_id(self, speaker: str) -> str:
        if self._speaker_seen.get(speaker):
            return speaker
        found = self._by_name.get(" ".join(speaker.casefold().split()))
        if found is not None and self._speaker_seen.get(found):
            return found
        key = fold(speaker)
        if " " in key or not key:
            raise UnknownSpeaker(f"no speaker with id, name or surname {speaker!r}")
        held = sorted(
            (i, _top_name(self._sum(self._speaker_names, [(i, d) for d in self._days(None, None)])))
            for i in self._by_surname.get(key, set())
            if self._speaker_seen.get(i)
        )
        if len(held) == 1:
            return held[0][0]
        if held:
            raise AmbiguousName(speaker, held)
        raise UnknownSpeaker(f"no speaker with id, name or surname {speaker!r}")

    def held(
        self, since: date | None, until: date | None, source: str | None
    ) -> list[tuple[ArticleRecord, Contribution]]:
        """The counted records (their latest versions) in a window, from one source or any."""
        days = set(self._days(since, until))
        return [
            (a.record, a.share)
            for a in self._articles.values()
            if a.share is not None
            and a.share.day in days
            and (source is None or a.share.source == source)
        ]

    async def entity_of_source(
        self,
        entity_id: str,
        *,
        since: date | None = None,
        until: date | None = None,
        source: str,
        co_limit: int = 20,
    ) -> EntityDetail | None:
        """`entity` counting the articles of one source only (aliases and co-mentions too)."""
        narrow = MemoryAggregateStore(hot_days=self.hot_days, clock=self.clock)
        for record, share in self.held(since, until, source):
            await narrow.apply(record, now_ms=share.ts_ms)
        return await narrow.entity(entity_id, since=since, until=until, co_limit=co_limit)

    @property
    def browser(self) -> MemoryBrowser:
        """Article lists, search and filtered quotes over the records held."""
        return MemoryBrowser(self.held)

    async def quotes(
        self,
        *,
        speaker: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> QuotePage:
        def ms(day: date) -> str:
            midnight = datetime(day.year, day.month, day.day, tzinfo=UTC)
            return f"{int(midnight.timestamp() * 1000):013d}"

        start = hot_start(self._today(), self.hot_days)
        low = max(ms(since) if since else "", ms(start) if start else "")
        highs = [quote_feed.cursor_key(cursor)] if cursor else []
        if until:
            highs.append(ms(until + timedelta(days=1)))
        feed = self._feeds[self._speaker_id(speaker) if speaker else _ALL]
        end = bisect.bisect_left(feed, min(highs)) if highs else len(feed)
        page = [e for e in feed[max(end - limit - 1, 0) : end][::-1] if e >= low]
        more = len(page) > limit
        page = page[:limit]
        return QuotePage(
            quotes=[QuoteView.model_validate(quote_feed.entry_quote(e)) for e in page],
            next_cursor=quote_feed.cursor_after(page[-1]) if more else None,
        )

    async def article(self, article_id: str) -> ArticleRecord | None:
        applied = self._articles.get(article_id)
        return applied.record if applied else None

    async def sources(
        self, *, since: date | None = None, until: date | None = None, limit: int = 50
    ) -> list[SourceTotals]:
        totals = self._sum(self._totals, self._days(since, until))
        counts = {k[2:]: v for k, v in totals.items() if k.startswith("a=")}
        return [
            SourceTotals(source=s, articles=a, quotes=totals[f"q={s}"], mentions=totals[f"m={s}"])
            for s, a, _ in ranked(counts, {}, limit)
        ]

    async def totals(
        self, *, since: date | None = None, until: date | None = None, source: str | None = None
    ) -> Totals:
        days = self._days(since, until)
        totals = self._sum(self._totals, days)
        src = f"={source}" if source else _ALL
        entities = self._sum(self._ent_a, [(d, _ALL, src) for d in days])
        speakers = self._sum(self._spk_a, [(d, src) for d in days])
        a, q, m = (f"{k}={source}" for k in "aqm") if source else ("articles", "quotes", "mentions")
        return Totals(
            articles=totals[a],
            quotes=totals[q],
            mentions=totals[m],
            entities=len(entities),
            speakers=len(speakers),
        )
