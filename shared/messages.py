"""One message model per stream, named for what happened (STYLE.md §3). Additive changes only.

When the article entered the pipeline (ms since the epoch) travels beside the payload, so that
the enriched payload stays exactly the output record: in the `PUBLISHED_MS_HEADER` header on the
internal streams (FastStream's envelope), in the `published_ms` field on the public ones, whose
entries are plain fields (`shared.schema`)."""

from pydantic import BaseModel, ConfigDict, Field

from shared.records import Article, ArticleRecord, Entity

PUBLISHED_MS_HEADER = "x-newsflow-published-ms"


class Message(BaseModel):
    model_config = ConfigDict(frozen=True)


class ArticleIngested(Message):
    """`articles.ingested`: the article validated and normalised, with its final id."""

    article: Article


class EntitiesExtracted(Message):
    """`articles.entities`: the article, its entities, and the parse for the quote stage.

    `parse` is a spaCy `DocBin` (bytes) of the article text, so the text is parsed once.
    """

    model_config = ConfigDict(frozen=True, ser_json_bytes="base64", val_json_bytes="base64")

    article: Article
    entities: list[Entity]
    parse: bytes = Field(description="spaCy DocBin of `article.text`; empty when not parsed")


class ArticleEnriched(ArticleRecord):
    """`articles.enriched`: exactly the output record of CONTRACT.md (its timing rides beside
    it, in the entry's `published_ms` field)."""


class AggregatesUpdated(Message):
    """`aggregates.updates`: what one applied article changed."""

    article_id: str
    version: str
    applied: bool = Field(description="false when this version was already counted")
    replaced: bool = Field(default=False, description="an earlier version was subtracted")
    entity_ids: list[str] = Field(default_factory=list)
    speaker_ids: list[str] = Field(default_factory=list)
    published_ms: int = 0
    applied_ms: int = 0


class DeadLettered(Message):
    """`<stream>.dlq`: a message that failed for good."""

    stage: str
    stream: str
    message_id: str
    reason: str
    attempts: int
    payload: str = Field(description="the original payload, truncated to a readable size")
