"""`newsflow publish PATH|URL ...`: articles from files, folders and web pages or feeds onto
`articles.raw`, with backpressure: while the ingest stage has more than `publish_max_lag`
articles unread, publishing waits; after `publish_wait_s` it refuses, saying so."""

import argparse
import asyncio
import sys
import time
from collections.abc import Iterable, Iterator

from redis.asyncio import Redis
from redis.exceptions import RedisError

from services.ingest.fetch import FetchError, fetch
from services.ingest.normalize import to_article
from services.ingest.sources import Payload, Rejected, parse_file, read_paths
from services.runtime.broker import make_broker, make_redis
from services.runtime.groups import ensure_stage_groups
from services.runtime.lag import stage_lag
from services.runtime.redis_url import redact
from shared.errors import InvalidArticle
from shared.settings import Settings
from shared.streams import RAW

#: lag is checked every this many articles (one XINFO round trip)
CHECK_EVERY = 200


class PipelineFull(RuntimeError):
    """The ingest stage is too far behind to accept more now; `published` went out before."""

    published = 0


def inputs(paths: list[str], settings: Settings) -> Iterator[Payload | Rejected]:
    """Articles from each path, or from each http(s) URL fetched with the safety limits."""
    for path in paths:
        if path.startswith(("http://", "https://")):
            try:
                name, data = fetch(
                    path,
                    timeout=settings.fetch_timeout_s,
                    max_bytes=settings.fetch_max_bytes,
                    allow_private=settings.fetch_allow_private,
                )
            except FetchError as error:
                yield Rejected(path, str(error))
                continue
            yield from parse_file(name, data)
        else:
            yield from read_paths([path])


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


async def _wait_for_room(redis: Redis, max_lag: int, wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    while True:
        lag = await stage_lag(redis, "ingest")
        if lag.unread + lag.pending <= max_lag:
            return
        if time.monotonic() >= deadline:
            raise PipelineFull(
                f"{lag.unread + lag.pending:,} articles are waiting for ingest (limit {max_lag:,}) "
                f"after waiting {wait_s:g}s: start more workers or publish later"
            )
        await asyncio.sleep(0.5)


async def publish(
    url: str, payloads: list[Payload], *, max_lag: int | None = None, wait_s: float = 0.0
) -> int:
    """Publish `payloads`; returns how many were published (all, unless the pipeline is full)."""
    redis = make_redis(url)
    try:
        await ensure_stage_groups(redis)  # entries published before any worker are still read
        async with make_broker(url) as broker:
            for index, payload in enumerate(payloads):
                if max_lag is not None and index % CHECK_EVERY == 0:
                    try:
                        await _wait_for_room(redis, max_lag, wait_s)
                    except PipelineFull as full:
                        full.published = index
                        raise
                await broker.publish(payload.data, stream=RAW)
    finally:
        await redis.aclose()
    return len(payloads)


def run(args: argparse.Namespace, settings: Settings) -> int:
    good, bad = checked(inputs(args.paths, settings), settings.max_text_chars)
    for rejected in bad:
        print(f"rejected {rejected.origin}: {rejected.reason}", file=sys.stderr)
    url = settings.redis_url_value()
    if good:
        try:
            asyncio.run(
                publish(url, good, max_lag=settings.publish_max_lag, wait_s=settings.publish_wait_s)
            )
        except (RedisError, OSError) as error:
            print(f"newsflow: cannot reach Redis at {redact(url)} ({error})", file=sys.stderr)
            return 1
        except PipelineFull as error:
            print(
                f"published {error.published} of {len(good)}, then refused: {error}",
                file=sys.stderr,
            )
            return 1
    print(f"published {len(good)}, rejected {len(bad)} to {RAW} on {redact(url)}")
    return 1 if bad else 0
