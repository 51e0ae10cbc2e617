"""Stream entries <-> bodies, whoever wrote them.

FastStream writes its binary envelope in the `__data__` field; any other producer writes plain
fields. `XADD articles.raw * data '<json>'` reads back as the JSON in `data`; an entry with other
fields reads back as a JSON object of its fields. The same rules as FastStream's own parser.
"""

from typing import Any

import orjson
from faststream._internal._compat import dump_json
from faststream.redis.parser import BinaryMessageFormatV1

from shared.errors import InvalidArticle

_ENVELOPE = b"__data__"


def entry_body(fields: dict[bytes, bytes]) -> tuple[bytes, dict[str, Any]]:
    """(body, headers) of a raw stream entry as XRANGE/XREADGROUP return it."""
    return BinaryMessageFormatV1.parse(fields.get(_ENVELOPE) or dump_json(fields))


def json_payload(body: bytes) -> Any:
    """The JSON value in a message body, or `InvalidArticle` saying why there is none."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as error:
        preview = body[:60].decode("utf-8", "replace")
        raise InvalidArticle(f"message is not JSON ({error}): {preview!r}") from None
