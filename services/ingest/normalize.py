"""A raw payload (any producer) -> one validated, normalised `Article`. No I/O."""

import hashlib
import unicodedata
from collections.abc import Mapping
from typing import Any

from shared.errors import InvalidArticle
from shared.records import Article

_STRING_FIELDS = ("id", "title", "text", "html", "url", "source", "published_at", "language")


def to_article(payload: Any, *, max_chars: int) -> Article:
    """Validate `payload` (a JSON object) and return the article it describes.

    `text` is kept exactly as given (only Unicode-normalised to NFC when that keeps its length),
    so offsets computed on it hold against the producer's text too.
    """
    if not isinstance(payload, Mapping):
        raise InvalidArticle(f"expected a JSON object, got {type(payload).__name__}")
    for field in _STRING_FIELDS:
        value = payload.get(field)
        if value is not None and not isinstance(value, str):
            raise InvalidArticle(f"field {field!r} must be a string, got {type(value).__name__}")
    text = payload.get("text")
    if text is None:
        if payload.get("html") is None:
            raise InvalidArticle("missing 'text' (or 'html')")
        text = html_to_text(payload["html"])
    if len(text) > max_chars:
        raise InvalidArticle(f"text is {len(text):,} characters, over the {max_chars:,} limit")
    if not text.strip():
        raise InvalidArticle("text is empty")
    if "\x00" in text:
        raise InvalidArticle("text contains NUL bytes: binary data, not an article")
    nfc = unicodedata.normalize("NFC", text)
    if len(nfc) == len(text):
        text = nfc
    title = (payload.get("title") or "").strip()
    url = payload.get("url") or None
    return Article(
        id=payload.get("id") or article_id(url=url, title=title, text=text),
        title=title,
        text=text,
        url=url,
        source=payload.get("source") or None,
        published_at=payload.get("published_at") or None,
        language=payload.get("language") or "en",
        version=content_version(title, text),
    )


def article_id(*, url: str | None, title: str, text: str) -> str:
    """A stable id: from the URL when there is one, else from the content."""
    basis = url.strip() if url else f"{title}\n\n{text}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:20]


def content_version(title: str, text: str) -> str:
    return hashlib.sha256(f"{title}\n\n{text}".encode()).hexdigest()[:16]


def html_to_text(html: str) -> str:
    import html as html_lib
    import re

    without_tags = re.sub(r"(?is)<(script|style)\b.*?</\1>|<[^>]+>", " ", html)
    return re.sub(r"[ \t]+", " ", html_lib.unescape(without_tags)).strip()
