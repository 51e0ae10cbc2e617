"""Files -> raw article payloads, the way `newsflow publish` and `extract` read them.

`parse_file` is pure (a name and bytes in, payloads or rejections out); `read_paths` walks the
file system and is the only function here that does I/O. The kind of input comes from the
name's suffix (`.txt`, `.json`, `.jsonl`, `.html`/`.htm`, `.xml`/`.rss`/`.atom`), else from
the bytes themselves (a fetched URL such as `https://example.com/feed/` has no suffix).
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import orjson

from services.ingest.feeds import NotAFeed, parse_feed

SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm", ".xml", ".rss", ".atom")
_KIND_OF_SUFFIX = {
    ".txt": "text", ".json": "json", ".jsonl": "jsonl", ".html": "html", ".htm": "html",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}  # fmt: skip
_MAGIC = {
    b"%PDF": "a PDF document", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image", b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\x1f\x8b": "gzip-compressed data", b"\x7fELF": "an executable",
}  # fmt: skip
_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Payload:
    origin: str  # "path", "path:line" (JSONL) or "path#entry" (feeds)
    data: dict[str, Any]


@dataclass(frozen=True)
class Rejected:
    origin: str
    reason: str


def parse_text(body: str) -> dict[str, Any]:
    """Plain text: the first line is the title, the body starts after the first blank line.

    The body is kept exactly as written so offsets into it hold against the file.
    """
    title, sep, rest = body.partition("\n\n")
    if not sep:  # no blank line: one line is a title only, more lines are all body
        first, _, rest = body.partition("\n")
        return {"title": first.strip(), "text": rest} if rest.strip() else {"text": body}
    return {"title": title.strip(), "text": rest}


def parse_file(name: str, data: bytes) -> Iterator[Payload | Rejected]:
    """Every article payload in one file (or fetched document) called `name`.

    Rejections (never exceptions) for empty files, binary data, text that is not UTF-8,
    invalid JSON (per line for JSONL: good lines are kept) and feeds without entries.
    """
    if not data.strip():
        yield Rejected(name, "empty file")
        return
    if binary := _binary_kind(data):
        yield Rejected(name, f"binary data ({binary}), not text")
        return
    kind = _KIND_OF_SUFFIX.get(_suffix(name)) or sniff(data)
    if kind == "feed":
        yield from _feed(name, data)
        return
    if kind == "jsonl" or (kind == "json" and _looks_like_lines(data.decode("utf-8", "replace"))):
        yield from _json_lines(name, data)  # each line on its own, its encoding included
        return
    try:
        body = _decode(data, html=kind == "html")
    except UnicodeDecodeError as error:
        yield Rejected(name, f"not UTF-8 text ({error.reason} at byte {error.start})")
        return
    if kind == "text":
        yield Payload(name, parse_text(body))
    elif kind == "html":
        fetched = name.startswith(("http://", "https://"))  # a page fetched from its URL
        yield Payload(name, {"html": body, "url": name} if fetched else {"html": body})
    else:
        yield from _json_records(name, body)


def _json_lines(name: str, data: bytes) -> Iterator[Payload | Rejected]:
    """JSON lines, split on newline bytes only (a raw U+2028 inside a string is valid JSON):
    a line that is not UTF-8 or not JSON is rejected alone, the others are kept."""
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        if not raw.strip():
            continue
        origin = f"{name}:{number}"
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            yield Rejected(
                origin, f"not UTF-8 text ({error.reason} at byte {error.start} of the line)"
            )
            continue
        yield from _json_records(origin, line, lists=False)


def sniff(data: bytes) -> str:
    """The kind of a document without a known suffix, from its first bytes."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"{", b"[")):
        return "json"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    if head.startswith(b"<?xml") and b"<html" not in head:
        return "feed"
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--", b"<?xml")):
        return "html"
    return "text"


def _suffix(name: str) -> str:
    path = urlsplit(name).path if name.startswith(("http://", "https://")) else name
    return PurePosixPath(path).suffix.lower()


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            return kind
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16 text: save it as UTF-8"
    return "NUL bytes" if b"\x00" in data[:8192] else None


def _decode(data: bytes, *, html: bool) -> str:
    """UTF-8 (with or without BOM); an HTML page may declare another charset in a <meta>."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        declared = _META_CHARSET.search(data[:4096]) if html else None
        if declared is None:
            raise
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except LookupError:
            raise UnicodeDecodeError("utf-8", data, 0, 1, "unknown declared charset") from None


def _looks_like_lines(body: str) -> bool:
    """A `.json` file that is really JSON lines: several lines, each a whole object."""
    lines = [line for line in body.splitlines() if line.strip()]
    if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
        return False
    try:
        orjson.loads(lines[0])
    except orjson.JSONDecodeError:
        return False
    return True


def _feed(name: str, data: bytes) -> Iterator[Payload | Rejected]:
    try:
        for entry in parse_feed(data):
            origin = f"{name}#{entry.number}"
            yield (
                Payload(origin, entry.payload) if entry.payload else Rejected(origin, entry.reason)
            )
    except NotAFeed as error:
        yield Rejected(name, str(error))


def _json_records(origin: str, body: str, *, lists: bool = True) -> Iterator[Payload | Rejected]:
    """The objects in one JSON document: an object, or (`lists`: a .json file) a list of them."""
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        yield Rejected(origin, f"invalid JSON: {error}")
        return
    records = value if isinstance(value, list) and lists else [value]
    for index, record in enumerate(records):
        where = f"{origin}[{index}]" if records is value else origin
        if isinstance(record, dict):
            yield Payload(where, record)
        else:
            yield Rejected(where, f"expected a JSON object, got {type(record).__name__}")


def read_paths(paths: Iterable[str | Path]) -> Iterator[Payload | Rejected]:
    """Every article in the given files and folders (folders: recursively, sorted, by suffix)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
            )
            if not files:
                yield Rejected(str(path), f"folder holds no input files ({', '.join(SUFFIXES)})")
            for file in files:
                yield from parse_file(str(file), file.read_bytes())
        elif path.is_file():
            yield from parse_file(str(path), path.read_bytes())
        else:
            yield Rejected(str(path), "no such file or folder")
