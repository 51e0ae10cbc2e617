"""Entities worker: `articles.ingested` -> `articles.entities` (parses each article once).

It handles up to `NEWSFLOW_PARSE_BATCH` messages at once and parses their texts together
(`services.entities.batching`); each message keeps its own ack, retries and dead letter."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

from faststream import FastStream
from spacy.language import Language
from spacy.tokens import Doc

from services.enrich import parses
from services.entities.aliases import AliasTable, load_alias_table
from services.entities.batching import ParseBatcher
from services.entities.extract import extract_entities
from services.runtime.stage import Delivery, StageConfig, wire_stage
from services.runtime.worker import stage_app
from shared.messages import ArticleIngested, EntitiesExtracted
from shared.parse import doc_to_bytes, load_model
from shared.settings import Settings


def create_app(settings: Settings | None = None) -> FastStream:
    settings = settings or Settings()
    app, broker, consumer = stage_app("entities", settings)
    aliases: AliasTable | None = None
    parser: ParseBatcher | None = None
    # one thread for the model and everything done with a parse (see services.entities.batching)
    heavy = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parse")

    @app.on_startup
    async def load() -> None:
        nonlocal aliases, parser
        aliases = load_alias_table(settings.alias_table)
        loop = asyncio.get_running_loop()
        nlp: Language = await loop.run_in_executor(heavy, load_model, settings.spacy_model)
        batch = settings.parse_batch
        parser = ParseBatcher(lambda texts: nlp.pipe(texts, batch_size=batch), nlp, batch, heavy)

    @app.after_shutdown
    async def release() -> None:
        heavy.shutdown(wait=False, cancel_futures=True)

    def extract(event: ArticleIngested, doc: Doc | None) -> EntitiesExtracted:
        if doc is None:
            return EntitiesExtracted(article=event.article, entities=[], parse=b"")
        entities = extract_entities(doc, aliases=aliases)
        return EntitiesExtracted(article=event.article, entities=entities, parse=doc_to_bytes(doc))

    async def on_article_ingested(event: ArticleIngested, _: Delivery) -> EntitiesExtracted:
        assert parser is not None, "the model loads at start-up"
        doc = await parser.parse(event.article.text) if parses(event.article) else None
        return await asyncio.get_running_loop().run_in_executor(heavy, extract, event, doc)

    wire_stage(
        broker,
        StageConfig.from_settings("entities", consumer, settings),
        ArticleIngested.model_validate_json,
        on_article_ingested,
    )
    return app
