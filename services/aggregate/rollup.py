"""One enriched article -> what it adds to the aggregates (its contribution).

The stores add a contribution when an article is first applied and subtract the stored one when
a new version replaces it, so everything here must be a function of the record alone (plus the
fallback time for an article without `published_at`).
"""

import hashlib
import re
from dataclasses import dataclass
from itertools import combinations

import orjson

from services.aggregate import quote_feed
from services.aggregate.paragraphs import repeated_paragraphs
from services.aggregate.timeline import article_time, day_number
from shared.records import ArticleRecord, Quote

#: entity types that answer "who / what" (facts such as DATE or MONEY are not counted)
COUNTED_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "FAC"})
#: co-mention pairs come from at most this many entities per article (by mentions)
PAIR_ENTITIES = 30


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


def effective_version(record: ArticleRecord) -> str:
    """The record's `version`, or a hash of its content when the producer left it empty."""
    if record.version:
        return record.version
    content = record.model_dump(mode="json", exclude={"version"})
    digest = hashlib.sha256(orjson.dumps(content, option=orjson.OPT_SORT_KEYS)).hexdigest()
    return "h:" + digest[:24]


def name_key(name: str) -> str:
    """How a speaker's name is looked up: case- and spacing-insensitive."""
    return " ".join(name.casefold().split())


def _speaker_id(name: str) -> str:
    return "speaker:" + re.sub(r"[^\w]+", "-", name.casefold()).strip("-")


def _inside(start: int, spans: list[tuple[int, int]]) -> bool:
    return any(low <= start < high for low, high in spans)


def _entities(record: ArticleRecord, repeats: list[tuple[int, int]]) -> tuple[EntityShare, ...]:
    """Counted entities, merged by id (two names that slug alike are one entity; the name
    and type of the one with more mentions win). Mentions inside a repeated paragraph were
    counted in its first copy."""
    merged: dict[str, EntityShare] = {}
    for entity in record.entities:
        if entity.type not in COUNTED_TYPES:
            continue
        mentions = sum(not _inside(m.start, repeats) for m in entity.mentions)
        share = EntityShare(
            entity.id,
            entity.type,
            entity.name,
            max(mentions, 1),
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
    return tuple(sorted(merged.values(), key=lambda e: e.id))


def _pairs(entities: tuple[EntityShare, ...]) -> tuple[tuple[str, str], ...]:
    ranked = sorted(entities, key=lambda e: (-e.mentions, e.id))[:PAIR_ENTITIES]
    return tuple(combinations(sorted(e.id for e in ranked), 2))


def _attributed(record: ArticleRecord, quotes: list[Quote]) -> list[tuple[str, str, Quote]]:
    """(speaker id, speaker name, quote) for every quote whose speaker is named."""
    names = {e.id: e.name for e in record.entities}
    by_name = {name_key(e.name): e.id for e in record.entities if e.type in COUNTED_TYPES}
    out = []
    for quote in quotes:
        name = names.get(quote.speaker_entity_id or "") or quote.speaker_name
        if not name:
            continue
        speaker_id = quote.speaker_entity_id or by_name.get(name_key(name)) or _speaker_id(name)
        out.append((speaker_id, name, quote))
    return out


def contribution(record: ArticleRecord, *, fallback_ms: int) -> Contribution:
    """What `record` adds. `fallback_ms` dates an article without a parsable `published_at`.
    A paragraph the article repeats (wire copy often repeats its lede) counts once: its
    mentions and quotes were counted in the first copy."""
    day, ts_ms = article_time(record.published_at, fallback_ms)
    repeats = repeated_paragraphs(record.text)
    entities = _entities(record, repeats)
    quotes = [q for q in record.quotes if not _inside(q.start, repeats)]
    speakers: dict[str, SpeakerShare] = {}
    feed = []
    for speaker_id, name, quote in _attributed(record, quotes):
        seen = speakers.get(speaker_id)
        count = seen.quotes + 1 if seen else 1
        speakers[speaker_id] = SpeakerShare(speaker_id, name, name_key(name), count)
        view = quote.model_dump(mode="json") | {
            "article_id": record.id,
            "source": record.source,
            "published_at": record.published_at,
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
