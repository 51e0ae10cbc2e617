"""An article's metadata checked against its bounds. No I/O.

Policy (README "Input limits"): a value the producer gave is its statement; over the bound or
malformed, the article is rejected with the field named (`publish` prints it and exits 1, a
worker dead-letters it) and nothing is cut silently. A value ingest found in a page by itself
(its `<title>`, site name, canonical link, date meta) is the page's, not the producer's: it is
shortened (the title) or dropped (the others), since the article itself is fine.

| field          | bound (characters)                          | producer's value | page's value |
| -------------- | ------------------------------------------- | ---------------- | ------------ |
| `id`           | 1-200, printable                            | rejected         | -            |
| `title`        | 1,000                                       | rejected         | shortened    |
| `source`       | 300                                         | rejected         | dropped      |
| `url`          | 4,096, absolute http(s)                     | rejected         | dropped      |
| `author`       | 1,000 (validated, not kept)                 | rejected         | -            |
| `published_at` | ISO 8601 date or date-time, or RFC 2822; 64 | rejected         | dropped      |
| `language`     | a BCP 47 tag, 35                            | rejected         | -            |
"""

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

from shared.errors import InvalidArticle
from shared.records import (
    MAX_AUTHOR_CHARS,
    MAX_DATE_CHARS,
    MAX_LANGUAGE_CHARS,
    MAX_SOURCE_CHARS,
    MAX_TITLE_CHARS,
    MAX_URL_CHARS,
)

LIMITS = {
    "title": MAX_TITLE_CHARS,
    "source": MAX_SOURCE_CHARS,
    "url": MAX_URL_CHARS,
    "author": MAX_AUTHOR_CHARS,
    "published_at": MAX_DATE_CHARS,
    "language": MAX_LANGUAGE_CHARS,
}
_LANGUAGE_TAG = re.compile(r"[A-Za-z]{1,8}(?:[-_][A-Za-z0-9]{1,8})*")


class InvalidDate(ValueError):
    """Not an ISO 8601 date or date-time, nor an RFC 2822 date."""


def bounded(field: str, value: str) -> str:
    """`value` when it is within `field`'s bound; else `InvalidArticle` naming both."""
    limit = LIMITS[field]
    if len(value) > limit:
        raise InvalidArticle(
            f"field {field!r} is {len(value):,} characters, over the {limit:,} limit"
        )
    return value


def shortened(value: str, limit: int = MAX_TITLE_CHARS) -> str:
    """`value` cut to at most `limit` characters at a word boundary, marked with an ellipsis."""
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip() + "…"


def checked_date(value: str) -> str:
    """A producer's `published_at`: ISO 8601 is kept as written (stripped), an RFC 2822 date
    (RSS `pubDate`) becomes ISO 8601. Raises `InvalidArticle` for anything else."""
    try:
        return iso_date(bounded("published_at", value))
    except InvalidDate as error:
        raise InvalidArticle(f"field 'published_at': {error}") from None


def page_date(value: str | None) -> str | None:
    """A date found in a page: ISO 8601 when it is a real date, else None."""
    if not value or len(value) > MAX_DATE_CHARS:
        return None
    try:
        return iso_date(value)
    except InvalidDate:
        return None


def iso_date(value: str) -> str:
    text = value.strip()
    try:
        datetime.fromisoformat(text)
        return text
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).isoformat()
    except (TypeError, ValueError, IndexError):
        raise InvalidDate(
            f"not a date-time: {value[:40]!r} (expected ISO 8601, e.g. 2026-03-14 or "
            "2026-03-14T18:42:00Z, or an RFC 2822 date)"
        ) from None


def checked_language(tag: str) -> str:
    """A producer's `language`: a BCP 47 tag (`en`, `en-GB`, `pt_BR`), else `InvalidArticle`."""
    tag = bounded("language", tag.strip())
    if tag and not _LANGUAGE_TAG.fullmatch(tag):
        raise InvalidArticle(f"field 'language' is not a language tag: {tag[:40]!r}")
    return tag
