"""Aggregate worker: `articles.enriched` -> Redis aggregates + `aggregates.updates`.

Each article is applied by one atomic script per shard of the store, each knowing which version
it already counted there, so a redelivered or re-published article changes nothing and a
corrected one replaces its old contribution (`services.aggregate.rollup.contribution` is what
it adds; `services.aggregate.store_layout` how it is sharded)."""

from faststream import FastStream

from services.aggregate.store import AggregateStore
from services.aggregate.store_redis import RedisAggregateStore
from services.aggregate.store_redis_client import connect
from services.runtime.stage import Delivery, StageConfig, wire_stage
from services.runtime.worker import stage_app
from shared.messages import AggregatesUpdated, ArticleEnriched
from shared.settings import Settings


def create_app(
    settings: Settings | None = None, *, store: AggregateStore | None = None
) -> FastStream:
    """The aggregate worker; `store` replaces the store in the aggregate Redis (tests)."""
    settings = settings or Settings()
    app, broker, consumer = stage_app("aggregate", settings)
    if store is None:
        client = connect(settings.aggregate_redis_url_value())
        store = RedisAggregateStore(client, hot_days=settings.hot_days)

        @app.after_shutdown
        async def close() -> None:
            await client.aclose()

    aggregates: AggregateStore = store

    async def on_article_enriched(record: ArticleEnriched, delivery: Delivery) -> AggregatesUpdated:
        return await aggregates.apply(
            record, now_ms=delivery.entry_ms, published_ms=delivery.published_ms
        )

    wire_stage(
        broker,
        # no group reads aggregates.updates: it is capped by count
        StageConfig.from_settings("aggregate", consumer, settings, maxlen=settings.updates_maxlen),
        ArticleEnriched.model_validate_json,
        on_article_enriched,
    )
    return app
