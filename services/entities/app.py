"""Entities worker: `articles.ingested` -> `articles.entities` (parses each article once).

It parses and extracts up to `NEWSFLOW_PARSE_BATCH` articles together, holding twice as many
messages so that the next batch gathers while one is parsed (`services.runtime.batching`);
each message keeps its own ack, retries and dead letter."""

import asyncio
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from faststream import FastStream
from spacy.language import Language
from spacy.tokens import Doc

from services.entities.aliases import AliasTable, load_alias_table
from services.entities.recognize import parses, recognize
from services.nlp.model import choose_model, load_model
from services.nlp.parse import doc_to_bytes
from services.runtime.batching import ParseBatcher
from services.runtime.stage import Delivery, StageConfig, wire_stage
from services.runtime.worker import stage_app
from shared.messages import ArticleIngested, EntitiesExtracted
from shared.settings import Settings

log = logging.getLogger("newsflow.entities")


def create_app(settings: Settings | None = None, *, nlp: Language | None = None) -> FastStream:
    """The entities worker; `nlp` is a loaded pipeline to use instead of loading the model
    `NEWSFLOW_MODEL` names (`services.nlp.model.choose_model`) at start-up (tests)."""
    settings = settings or Settings()
    batch = settings.parse_batch
    app, broker, consumer = stage_app("entities", settings)
    aliases = load_alias_table(settings.alias_table)
    model = nlp
    # one thread for the model and everything done with a parse (see services.runtime.batching)
    heavy = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parse")

    @app.on_startup
    async def load() -> None:
        nonlocal model
        if model is None:
            choice = choose_model(settings.model, settings.old_spacy_model)
            log.info("loading %s", choice.describe())
            loop = asyncio.get_running_loop()
            model = await loop.run_in_executor(
                heavy, partial(load_model, choice.name, matmul=settings.matmul)
            )

    @app.after_shutdown
    async def release() -> None:
        heavy.shutdown(wait=False, cancel_futures=True)

    def extract_all(events: list[ArticleIngested]) -> Iterator[EntitiesExtracted]:
        assert model is not None, "the model loads at start-up"
        docs = model.pipe([event.article.text for event in events], batch_size=batch)
        for event, doc in zip(events, docs, strict=True):
            yield entities_extracted(event, doc, aliases)

    def extract_one(event: ArticleIngested) -> EntitiesExtracted:
        assert model is not None, "the model loads at start-up"
        return entities_extracted(event, model(event.article.text), aliases)

    batcher = ParseBatcher(extract_all, extract_one, batch, heavy)

    async def on_article_ingested(event: ArticleIngested, _: Delivery) -> EntitiesExtracted:
        if parses(event.article):
            return await batcher.parse(event)
        return entities_extracted(event, None, aliases)

    wire_stage(
        broker,
        # two batches in hand: one being parsed, the next one gathering
        StageConfig.from_settings("entities", consumer, settings, concurrency=2 * batch),
        ArticleIngested.model_validate_json,
        on_article_ingested,
    )
    return app


def entities_extracted(
    event: ArticleIngested, doc: Doc | None, aliases: AliasTable
) -> EntitiesExtracted:
    """The message for the quote stage: the article, its entities, and its parse as bytes
    (empty for an article that is not parsed)."""
    parse = doc_to_bytes(doc) if doc is not None else b""
    return EntitiesExtracted(
        article=event.article, entities=recognize(doc, aliases=aliases), parse=parse
    )
