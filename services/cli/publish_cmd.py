"""`newsflow publish PATH ...`: articles from files and folders onto `articles.raw`."""

import argparse
import asyncio
import sys
from collections.abc import Iterable

from redis.exceptions import RedisError

from services.ingest.normalize import to_article
from services.ingest.sources import Payload, Rejected, read_paths
from services.runtime.broker import make_broker, make_redis
from services.runtime.groups import ensure_stage_groups
from services.runtime.redis_url import redact
from shared.errors import InvalidArticle
from shared.settings import Settings
from shared.streams import RAW


def checked(
    items: Iterable[Payload | Rejected], max_chars: int
) -> tuple[list[Payload], list[Rejected]]:
    """Split inputs into what ingest will accept and what it would reject (with the reason)."""
    good: list[Payload] = []
    bad: list[Rejected] = []
    for item in items:
        if isinstance(item, Rejected):
            bad.append(item)
            continue
        try:
            to_article(item.data, max_chars=max_chars)
        except InvalidArticle as error:
            bad.append(Rejected(item.origin, str(error)))
        else:
            good.append(item)
    return good, bad


async def publish(url: str, payloads: list[Payload]) -> None:
    redis = make_redis(url)
    try:
        await ensure_stage_groups(redis)  # entries published before any worker are still read
    finally:
        await redis.aclose()
    async with make_broker(url) as broker:
        for payload in payloads:
            await broker.publish(payload.data, stream=RAW)


def run(args: argparse.Namespace, settings: Settings) -> int:
    good, bad = checked(read_paths(args.paths), settings.max_text_chars)
    for rejected in bad:
        print(f"rejected {rejected.origin}: {rejected.reason}", file=sys.stderr)
    url = settings.redis_url_value()
    if good:
        try:
            asyncio.run(publish(url, good))
        except (RedisError, OSError) as error:
            print(f"newsflow: cannot reach Redis at {redact(url)} ({error})", file=sys.stderr)
            return 1
    print(f"published {len(good)}, rejected {len(bad)} to {RAW} on {redact(url)}")
    return 1 if bad else 0
