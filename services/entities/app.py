"""Entities worker: `articles.ingested` -> `articles.entities` (parses each article once)."""

import asyncio

from faststream import FastStream

from services.entities.extract import extract_entities
from services.runtime.stage import Delivery, StageConfig, wire_stage
from services.runtime.worker import stage_app
from shared.messages import ArticleIngested, EntitiesExtracted
from shared.parse import doc_to_bytes, load_model
from shared.settings import Settings


def create_app(settings: Settings | None = None) -> FastStream:
    settings = settings or Settings()
    app, broker, consumer = stage_app("entities", settings)
    nlp = None

    @app.on_startup
    async def load() -> None:
        nonlocal nlp
        nlp = await asyncio.to_thread(load_model, settings.spacy_model)

    def extract(event: ArticleIngested) -> EntitiesExtracted:
        article = event.article
        if article.language != "en":  # English models would only emit garbage
            return EntitiesExtracted(article=article, entities=[], parse=b"")
        assert nlp is not None, "model loads at start-up"
        doc = nlp(article.text)
        return EntitiesExtracted(
            article=article, entities=extract_entities(doc), parse=doc_to_bytes(doc)
        )

    async def on_article_ingested(event: ArticleIngested, _: Delivery) -> EntitiesExtracted:
        return await asyncio.to_thread(extract, event)

    wire_stage(
        broker,
        StageConfig.from_settings("entities", consumer, settings),
        ArticleIngested.model_validate_json,
        on_article_ingested,
    )
    return app
