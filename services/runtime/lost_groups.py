"""Consumer groups that vanish under a running worker, and subscribers that stop for good.

A group disappears when Redis comes back without it: a restart without persistence, `FLUSHALL`,
a failover to an empty replica, a deleted stream. FastStream 0.7.8 treats the `NOGROUP` reply
of a read as terminal (`_StreamHandlerMixin._consume` in
`faststream/redis/subscriber/usecases/stream_subscriber.py`): it logs CRITICAL, stops the
subscriber and asks the app to exit, which it does with status 0. A watchdog that re-creates
groups every few seconds loses that race, so the read itself is where to recover:
`recover_lost_groups` wraps each stream subscriber's read (`_get_msgs`, the call `_consume`
makes) so that `NOGROUP` re-creates the group at `0` (with the stream) and the next read goes
on. FastStream never sees the error. Entries added between the flush and the re-creation are
read, since the group starts at `0`.

A group deleted while its stream stays (`XGROUP DESTROY`) is re-created at `0` too: whatever
the stream still holds is delivered again, which every stage absorbs (writes are idempotent).

Anything else that stops a subscriber for good (a future terminal error) must not look like a
clean stop: `stopped_subscribers` names them, and the worker then exits with status 1 so that
`restart: on-failure`, systemd or `newsflow up` can act.
"""

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from faststream.redis.subscriber.usecases.stream_subscriber import _StreamHandlerMixin
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from services.runtime.groups import ensure_group

log = logging.getLogger("newsflow.worker")


def is_nogroup(error: BaseException) -> bool:
    return isinstance(error, ResponseError) and str(error).startswith("NOGROUP")


def recover_lost_groups(subscribers: Iterable[Any], redis: Redis) -> int:
    """Make every consumer-group stream subscriber among `subscribers` re-create its group when
    a read finds it gone. Returns how many were wrapped (call once, before the broker starts)."""
    wrapped = 0
    for subscriber in subscribers:
        if isinstance(subscriber, _StreamHandlerMixin) and subscriber.stream_sub.group:
            subscriber._get_msgs = _recovering(subscriber, subscriber._get_msgs, redis)  # type: ignore[method-assign,assignment]
            wrapped += 1
    return wrapped


def _recovering(
    subscriber: _StreamHandlerMixin, read: Callable[..., Awaitable[None]], redis: Redis
) -> Callable[..., Awaitable[None]]:
    async def read_or_recover(*args: Any) -> None:
        try:
            await read(*args)
        except ResponseError as error:
            if not is_nogroup(error):
                raise
            sub = subscriber.stream_sub
            # a Redis error here goes to FastStream's own retry-after-backoff path
            await ensure_group(redis, sub.name, sub.group or "")
            subscriber.autoclaim_start_id = b"0-0"  # the reclaimer's scan starts over
            log.warning(
                "consumer group %s of %s was gone (Redis restarted empty, flushed, or the "
                "stream was deleted): re-created at 0, reading on",
                sub.group,
                sub.name,
            )

    return read_or_recover


def stopped_subscribers(subscribers: Iterable[Any]) -> list[str]:
    """Names of the subscribers that are no longer running. Asked while the app shuts down and
    before the broker stops them, it names the ones that stopped on their own."""
    return [_describe(sub) for sub in subscribers if not sub.running]


def _describe(subscriber: Any) -> str:
    if isinstance(subscriber, _StreamHandlerMixin):
        return f"{subscriber.stream_sub.name} (group {subscriber.stream_sub.group})"
    return repr(subscriber)
