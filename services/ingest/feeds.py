"""RSS / Atom feed bytes -> one raw payload per entry (feedparser). No I/O.

An entry's article is its full content (`content:encoded`, Atom `<content>`) when present,
else its summary / description, with markup removed (`webpage.fragment_to_text`). The entry
link is its `url`, the feed title its `source`, the published (else updated) date its
`published_at` as ISO 8601 UTC, the feed's declared language (if any) its `language`.
"""

import io
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from services.ingest.webpage import fragment_to_text

_HTML_TYPES = ("text/html", "application/xhtml+xml")


class NotAFeed(ValueError):
    """The bytes are not an RSS or Atom feed (or one without entries)."""


@dataclass(frozen=True)
class Entry:
    """One feed entry: its position (1-based) and its payload, or why it has none."""

    number: int
    payload: dict[str, Any] | None
    reason: str = ""


def parse_feed(data: bytes) -> Iterator[Entry]:
    """The entries of a feed, in feed order. Raises `NotAFeed` when there are none.

    The bytes are handed to feedparser as a stream (never as a string, which it would treat
    as a URL or a file name), so the XML encoding declaration is honoured.
    """
    parsed = feedparser.parse(io.BytesIO(data))
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {problem}" if problem else ""
        kind = "no RSS/Atom entries" if parsed.get("version") else "not an RSS or Atom feed"
        raise NotAFeed(f"{kind}{detail}")
    feed = parsed.feed
    source = (feed.get("title") or "").strip() or None
    base = feed.get("link") or ""
    language = (feed.get("language") or "").strip() or None
    for number, entry in enumerate(parsed.entries, start=1):
        text = _entry_text(entry)
        if not text:
            yield Entry(number, None, "entry has no content or summary")
            continue
        payload: dict[str, Any] = {"title": entry.get("title") or "", "text": text}
        if url := _absolute(entry.get("link"), base):
            payload["url"] = url
        if source:
            payload["source"] = source
        if published := _iso(entry.get("published_parsed") or entry.get("updated_parsed")):
            payload["published_at"] = published
        if language:
            payload["language"] = language
        if author := entry.get("author"):
            payload["author"] = author
        yield Entry(number, payload)


def _entry_text(entry: Any) -> str:
    candidates = [*entry.get("content", []), entry.get("summary_detail") or {}]
    for detail in candidates:
        value = detail.get("value") or ""
        if value.strip():
            is_html = detail.get("type", "text/html") in _HTML_TYPES
            return fragment_to_text(value) if is_html else value.strip()
    return ""


def _absolute(link: str | None, base: str) -> str | None:
    if not link:
        return None
    url = urljoin(base, link.strip())
    return url if urlsplit(url).scheme in ("http", "https") else None


def _iso(moment: time.struct_time | None) -> str | None:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", moment) if moment else None
