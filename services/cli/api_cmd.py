"""`newsflow api`: the query API alone (`newsflow up` starts it too, through `serve`)."""

import argparse
import asyncio
import sys

import uvicorn

from services.aggregate.store_redis import RedisAggregateStore
from services.aggregate.store_redis_client import DEFAULT_PREFIX, connect
from services.api.app import create_app
from services.runtime.redis_url import redact
from shared.settings import Settings


async def serve(
    redis_url: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    api_token: str | None = None,
    prefix: str = DEFAULT_PREFIX,
) -> None:
    """Serves the API until cancelled or interrupted. Redis may be down: /health says 503."""
    client = connect(redis_url)
    store = RedisAggregateStore(client, prefix=prefix)
    app = create_app(store, redis_ping=store.ping, api_token=api_token)
    config = uvicorn.Config(app, host=host, port=port, log_level="info", lifespan="on")
    try:
        await uvicorn.Server(config).serve()
    finally:
        await client.aclose()


def run(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.aggregate_redis_url_value()
    token = settings.api_token.get_secret_value() if settings.api_token else None
    print(
        f"newsflow api on http://{args.host}:{args.port} (Redis {redact(url)}, "
        f"token {'required' if token else 'not set'})",
        file=sys.stderr,
    )
    asyncio.run(serve(url, host=args.host, port=args.port, api_token=token))
    return 0
