"""The `/articles` cursor: an opaque token for the position (article time in ms, article id)
the next page starts strictly below."""

import base64
import binascii

import orjson

from services.aggregate.quote_feed import BadCursor


def cursor(ts_ms: int, article_id: str) -> str:
    return base64.urlsafe_b64encode(orjson.dumps([ts_ms, article_id])).decode().rstrip("=")


def position(token: str) -> tuple[int, str]:
    """The (ts_ms, id) a cursor stands for; BadCursor for anything this API did not hand out."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        ts_ms, article_id = orjson.loads(raw)
    except (binascii.Error, ValueError, TypeError) as error:
        raise BadCursor(f"not a cursor from this API: {token!r}") from error
    if not isinstance(ts_ms, int) or not isinstance(article_id, str):
        raise BadCursor(f"not a cursor from this API: {token!r}")
    return ts_ms, article_id
