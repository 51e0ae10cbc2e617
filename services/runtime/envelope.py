"""Stream entries <-> bodies, whoever wrote them.

FastStream writes its binary envelope in the `__data__` field; the public streams and any other
producer write plain fields. `XADD articles.raw * data '<json>'` reads back as the JSON in
`data` (with the plain form's `published_ms` as the header FastStream would carry); an entry
with other fields reads back as a JSON object of its fields. The same rules as FastStream's own
parser.
"""

from typing import Any

import orjson
from faststream._internal._compat import dump_json
from faststream.redis.parser import BinaryMessageFormatV1

from services.runtime.public import plain_headers
from shared.errors import InvalidArticle
from shared.schema import DATA_FIELD

_ENVELOPE = b"__data__"
_DATA = DATA_FIELD.encode()


def entry_body(fields: dict[bytes, bytes]) -> tuple[bytes, dict[str, Any]]:
    """(body, headers) of a raw stream entry as XRANGE/XREADGROUP return it."""
    envelope = fields.get(_ENVELOPE)
    if envelope is not None:
        return BinaryMessageFormatV1.parse(envelope)
    data = fields.get(_DATA)
    if data is not None:
        return data, plain_headers(fields)
    return dump_json(fields), {}


def json_payload(body: bytes) -> Any:
    """The JSON value in a message body, or `InvalidArticle` saying why there is none."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as error:
        preview = body[:60].decode("utf-8", "replace")
        raise InvalidArticle(f"message is not JSON ({error}): {preview!r}") from None
