"""The gold file (`../shared/eval/README.md` format): JSON lines -> `GoldArticle`s.

Offsets are end-exclusive `str` indices into the gold `text`.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

import orjson


class GoldFileError(ValueError):
    """A gold file that cannot be scored; the message names the line and what is wrong."""


@dataclass(frozen=True)
class GoldQuote:
    text: str
    start: int | None
    end: int | None
    kind: str
    reference: str


@dataclass(frozen=True)
class GoldArticle:
    id: str
    text: str
    url: str | None
    people: list[str] = field(default_factory=list)
    quotes: list[GoldQuote] = field(default_factory=list)


def parse_gold(lines: Iterable[str | bytes]) -> list[GoldArticle]:
    """Every non-blank line is one article with at least `id` and `text`."""
    articles = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            data = orjson.loads(line)
        except orjson.JSONDecodeError as error:
            raise GoldFileError(f"line {number}: not JSON ({error})") from None
        articles.append(_article(data, number))
    if not articles:
        raise GoldFileError("no articles in the gold file")
    return articles


def _article(data: object, number: int) -> GoldArticle:
    if not isinstance(data, dict):
        raise GoldFileError(f"line {number}: expected a JSON object")
    for key in ("id", "text"):
        if not isinstance(data.get(key), str):
            raise GoldFileError(f"line {number}: missing or non-string field {key!r}")
    text: str = data["text"]
    people = data.get("people") or []
    quotes = data.get("quotes") or []
    if not isinstance(people, list) or not isinstance(quotes, list):
        raise GoldFileError(f"line {number}: 'people' and 'quotes' must be lists")
    return GoldArticle(
        id=data["id"],
        text=text,
        url=data.get("url") if isinstance(data.get("url"), str) else None,
        people=[str(name) for name in people],
        quotes=[_quote(q, text, number) for q in quotes],
    )


def _quote(data: object, text: str, number: int) -> GoldQuote:
    if not isinstance(data, dict) or not isinstance(data.get("quote"), str):
        raise GoldFileError(f"line {number}: a quote without a 'quote' string")
    span = data.get("quote_span_raw")
    start: int | None = None
    end: int | None = None
    if isinstance(span, list) and len(span) == 2 and all(isinstance(x, int) for x in span):
        start, end = span
    else:  # unlocated in the annotation: look for the text itself
        found = text.find(data["quote"]) if data["quote"] else -1
        if found >= 0:
            start, end = found, found + len(data["quote"])
    return GoldQuote(
        text=data["quote"],
        start=start,
        end=end,
        kind=str(data.get("kind") or "direct"),
        reference=str(data.get("reference") or ""),
    )
