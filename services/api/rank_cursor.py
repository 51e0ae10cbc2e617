"""The cursor of a ranked list (`/entities/top`, `/speakers/top`, `/sources`): the rank the
next page starts at, as an opaque token. Ranks move as articles arrive, so a page may repeat
or skip an item that changed rank between two requests."""

import base64
import binascii

from services.aggregate.quote_feed import BadCursor

_HEAD = "rank:"


def cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"{_HEAD}{offset}".encode()).decode().rstrip("=")


def offset(token: str) -> int:
    """The rank a cursor stands for; BadCursor for anything this API did not hand out."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as error:
        raise BadCursor(f"not a cursor from this API: {token!r}") from error
    number = raw.removeprefix(_HEAD)
    if not raw.startswith(_HEAD) or not number.isdigit() or len(number) > 6:
        raise BadCursor(f"not a cursor from this API: {token!r}")
    return int(number)
