"""Keeping Redis memory bounded: a stream is trimmed only below what every one of its consumer
groups has finished with, so a lagging group (or a dead consumer's pending entries) never loses
an entry. XADD MAXLEN would trim by count regardless of the groups; this trims by progress.

What a trim removes is counted (`trimmed_key`), in the same script as the trim: every removed
entry had been read and acknowledged by every group, so "processed" on a Redis without
`entries-read` in XINFO GROUPS (6.2) is that count plus what the stream still holds up to the
group's position (`services/api/pipeline.py`)."""

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


_TRIM_AND_COUNT = """
local removed = redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])
if removed > 0 then redis.call('INCRBY', KEYS[2], removed) end
return removed
"""


def trimmed_key(stream: str) -> str:
    """Where the count of entries trimmed from `stream` lives: hash-tagged with the stream's
    name, so both keys sit in one slot of a Redis Cluster (the script touches both)."""
    return f"{{{stream}}}.trimmed"


async def trimmed(redis: Redis, stream: str) -> int:
    return int(await redis.get(trimmed_key(stream)) or 0)


async def trim_consumed(redis: Redis, stream: str) -> int:
    """Drop the entries every group is done with, and count them; returns how many went."""
    min_id = await safe_min_id(redis, stream)
    if min_id is None or min_id == "0-0":
        return 0
    script = await redis.eval(_TRIM_AND_COUNT, 2, stream, trimmed_key(stream), min_id)  # type: ignore[misc]
    return int(script)
