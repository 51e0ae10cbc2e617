"""Quotes worker: `articles.entities` -> `articles.enriched` (the output record).

It reuses the entities stage's parse, so it needs only a blank vocabulary, not the model."""

import asyncio

from faststream import FastStream

from services.nlp.parse import doc_from_bytes
from services.quotes.extract import extract_quotes
from services.runtime.stage import Delivery, StageConfig, wire_stage
from services.runtime.worker import stage_app
from shared.messages import ArticleEnriched, EntitiesExtracted
from shared.settings import Settings


def create_app(settings: Settings | None = None) -> FastStream:
    settings = settings or Settings()
    app, broker, consumer = stage_app("quotes", settings)
    vocab = None

    @app.on_startup
    async def load() -> None:
        nonlocal vocab
        import spacy

        vocab = spacy.blank("en").vocab

    def extract(event: EntitiesExtracted) -> ArticleEnriched:
        quotes = []
        if event.parse:
            assert vocab is not None, "vocab loads at start-up"
            quotes = extract_quotes(doc_from_bytes(event.parse, vocab), event.entities)
        return ArticleEnriched(**event.article.model_dump(), entities=event.entities, quotes=quotes)

    async def on_entities_extracted(event: EntitiesExtracted, _: Delivery) -> ArticleEnriched:
        return await asyncio.to_thread(extract, event)

    wire_stage(
        broker,
        StageConfig.from_settings("quotes", consumer, settings),
        EntitiesExtracted.model_validate_json,
        on_entities_extracted,
    )
    return app
