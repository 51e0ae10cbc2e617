"""`newsflow rebuild`: recompute the aggregates from the retained `articles.enriched` stream."""

import argparse
import asyncio
import sys

from redis.exceptions import RedisError

from services.aggregate.store import StoreUnavailable
from services.aggregate.store_rebuild import RebuildRunning, rebuild
from services.runtime.redis_url import redact
from shared.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.redis_url_value()
    try:
        report = asyncio.run(rebuild(url))
    except RebuildRunning as error:
        print(f"newsflow rebuild: {error}", file=sys.stderr)
        return 1
    except (StoreUnavailable, RedisError, OSError) as error:
        print(f"newsflow rebuild: Redis at {redact(url)} did not answer: {error}", file=sys.stderr)
        return 1
    print(
        f"rebuilt {report.applied} articles from {report.entries} entries "
        f"({report.undecodable} undecodable, {report.caught_up} caught up) into generation "
        f"{report.generation} (was {report.previous}) in {report.seconds:.1f} s"
    )
    return 0
