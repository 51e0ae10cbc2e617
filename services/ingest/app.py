"""Ingest worker: `articles.raw` (any producer) -> `articles.ingested`."""

from typing import Any

from faststream import FastStream

from services.ingest.normalize import to_article
from services.runtime.envelope import json_payload
from services.runtime.stage import Delivery, StageConfig, wire_stage
from services.runtime.worker import stage_app
from shared.messages import ArticleIngested
from shared.settings import Settings


def create_app(settings: Settings | None = None) -> FastStream:
    settings = settings or Settings()
    app, broker, consumer = stage_app("ingest", settings)

    async def on_article_submitted(payload: Any, _: Delivery) -> ArticleIngested:
        return ArticleIngested(article=to_article(payload, max_chars=settings.max_text_chars))

    wire_stage(
        broker,
        StageConfig.from_settings("ingest", consumer, settings),
        json_payload,
        on_article_submitted,
    )
    return app
