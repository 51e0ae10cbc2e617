"""Entities worker: `articles.ingested` -> `articles.entities` (parses each article once)."""

import asyncio

from faststream import FastStream
from spacy.language import Language

from services.enrich import parse_entities
from services.entities.aliases import AliasTable, load_alias_table
from services.runtime.stage import Delivery, StageConfig, wire_stage
from services.runtime.worker import stage_app
from shared.messages import ArticleIngested, EntitiesExtracted
from shared.parse import doc_to_bytes, load_model
from shared.settings import Settings


def create_app(settings: Settings | None = None) -> FastStream:
    settings = settings or Settings()
    app, broker, consumer = stage_app("entities", settings)
    nlp: Language | None = None
    aliases: AliasTable | None = None

    @app.on_startup
    async def load() -> None:
        nonlocal nlp, aliases
        aliases = load_alias_table(settings.alias_table)
        nlp = await asyncio.to_thread(load_model, settings.spacy_model)

    def extract(event: ArticleIngested) -> EntitiesExtracted:
        assert nlp is not None, "the model loads at start-up"
        doc, entities = parse_entities(nlp, event.article, aliases)
        parse = doc_to_bytes(doc) if doc is not None else b""
        return EntitiesExtracted(article=event.article, entities=entities, parse=parse)

    async def on_article_ingested(event: ArticleIngested, _: Delivery) -> EntitiesExtracted:
        return await asyncio.to_thread(extract, event)

    wire_stage(
        broker,
        StageConfig.from_settings("entities", consumer, settings),
        ArticleIngested.model_validate_json,
        on_article_ingested,
    )
    return app
