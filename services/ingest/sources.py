"""Files -> raw article payloads, the way `newsflow publish` and `extract` read them.

`parse_file` is pure (a name and bytes in, payloads or rejections out); `read_paths` walks the
file system and is the only function here that does I/O.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

SUFFIXES = (".txt", ".json", ".jsonl", ".html", ".htm", ".xml", ".rss", ".atom")


@dataclass(frozen=True)
class Payload:
    origin: str  # "path" or "path:line"
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
    suffix = Path(name).suffix.lower()
    try:
        body = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        yield Rejected(name, f"not UTF-8 text ({error.reason} at byte {error.start})")
        return
    if suffix == ".txt":
        yield Payload(name, parse_text(body))
    elif suffix == ".json":
        yield from _json_records(name, body)
    elif suffix == ".jsonl":
        for number, line in enumerate(body.splitlines(), start=1):
            if line.strip():
                yield from _json_records(f"{name}:{number}", line)
    elif suffix in (".html", ".htm"):
        yield Payload(name, {"html": body})
    else:
        yield Rejected(name, f"unsupported file type {suffix!r} (expected one of {SUFFIXES})")


def _json_records(origin: str, body: str) -> Iterator[Payload | Rejected]:
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError as error:
        yield Rejected(origin, f"invalid JSON: {error}")
        return
    records = value if isinstance(value, list) else [value]
    for index, record in enumerate(records):
        where = f"{origin}[{index}]" if isinstance(value, list) else origin
        if isinstance(record, dict):
            yield Payload(where, record)
        else:
            yield Rejected(where, f"expected a JSON object, got {type(record).__name__}")


def read_paths(paths: Iterable[str | Path]) -> Iterator[Payload | Rejected]:
    """Every article in the given files and folders (folders: recursively, sorted, by suffix)."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                yield Rejected(str(path), f"folder holds no input files ({', '.join(SUFFIXES)})")
            for file in files:
                yield from parse_file(str(file), file.read_bytes())
        elif path.is_file():
            yield from parse_file(str(path), path.read_bytes())
        else:
            yield Rejected(str(path), "no such file or folder")
