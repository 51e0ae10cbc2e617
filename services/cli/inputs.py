"""What the commands that take files, folders and URLs (`publish`, `extract`, `up`) read, and
the same validation ingest applies, so a bad input is named before anything is sent."""

from collections.abc import Iterable, Iterator

from services.ingest.fetch import FetchError, fetch
from services.ingest.normalize import to_article
from services.ingest.sources import Payload, Rejected, parse_file, read_paths
from shared.errors import InvalidArticle
from shared.records import Article
from shared.settings import Settings


def inputs(paths: Iterable[str], settings: Settings) -> Iterator[Payload | Rejected]:
    """Articles from each path, or from each http(s) URL fetched with the safety limits."""
    for path in paths:
        if path.startswith(("http://", "https://")):
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
    items: Iterable[Payload | Rejected], max_chars: int
) -> Iterator[tuple[Payload, Article] | Rejected]:
    """Each input with the article ingest will make of it, or rejected with the reason."""
    for item in items:
        if isinstance(item, Rejected):
            yield item
            continue
        try:
            yield item, to_article(item.data, max_chars=max_chars)
        except InvalidArticle as error:
            yield Rejected(item.origin, str(error))


def checked(
    items: Iterable[Payload | Rejected], max_chars: int
) -> tuple[list[Payload], list[Rejected]]:
    """Split inputs into what ingest will accept and what it would reject (with the reason)."""
    good: list[Payload] = []
    bad: list[Rejected] = []
    for item in validated(items, max_chars):
        if isinstance(item, Rejected):
            bad.append(item)
        else:
            good.append(item[0])
    return good, bad
