"""What the in-memory store answers beyond the aggregates, from the records it keeps: article
lists, name search, filtered quote feeds. The same answers as the archive's
(`services/archive/browse.py`) over the same records; in production the archive gives them.

Rows are plain dicts shaped as the archive's, so one adapter (`services.api.history`) turns
either into views.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from services.aggregate import quote_feed
from services.aggregate.rollup import Contribution
from services.aggregate.store import ranked
from shared.records import ArticleRecord
from shared.textmatch import fold, matches, surname

Held = tuple[ArticleRecord, Contribution]
#: the records a store holds in a window of days, from one source (or any)
HeldIn = Callable[[date | None, date | None, str | None], list[Held]]


def _ms(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp() * 1000)


def article_row(record: ArticleRecord, share: Contribution, people: int) -> dict[str, Any]:
    persons = [e for e in share.entities if e.type == "PERSON"]
    persons.sort(key=lambda e: (-e.mentions, e.name))
    return {
        "id": record.id,
        "version": record.version,
        "title": record.title,
        "source": record.source,
        "url": record.url,
        "published_at": record.published_at,
        "language": record.language,
        "mentions": share.mentions,
        "quotes": share.quotes,
        "ts_ms": share.ts_ms,
        "people": [e.name for e in persons][:people],
    }


def articles(
    held: Iterable[Held],
    *,
    entity_id: str | None,
    speaker_id: str | None,
    before: tuple[int, str] | None,
    limit: int,
    people: int = 8,
) -> list[dict[str, Any]]:
    """Newest first (article time, then id descending), as `ArchiveBrowser.articles`."""
    chosen = [
        (share.ts_ms, record.id, record, share)
        for record, share in held
        if (entity_id is None or any(e.id == entity_id for e in share.entities))
        and (speaker_id is None or any(s.id == speaker_id for s in share.speakers))
        and (before is None or (share.ts_ms, record.id) < before)
    ]
    chosen.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return [article_row(record, share, people) for _, _, record, share in chosen[:limit]]


def search_entities(
    held: Iterable[Held], words: list[str], limit: int
) -> list[tuple[str, int, int, str, str]]:
    """(id, articles, mentions, name, type) of entities whose name or an alias matches."""
    articles_of: dict[str, int] = {}
    mentions_of: dict[str, int] = {}
    names: dict[str, dict[str, int]] = {}
    types: dict[str, str] = {}
    hits: set[str] = set()
    for _, share in held:
        for e in share.entities:
            articles_of[e.id] = articles_of.get(e.id, 0) + 1
            mentions_of[e.id] = mentions_of.get(e.id, 0) + e.mentions
            names.setdefault(e.id, {})[e.name] = names.get(e.id, {}).get(e.name, 0) + 1
            types[e.id] = e.type
            if any(matches(n, words) for n in (e.name, *e.aliases)):
                hits.add(e.id)
    rows = ranked({i: articles_of[i] for i in hits}, {i: mentions_of[i] for i in hits}, limit)
    return [(i, a, m, _best(names[i]), types[i]) for i, a, m in rows]


def search_speakers(
    held: Iterable[Held], words: list[str], limit: int
) -> list[tuple[str, int, int, str]]:
    """(id, quotes, articles, name) of speakers whose name matches."""
    quotes_of: dict[str, int] = {}
    articles_of: dict[str, int] = {}
    names: dict[str, dict[str, int]] = {}
    for _, share in held:
        for s in share.speakers:
            if not matches(s.name, words):
                continue
            quotes_of[s.id] = quotes_of.get(s.id, 0) + s.quotes
            articles_of[s.id] = articles_of.get(s.id, 0) + 1
            names.setdefault(s.id, {})[s.name] = names.get(s.id, {}).get(s.name, 0) + 1
    rows = ranked(quotes_of, articles_of, limit)
    return [(i, q, a, _best(names[i])) for i, q, a in rows]


def _best(counts: dict[str, int]) -> str:
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0] if counts else ""


def quotes(
    held: Iterable[Held],
    *,
    speaker_id: str | None,
    entity_id: str | None,
    words: list[str] | None,
    since: date | None,
    until: date | None,
    before: str | None,
    limit: int,
) -> list[dict[str, Any]]:
    """Attributed quotes newest first, as `ArchiveQuery.quotes` filters them, each the feed
    entry's quote plus its `key`."""
    low = f"{_ms(since):013d}" if since else ""
    high = f"{_ms(until + timedelta(days=1)):013d}" if until else "~"
    out = []
    for _, share in held:
        if entity_id is not None and not any(e.id == entity_id for e in share.entities):
            continue
        for speaker, entry in share.feed:
            key = quote_feed.entry_key(entry)
            if speaker_id is not None and speaker != speaker_id:
                continue
            if not (low <= key < high) or (before is not None and key >= before):
                continue
            quote = quote_feed.entry_quote(entry)
            if words and not matches(str(quote.get("text", "")), words):
                continue
            out.append((key, quote))
    out.sort(key=lambda kq: kq[0], reverse=True)
    return [quote | {"key": key} for key, quote in out[:limit]]


def named(name: str, candidates: Iterable[tuple[str, str, Iterable[str]]]) -> list[dict[str, str]]:
    """[{id, name}] that `name` stands for among (id, canonical name, aliases) candidates: the
    one with that id; else those whose canonical name it is (folded); else those with it as an
    alias or as their surname."""
    folded = fold(name)
    by_id: dict[str, str] = {}
    by_name: dict[str, str] = {}
    by_alias: dict[str, str] = {}
    for id_, canonical, aliases in candidates:
        if id_ == name:
            by_id[id_] = canonical
        if fold(canonical) == folded:
            by_name[id_] = canonical
        if folded and (folded == surname(canonical) or any(fold(a) == folded for a in aliases)):
            by_alias[id_] = canonical
    for found in (by_id, by_name, by_alias):
        if found:
            return [{"id": i, "name": n} for i, n in sorted(found.items())]
    return []


class MemoryBrowser:
    """The browsing answers over a memory store's held records (same signatures as
    `services.archive.browse.ArchiveBrowser`)."""

    def __init__(self, held: HeldIn) -> None:
        self.held = held

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
    ) -> list[dict[str, Any]]:
        return articles(
            self.held(since, until, source),
            entity_id=entity_id,
            speaker_id=speaker_id,
            before=before,
            limit=limit,
        )

    def search_entities(
        self,
        since: date | None,
        until: date | None,
        source: str | None,
        words: list[str],
        limit: int,
    ) -> list[dict[str, Any]]:
        rows = search_entities(self.held(since, until, source), words, limit)
        return [
            {"id": i, "articles": a, "mentions": m, "name": n, "type": t} for i, a, m, n, t in rows
        ]

    def search_speakers(
        self,
        since: date | None,
        until: date | None,
        source: str | None,
        words: list[str],
        limit: int,
    ) -> list[dict[str, Any]]:
        rows = search_speakers(self.held(since, until, source), words, limit)
        return [{"id": i, "quotes": q, "articles": a, "name": n} for i, q, a, n in rows]

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
    ) -> list[dict[str, Any]]:
        return quotes(
            self.held(since, until, source),
            speaker_id=speaker_id,
            entity_id=entity_id,
            words=words,
            since=since,
            until=until,
            before=before,
            limit=limit,
        )

    def speakers_named(
        self, name: str, since: date | None, until: date | None
    ) -> list[dict[str, str]]:
        held = self.held(since, until, None)
        return named(name, ((s.id, s.name, ()) for _, share in held for s in share.speakers))

    def entities_named(
        self, name: str, since: date | None, until: date | None
    ) -> list[dict[str, str]]:
        held = self.held(since, until, None)
        return named(name, ((e.id, e.name, e.aliases) for _, sh in held for e in sh.entities))
