"""`newsflow rebuild`: recompute the hot aggregates from the archive and the retained
`articles.enriched` stream."""

import argparse
import asyncio
import sys

from redis.exceptions import RedisError

from services.aggregate.store import StoreUnavailable
from services.aggregate.store_rebuild import RebuildRunning, rebuild
from services.archive.query import ArchiveQuery, Window
from services.runtime.redis_url import redact
from shared.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.aggregate_redis_url_value()
    archive = ArchiveQuery(settings.archive_location())
    history = (lambda since: archive.records(Window(since=since))) if archive.available() else None
    try:
        report = asyncio.run(rebuild(url, hot_days=settings.hot_days, history=history))
    except RebuildRunning as error:
        print(f"newsflow rebuild: {error}", file=sys.stderr)
        return 1
    except (StoreUnavailable, RedisError, OSError) as error:
        print(f"newsflow rebuild: Redis at {redact(url)} did not answer: {error}", file=sys.stderr)
        return 1
    print(
        f"rebuilt {report.archived} articles from the archive and {report.applied} from "
        f"{report.entries} entries of articles.enriched "
        f"({report.undecodable} undecodable, {report.caught_up} caught up) into generation "
        f"{report.generation} (was {report.previous}) in {report.seconds:.1f} s"
    )
    return 0
