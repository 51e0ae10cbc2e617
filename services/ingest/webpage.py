"""HTML -> article text and metadata. No I/O.

`extract_page` runs trafilatura on a whole page: the main text without navigation, related
links, newsletter boxes or footers, plus title, author, date, canonical URL and site name.
`fragment_to_text` handles the small HTML fragments feeds carry (a `<p>` or two, where a
page extractor finds no "main content"): tags dropped, block elements become paragraphs.
Both return tidy text (`repair.tidy`): paragraphs separated by one blank line.
"""

from dataclasses import dataclass
from datetime import datetime

import lxml.html
import trafilatura
from lxml.etree import ParserError
from trafilatura.settings import Document

from services.ingest.repair import tidy, tidy_line

_BLOCKS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre tr table section article header "
    "footer figure figcaption dd dt hr".split()
)
_DROPPED = frozenset(["script", "style", "noscript", "template", "iframe", "svg"])
_DATE_PARAMS = {
    "extensive_search": False,
    "original_date": True,
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
}


@dataclass(frozen=True)
class Page:
    """What a page says about itself; empty strings / None where it says nothing."""

    text: str
    title: str = ""
    author: str | None = None
    published_at: str | None = None
    url: str | None = None
    site_name: str | None = None


def extract_page(html: str) -> Page:
    """The article in a web page (or in a fragment, when no page structure is found)."""
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params=_DATE_PARAMS,
    )
    if not isinstance(document, Document) or not (document.text or "").strip():
        return Page(text=fragment_to_text(html))
    title = tidy_line(document.title or "")
    text = tidy(document.text or "")
    if title and text.startswith(title):  # trafilatura keeps the <h1>: it is the title, not body
        text = text[len(title) :].lstrip()
    return Page(
        text=text,
        title=title,
        author=tidy_line(document.author) if document.author else None,
        published_at=iso_date(document.date),
        url=document.url or None,
        site_name=tidy_line(document.sitename) if document.sitename else None,
    )


def fragment_to_text(html: str) -> str:
    """Text of an HTML fragment: entities decoded, scripts dropped, one paragraph per block."""
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return tidy(html)
    parts: list[str] = []
    _walk(root, parts)
    return tidy("".join(parts))


def _walk(element: lxml.html.HtmlElement, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in _DROPPED:
        if element.tail:
            parts.append(element.tail)
        return
    block = tag in _BLOCKS
    if block:
        parts.append("\n")
    if element.text and tag:
        parts.append(element.text)
    for child in element:
        _walk(child, parts)
    if block:
        parts.append("\n")
    if element.tail:
        parts.append(element.tail)


def iso_date(value: str | None) -> str | None:
    """`2026-03-14T18:42:00-0400` -> `2026-03-14T18:42:00-04:00`; a bare date stays a date."""
    if not value:
        return None
    for pattern in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(value, pattern)
        except ValueError:
            continue
        if pattern == "%Y-%m-%d" or (parsed.time() == datetime.min.time() and not parsed.tzinfo):
            return parsed.date().isoformat()
        return parsed.isoformat()
    return value
