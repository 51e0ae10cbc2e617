"""Entities worker: `articles.ingested` -> `articles.entities` (parses each article once).

It parses and extracts up to `NEWSFLOW_PARSE_BATCH` articles together, holding twice as many
messages so that the next batch gathers while one is parsed (`services.runtime.batching`);
each message keeps its own ack, retries and dead letter."""

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from faststream import FastStream
from spacy.language import Language
from spacy.tokens import Doc

from services.entities.aliases import AliasTable, load_alias_table
from services.entities.extract import extract_entities
from services.entities.recognize import parses
from services.nlp.model import load_model
from services.nlp.parse import doc_to_bytes
from services.runtime.batching import ParseBatcher
from services.runtime.stage import Delivery, StageConfig, wire_stage
from services.runtime.worker import stage_app
from shared.messages import ArticleIngested, EntitiesExtracted
from shared.settings import Settings


def create_app(settings: Settings | None = None) -> FastStream:
    settings = settings or Settings()
    app, broker, consumer = stage_app("entities", settings)
    aliases: AliasTable | None = None
    batcher: ParseBatcher[ArticleIngested, EntitiesExtracted] | None = None
    # one thread for the model and everything done with a parse (see services.runtime.batching)
    heavy = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parse")

    @app.on_startup
    async def load() -> None:
        nonlocal aliases, batcher
        aliases = load_alias_table(settings.alias_table)
        loop = asyncio.get_running_loop()
        nlp: Language = await loop.run_in_executor(
            heavy, partial(load_model, settings.spacy_model, matmul=settings.matmul)
        )
        batch = settings.parse_batch

        def extract_all(events: list[ArticleIngested]) -> Iterator[EntitiesExtracted]:
            docs = nlp.pipe([event.article.text for event in events], batch_size=batch)
            for event, doc in zip(events, docs, strict=True):
                yield extract(event, doc)

        def extract_one(event: ArticleIngested) -> EntitiesExtracted:
            return extract(event, nlp(event.article.text))

        batcher = ParseBatcher(extract_all, extract_one, batch, heavy)

    @app.after_shutdown
    async def release() -> None:
        heavy.shutdown(wait=False, cancel_futures=True)

    def extract(event: ArticleIngested, doc: Doc | None) -> EntitiesExtracted:
        if doc is None:
            return EntitiesExtracted(article=event.article, entities=[], parse=b"")
        entities = extract_entities(doc, aliases=aliases)
        return EntitiesExtracted(article=event.article, entities=entities, parse=doc_to_bytes(doc))

    async def on_article_ingested(event: ArticleIngested, _: Delivery) -> EntitiesExtracted:
        assert batcher is not None, "the model loads at start-up"
        return await batcher.parse(event) if parses(event.article) else extract(event, None)

    wire_stage(
        broker,
        StageConfig.from_settings("entities", consumer, settings),
        ArticleIngested.model_validate_json,
        on_article_ingested,
    )
    return app
