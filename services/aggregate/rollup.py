"""One enriched article -> what it adds to the aggregates (its contribution).

The stores add a contribution when an article is first applied and subtract the stored one when
a new version replaces it, so everything here must be a function of the record alone (plus the
fallback time for an article without `published_at`).
"""

from dataclasses import dataclass
from itertools import combinations

import orjson

from services.aggregate import quote_feed
from shared.counting import (
    COUNTED_TYPES,
    PAIR_ENTITIES,
    attributed,
    effective_version,
    inside,
    name_key,
)
from shared.paragraphs import repeated_paragraphs
from shared.records import ArticleRecord
from shared.timeline import article_time, day_number

__all__ = [
    "COUNTED_TYPES",
    "PAIR_ENTITIES",
    "Contribution",
    "contribution",
    "effective_version",
    "name_key",
]


@dataclass(frozen=True, slots=True)
class EntityShare:
    id: str
    type: str
    name: str
    mentions: int
    aliases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SpeakerShare:
    id: str
    name: str
    name_key: str
    quotes: int


@dataclass(frozen=True, slots=True)
class Contribution:
    """`day` is the UTC bucket `YYYY-MM-DD`; `feed` holds (speaker id, feed entry) pairs;
    `quotes` counts every quote of the article, attributed or not (speakers count theirs)."""

    article_id: str
    version: str
    day: str
    day_number: int
    ts_ms: int
    source: str | None
    entities: tuple[EntityShare, ...]
    pairs: tuple[tuple[str, str], ...]
    speakers: tuple[SpeakerShare, ...]
    feed: tuple[tuple[str, str], ...]
    quotes: int

    @property
    def mentions(self) -> int:
        return sum(e.mentions for e in self.entities)

    def to_json(self) -> str:
        """The compact form the Redis script reads (and stores, to subtract it later)."""
        return orjson.dumps(
            {
                "day": self.day,
                "dn": self.day_number,
                "src": self.source or "",
                "ents": [
                    [e.id, e.type, e.name, e.mentions, list(e.aliases)] for e in self.entities
                ],
                "pairs": [list(p) for p in self.pairs],
                "spk": [[s.id, s.name, s.name_key, s.quotes] for s in self.speakers],
                "feed": [list(f) for f in self.feed],
                "nm": self.mentions,
                "nq": self.quotes,
            }
        ).decode()


def _entities(record: ArticleRecord, repeats: list[tuple[int, int]]) -> tuple[EntityShare, ...]:
    """Counted entities, merged by id (two names that slug alike are one entity; the name
    and type of the one with more mentions win). Mentions inside a repeated paragraph were
    counted in its first copy; an entity counts at least one mention (after merging)."""
    merged: dict[str, EntityShare] = {}
    for entity in record.entities:
        if entity.type not in COUNTED_TYPES:
            continue
        mentions = sum(not inside(m.start, repeats) for m in entity.mentions)
        share = EntityShare(
            entity.id,
            entity.type,
            entity.name,
            mentions,
            tuple(sorted({*entity.aliases, entity.name} - {""})),
        )
        seen = merged.get(entity.id)
        if seen is not None:
            lead = seen if seen.mentions >= share.mentions else share
            share = EntityShare(
                lead.id,
                lead.type,
                lead.name,
                seen.mentions + share.mentions,
                tuple(sorted({*seen.aliases, *share.aliases})),
            )
        merged[entity.id] = share
    return tuple(
        EntityShare(e.id, e.type, e.name, max(e.mentions, 1), e.aliases)
        for e in sorted(merged.values(), key=lambda e: e.id)
    )


def _pairs(entities: tuple[EntityShare, ...]) -> tuple[tuple[str, str], ...]:
    ranked = sorted(entities, key=lambda e: (-e.mentions, e.id))[:PAIR_ENTITIES]
    return tuple(combinations(sorted(e.id for e in ranked), 2))


def contribution(record: ArticleRecord, *, fallback_ms: int) -> Contribution:
    """What `record` adds. `fallback_ms` dates an article without a parsable `published_at`.
    A paragraph the article repeats (wire copy often repeats its lede) counts once: its
    mentions and quotes were counted in the first copy."""
    day, ts_ms = article_time(record.published_at, fallback_ms)
    repeats = repeated_paragraphs(record.text)
    entities = _entities(record, repeats)
    quotes = [q for q in record.quotes if not inside(q.start, repeats)]
    speakers: dict[str, SpeakerShare] = {}
    feed = []
    for speaker_id, name, quote in attributed(record, quotes):
        seen = speakers.get(speaker_id)
        count = seen.quotes + 1 if seen else 1
        speakers[speaker_id] = SpeakerShare(speaker_id, name, name_key(name), count)
        # compact: no null fields, the article id is in the entry's key (quote_feed)
        view = quote.model_dump(mode="json", exclude_none=True) | {
            k: v
            for k, v in (
                ("source", record.source),
                ("published_at", record.published_at),
                ("title", record.title),
                ("url", record.url),
            )
            if v
        }
        feed.append((speaker_id, quote_feed.entry(ts_ms, record.id, quote.start, view)))
    return Contribution(
        article_id=record.id,
        version=effective_version(record),
        day=day.isoformat(),
        day_number=day_number(day),
        ts_ms=ts_ms,
        source=record.source or None,
        entities=entities,
        pairs=_pairs(entities),
        speakers=tuple(sorted(speakers.values(), key=lambda s: s.id)),
        feed=tuple(feed),
        quotes=len(quotes),
    )


def from_json(data: str) -> dict[str, object]:
    """A stored contribution, as the dict `to_json` wrote."""
    loaded: dict[str, object] = orjson.loads(data)
    return loaded
