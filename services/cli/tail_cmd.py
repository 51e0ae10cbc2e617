"""`newsflow tail STREAM`: a stream's messages as JSON lines, the minimal downstream consumer.

stdout holds one JSON value per line and nothing else (notes go to stderr), so it pipes into
`jq` or a file. With `--group NAME` it reads as a member of that consumer group and acks what
it printed, so the next run carries on where this one stopped (`services.cli.tail_group`)."""

import argparse
import asyncio
import socket
import sys

import orjson
from redis.exceptions import RedisError

from services.cli.tail_group import GroupReader, read_group
from services.runtime.broker import make_redis
from services.runtime.envelope import entry_body
from services.runtime.redis_url import redact
from shared.schema import SCHEMA_FIELD, is_public, schema_of
from shared.settings import Settings

_SCHEMA = SCHEMA_FIELD.encode()


def as_json_line(body: bytes) -> bytes:
    try:
        return orjson.dumps(orjson.loads(body))
    except orjson.JSONDecodeError:
        return orjson.dumps(body.decode("utf-8", "replace"))


class Printer:
    """Writes each entry's record as one line; says once (stderr) when a public entry's schema
    is newer than this newsflow knows: its record is printed as it is (fields only get added)."""

    def __init__(self, stream: str) -> None:
        self.stream, self.out = stream, sys.stdout.buffer
        self.known = schema_of(stream) if is_public(stream) else None
        self.told: set[bytes] = set()

    def show(self, entry_id: bytes, fields: dict[bytes, bytes]) -> None:
        schema = fields.get(_SCHEMA)
        if self.known is not None and schema is not None and schema not in self.told:
            if not schema.isdigit() or int(schema) > self.known:
                self.told.add(schema)
                print(
                    f"newsflow tail: entry {entry_id.decode()} of {self.stream} has schema "
                    f"{schema.decode(errors='replace')!r}; this newsflow knows schema "
                    f"{self.known}: printing the record as it is",
                    file=sys.stderr,
                )
        body, _headers = entry_body(fields)
        self.out.write(as_json_line(body) + b"\n")

    def flush(self) -> None:
        self.out.flush()


async def tail(url: str, stream: str, from_start: bool, count: int | None) -> None:
    redis = make_redis(url)
    last = "0" if from_start else "$"
    seen = 0
    printer = Printer(stream)
    try:
        while count is None or seen < count:
            batch = await redis.xread({stream: last}, count=100, block=1000)
            for _name, entries in batch:
                for entry_id, fields in entries:
                    last = entry_id
                    printer.show(entry_id, fields)
                    seen += 1
                    if count is not None and seen >= count:
                        break
            printer.flush()
    finally:
        await redis.aclose()


async def tail_group(url: str, reader: GroupReader, count: int | None, follow: bool) -> None:
    redis = make_redis(url)
    printer = Printer(reader.stream)
    try:
        await read_group(redis, reader, printer.show, printer.flush, count=count, follow=follow)
    finally:
        await redis.aclose()


def run(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.redis_url_value()
    if not args.group and (args.consumer or args.no_follow):
        print("newsflow tail: --consumer and --no-follow go with --group NAME", file=sys.stderr)
        return 2
    try:
        if args.group:
            reader = GroupReader(
                stream=args.stream,
                group=args.group,
                consumer=args.consumer or socket.gethostname(),
                from_start=args.from_start,
            )
            asyncio.run(tail_group(url, reader, args.count, follow=not args.no_follow))
        else:
            asyncio.run(tail(url, args.stream, args.from_start, args.count))
    except (RedisError, OSError) as error:
        print(f"newsflow: cannot reach Redis at {redact(url)} ({error})", file=sys.stderr)
        return 1
    except BrokenPipeError:
        pass
    return 0
