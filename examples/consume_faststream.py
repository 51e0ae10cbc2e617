"""Read newsflow's output records with FastStream, in a consumer group of your own.

    pip install 'faststream[redis]'
    REDIS_URL=redis://127.0.0.1:6379/0 GROUP=my-app python consume_faststream.py
    # or: faststream run consume_faststream:app   (pip install 'faststream[cli]')

It starts with the first record Redis still holds, then follows new ones live; a record is
acknowledged when the handler returns. Two settings FastStream does not make for you:
- FastStream creates a missing group at `$` (new records only): the history would never
  arrive. So the group is created at `0` at start-up, before the subscribers start. Do not pass
  `last_id="0"` to StreamSub instead: that works only while the group is new; once it exists,
  the subscriber re-reads its own pending entries forever and never reads new ones.
- A restarted subscriber reads only new entries (`>`), not what it had been given and not
  acknowledged. The second subscriber takes over entries left pending for CLAIM_IDLE_MS by any
  member of the group (XAUTOCLAIM): a crash loses nothing, it is handled a little later.
Delivery is at least once: key what you write by the record's `id` and `version`.
"""

import asyncio
import json
import logging
import os
import socket
import sys

from faststream import FastStream
from faststream.redis import RedisBroker, StreamSub
from faststream.redis.annotations import RedisStreamMessage
from redis.asyncio import Redis
from redis.exceptions import ResponseError

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
STREAM = os.environ.get("STREAM", "articles.enriched")
GROUP = os.environ.get("GROUP", "my-app")
CONSUMER = os.environ.get("CONSUMER", socket.gethostname())
CLAIM_IDLE_MS = int(os.environ.get("CLAIM_IDLE_MS", "60000"))  # pending this long: a dead peer's
SCHEMA = 1  # the record schema this consumer was written for; later schemas only add fields

logging.basicConfig(level=logging.INFO, stream=sys.stderr)  # stdout holds only the records
broker = RedisBroker(REDIS_URL, logger=logging.getLogger("consumer"))
app = FastStream(broker, logger=logging.getLogger("consumer"))
told: set[bytes] = set()


def handle(record: dict) -> None:
    """Your code here. This one prints a line per article: who is quoted in it."""
    speakers = sorted({q["speaker_name"] for q in record["quotes"] if q["speaker_name"]})
    line = {"id": record["id"], "title": record["title"], "quotes": len(record["quotes"])}
    print(json.dumps({**line, "speakers": speakers}), flush=True)


def record_of(msg: RedisStreamMessage) -> dict | None:
    """The entry's record, or None, said on stderr, when it is not one this consumer reads."""
    entry_id = msg.raw_message["message_ids"][0].decode()  # the stream entry's id
    fields = msg.raw_message["data"]  # the entry's plain fields
    schema = fields.get(b"schema", b"")
    if not schema.isdigit():
        print(f"entry {entry_id}: no schema number ({schema!r}): skipped", file=sys.stderr)
        return None
    if int(schema) > SCHEMA and schema not in told:
        told.add(schema)
        print(
            f"entry {entry_id}: record schema {schema.decode()}, newer than the {SCHEMA} this "
            "consumer was written for: reading the fields it knows (update it to use the new "
            "ones)",
            file=sys.stderr,
        )
    try:
        return json.loads(msg.body)  # FastStream hands over the `data` field as the body
    except ValueError as error:
        print(f"entry {entry_id}: `data` is not JSON ({error}): skipped", file=sys.stderr)
        return None


@app.on_startup
async def create_group() -> None:
    redis = Redis.from_url(REDIS_URL)
    try:  # id "0": the group starts at the first retained record ("$": new records only)
        await redis.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
    except ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise  # else the group exists: it carries on where it was
    finally:
        await redis.aclose()


# new entries (XREADGROUP >), at most 10 a read: the default fetches the whole backlog at once
@broker.subscriber(
    stream=StreamSub(STREAM, group=GROUP, consumer=CONSUMER, last_id=">", max_records=10)
)
# entries any member left pending for CLAIM_IDLE_MS (XAUTOCLAIM); it never reads new ones
@broker.subscriber(
    stream=StreamSub(STREAM, group=GROUP, consumer=CONSUMER, min_idle_time=CLAIM_IDLE_MS)
)
async def on_article_enriched(msg: RedisStreamMessage) -> None:
    record = record_of(msg)
    if record is not None:
        handle(record)  # an exception here leaves the entry pending: the reclaimer retries it


if __name__ == "__main__":
    asyncio.run(app.run())
