"""Day buckets: which UTC day an article counts on, and the days a query names.

A day is the string `YYYY-MM-DD` (UTC); its number is days since 1970-01-01, which orders
buckets in a sorted set. Timestamps are milliseconds since the epoch.
"""

from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

_EPOCH = date(1970, 1, 1)


class BadDay(ValueError):
    """A query date that is neither `YYYY-MM-DD` nor an ISO 8601 date-time."""


def _parse_instant(text: str) -> datetime | None:
    """`text` as an aware datetime (naive values are taken as UTC), or None when unparsable."""
    text = text.strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        try:
            moment = parsedate_to_datetime(text)  # RSS pubDate (RFC 2822)
        except (TypeError, ValueError, IndexError):
            return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def day_number(day: date) -> int:
    return (day - _EPOCH).days


def article_time(published_at: str | None, fallback_ms: int) -> tuple[date, int]:
    """The UTC day and the ms timestamp an article counts at: `published_at` when it parses,
    else `fallback_ms` (e.g. when the article was first seen). Timestamps before 1970 clamp to 0."""
    moment = _parse_instant(published_at) if published_at else None
    if moment is None:
        moment = datetime.fromtimestamp(max(fallback_ms, 0) / 1000, tz=UTC)
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:  # an offset that pushes year 1 or 9999 out of range
        utc = datetime.fromtimestamp(max(fallback_ms, 0) / 1000, tz=UTC)
    return utc.date(), max(int(utc.timestamp() * 1000), 0)


def parse_day(value: str) -> date:
    """A query bound (`since`/`until`) as a UTC day: `YYYY-MM-DD`, or an ISO date-time
    truncated to its UTC day. Raises BadDay naming the value."""
    moment = None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        pass
    if moment is None:
        raise BadDay(f"not a date: {value!r} (expected YYYY-MM-DD or an ISO 8601 date-time)")
    if moment.tzinfo:
        try:
            moment = moment.astimezone(UTC)
        except OverflowError as error:
            raise BadDay(f"date out of range: {value!r}") from error
    return moment.date()
