"""How quotes are ordered in a feed (newest first) and paged with an opaque cursor.

A feed entry is one string: a fixed-width sort key, then the quote's JSON. Sorting entries as
strings sorts them by article time, then article id, then position in the article, so a feed is
a lexicographically ordered set (a Redis sorted set with equal scores, read with
ZREVRANGEBYLEX) and a page ends at a key the next page starts strictly below. The article id is
escaped (`%`, `|`) so that an entry always splits into three key parts and the JSON.
"""

import base64
import binascii

import orjson

_SEP = "|"
_MAX_START = 99_999_999


class BadCursor(ValueError):
    """A `cursor` that this API did not hand out."""


def entry(ts_ms: int, article_id: str, start: int, quote: dict[str, object]) -> str:
    """A feed entry for `quote` (the output-record quote plus article fields), published at
    `ts_ms`. Within an article the earlier quote (smaller `start`) comes first."""
    position = _MAX_START - min(max(start, 0), _MAX_START)
    safe_id = article_id.replace("%", "%25").replace(_SEP, "%7C")
    key = f"{max(ts_ms, 0):013d}{_SEP}{safe_id}{_SEP}{position:08d}"
    return key + _SEP + orjson.dumps(quote).decode()


def entry_key(feed_entry: str) -> str:
    """The sort key of an entry (everything before its JSON)."""
    return _SEP.join(feed_entry.split(_SEP, 3)[:3])


def entry_quote(feed_entry: str) -> dict[str, object]:
    """The quote of an entry, with its `article_id` (kept in the key, not in the JSON)."""
    _, safe_id, _, data = feed_entry.split(_SEP, 3)
    quote: dict[str, object] = orjson.loads(data)
    quote.setdefault("article_id", safe_id.replace("%7C", _SEP).replace("%25", "%"))
    return quote


def cursor_after(feed_entry: str) -> str:
    """The cursor of the page that follows `feed_entry`."""
    return base64.urlsafe_b64encode(entry_key(feed_entry).encode()).decode().rstrip("=")


def cursor_key(cursor: str) -> str:
    """The sort key a cursor stands for; the next page holds the entries below it."""
    try:
        key = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise BadCursor(f"not a cursor from this API: {cursor!r}") from error
    parts = key.split(_SEP)
    if (
        len(parts) != 3
        or not (parts[0].isdigit() and len(parts[0]) == 13)
        or not (parts[-1].isdigit() and len(parts[-1]) == 8)
    ):
        raise BadCursor(f"not a cursor from this API: {cursor!r}")
    return key


def cursor_of_key(key: str) -> str:
    """The cursor of the page that follows the entry whose sort key is `key`."""
    return base64.urlsafe_b64encode(key.encode()).decode().rstrip("=")
