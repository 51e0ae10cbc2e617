"""Keeping Redis memory bounded: a stream is trimmed only below what every one of its consumer
groups has finished with, so a lagging group (or a dead consumer's pending entries) never loses
an entry. XADD MAXLEN would trim by count regardless of the groups; this trims by progress.

What a trim removes is counted (`trimmed_key`), in the same script as the trim: every removed
entry had been read and acknowledged by every group, so "processed" on a Redis without
`entries-read` in XINFO GROUPS (6.2) is that count plus what the stream still holds up to the
group's position (`services/api/pipeline.py`)."""

import time
from dataclasses import dataclass

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
    return await _trim_below(redis, stream, min_id)


async def _trim_below(redis: Redis, stream: str, min_id: str) -> int:
    removed = await redis.eval(_TRIM_AND_COUNT, 2, stream, trimmed_key(stream), min_id)  # type: ignore[misc]
    return int(removed)


@dataclass(frozen=True)
class Retention:
    """How much of a retained stream to keep: entries younger than `max_age_s`, and at most
    about `maxlen` of them (either may be None: no limit of that kind)."""

    max_age_s: int | None = None
    maxlen: int | None = None

    @property
    def active(self) -> bool:
        return self.max_age_s is not None or self.maxlen is not None


def _key(entry_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in entry_id.split("-"))


#: a count retention drops at most this many entries per round (each round is ~10 s)
RETENTION_STEP = 1000


async def trim_retained(redis: Redis, stream: str, retention: Retention) -> int:
    """Drop entries past `retention` that every group is done with (a lagging group never
    loses an entry it has not read); returns how many went."""
    safe = await safe_min_id(redis, stream)
    if safe is None or safe == "0-0" or not retention.active:
        return 0
    cuts = []
    if retention.max_age_s is not None:
        cuts.append(f"{max(int(time.time() * 1000) - retention.max_age_s * 1000, 0)}-0")
    if retention.maxlen is not None:
        excess = int(await redis.xlen(stream)) - retention.maxlen
        if excess > 0:
            oldest = await redis.xrange(stream, count=min(excess, RETENTION_STEP) + 1)
            last = oldest[-1][0]
            cuts.append(last.decode() if isinstance(last, bytes) else str(last))
    if not cuts:
        return 0
    # an entry goes when it is past some retention limit AND no group needs it any more
    cut = min(max(cuts, key=_key), safe, key=_key)
    return await _trim_below(redis, stream, cut)
