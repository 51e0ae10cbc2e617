"""`newsflow tail STREAM --group NAME`: a resumable reader in a consumer group of its own.

Each record is printed (and stdout flushed) before it is acknowledged, so a reader stopped at
any moment loses nothing: the next run prints again what it had not acknowledged (at least
once). A run starts with what is pending for its consumer name, then takes over entries that a
crashed member of the group has left pending for `claim_idle_ms`, then reads new entries.
The group is created at the first retained entry with `from_start`, else at the stream's end;
an existing group resumes where it was, whatever `from_start` says.
"""

import asyncio
import signal
from collections.abc import Callable
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import ResponseError

PAGE = 100
BLOCK_MS = 1000

Entries = list[tuple[bytes, dict[bytes, bytes] | None]]


@dataclass(frozen=True)
class GroupReader:
    stream: str
    group: str
    consumer: str
    from_start: bool = False
    claim_idle_ms: int = 60_000

    async def join(self, redis: Redis) -> bool:
        """Create the group (True) or find it there (False)."""
        try:
            start = "0" if self.from_start else "$"
            await redis.xgroup_create(self.stream, self.group, id=start, mkstream=True)
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise
            return False
        return True

    async def own_pending(self, redis: Redis) -> Entries:
        """Entries delivered to this consumer name and never acknowledged (all of them)."""
        found: Entries = []
        after = "0"
        while True:
            reply = await redis.xreadgroup(
                self.group, self.consumer, {self.stream: after}, count=PAGE
            )
            entries = reply[0][1] if reply else []
            if not entries:
                return found
            found.extend(entries)
            after = entries[-1][0]

    async def claimed(self, redis: Redis) -> Entries:
        """Entries other consumers of the group left pending for `claim_idle_ms` (crashed)."""
        found: Entries = []
        start: bytes | str = "0-0"
        while True:
            reply = await redis.xautoclaim(
                self.stream, self.group, self.consumer, self.claim_idle_ms, start, count=PAGE
            )
            start, entries = reply[0], reply[1]
            found.extend(entries)
            if start in (b"0-0", "0-0"):
                return found

    async def new(self, redis: Redis, block_ms: int | None, most: int = PAGE) -> Entries:
        reply = await redis.xreadgroup(
            self.group, self.consumer, {self.stream: ">"}, count=most, block=block_ms
        )
        return reply[0][1] if reply else []


Show = Callable[[bytes, dict[bytes, bytes]], None]


async def read_group(
    redis: Redis,
    reader: GroupReader,
    show: Show,
    flush: Callable[[], None],
    *,
    count: int | None = None,
    follow: bool = True,
) -> int:
    """Show entries (pending first, then claimed, then new), flush, then ack them; until
    `count` were shown, SIGINT/SIGTERM, or (without `follow`) nothing more is waiting.
    Returns how many were shown."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    shown = 0

    async def settle(entries: Entries) -> None:
        nonlocal shown
        done = []
        for entry_id, fields in entries:
            if count is not None and shown >= count:
                break
            if fields:  # an entry trimmed away while pending reads back empty: just ack it
                show(entry_id, fields)
                shown += 1
            done.append(entry_id)
        flush()
        if done:
            await redis.xack(reader.stream, reader.group, *done)

    try:
        await reader.join(redis)
        await settle(await reader.own_pending(redis))
        await settle(await reader.claimed(redis))
        while not stopping.is_set() and (count is None or shown < count):
            most = PAGE if count is None else min(PAGE, count - shown)
            entries = await reader.new(redis, BLOCK_MS if follow else None, most)
            if not entries and not follow:
                break
            await settle(entries)
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    return shown
