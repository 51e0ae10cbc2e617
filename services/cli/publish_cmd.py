"""`newsflow publish PATH|URL ...`: articles from files, folders and web pages or feeds onto
`articles.raw`, with backpressure: while more than `publish_max_lag` articles wait anywhere in
the pipeline (unread or pending at every stage, not only ingest: a slow entities stage is where
a backlog builds), publishing waits; after `publish_wait_s` it refuses, saying so."""

import argparse
import asyncio
import sys

from redis.exceptions import RedisError

from services.cli.inputs import checked, inputs
from services.ingest.publish import PipelineFull, publish
from services.runtime.redis_url import redact
from shared.settings import Settings
from shared.streams import RAW


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
