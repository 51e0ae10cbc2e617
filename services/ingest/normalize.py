"""A raw payload (any producer) -> one validated, normalised `Article`. No I/O.

Payload: a JSON object `{"id"?, "title"?, "text" | "html", "url"?, "source"?, "published_at"?,
"language"?, "author"?}` (CONTRACT.md), each within its bound (`fields.py`). Common other
names (`outlet`, `headline`, `date`, ...) and a producer's own mapping (`field_map`) are read
as these fields (`field_names.py`). Fields outside that list are *ignored* by default
(producers add their own metadata: `tags`, gold annotations...) and listed by `unknown_fields`
so the caller can count or log them; with `strict=True` they are rejected.
`author` (pages and feeds name one) is validated but not kept: `Article` has no field for it.

Title: the producer's, else the page's, else one derived from the URL's slug or the first
sentence (`titles.py`): every article has one. The id and the version derive from the title
the producer or the page *stated* (empty when none did), so a derived title changes neither.

Text policy (offsets are end-exclusive `str` indices into the record's `text`):
- `text` given: kept exactly as given when it is clean; repaired only where broken (mojibake,
  HTML entities in a tag-free text, non-NFC), see `repair.repair_body`. Whitespace untouched.
- `language` given: its primary subtag (`en-GB` -> `en`); else detected (`language.py`).
- `html` given: the main text of the page (`webpage.extract_page`), tidied: one blank line
  between paragraphs. Title, canonical URL, date and site name fill the fields the payload
  leaves out.
"""

import hashlib
from collections.abc import Mapping
from typing import Any

from services.ingest.field_names import COMMON_NAMES, renamed
from services.ingest.fields import (
    bounded,
    checked_date,
    checked_language,
    page_date,
    shortened,
)
from services.ingest.language import detect_language
from services.ingest.repair import repair_body, tidy_line
from services.ingest.titles import derived_title
from services.ingest.urls import InvalidUrl, canonical_url, identity_of
from services.ingest.webpage import Page, extract_page
from shared.errors import InvalidArticle
from shared.records import INPUT_FIELDS, MAX_ID_CHARS, MAX_SOURCE_CHARS, MAX_URL_CHARS, Article

KNOWN_FIELDS = INPUT_FIELDS
HTML_CHARS_PER_TEXT_CHAR = 5  # a page's markup may be this many times the text limit
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")


def to_article(
    payload: Any,
    *,
    max_chars: int,
    strict: bool = False,
    field_map: Mapping[str, str] | None = None,
) -> Article:
    """Validate `payload` and return the article it describes (see module doc). `field_map`
    maps a producer's own field names onto the schema's (`{"newspaper": "source"}`).

    Raises `InvalidArticle` naming the field as the producer wrote it: not an object, a
    non-string field, missing or empty text, binary data, text over `max_chars` characters
    (html over 5x that), a bad URL, and with `strict` an unknown field.
    """
    if not isinstance(payload, Mapping):
        raise InvalidArticle(f"expected a JSON object, got {type(payload).__name__}")
    fields = renamed(payload, field_map)
    try:
        return _article(fields.fields, max_chars=max_chars, strict=strict)
    except InvalidArticle as error:
        raise InvalidArticle(fields.named_as_given(str(error))) from None


def _article(payload: Mapping[str, Any], *, max_chars: int, strict: bool) -> Article:
    if strict and (extra := unknown_fields(payload)):
        raise InvalidArticle(f"unknown field(s) {', '.join(map(repr, extra))}")
    for field in KNOWN_FIELDS:
        value = payload.get(field)
        if value is not None and not isinstance(value, str):
            raise InvalidArticle(f"field {field!r} must be a string, got {type(value).__name__}")
    text, page = _body(payload, max_chars=max_chars)
    given_title = payload.get("title")
    stated = (
        bounded("title", tidy_line(given_title))
        if given_title
        else shortened(tidy_line(page.title))
    )
    url = _canonical(payload.get("url")) or _canonical(page.url, lenient=True)
    given_date = (payload.get("published_at") or "").strip()
    language = _primary_language(checked_language(payload.get("language") or ""))
    if author := payload.get("author"):
        bounded("author", author)
    return Article(
        id=article_id(given=payload.get("id"), url=url, title=stated, text=text),
        title=stated or derived_title(url, text),
        text=text,
        url=url,
        source=_source(payload.get("source"), page.site_name),
        published_at=checked_date(given_date) if given_date else page_date(page.published_at),
        language=language or detect_language(text),
        version=content_version(stated, text),
    )


def unknown_fields(payload: Mapping[str, Any]) -> list[str]:
    """The payload's fields that are neither the article schema's nor a common name for one
    (`field_names.COMMON_NAMES`), sorted."""
    return sorted(str(key) for key in payload if key not in KNOWN_FIELDS + tuple(COMMON_NAMES))


def article_id(*, url: str | None, title: str, text: str, given: str | None = None) -> str:
    """A stable id: the producer's `given` id; else one derived from the canonical URL (so
    `http://`, tracking parameters and a trailing slash don't make a new article); else
    one derived from the content. Derived ids are 20 hex digits."""
    if given is not None:
        given = given.strip()
        if not given or len(given) > MAX_ID_CHARS or not given.isprintable():
            raise InvalidArticle(
                f"field 'id' must be 1-{MAX_ID_CHARS} printable characters, got {given[:40]!r}"
            )
        return given
    basis = identity_of(url) if url else f"{title}\n\n{text}"
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:20]


def content_version(title: str, text: str) -> str:
    """A hash of what was published: a new version of an article replaces the old one."""
    return hashlib.sha256(f"{title}\n\n{text}".encode()).hexdigest()[:16]


def _body(payload: Mapping[str, Any], *, max_chars: int) -> tuple[str, Page]:
    text, html = payload.get("text"), payload.get("html")
    if text is not None:
        _check_size_and_binary("text", text, max_chars)
        page = Page(text="")
        text = repair_body(text)
    elif html is not None:
        _check_size_and_binary("html", html, max_chars * HTML_CHARS_PER_TEXT_CHAR)
        page = extract_page(html)
        text = page.text
        if not text.strip():
            raise InvalidArticle("field 'html' holds no article text once markup is removed")
    else:
        raise InvalidArticle("missing field 'text' (or 'html')")
    if not text.strip():
        raise InvalidArticle("field 'text' is empty")
    return text, page


def _check_size_and_binary(field: str, value: str, limit: int) -> None:
    if len(value) > limit:
        raise InvalidArticle(
            f"field {field!r} is {len(value):,} characters, over the {limit:,} limit"
        )
    sample = value[:4096]
    controls = sum(1 for char in sample if char < " " and char not in _ALLOWED_CONTROLS)
    if "\x00" in value or controls > len(sample) // 100:
        raise InvalidArticle(f"field {field!r} holds binary data (control characters), not text")


def _primary_language(tag: str | None) -> str | None:
    """`en-US`, `EN_gb`, ` en ` -> `en`: extractors are chosen by language, not region."""
    primary = (tag or "").strip().replace("_", "-").split("-", 1)[0].lower()
    return primary or None


def _source(given: str | None, found: str | None) -> str | None:
    """The producer's source (bounded), else the page's site name (dropped when overlong)."""
    if given:
        return bounded("source", tidy_line(given)) or None
    name = tidy_line(found or "")
    return name if name and len(name) <= MAX_SOURCE_CHARS else None


def _canonical(url: str | None, *, lenient: bool = False) -> str | None:
    """The canonical URL; a bad one is the producer's error, but only a page's own (often
    relative) canonical link is silently dropped (`lenient`)."""
    if not url or not url.strip():
        return None
    if len(url) > MAX_URL_CHARS:
        return None if lenient else bounded("url", url)
    try:
        return canonical_url(url)
    except InvalidUrl as error:
        if lenient:
            return None
        raise InvalidArticle(f"field 'url': {error}") from error
