"""Entries a process holds on purpose for a long time stay its own.

A stage that holds messages until something outside it is ready (the archive worker, while
its storage is full) would otherwise see them taken by another process's reclaimer once they
are idle for `reclaim_idle_ms`, each claim counting as a failed delivery. Re-claiming them
for itself with `XCLAIM … JUSTID` every few seconds resets their idle time without counting a
delivery (Redis documents that JUSTID leaves the counter alone).
"""

import asyncio
import logging
from collections.abc import Set

from redis.exceptions import RedisError

from services.runtime.broker import make_redis

log = logging.getLogger("newsflow.stage")


async def keep_claimed(
    url: str, stream: str, group: str, consumer: str, held: Set[str | bytes], *, every_s: float
) -> None:
    """Until cancelled: every `every_s`, claim the entries in `held` for `consumer` again."""
    redis = make_redis(url)
    try:
        while True:
            await asyncio.sleep(every_s)
            ids: list[str | bytes | int | memoryview] = list(held)
            for start in range(0, len(ids), 500):
                try:
                    await redis.xclaim(
                        stream, group, consumer, 0, ids[start : start + 500], justid=True
                    )
                except (RedisError, OSError) as error:
                    log.debug("could not re-claim held entries: %s", error)
                    break
    finally:
        await redis.aclose()
