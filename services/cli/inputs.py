"""What the commands that take files, folders and URLs (`publish`, `extract`, `up`) read, and
the same validation ingest applies, so a bad input is named before anything is sent."""

import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO

from services.ingest.fetch import FetchError, fetch
from services.ingest.field_names import renamed
from services.ingest.normalize import to_article
from services.ingest.sources import Payload, Rejected, parse_file, read_paths
from shared.errors import InvalidArticle
from shared.records import Article
from shared.settings import Settings

#: the input name that means standard input, and how its articles are named in messages
STDIN, STDIN_NAME = "-", "<stdin>"


def inputs(
    paths: Iterable[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[Payload | Rejected]:
    """Articles from each path, from standard input for `-` (its kind told by its bytes:
    JSON lines, JSON, HTML, a feed or plain text), or from each http(s) URL fetched with the
    safety limits."""
    for path in paths:
        if path == STDIN:
            yield from parse_file(STDIN_NAME, (stdin or sys.stdin.buffer).read())
        elif path.startswith(("http://", "https://")):
            try:
                name, data = fetch(
                    path,
                    timeout=settings.fetch_timeout_s,
                    max_bytes=settings.fetch_max_bytes,
                    allow_private=settings.fetch_allow_private,
                )
            except FetchError as error:  # its message starts with the URL, which origin names
                yield Rejected(path, str(error).removeprefix(f"{path}: "))
                continue
            yield from parse_file(name, data)
        else:
            yield from read_paths([path])


def validated(
    items: Iterable[Payload | Rejected],
    max_chars: int,
    field_map: Mapping[str, str] | None = None,
) -> Iterator[tuple[Payload, Article] | Rejected]:
    """Each input with the article ingest will make of it, or rejected with the reason. The
    payload comes back under the schema's field names (`outlet` -> `source`, `field_map`'s
    names too), so that ingest reads it the same whatever its own `NEWSFLOW_FIELD_MAP`."""
    for item in items:
        if isinstance(item, Rejected):
            yield item
            continue
        try:
            article = to_article(item.data, max_chars=max_chars, field_map=field_map)
        except InvalidArticle as error:
            yield Rejected(item.origin, str(error))
            continue
        yield Payload(item.origin, renamed(item.data, field_map).fields), article


@dataclass
class Checked:
    """Inputs split into what ingest will accept and what it would reject (with the reason);
    `undated` of the good ones carry no date."""

    good: list[Payload] = field(default_factory=list)
    bad: list[Rejected] = field(default_factory=list)
    undated: int = 0


def checked(
    items: Iterable[Payload | Rejected],
    max_chars: int,
    field_map: Mapping[str, str] | None = None,
) -> Checked:
    result = Checked()
    for item in validated(items, max_chars, field_map):
        if isinstance(item, Rejected):
            result.bad.append(item)
        else:
            result.good.append(item[0])
            result.undated += item[1].published_at is None
    return result


def undated_note(undated: int, total: int, *, extracted: bool = False) -> str | None:
    """The one line a batch says about its articles without a date (None when all have one)."""
    if not undated:
        return None
    what = "all" if undated == total else f"{undated} of {total}"
    then = (
        "their published_at stays null; the pipeline dates such an article by when it receives it"
        if extracted
        else "they are dated by when the pipeline receives them"
    )
    return (
        f"{what} articles have no date (published_at, date, pubDate, ...): {then}. "
        "Name your date field with --field NAME=published_at"
    )
