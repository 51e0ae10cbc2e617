"""How far behind each stage is: entries not yet read by its group, and entries read but not
acknowledged. Works on Redis 6.2 (no `lag` field in XINFO GROUPS there)."""

from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from services.runtime.groups import text_of
from shared.streams import INPUT_OF, group_of

#: counting unread entries on Redis < 7 stops here (lag beyond it reads as this number)
UNREAD_CAP = 100_000

#: pages of 500 keep the server's memory small even when entries carry a parse
_COUNT_AFTER = """
local count, last, cap = 0, ARGV[1], tonumber(ARGV[2])
while count < cap do
  local page = redis.call('XRANGE', KEYS[1], '(' .. last, '+', 'COUNT', 500)
  count = count + #page
  if #page < 500 then break end
  last = page[#page][1]
end
return count
"""


@dataclass(frozen=True)
class StageLag:
    stage: str
    stream: str
    length: int  # entries in the stream
    unread: int  # entries after the group's last delivered id
    pending: int  # delivered, not yet acknowledged

    @property
    def idle(self) -> bool:
        return self.unread == 0 and self.pending == 0


async def stage_lag(redis: Redis, stage: str) -> StageLag:
    stream, group = INPUT_OF[stage], group_of(stage)
    try:
        info = await redis.xinfo_stream(stream)
        groups = await redis.xinfo_groups(stream)
    except ResponseError:  # no such stream yet
        return StageLag(stage, stream, 0, 0, 0)
    mine = next((g for g in groups if text_of(g["name"]) == group), None)
    length = int(info["length"])
    if mine is None:
        return StageLag(stage, stream, length, length, 0)
    last = text_of(mine["last-delivered-id"])
    if mine.get("lag") is not None:
        unread = int(mine["lag"])
    elif last == text_of(info["last-generated-id"]):
        unread = 0
    else:  # Redis < 7: count in the server, without shipping the entries (capped)
        unread = int(await redis.eval(_COUNT_AFTER, 1, stream, last, UNREAD_CAP))  # type: ignore[misc]
    return StageLag(stage, stream, length, unread, int(mine["pending"]))


async def pipeline_lag(redis: Redis, stages: tuple[str, ...] | None = None) -> list[StageLag]:
    return [await stage_lag(redis, stage) for stage in stages or tuple(INPUT_OF)]


async def drained(redis: Redis, stages: tuple[str, ...] | None = None) -> bool:
    """True when every stage (or these `stages`) has read and acknowledged everything in its
    input stream."""
    return all(lag.idle for lag in await pipeline_lag(redis, stages))
