"""Stream names and consumer groups: the only place they are spelled (see CONTRACT.md)."""

from typing import Final

RAW: Final = "articles.raw"
INGESTED: Final = "articles.ingested"
ENTITIES: Final = "articles.entities"
ENRICHED: Final = "articles.enriched"
AGGREGATES: Final = "aggregates.updates"

DLQ_SUFFIX: Final = ".dlq"

#: stage name -> the stream it consumes
INPUT_OF: Final = {
    "ingest": RAW,
    "entities": INGESTED,
    "quotes": ENTITIES,
    "aggregate": ENRICHED,
    "archive": ENRICHED,
}

#: stage name -> the stream it produces (a stage that only consumes, such as the archive,
#: has none)
OUTPUT_OF: Final = {
    "ingest": INGESTED,
    "entities": ENTITIES,
    "quotes": ENRICHED,
    "aggregate": AGGREGATES,
}

STAGES: Final = tuple(INPUT_OF)
ALL_STREAMS: Final = (RAW, INGESTED, ENTITIES, ENRICHED, AGGREGATES)

#: the streams only the stages read (trimmed once every group is done with an entry, by
#: default); the others are public output that downstream consumers read
INTERNAL: Final = (RAW, INGESTED, ENTITIES)


def dlq(stream: str) -> str:
    """The dead-letter stream of `stream`."""
    return stream + DLQ_SUFFIX


def group_of(stage: str) -> str:
    """The consumer group a stage reads its input stream with."""
    return f"newsflow-{stage}"
