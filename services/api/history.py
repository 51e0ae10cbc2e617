"""The query API's store: Redis for windows inside the hot window, the archive for the rest.

A query whose window starts before the hot window (`NEWSFLOW_HOT_DAYS` days back from today,
by article date), or has no start at all, is answered from the archive with DuckDB; one that
lies inside it, from Redis. The answers have the same shape either way. Without an archive (no
archive folder yet, or none configured) every query goes to Redis, which holds the hot window
only. `GET /articles/{id}` reads the archive (Redis keeps no records); an article is there
once its batch is written (`NEWSFLOW_ARCHIVE_FLUSH_S`).

Record-level browsing (`/articles`, `/search`, filtered `/quotes`, and the archive's speaker
feed) reads the archive through a `Snapshot` when one is given: the latest versions held in
this process's memory, brought up to the archive's file list before each answer (in a worker
thread; only new files are read), so a request neither decodes Parquet nor picks versions
again. Past its bound (`NEWSFLOW_API_SNAPSHOT_ARTICLES`) it steps aside and the Parquet files
are read as without one. See `services/archive/snapshot.py` and docs/archive.md.
"""

import asyncio
import functools
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, Protocol

from services.aggregate import quote_feed
from services.aggregate.store import AggregateStore, AmbiguousName, UnknownSpeaker
from services.aggregate.store_layout import hot_start
from services.aggregate.views import (
    ArticlePage,
    ArticleView,
    CoMention,
    DayCount,
    EntityCount,
    EntityDetail,
    QuotePage,
    QuoteView,
    SearchResult,
    SourceCount,
    SourceTotals,
    SpeakerCount,
    Totals,
)
from services.api import article_cursor
from services.archive.browse import ArchiveBrowser
from services.archive.query import ArchiveQuery, Window
from services.archive.snapshot import Snapshot
from services.archive.snapshot_browse import SnapshotBrowser
from shared.records import ArticleRecord
from shared.textmatch import words


class Browser(Protocol):
    """Record-level answers (article lists, search, filtered quote feeds, names to ids): the
    archive's (`ArchiveBrowser`), or a memory store's (`MemoryBrowser`). Synchronous: the
    store runs them in a worker thread."""

    def articles(
        self,
        since: date | None,
        until: date | None,
        source: str | None,
        *,
        entity_id: str | None = None,
        speaker_id: str | None = None,
        before: tuple[int, str] | None = None,
        limit: int = 20,
    ) -> list[dict[str, Any]]: ...

    def search_entities(
        self,
        since: date | None,
        until: date | None,
        source: str | None,
        words: list[str],
        limit: int,
    ) -> list[dict[str, Any]]: ...

    def search_speakers(
        self,
        since: date | None,
        until: date | None,
        source: str | None,
        words: list[str],
        limit: int,
    ) -> list[dict[str, Any]]: ...

    def quotes(
        self,
        since: date | None,
        until: date | None,
        source: str | None,
        *,
        speaker_id: str | None,
        entity_id: str | None,
        words: list[str] | None,
        before: str | None,
        limit: int,
    ) -> list[dict[str, Any]]: ...

    def speakers_named(
        self, name: str, since: date | None, until: date | None
    ) -> list[dict[str, Any]]: ...

    def entities_named(
        self, name: str, since: date | None, until: date | None
    ) -> list[dict[str, Any]]: ...


class NeedsArchive(LookupError):
    """A question only the archive answers, asked before it holds any article."""


class UnknownEntity(LookupError):
    """No entity has this id, canonical name or alias."""


class QueryStore(AggregateStore, Protocol):
    """What the API reads: the aggregates, records by id, and record-level browsing."""

    async def article(self, article_id: str) -> ArticleRecord | None: ...

    async def articles(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        entity: str | None = None,
        speaker: str | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> ArticlePage: ...

    async def search(
        self,
        q: str,
        *,
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        limit: int = 10,
    ) -> SearchResult: ...

    async def filtered_quotes(
        self,
        *,
        speaker: str | None = None,
        entity: str | None = None,
        source: str | None = None,
        q: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> QuotePage: ...

    async def entity_in(
        self,
        entity_id: str,
        *,
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        co_limit: int = 20,
    ) -> EntityDetail | None: ...


def _span(text: Any, start: Any, end: Any) -> dict | None:
    return None if start is None else {"text": text or "", "start": start, "end": end}


def _quote_view(r: dict[str, Any]) -> QuoteView:
    """A quote row, from the archive (flat span columns) or a memory feed (output-record form)."""
    if "speaker_text" not in r and "cue" not in r:
        return QuoteView.model_validate({k: v for k, v in r.items() if k != "key"})
    return QuoteView(
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
        title=r.get("title") or None,
        url=r.get("url"),
    )


def _one(name: str, found: list[dict[str, Any]], unknown: type[LookupError], what: str) -> str:
    """The id `name` stands for among `found` ({id, name} rows)."""
    if len(found) == 1:
        return str(found[0]["id"])
    if found:
        raise AmbiguousName(name, [(f["id"], f["name"]) for f in found])
    raise unknown(f"no {what} with id, name or alias {name!r}")


def _detail(found: dict[str, Any]) -> EntityDetail:
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


class WindowedStore:
    def __init__(
        self,
        hot: AggregateStore,
        archive: ArchiveQuery | None,
        *,
        hot_days: int | None,
        clock: Callable[[], float] = time.time,
        snapshot: Snapshot | None = None,
    ) -> None:
        self.hot, self.archive, self.hot_days, self.clock = hot, archive, hot_days or None, clock
        self.snapshot = snapshot

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
        return _detail(found) if found is not None else None

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
        return await self._browsed_quotes(
            await self._archive_browser(archive),
            speaker,
            None,
            None,
            None,
            since,
            until,
            limit,
            cursor,
        )

    async def _browsed_quotes(
        self,
        browser: Browser,
        speaker: str | None,
        entity: str | None,
        source: str | None,
        q: str | None,
        since: date | None,
        until: date | None,
        limit: int,
        cursor: str | None,
    ) -> QuotePage:
        before = quote_feed.cursor_key(cursor) if cursor else None
        speaker_id = await self._speaker(browser, speaker, since, until)
        entity_id = await self._entity(browser, entity, since, until)
        rows = await asyncio.to_thread(
            browser.quotes,
            since,
            until,
            source,
            speaker_id=speaker_id,
            entity_id=entity_id,
            words=words(q) if q else None,
            before=before,
            limit=limit + 1,
        )
        more = len(rows) > limit
        rows = rows[:limit]
        next_cursor = quote_feed.cursor_of_key(rows[-1]["key"]) if more and rows else None
        return QuotePage(quotes=[_quote_view(r) for r in rows], next_cursor=next_cursor)

    async def _speaker(
        self, browser: Browser, name: str | None, since: date | None, until: date | None
    ) -> str | None:
        if not name:
            return None
        found = await asyncio.to_thread(browser.speakers_named, name, since, until)
        return _one(name, found, UnknownSpeaker, "speaker")

    async def _entity(
        self, browser: Browser, name: str | None, since: date | None, until: date | None
    ) -> str | None:
        if not name:
            return None
        found = await asyncio.to_thread(browser.entities_named, name, since, until)
        return _one(name, found, UnknownEntity, "entity")

    async def _archive_browser(self, archive: ArchiveQuery) -> ArchiveBrowser:
        """The archive's browser: over the in-memory snapshot when there is one (brought up
        to the archive's files first, in a worker thread), else over the Parquet files."""
        if self.snapshot is not None and await asyncio.to_thread(self.snapshot.refresh):
            return SnapshotBrowser(self.snapshot.query())
        return ArchiveBrowser(archive)

    async def browser(self) -> Browser | None:
        """Who answers record-level questions: the archive once it holds an article, else a
        hot store that keeps records (the memory store), else nobody yet."""
        if self.archive is not None and await asyncio.to_thread(self.archive.available):
            return await self._archive_browser(self.archive)
        held = getattr(self.hot, "browser", None)
        return held if held is not None else None

    async def filtered_quotes(
        self,
        *,
        speaker: str | None = None,
        entity: str | None = None,
        source: str | None = None,
        q: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> QuotePage:
        """`quotes`, also by outlet, by an entity the article names, by words of the quote.
        Without those three it is `quotes` (Redis for the hot window); with them the
        archive answers (the hot aggregates keep no per-article data)."""
        if not (entity or source or q):
            return await self.quotes(
                speaker=speaker, since=since, until=until, limit=limit, cursor=cursor
            )
        browser = await self.browser()
        if browser is None:
            return QuotePage(quotes=[], next_cursor=None)
        return await self._browsed_quotes(
            browser, speaker, entity, source, q, since, until, limit, cursor
        )

    async def articles(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        entity: str | None = None,
        speaker: str | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> ArticlePage:
        """Articles newest first (article time, then id), from the archive."""
        before = article_cursor.position(cursor) if cursor else None
        browser = await self.browser()
        if browser is None:
            return ArticlePage(articles=[], next_cursor=None)
        speaker_id = await self._speaker(browser, speaker, since, until)
        entity_id = await self._entity(browser, entity, since, until)
        rows = await asyncio.to_thread(
            browser.articles,
            since,
            until,
            source,
            entity_id=entity_id,
            speaker_id=speaker_id,
            before=before,
            limit=limit + 1,
        )
        more = len(rows) > limit
        rows = rows[:limit]
        last = rows[-1] if rows else None
        return ArticlePage(
            articles=[ArticleView.model_validate(r) for r in rows],
            next_cursor=article_cursor.cursor(last["ts_ms"], last["id"]) if more and last else None,
        )

    async def search(
        self,
        q: str,
        *,
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        limit: int = 10,
    ) -> SearchResult:
        """Entities by name or alias, speakers by name, quotes by words (`shared.textmatch`)."""
        browser = await self.browser()
        terms = words(q)
        if browser is None or not terms:
            return SearchResult(entities=[], speakers=[], quotes=[])
        entities, speakers, quotes = await asyncio.gather(  # three threads, one cursor each
            asyncio.to_thread(browser.search_entities, since, until, source, terms, limit),
            asyncio.to_thread(browser.search_speakers, since, until, source, terms, limit),
            asyncio.to_thread(
                functools.partial(
                    browser.quotes,
                    since,
                    until,
                    source,
                    speaker_id=None,
                    entity_id=None,
                    words=terms,
                    before=None,
                    limit=limit,
                )
            ),
        )
        return SearchResult(
            entities=[EntityCount.model_validate(r | {"name": r["name"] or ""}) for r in entities],
            speakers=[SpeakerCount.model_validate(r | {"name": r["name"] or ""}) for r in speakers],
            quotes=[_quote_view(r) for r in quotes],
        )

    async def entity_in(
        self,
        entity_id: str,
        *,
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        co_limit: int = 20,
    ) -> EntityDetail | None:
        """`entity`, also within one outlet (the archive answers that)."""
        if not source:
            return await self.entity(entity_id, since=since, until=until, co_limit=co_limit)
        if self.archive is None or not self.archive.available():
            narrow = getattr(self.hot, "entity_of_source", None)  # the memory store has it
            if narrow is not None:
                found_hot: EntityDetail | None = await narrow(
                    entity_id, since=since, until=until, source=source, co_limit=co_limit
                )
                return found_hot
            raise NeedsArchive("an entity's counts in one source come from the archive, "
                               "which holds no article yet")  # fmt: skip
        found = await asyncio.to_thread(
            self.archive.entity, entity_id, Window(since, until, source), co_limit=co_limit
        )
        return _detail(found) if found is not None else None

    async def sources(
        self, *, since: date | None = None, until: date | None = None, limit: int = 50
    ) -> list[SourceTotals]:
        archive = self._history(since)
        if archive is None:
            return await self.hot.sources(since=since, until=until, limit=limit)
        rows = await asyncio.to_thread(archive.sources, Window(since, until), limit=limit)
        return [SourceTotals.model_validate(r) for r in rows]

    async def totals(
        self, *, since: date | None = None, until: date | None = None, source: str | None = None
    ) -> Totals:
        archive = self._history(since)
        if archive is None:
            return await self.hot.totals(since=since, until=until, source=source)
        window = Window(since, until, source)
        return Totals.model_validate(await asyncio.to_thread(archive.totals, window))

    async def article(self, article_id: str) -> ArticleRecord | None:
        if self.archive is not None:
            found = await asyncio.to_thread(self.archive.article, article_id)
            if found is not None:
                return found
        lookup = getattr(self.hot, "article", None)  # the memory store keeps its records
        return await lookup(article_id) if lookup else None
