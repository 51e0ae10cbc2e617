"""Aggregate worker: `articles.enriched` -> Redis aggregates + `aggregates.updates`.

Each article is applied by one atomic script that knows which version it already counted, so a
redelivered or re-published article changes nothing and a corrected one replaces its old
contribution."""

from faststream import FastStream

from services.aggregate.store_redis import RedisAggregateStore
from services.aggregate.store_redis_client import connect
from services.runtime.stage import Delivery, StageConfig, wire_stage
from services.runtime.worker import stage_app
from shared.messages import AggregatesUpdated, ArticleEnriched
from shared.settings import Settings


def create_app(settings: Settings | None = None) -> FastStream:
    settings = settings or Settings()
    app, broker, consumer = stage_app("aggregate", settings)
    client = connect(settings.aggregate_redis_url_value())
    store = RedisAggregateStore(client, hot_days=settings.hot_days)

    @app.after_shutdown
    async def close() -> None:
        await client.aclose()

    async def on_article_enriched(record: ArticleEnriched, delivery: Delivery) -> AggregatesUpdated:
        return await store.apply(
            record, now_ms=delivery.entry_ms, published_ms=delivery.published_ms
        )

    wire_stage(
        broker,
        StageConfig.from_settings("aggregate", consumer, settings),
        ArticleEnriched.model_validate_json,
        on_article_enriched,
    )
    return app
