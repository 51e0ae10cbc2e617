"""One enriched record -> its rows in the archive's three tables (pure: data in, data out).

- `articles`: one row per article version written; `entities` and `quotes` hold the record's
  lists as JSON text, so the output record can be rebuilt from the row alone.
- `mentions`: one row per mention of an entity (an entity listed without a located mention
  gets one row with null offsets); `counted` says whether the mention counts in the
  aggregates (who/what types, outside a repeated paragraph: `shared.counting`).
- `quotes`: one row per quote, with the speaker id and canonical name the aggregates use
  (null when nobody is named) and `counted` (outside a repeated paragraph).

Offsets are Python `str` indices into the article's `text`, end-exclusive. `ts_ms` is the
article's time (its `published_at`, else when it entered `articles.enriched`), `day` its UTC
day: the partition the rows go to. `batch` names the write the rows belong to; `published_ms`
(when this version entered the pipeline) and `archived_ms` order versions: see
`services/archive/query.py` for how readers pick the latest one.
"""

from dataclasses import dataclass, field
from typing import Any

import orjson

from shared.counting import COUNTED_TYPES, attributed, effective_version, inside
from shared.paragraphs import repeated_paragraphs
from shared.records import ArticleRecord
from shared.timeline import article_time

Row = dict[str, Any]


@dataclass(frozen=True)
class Written:
    """Facts about one delivery that the rows carry (all times in ms since the epoch)."""

    entry_ms: int  # when the entry entered articles.enriched: dates an undated article
    published_ms: int  # when this version entered the pipeline
    archived_ms: int  # when this batch was written
    batch: str


@dataclass
class ArticleRows:
    day: str
    article: Row
    mentions: list[Row] = field(default_factory=list)
    quotes: list[Row] = field(default_factory=list)


def _span(span: Any) -> tuple[str | None, int | None, int | None]:
    return (span.text, span.start, span.end) if span is not None else (None, None, None)


def rows_of(record: ArticleRecord, written: Written) -> ArticleRows:
    day, ts_ms = article_time(record.published_at, written.entry_ms)
    repeats = repeated_paragraphs(record.text)
    common = {"article_id": record.id, "batch": written.batch, "source": record.source}
    mentions: list[Row] = []
    for index, entity in enumerate(record.entities):
        counts = entity.type in COUNTED_TYPES
        spans: list[Any] = list(entity.mentions) or [None]
        for span in spans:
            text, start, end = _span(span)
            mentions.append(
                common
                | {
                    "entity_id": entity.id,
                    "entity_index": index,
                    "name": entity.name,
                    "type": entity.type,
                    "text": text,
                    "start": start,
                    "end": end,
                    "counted": counts and start is not None and not inside(start, repeats),
                    "ts_ms": ts_ms,
                }
            )
    per_entity: dict[str, int] = {}
    for row in mentions:
        if row["type"] in COUNTED_TYPES:
            per_entity[row["entity_id"]] = per_entity.get(row["entity_id"], 0) + row["counted"]
    kept = [q for q in record.quotes if not inside(q.start, repeats)]
    speakers = {id(q): (sid, name) for sid, name, q in attributed(record, kept)}
    quotes: list[Row] = []
    for index, quote in enumerate(record.quotes):
        speaker_id, speaker_name = speakers.get(id(quote), (None, quote.speaker_name or None))
        speaker_text, speaker_start, speaker_end = _span(quote.speaker)
        cue, cue_start, cue_end = _span(quote.verb)
        quotes.append(
            common
            | {
                "quote_index": index,
                "speaker_id": speaker_id,
                "speaker_name": speaker_name,
                "speaker_entity_id": quote.speaker_entity_id,
                "text": quote.text,
                "kind": quote.kind,
                "start": quote.start,
                "end": quote.end,
                "cue": cue,
                "cue_start": cue_start,
                "cue_end": cue_end,
                "speaker_text": speaker_text,
                "speaker_start": speaker_start,
                "speaker_end": speaker_end,
                "counted": not inside(quote.start, repeats),
                "published_at": record.published_at,
                "ts_ms": ts_ms,
            }
        )
    article = {
        "id": record.id,
        "version": effective_version(record),
        "batch": written.batch,
        "published_ms": written.published_ms,
        "archived_ms": written.archived_ms,
        "ts_ms": ts_ms,
        "published_at": record.published_at,
        "source": record.source,
        "url": record.url,
        "title": record.title,
        "language": record.language,
        "text": record.text,
        "n_entities": len(per_entity),
        "n_mentions": sum(max(n, 1) for n in per_entity.values()),
        "n_quotes": len(kept),
        "entities": orjson.dumps([e.model_dump(mode="json") for e in record.entities]).decode(),
        "quotes": orjson.dumps([q.model_dump(mode="json") for q in record.quotes]).decode(),
    }
    return ArticleRows(day.isoformat(), article, mentions, quotes)


def record_of(row: Row) -> ArticleRecord:
    """The output record an `articles` row was made from."""
    return ArticleRecord.model_validate(
        {
            "id": row["id"],
            "title": row["title"] or "",
            "text": row["text"],
            "url": row["url"],
            "source": row["source"],
            "published_at": row["published_at"],
            "language": row["language"] or "en",
            "version": row["version"] if not str(row["version"]).startswith("h:") else "",
            "entities": orjson.loads(row["entities"]),
            "quotes": orjson.loads(row["quotes"]),
        }
    )


def batch_rows(items: list[tuple[ArticleRecord, Written]]) -> dict[str, dict[str, list[Row]]]:
    """The rows of one batch, `[table][day] -> rows`. An article delivered twice in the
    batch is written once: the version that entered the pipeline last (then the later
    delivery), as readers would pick it anyway."""
    latest: dict[str, tuple[ArticleRecord, Written]] = {}
    for record, written in items:
        seen = latest.get(record.id)
        if seen is None or written.published_ms >= seen[1].published_ms:
            latest[record.id] = (record, written)
    out: dict[str, dict[str, list[Row]]] = {"articles": {}, "mentions": {}, "quotes": {}}
    for record, written in latest.values():
        rows = rows_of(record, written)
        out["articles"].setdefault(rows.day, []).append(rows.article)
        out["mentions"].setdefault(rows.day, []).extend(rows.mentions)
        out["quotes"].setdefault(rows.day, []).extend(rows.quotes)
    return out
