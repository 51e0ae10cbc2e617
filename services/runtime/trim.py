"""Keeping Redis memory bounded: a stream is trimmed only below what every one of its consumer
groups has finished with, so a lagging group (or a dead consumer's pending entries) never loses
an entry. XADD MAXLEN would trim by count regardless of the groups; this trims by progress."""

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from services.runtime.groups import text_of


async def safe_min_id(redis: Redis, stream: str) -> str | None:
    """The oldest entry id some group still needs (pending, or not yet delivered); None when the
    stream has no groups (nobody has said what they need: keep everything)."""
    try:
        groups = await redis.xinfo_groups(stream)
    except ResponseError:
        return None
    if not groups:
        return None
    needed = []
    for group in groups:
        name = text_of(group["name"])
        if int(group["pending"]):
            summary = await redis.xpending(stream, name)
            needed.append(text_of(summary["min"]))
        else:
            needed.append(text_of(group["last-delivered-id"]))
    return min(needed, key=lambda entry_id: tuple(int(part) for part in entry_id.split("-")))


async def trim_consumed(redis: Redis, stream: str) -> int:
    """Drop the entries every group is done with; returns how many went (0 when none)."""
    min_id = await safe_min_id(redis, stream)
    if min_id is None or min_id == "0-0":
        return 0
    return int(await redis.xtrim(stream, minid=min_id, approximate=False))
