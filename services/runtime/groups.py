"""Consumer groups that exist from a stream's first entry.

FastStream creates a missing group at `$`, so entries published before the first worker
started would never be delivered. We create every stage's group at `0` first (idempotent).
"""

from redis.asyncio import Redis
from redis.exceptions import ResponseError

from shared.streams import INPUT_OF, group_of


def text_of(value: object) -> str:
    """A field of an XINFO/XPENDING reply as text (bytes unless the client decodes replies)."""
    return value.decode() if isinstance(value, bytes) else str(value)


async def ensure_group(redis: Redis, stream: str, group: str) -> bool:
    """Create `group` on `stream` at id 0 (and the stream if needed). True if it was created."""
    try:
        await redis.xgroup_create(name=stream, groupname=group, id="0", mkstream=True)
    except ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise
        return False
    return True


async def ensure_stage_groups(redis: Redis, stages: tuple[str, ...] | None = None) -> None:
    """Every stage's group on its input stream (all stages when `stages` is None)."""
    for stage in stages or tuple(INPUT_OF):
        await ensure_group(redis, INPUT_OF[stage], group_of(stage))
