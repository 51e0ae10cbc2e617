"""`newsflow api`: the query API alone (`newsflow up` starts it too, through `serve`)."""

import argparse
import asyncio
import sys

import uvicorn

from services.aggregate.store_redis import RedisAggregateStore
from services.aggregate.store_redis_client import DEFAULT_PREFIX, connect
from services.api.access_log import redact_access_log
from services.api.app import create_app
from services.api.history import WindowedStore
from services.archive.query import ArchiveQuery
from services.archive.snapshot import Snapshot
from services.runtime.broker import make_redis
from services.runtime.redis_url import redact
from shared.settings import Settings


async def serve(
    redis_url: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    api_token: str | None = None,
    prefix: str = DEFAULT_PREFIX,
    streams_url: str | None = None,
    archive: str | None = None,
    hot_days: int | None = None,
    snapshot_articles: int = 0,
) -> None:
    """Serves the API until cancelled or interrupted. Redis may be down: /health says 503.
    `streams_url` is where the streams live (default: `redis_url`), for /pipeline and /events;
    `archive` the archive location, read for windows older than `hot_days`, and held in
    memory for the browsing routes up to `snapshot_articles` article rows (0: not held)."""
    client = connect(redis_url)
    streams = make_redis(streams_url or redis_url)
    hot = RedisAggregateStore(client, prefix=prefix, hot_days=hot_days)
    query = ArchiveQuery(archive) if archive else None
    snapshot = (
        Snapshot(query.location, max_articles=snapshot_articles)
        if query is not None and snapshot_articles > 0
        else None
    )
    store = WindowedStore(hot, query, hot_days=hot_days, snapshot=snapshot)
    app = create_app(store, redis_ping=hot.ping, api_token=api_token, streams=streams)
    if snapshot is not None:  # loaded now, off the request path: the first request need not wait
        loading = asyncio.create_task(asyncio.to_thread(_load_quietly, snapshot))
    # open /events streams end 3 s after a stop is asked for, instead of holding it up
    config = uvicorn.Config(
        app, host=host, port=port, log_level="info", lifespan="on", timeout_graceful_shutdown=3
    )
    redact_access_log()  # after Config: it (re)configures uvicorn's loggers
    try:
        await uvicorn.Server(config).serve()
    finally:
        await client.aclose()
        await streams.aclose()
        if snapshot is not None:
            await loading
            snapshot.close()


def _load_quietly(snapshot: Snapshot) -> None:
    """The snapshot's first load; a failure is left for the requests to report (503)."""
    try:
        snapshot.refresh()
    except OSError:
        pass


def run(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.aggregate_redis_url_value()
    token = settings.api_token.get_secret_value() if settings.api_token else None
    print(
        f"newsflow api on http://{args.host}:{args.port} (Redis {redact(url)}, "
        f"token {'required' if token else 'not set'})",
        file=sys.stderr,
    )
    asyncio.run(
        serve(
            url,
            host=args.host,
            port=args.port,
            api_token=token,
            streams_url=settings.redis_url_value(),
            archive=settings.archive_location(),
            hot_days=settings.hot_days,
            snapshot_articles=settings.api_snapshot_articles,
        )
    )
    return 0
