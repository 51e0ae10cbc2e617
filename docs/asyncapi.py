"""The message contract as an AsyncAPI 3.0 document, generated from the stage factories.

    python -m docs.asyncapi          # rewrites docs/asyncapi.json
    python -m docs.asyncapi --check  # exit 1 when docs/asyncapi.json is stale

Every stage's `create_app` wires its broker exactly as `newsflow worker` does; FastStream's
AsyncAPI factory documents the four brokers as one pipeline. Two things are settled here rather
than in FastStream: consumer names (`hostname-pid`, different on every run) read as a pattern,
each stage's subscription shows the payload its producer publishes (FastStream documents a
subscriber by its handler's signature, and ours take the raw message to run the retry policy),
and each message says its entry's form: the public streams' plain fields (`shared.schema`; the
fields beside `data` are documented as the message's headers), or FastStream's envelope.
"""

import importlib
import json
import sys
from pathlib import Path
from typing import Any

from faststream.specification import AsyncAPI  # noqa: TID251 -- generates the docs
from pydantic import SecretStr

from shared.schema import (
    DATA_FIELD,
    PUBLISHED_MS_FIELD,
    SCHEMA_FIELD,
    is_public,
    schema_of,
)
from shared.settings import Settings
from shared.streams import INPUT_OF, RAW, STAGES

DOCUMENT = Path(__file__).with_name("asyncapi.json")
SERVER_URL = "redis://redis:6379/0"
CONSUMER_PATTERN = "<hostname>-<pid>"

#: what `articles.raw` carries (any producer; CONTRACT.md): validated by the ingest stage
RAW_PAYLOAD: dict[str, Any] = {
    "title": "ArticleSubmitted",
    "description": "One article from any producer (`newsflow publish`, or `XADD articles.raw *"
    " data '<json>'`): `text` or `html` is required; an article without `id` gets a stable one.",
    "type": "object",
    "properties": {
        "id": {"type": "string"},
        "title": {"type": "string"},
        "text": {"type": "string"},
        "html": {"type": "string"},
        "url": {"type": "string"},
        "source": {"type": "string"},
        "published_at": {"type": "string"},
        "language": {"type": "string"},
    },
}


ENVELOPE_FORM = (
    "Internal stream: each entry is a FastStream message (binary envelope in the `__data__` "
    "field). The workers also read the plain form (the payload as JSON in a `data` field)."
)


def plain_form(stream: str) -> dict[str, Any]:
    """How a public stream's entry carries the message: the payload as JSON in `data`, the
    other fields as 'headers' (Redis stream entries have fields, not headers)."""
    text = {"type": "string"}
    return {
        "contentType": "application/json",
        "description": f"Public stream, plain form: each entry's `{DATA_FIELD}` field holds the "
        f"payload as UTF-8 JSON (any Redis client reads it); the other fields, described as "
        f"headers here, route without parsing it. `{SCHEMA_FIELD}` is the payload's schema "
        f"number ({schema_of(stream)} now): additive changes only, each raising it by one; "
        "readers ignore fields they do not know.",
        "headers": {
            "type": "object",
            "required": [DATA_FIELD, SCHEMA_FIELD],
            "properties": {
                DATA_FIELD: {**text, "description": "the payload as UTF-8 JSON"},
                SCHEMA_FIELD: {**text, "description": "schema number", "pattern": "^[0-9]+$"},
                "id": {**text, "description": "the article's id (absent on dead letters)"},
                "version": {**text, "description": "the article's content hash"},
                "stage": {**text, "description": "on dead letters: the stage that gave up"},
                PUBLISHED_MS_FIELD: {
                    **text,
                    "description": "when the article entered articles.raw, ms since the epoch",
                    "pattern": "^[0-9]+$",
                },
            },
        },
    }


def _spec() -> dict[str, Any]:
    settings = Settings(redis_url=SecretStr(SERVER_URL))
    brokers = []
    for stage in STAGES:
        app = importlib.import_module(f"services.{stage}.app").create_app(settings)
        brokers.append(app.broker)
    factory = AsyncAPI(
        *brokers,
        title="newsflow",
        version="1",
        description="News articles in; entities, attributed quotes and live aggregates out, "
        "over Redis Streams. Stages: " + " -> ".join(STAGES) + ".",
    )
    return factory.to_specification().to_jsonable()


def _settle(spec: dict[str, Any]) -> dict[str, Any]:
    """Consumer names as a pattern; subscriptions refer to their producers' payload schemas."""
    schemas, messages = spec["components"]["schemas"], spec["components"]["messages"]
    schemas["ArticleSubmitted"] = RAW_PAYLOAD
    payload_of: dict[str, Any] = {RAW: {"$ref": "#/components/schemas/ArticleSubmitted"}}
    for name, operation in spec["operations"].items():
        if operation["action"] == "send":
            payload_of[spec["channels"][name]["address"]] = messages[f"{name}:Message"]["payload"]
    for name, operation in spec["operations"].items():
        channel = spec["channels"][name]
        if operation["action"] == "receive":
            channel["bindings"]["redis"]["consumerName"] = CONSUMER_PATTERN
            messages[f"{name}:SubscribeMessage"]["payload"] = payload_of[channel["address"]]
        message = messages[
            f"{name}:{'Message' if operation['action'] == 'send' else 'SubscribeMessage'}"
        ]
        if is_public(channel["address"]):
            message.pop("correlationId", None)  # a FastStream header: plain entries have none
            message.update(plain_form(channel["address"]))
        elif channel["address"] != RAW:
            message["description"] = ENVELOPE_FORM
    if "EmptyPayload" not in json.dumps(messages):
        schemas.pop("EmptyPayload", None)
    return spec


def generate() -> str:
    """The document as committed: stable key order, two-space indent, final newline."""
    return json.dumps(_settle(_spec()), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    document = generate()
    if "--check" in argv:
        current = DOCUMENT.read_text(encoding="utf-8") if DOCUMENT.exists() else ""
        if current != document:
            print(f"{DOCUMENT} is stale: run `python -m docs.asyncapi`", file=sys.stderr)
            return 1
        return 0
    DOCUMENT.write_text(document, encoding="utf-8")
    print(f"wrote {DOCUMENT} ({len(INPUT_OF)} stages)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
