"""Archive worker: `articles.enriched` -> Parquet files (`articles`, `mentions`, `quotes`).

Messages are held until their batch is written and synced (`services.runtime.write_batcher`),
then acked: a crash
before that leaves them pending, and another worker (or this one, restarted) writes them
again. Readers see each article once whatever was written twice (`query.py`). While storage
fails (a full or read-only folder) the worker says so in one line, acks nothing, keeps the
held messages claimed (so no other worker's reclaimer takes them and counts them as failed
deliveries), and carries on when writes succeed again.
"""

import asyncio
import logging

from faststream import FastStream

from services.archive.archiver import Archiver, Delivered
from services.archive.files import Location
from services.runtime.hold import keep_claimed
from services.runtime.stage import Delivery, StageConfig, wire_stage
from services.runtime.worker import stage_app
from services.runtime.write_batcher import WriteBatcher
from shared.messages import ArticleEnriched
from shared.settings import Settings
from shared.streams import INPUT_OF, group_of

log = logging.getLogger("newsflow.archive")


def create_app(settings: Settings | None = None) -> FastStream:
    settings = settings or Settings()
    app, broker, consumer = stage_app("archive", settings)
    location = Location.of(settings.archive_location())
    archiver = Archiver(location, consumer)
    held: set[str] = set()

    def on_storage(error: OSError | None) -> None:
        if error is not None:
            log.error(
                "cannot write the archive at %s (%s): holding %d article(s) unacknowledged, "
                "retrying every 5 s",
                location.url,
                error,
                len(held),
            )
        else:
            log.info("the archive at %s is writable again: carrying on", location.url)

    batcher: WriteBatcher[Delivered] = WriteBatcher(
        archiver.write,
        max_items=settings.archive_batch,
        flush_s=settings.archive_flush_s,
        on_storage=on_storage,
    )
    keeper: asyncio.Task[None] | None = None

    @app.after_startup
    async def start_keeper() -> None:
        nonlocal keeper
        log.info("archiving to %s", location.url)
        keeper = asyncio.create_task(
            keep_claimed(
                settings.redis_url_value(),
                INPUT_OF["archive"],
                group_of("archive"),
                consumer,
                held,
                every_s=settings.reclaim_idle_ms / 3000,
            )
        )

    @app.on_shutdown
    async def flush() -> None:
        batcher.close()

    @app.after_shutdown
    async def stop_keeper() -> None:
        if keeper:
            keeper.cancel()

    async def on_article_enriched(record: ArticleEnriched, delivery: Delivery) -> None:
        held.add(delivery.entry_id)
        try:
            await batcher.add(Delivered(record, delivery.entry_ms, delivery.published_ms))
        finally:
            held.discard(delivery.entry_id)

    wire_stage(
        broker,
        # a batch's worth of messages in hand at once: each waits until its batch is durable
        StageConfig.from_settings(
            "archive", consumer, settings, concurrency=settings.archive_batch
        ),
        ArticleEnriched.model_validate_json,
        on_article_enriched,
    )
    return app
