"""Writing the public streams in their plain form (`shared.schema`), and reading its fields.

FastStream's publisher always writes one binary `__data__` field, which only FastStream reads;
the public streams get plain fields instead, written with XADD on the broker's own connection.
"""

from typing import Any

from faststream.redis import RedisBroker
from pydantic import BaseModel

from shared.messages import PUBLISHED_MS_HEADER
from shared.schema import (
    DATA_FIELD,
    PUBLISHED_MS_FIELD,
    ROUTING_FIELDS,
    SCHEMA_FIELD,
    is_public,
    schema_of,
)

_PUBLISHED_MS = PUBLISHED_MS_FIELD.encode()


def plain_entry(
    record: BaseModel, schema: int, published_ms: int | None = None
) -> dict[str, bytes]:
    """The fields of one public entry: `data` (the record as JSON), `schema`, routing fields."""
    fields = {DATA_FIELD: record.model_dump_json().encode(), SCHEMA_FIELD: b"%d" % schema}
    for attribute, field in ROUTING_FIELDS.items():
        value = getattr(record, attribute, None)
        if isinstance(value, str) and value:
            fields[field] = value.encode()
    if published_ms is not None:
        fields[PUBLISHED_MS_FIELD] = b"%d" % published_ms
    return fields


def plain_headers(fields: dict[bytes, bytes]) -> dict[str, str]:
    """What a plain entry's fields say that a FastStream envelope carries in its headers."""
    published = fields.get(_PUBLISHED_MS)
    return {PUBLISHED_MS_HEADER: published.decode()} if published else {}


class PlainPublisher:
    """XADDs records to one public stream in the plain form, with the stream's schema number."""

    def __init__(
        self,
        broker: RedisBroker,
        stream: str,
        maxlen: int | None = None,
        *,
        schema: int | None = None,  # default: the public stream's own number
    ) -> None:
        self.broker, self.stream, self.maxlen = broker, stream, maxlen
        self.schema = schema_of(stream) if schema is None else schema

    async def publish(self, record: BaseModel, *, published_ms: int | None = None) -> bytes:
        # the connection FastStream's own publishers use (set when the broker connects)
        client = self.broker.config.broker_config.connection.client
        fields = plain_entry(record, self.schema, published_ms)
        entry: bytes = await client.xadd(self.stream, fields, maxlen=self.maxlen)  # type: ignore[arg-type]
        return entry


class EnvelopePublisher:
    """Internal streams: FastStream's envelope, the article's timing in a header."""

    def __init__(self, publisher: Any, maxlen: int | None = None) -> None:
        self.publisher, self.maxlen = publisher, maxlen

    async def publish(self, record: BaseModel, *, published_ms: int | None = None) -> bytes:
        headers = {PUBLISHED_MS_HEADER: str(published_ms)} if published_ms is not None else None
        entry: bytes = await self.publisher.publish(record, headers=headers, maxlen=self.maxlen)
        return entry


def stream_publisher(
    broker: RedisBroker, stream: str, *, title: str, schema: Any, maxlen: int | None = None
) -> PlainPublisher | EnvelopePublisher:
    """The publisher for `stream` in its form: plain for the public streams, FastStream's
    envelope for the internal ones (the fastest for the workers). FastStream's publisher is
    registered either way: it documents the channel and its payload in the AsyncAPI document."""
    documented = broker.publisher(stream=stream, title=title, schema=schema)
    if is_public(stream):
        return PlainPublisher(broker, stream, maxlen)
    return EnvelopePublisher(documented, maxlen)
