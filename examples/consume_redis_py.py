"""Read newsflow's output records with redis-py, in a consumer group of your own.

    pip install redis
    REDIS_URL=redis://127.0.0.1:6379/0 GROUP=my-app python consume_redis_py.py

It starts with the first record Redis still holds, then follows new ones live. Each record is
acknowledged once handled; a restart carries on where it stopped, first with what it had been
given and had not acknowledged. Entries that a crashed member of the group left pending for
CLAIM_IDLE_MS are taken over (XAUTOCLAIM), so start as many copies as you like (each with its
own CONSUMER name). Delivery is at least once: key what you write by `id` and `version`.
"""

import json
import os
import signal
import socket
import sys

import redis

REDIS_URL = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
STREAM = os.environ.get("STREAM", "articles.enriched")
GROUP = os.environ.get("GROUP", "my-app")
CONSUMER = os.environ.get("CONSUMER", socket.gethostname())  # the same name after a restart
CLAIM_IDLE_MS = int(os.environ.get("CLAIM_IDLE_MS", "60000"))  # pending this long: a dead peer's
SCHEMA = 1  # the record schema this consumer was written for; later schemas only add fields
BATCH = 10


def handle(record: dict) -> None:
    """Your code here. This one prints a line per article: who is quoted in it."""
    speakers = sorted({q["speaker_name"] for q in record["quotes"] if q["speaker_name"]})
    line = {"id": record["id"], "title": record["title"], "quotes": len(record["quotes"])}
    print(json.dumps({**line, "speakers": speakers}), flush=True)


told: set[str] = set()


def record_of(entry_id: str, fields: dict[str, str]) -> dict | None:
    """The entry's record, or None, said on stderr, when it is not one this consumer reads."""
    schema = fields.get("schema", "")
    if not schema.isdigit():
        print(f"entry {entry_id}: no schema number ({schema!r}): skipped", file=sys.stderr)
        return None
    if int(schema) > SCHEMA and schema not in told:
        told.add(schema)
        print(
            f"entry {entry_id}: record schema {schema}, newer than the {SCHEMA} this consumer "
            "was written for: reading the fields it knows (update it to use the new ones)",
            file=sys.stderr,
        )
    try:
        return json.loads(fields["data"])
    except (KeyError, ValueError) as error:
        print(f"entry {entry_id}: `data` is not JSON ({error}): skipped", file=sys.stderr)
        return None


def settle(r: redis.Redis, entries: list) -> None:
    for entry_id, fields in entries:
        if fields:  # an entry trimmed away while pending comes back empty: nothing to handle
            record = record_of(entry_id, fields)
            if record is not None:
                try:
                    handle(record)
                except Exception as error:  # left pending: retried after CLAIM_IDLE_MS
                    print(f"entry {entry_id}: {error!r}: will be retried", file=sys.stderr)
                    continue
        r.xack(STREAM, GROUP, entry_id)


def main() -> int:
    stopping = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.append(True))
    r = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    try:  # id "0": the group starts at the first retained record ("$": new records only)
        r.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
    except redis.ResponseError as error:
        if "BUSYGROUP" not in str(error):
            raise  # else the group exists: it carries on where it was
    own = "0"  # first what this consumer was given before and never acknowledged
    while own and not stopping:
        reply = r.xreadgroup(GROUP, CONSUMER, {STREAM: own}, count=BATCH)
        entries = reply[0][1] if reply else []
        settle(r, entries)
        own = entries[-1][0] if entries else None
    while not stopping:
        _next, claimed, *_ = r.xautoclaim(STREAM, GROUP, CONSUMER, CLAIM_IDLE_MS, count=BATCH)
        settle(r, claimed)
        reply = r.xreadgroup(GROUP, CONSUMER, {STREAM: ">"}, count=BATCH, block=2000)
        settle(r, reply[0][1] if reply else [])
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except redis.ConnectionError as error:
        sys.exit(f"cannot reach Redis at {REDIS_URL}: {error}")
