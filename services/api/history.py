"""The query API's store: Redis for windows inside the hot window, the archive for the rest.

A query whose window starts before the hot window (`NEWSFLOW_HOT_DAYS` days back from today,
by article date), or has no start at all, is answered from the archive with DuckDB; one that
lies inside it, from Redis. The answers have the same shape either way. Without an archive (no
archive folder yet, or none configured) every query goes to Redis, which holds the hot window
only. `GET /articles/{id}` reads the archive (Redis keeps no records); an article is there
once its batch is written (`NEWSFLOW_ARCHIVE_FLUSH_S`).
"""

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, Protocol

from services.aggregate import quote_feed
from services.aggregate.store import AggregateStore, UnknownSpeaker
from services.aggregate.store_layout import hot_start
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
from services.archive.query import ArchiveQuery, Window
from shared.records import ArticleRecord


class QueryStore(AggregateStore, Protocol):
    """What the API reads: the aggregates, and records by id."""

    async def article(self, article_id: str) -> ArticleRecord | None: ...


def _span(text: Any, start: Any, end: Any) -> dict | None:
    return None if start is None else {"text": text or "", "start": start, "end": end}


class WindowedStore:
    def __init__(
        self,
        hot: AggregateStore,
        archive: ArchiveQuery | None,
        *,
        hot_days: int | None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.hot, self.archive, self.hot_days, self.clock = hot, archive, hot_days or None, clock

    def _history(self, since: date | None) -> ArchiveQuery | None:
        """The archive when the window reaches outside the hot window (and there is one)."""
        if self.archive is None or self.hot_days is None:
            return None
        start = hot_start(datetime.fromtimestamp(self.clock(), tz=UTC).date(), self.hot_days)
        if since is not None and start is not None and since >= start:
            return None
        return self.archive if self.archive.available() else None

    async def ping(self) -> bool:
        return await self.hot.ping()

    async def apply(self, *args: Any, **kwargs: Any) -> Any:
        return await self.hot.apply(*args, **kwargs)

    async def top_entities(
        self,
        *,
        type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        limit: int = 10,
    ) -> list[EntityCount]:
        archive = self._history(since)
        if archive is None:
            return await self.hot.top_entities(
                type=type, since=since, until=until, source=source, limit=limit
            )
        rows = await asyncio.to_thread(
            archive.top_entities, Window(since, until, source), type=type, limit=limit
        )
        return [EntityCount.model_validate(r | {"name": r["name"] or ""}) for r in rows]

    async def entity(
        self,
        entity_id: str,
        *,
        since: date | None = None,
        until: date | None = None,
        co_limit: int = 20,
    ) -> EntityDetail | None:
        archive = self._history(since)
        if archive is None:
            return await self.hot.entity(entity_id, since=since, until=until, co_limit=co_limit)
        found = await asyncio.to_thread(
            archive.entity, entity_id, Window(since, until), co_limit=co_limit
        )
        if found is None:
            return None
        days = found["days"]
        return EntityDetail(
            id=found["id"],
            name=found["name"] or "",
            type=found["type"],
            mentions=found["mentions"],
            articles=found["articles"],
            aliases=found["aliases"],
            first_seen=days[0]["day"],
            last_seen=days[-1]["day"],
            days=[DayCount.model_validate(d) for d in days],
            sources=[SourceCount.model_validate(s) for s in found["sources"]],
            co_mentions=[CoMention.model_validate(c) for c in found["co_mentions"]],
        )

    async def top_speakers(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        limit: int = 10,
    ) -> list[SpeakerCount]:
        archive = self._history(since)
        if archive is None:
            return await self.hot.top_speakers(since=since, until=until, source=source, limit=limit)
        rows = await asyncio.to_thread(
            archive.top_speakers, Window(since, until, source), limit=limit
        )
        return [SpeakerCount.model_validate(r | {"name": r["name"] or ""}) for r in rows]

    async def quotes(
        self,
        *,
        speaker: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> QuotePage:
        archive = self._history(since)
        if archive is None:
            return await self.hot.quotes(
                speaker=speaker, since=since, until=until, limit=limit, cursor=cursor
            )
        before = quote_feed.cursor_key(cursor) if cursor else None
        window = Window(since, until)
        speaker_id = None
        if speaker:
            speaker_id = await asyncio.to_thread(archive.speaker_id, speaker, window)
            if speaker_id is None:
                raise UnknownSpeaker(f"no speaker with id or name {speaker!r}")
        rows = await asyncio.to_thread(
            archive.quotes, window, speaker_id=speaker_id, before=before, limit=limit + 1
        )
        more = len(rows) > limit
        rows = rows[:limit]
        quotes = [
            QuoteView(
                text=r["text"],
                start=r["start"],
                end=r["end"],
                kind=r["kind"],
                speaker_name=r["speaker_name"],
                speaker_entity_id=r["speaker_entity_id"],
                speaker=_span(r["speaker_text"], r["speaker_start"], r["speaker_end"]),  # type: ignore[arg-type]
                verb=_span(r["cue"], r["cue_start"], r["cue_end"]),  # type: ignore[arg-type]
                article_id=r["article_id"],
                source=r["source"],
                published_at=r["published_at"],
            )
            for r in rows
        ]
        next_cursor = quote_feed.cursor_of_key(rows[-1]["key"]) if more and rows else None
        return QuotePage(quotes=quotes, next_cursor=next_cursor)

    async def sources(
        self, *, since: date | None = None, until: date | None = None, limit: int = 50
    ) -> list[SourceTotals]:
        archive = self._history(since)
        if archive is None:
            return await self.hot.sources(since=since, until=until, limit=limit)
        rows = await asyncio.to_thread(archive.sources, Window(since, until), limit=limit)
        return [SourceTotals.model_validate(r) for r in rows]

    async def totals(self, *, since: date | None = None, until: date | None = None) -> Totals:
        archive = self._history(since)
        if archive is None:
            return await self.hot.totals(since=since, until=until)
        return Totals.model_validate(await asyncio.to_thread(archive.totals, Window(since, until)))

    async def article(self, article_id: str) -> ArticleRecord | None:
        if self.archive is not None:
            found = await asyncio.to_thread(self.archive.article, article_id)
            if found is not None:
                return found
        lookup = getattr(self.hot, "article", None)  # the memory store keeps its records
        return await lookup(article_id) if lookup else None
