"""The plain form of the public streams, and the `schema` number of each one's record.

An entry of `articles.enriched`, `aggregates.updates` or any `<stream>.dlq` is a set of plain
fields that any Redis client reads:
- `data`: the record as UTF-8 JSON, exactly the model of `shared.messages` for that stream;
- `schema`: the record's schema number below, as decimal text;
- routing fields copied from the record, readable without parsing `data`: `id` (the article),
  `version` (its content hash), `stage` (a dead letter's stage), where the record has them;
- `published_ms`: when the article entered the pipeline (ms since the epoch), where known.

Versioning: a public record only ever gains fields. Each addition raises that stream's number
by one and is listed here, so a consumer can tell which fields to expect; a change that would
remove, rename or retype a field is not made on these streams (it would be a new stream).
Consumers ignore fields they do not know and read on when the number is higher than theirs.
"""

from typing import Final

from shared.streams import AGGREGATES, DLQ_SUFFIX, ENRICHED

DATA_FIELD: Final = "data"
SCHEMA_FIELD: Final = "schema"
PUBLISHED_MS_FIELD: Final = "published_ms"
#: record attribute -> plain field, copied when the record has it (str, non-empty)
ROUTING_FIELDS: Final = {"id": "id", "article_id": "id", "version": "version", "stage": "stage"}

#: schema 1: the output record of CONTRACT.md, with `version` and an entity's `role`
ENRICHED_SCHEMA: Final = 1
#: schema 1: article_id, version, applied, replaced, entity_ids, speaker_ids, *_ms
UPDATES_SCHEMA: Final = 1
#: schema 1: stage, stream, message_id, reason, attempts, payload
DEAD_LETTER_SCHEMA: Final = 1


def is_public(stream: str) -> bool:
    """Streams read outside newsflow: written in the plain form."""
    return stream in (ENRICHED, AGGREGATES) or stream.endswith(DLQ_SUFFIX)


def schema_of(stream: str) -> int:
    """The schema number of a public stream's record."""
    if stream.endswith(DLQ_SUFFIX):
        return DEAD_LETTER_SCHEMA
    return {ENRICHED: ENRICHED_SCHEMA, AGGREGATES: UPDATES_SCHEMA}[stream]
