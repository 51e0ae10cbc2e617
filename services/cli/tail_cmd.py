"""`newsflow tail STREAM`: a stream's messages as JSON lines, the minimal downstream consumer."""

import argparse
import asyncio
import sys

import orjson
from redis.exceptions import RedisError

from services.runtime.broker import make_redis
from services.runtime.envelope import entry_body
from services.runtime.redis_url import redact
from shared.settings import Settings


def as_json_line(body: bytes) -> bytes:
    try:
        return orjson.dumps(orjson.loads(body))
    except orjson.JSONDecodeError:
        return orjson.dumps(body.decode("utf-8", "replace"))


async def tail(url: str, stream: str, from_start: bool, count: int | None) -> None:
    redis = make_redis(url)
    last = "0" if from_start else "$"
    seen = 0
    out = sys.stdout.buffer
    try:
        while count is None or seen < count:
            batch = await redis.xread({stream: last}, count=100, block=1000)
            for _name, entries in batch:
                for entry_id, fields in entries:
                    last = entry_id
                    body, _headers = entry_body(fields)
                    out.write(as_json_line(body) + b"\n")
                    seen += 1
                    if count is not None and seen >= count:
                        break
            out.flush()
    finally:
        await redis.aclose()


def run(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.redis_url_value()
    try:
        asyncio.run(tail(url, args.stream, args.from_start, args.count))
    except (RedisError, OSError) as error:
        print(f"newsflow: cannot reach Redis at {redact(url)} ({error})", file=sys.stderr)
        return 1
    except BrokenPipeError:
        pass
    return 0
