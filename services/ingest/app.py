"""Ingest worker: `articles.raw` (any producer) -> `articles.ingested`.

Exact and near-duplicates of an earlier article are linked to it in the seen index and not
passed on; the same article delivered again gets its first verdict again, so it flows on."""

import asyncio
import logging
from typing import Any

from faststream import FastStream
from prometheus_client import Counter

from services.ingest import language
from services.ingest.dedup import Verdict, fingerprint, passes_on
from services.ingest.normalize import to_article
from services.ingest.seen import SeenIndex
from services.ingest.seen_redis import SEEN_PREFIX, RedisSeenIndex
from services.runtime.broker import make_redis
from services.runtime.envelope import json_payload
from services.runtime.stage import Delivery, StageConfig, wire_stage
from services.runtime.worker import stage_app
from shared.messages import ArticleIngested
from shared.records import Article
from shared.settings import Settings

log = logging.getLogger("newsflow.ingest")

DUPLICATES = Counter(
    "newsflow_duplicates", "Articles linked to an earlier copy instead of processed", ["kind"]
)
UNDATED = Counter(
    "newsflow_undated_articles",
    "Articles without a date (published_at or a common name for it): dated when received",
)


def create_app(settings: Settings | None = None, *, seen: SeenIndex | None = None) -> FastStream:
    """The ingest worker; `seen` replaces the seen index in the stream Redis (tests)."""
    settings = settings or Settings()
    app, broker, consumer = stage_app("ingest", settings)
    if seen is None:
        redis = make_redis(settings.redis_url_value())
        in_redis = RedisSeenIndex(redis, prefix=SEEN_PREFIX, ttl_s=settings.dedup_window_s)
        seen = in_redis

        @app.after_shutdown
        async def close() -> None:
            await in_redis.aclose()
            await redis.aclose()

    index: SeenIndex = seen
    undated_seen = 0

    def undated(article: Article) -> None:
        """Count an article without a date; say so for the first one this worker sees."""
        nonlocal undated_seen
        if not undated_seen:
            log.info(
                "article %s has no date (published_at, date, pubDate, ...): it counts on the day "
                "it is received; further ones are counted in newsflow_undated_articles_total",
                article.id,
            )
        undated_seen += 1
        UNDATED.inc()

    @app.on_startup
    async def load() -> None:
        await asyncio.to_thread(language.preload)

    async def on_article_submitted(payload: Any, _: Delivery) -> ArticleIngested | None:
        article = to_article(
            payload, max_chars=settings.max_text_chars, field_map=settings.field_map
        )
        if article.published_at is None:
            undated(article)
        if settings.dedup != "off":
            print_ = fingerprint(article.text)
            verdict = await index.check_and_add(article.id, article.version, print_)
            if not passes_on(verdict, settings.dedup):
                linked(article, verdict)
                return None
        return ArticleIngested(article=article)

    wire_stage(
        broker,
        StageConfig.from_settings("ingest", consumer, settings),
        json_payload,
        on_article_submitted,
    )
    return app


def linked(article: Article, verdict: Verdict) -> None:
    """Say that `article` was linked to an earlier copy instead of passed on."""
    DUPLICATES.labels(verdict.kind).inc()
    log.info(
        "article %s is a %s of %s (similarity %.2f): linked, not processed",
        article.id,
        verdict.kind.replace("_", "-"),
        verdict.of,
        verdict.similarity,
    )
