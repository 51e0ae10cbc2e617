"""The aggregate store: applies enriched articles exactly once and answers the query API for
the hot window (the last `hot_days` days by article date; older ones live in the archive).

Two implementations honour one contract (tests/integration/aggregate): `store_redis` (the real
one: atomic per shard, shared by any number of workers, Redis Cluster ready) and
`store_memory` (tests, demos).

Ordering rules, the same in both: top lists rank by their first count, then the second, then
id; quote feeds are newest first (article time, then article id, then position). Every
`since`/`until` is an inclusive UTC day; None means no bound (within the hot window).
"""

from collections.abc import Mapping
from datetime import date
from typing import Protocol

from services.aggregate.views import (
    EntityCount,
    EntityDetail,
    QuotePage,
    SourceTotals,
    SpeakerCount,
    Totals,
)
from shared.messages import AggregatesUpdated
from shared.records import ArticleRecord


class StoreUnavailable(ConnectionError):
    """The store's backend (Redis) did not answer."""


class UnknownSpeaker(LookupError):
    """No speaker has this id, canonical name or surname."""


class AmbiguousName(LookupError):
    """A name (a surname, an alias) that stands for several speakers or entities."""

    def __init__(self, name: str, matches: list[tuple[str, str]]) -> None:
        shown = ", ".join(f"{label} ({id_})" for id_, label in matches[:5])
        more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
        super().__init__(f"{name!r} stands for {len(matches)}: {shown}{more}; give an id")
        self.name, self.matches = name, matches


class AggregateStore(Protocol):
    async def apply(
        self, record: ArticleRecord, *, now_ms: int, published_ms: int | None = None
    ) -> AggregatesUpdated:
        """Count `record` once. The same version again is a no-op (`applied=False`); another
        version replaces the earlier one's contribution (`replaced=True`), unless it is stale:
        older by `published_ms` when both carry one, else a version already replaced.
        `now_ms` dates an article without `published_at` and stamps `applied_ms`."""
        ...

    async def top_entities(
        self,
        *,
        type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        limit: int = 10,
    ) -> list[EntityCount]:
        """Most articles first (then mentions, then id); `since`/`until` are inclusive days."""
        ...

    async def entity(
        self,
        entity_id: str,
        *,
        since: date | None = None,
        until: date | None = None,
        co_limit: int = 20,
    ) -> EntityDetail | None:
        """Counts, days and co-mentions in the window; None when it has no article there."""
        ...

    async def top_speakers(
        self,
        *,
        since: date | None = None,
        until: date | None = None,
        source: str | None = None,
        limit: int = 10,
    ) -> list[SpeakerCount]:
        """Most quotes first (then articles, then id)."""
        ...

    async def quotes(
        self,
        *,
        speaker: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int = 20,
        cursor: str | None = None,
    ) -> QuotePage:
        """Newest first. `speaker` is an id, a canonical name or a surname held by one speaker
        only (UnknownSpeaker if none, AmbiguousName if several); None means every attributed
        quote. `cursor` comes from the previous page (BadCursor)."""
        ...

    async def sources(
        self, *, since: date | None = None, until: date | None = None, limit: int = 50
    ) -> list[SourceTotals]: ...

    async def totals(
        self, *, since: date | None = None, until: date | None = None, source: str | None = None
    ) -> Totals:
        """Articles, quotes, mentions, distinct entities and speakers (of one source, if set)."""
        ...

    async def ping(self) -> bool:
        """True when the backend answers."""
        ...


def ranked(
    primary: Mapping[str, float], secondary: Mapping[str, float], limit: int
) -> list[tuple[str, int, int]]:
    """(id, primary, secondary) for the top `limit` ids: by primary, then secondary, then id."""
    rows = [(key, int(score), int(secondary.get(key, 0))) for key, score in primary.items()]
    rows.sort(key=lambda row: (-row[1], -row[2], row[0]))
    return rows[:limit]
