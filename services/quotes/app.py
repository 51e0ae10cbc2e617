"""Quotes worker: `articles.entities` -> `articles.enriched` (the output record).

It reuses the entities stage's parse, so it needs only a blank vocabulary, not the model."""

import asyncio

import spacy
from faststream import FastStream
from spacy.vocab import Vocab

from services.nlp.parse import doc_from_bytes
from services.quotes.record import enriched
from services.runtime.stage import Delivery, StageConfig, wire_stage
from services.runtime.worker import stage_app
from shared.messages import ArticleEnriched, EntitiesExtracted
from shared.settings import Settings


def create_app(settings: Settings | None = None) -> FastStream:
    settings = settings or Settings()
    app, broker, consumer = stage_app("quotes", settings)
    vocab = spacy.blank("en").vocab  # the strings travel with each parse

    async def on_entities_extracted(event: EntitiesExtracted, _: Delivery) -> ArticleEnriched:
        return await asyncio.to_thread(article_enriched, event, vocab)

    wire_stage(
        broker,
        StageConfig.from_settings("quotes", consumer, settings),
        EntitiesExtracted.model_validate_json,
        on_entities_extracted,
    )
    return app


def article_enriched(event: EntitiesExtracted, vocab: Vocab) -> ArticleEnriched:
    """The output record of the entities stage's message, its parse read back with `vocab`."""
    doc = doc_from_bytes(event.parse, vocab) if event.parse else None
    return enriched(event.article, event.entities, doc)
