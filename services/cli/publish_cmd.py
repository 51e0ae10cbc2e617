"""`newsflow publish PATH|URL|- ...`: articles from files, folders, web pages or feeds, or
standard input, onto `articles.raw`, with backpressure: while more than `publish_max_lag`
articles wait anywhere in the pipeline (unread or pending at every stage, not only ingest: a
slow entities stage is where a backlog builds), publishing waits; after `publish_wait_s` it
refuses, saying so. Everything it says goes to stderr (stdout stays empty for pipes)."""

import argparse
import asyncio

from redis.exceptions import RedisError

from services.cli.inputs import checked, inputs, undated_note
from services.cli.progress import Progress
from services.ingest.publish import PipelineFull, publish
from services.runtime.redis_url import redact
from shared.settings import Settings
from shared.streams import RAW


def run(args: argparse.Namespace, settings: Settings) -> int:
    found = checked(inputs(args.paths, settings), settings.max_text_chars, settings.field_map)
    url = settings.redis_url_value()
    with Progress("publishing", total=len(found.good)) as progress:
        for rejected in found.bad:
            progress.say(f"rejected {rejected.origin}: {rejected.reason}")
        if found.good:
            try:
                asyncio.run(
                    publish(
                        url,
                        found.good,
                        max_lag=settings.publish_max_lag,
                        wait_s=settings.publish_wait_s,
                        on_published=progress.advance,
                    )
                )
            except (RedisError, OSError) as error:
                progress.say(f"newsflow: cannot reach Redis at {redact(url)} ({error})")
                return 1
            except PipelineFull as error:
                progress.say(
                    f"published {error.published} of {len(found.good)}, then refused: {error}"
                )
                return 1
    if note := undated_note(found.undated, len(found.good)):
        progress.say(note)
    progress.finish(
        f"published {len(found.good)}, rejected {len(found.bad)} to {RAW} on {redact(url)} "
        f"in {progress.elapsed_s:.1f} s"
    )
    return 1 if found.bad else 0
