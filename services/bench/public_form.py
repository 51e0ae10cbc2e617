"""What the public streams' plain form costs against FastStream's envelope, measured side by
side in one process on the same enriched records (the pipeline's own output):
- Redis memory per 1,000 records in each form (`MEMORY USAGE` of a stream of each);
- CPU of writing one record (what the quotes worker does differently: encoding and XADD);
- CPU of reading one back as the aggregate's FastStream subscriber does (parse, validate).
Writes alternate between the forms round after round, each form first in every other round,
so load coming and going on a shared machine weighs on both."""

import time
from itertools import cycle, islice
from typing import Any

from faststream._internal._compat import dump_json
from faststream.redis.parser import BinaryMessageFormatV1
from redis.asyncio import Redis

from services.runtime.broker import make_broker
from services.runtime.envelope import entry_body
from services.runtime.public import PlainPublisher
from shared.messages import PUBLISHED_MS_HEADER, ArticleEnriched
from shared.schema import ENRICHED_SCHEMA
from shared.streams import ENRICHED

ROUNDS = 6
MIN_RECORDS = 200  # records are cycled up to this many: a few ms per round is too noisy
FORMS = ("plain", "envelope")
_KEY = "newsflow-bench:form:"


async def enriched_records(redis: Redis) -> list[ArticleEnriched]:
    """The records the pipeline wrote to `articles.enriched`."""
    return [
        ArticleEnriched.model_validate_json(entry_body(fields)[0])
        for _id, fields in await redis.xrange(ENRICHED)
    ]


def _read_cpu_s(entries: list[tuple[bytes, dict[bytes, bytes]]]) -> float:
    """FastStream's stream parser, then the aggregate's decode, over `entries`."""
    started = time.process_time()
    for _id, fields in entries:
        body, _headers = BinaryMessageFormatV1.parse(fields.get(b"__data__") or dump_json(fields))
        ArticleEnriched.model_validate_json(body)
    return time.process_time() - started


async def measure(redis: Redis, url: str, records: list[ArticleEnriched]) -> dict[str, Any]:
    """Per form: CPU ms per record written (each round) and read, bytes per record in Redis."""
    records = list(islice(cycle(records), max(MIN_RECORDS, len(records))))
    published_ms = int(time.time() * 1000)
    write: dict[str, list[float]] = {form: [] for form in FORMS}
    async with make_broker(url) as broker:
        plain = PlainPublisher(broker, _KEY + "plain", schema=ENRICHED_SCHEMA)
        headers = {PUBLISHED_MS_HEADER: str(published_ms)}

        async def publish(form: str, record: ArticleEnriched) -> None:
            if form == "plain":
                await plain.publish(record, published_ms=published_ms)
            else:  # what the quotes worker wrote before: FastStream's publisher
                await broker.publish(record, stream=_KEY + "envelope", headers=headers)

        for round_ in range(ROUNDS):
            for form in FORMS if round_ % 2 == 0 else FORMS[::-1]:
                await redis.delete(_KEY + form)
                started = time.process_time()
                for record in records:
                    await publish(form, record)
                write[form].append((time.process_time() - started) * 1000 / len(records))
    result: dict[str, Any] = {"records": len(records)}
    for form in FORMS:
        key = _KEY + form
        result[f"{form}_bytes_per_record"] = int(await redis.memory_usage(key, samples=0) or 0) / (
            len(records)
        )
        result[f"{form}_write_cpu_ms_rounds"] = write[form]
        entries = await redis.xrange(key)
        result[f"{form}_read_cpu_ms"] = _read_cpu_s(entries) * 1000 / len(entries)
        await redis.delete(key)
    return result
