"""`newsflow extract`: the workers' extraction in one process, no Redis."""

import argparse
import sys
from collections.abc import Iterator
from typing import IO, Protocol

import orjson

from services.enrich import enrich
from services.entities.aliases import load_alias_table
from services.ingest.normalize import to_article
from services.ingest.sources import Payload, Rejected, read_paths
from shared.errors import InvalidArticle
from shared.parse import load_model
from shared.records import ArticleRecord
from shared.settings import Settings


def records(paths: list[str], settings: Settings, errors: "_Sink") -> Iterator[ArticleRecord]:
    """Enriched records for every article in `paths`; rejections are reported to `errors`."""
    aliases = load_alias_table(settings.alias_table)
    nlp = load_model(settings.spacy_model)
    for item in read_paths(paths):
        if isinstance(item, Rejected):
            print(f"rejected {item.origin}: {item.reason}", file=errors)
            continue
        assert isinstance(item, Payload)
        try:
            article = to_article(item.data, max_chars=settings.max_text_chars)
        except InvalidArticle as error:
            print(f"rejected {item.origin}: {error}", file=errors)
            continue
        yield enrich(nlp, article, aliases)


def run(args: argparse.Namespace, settings: Settings) -> int:
    paths, output = args.inputs, args.output
    rejected = _Counter(sys.stderr)
    out = open(output, "wb") if output else sys.stdout.buffer  # noqa: SIM115
    try:
        for record in records(paths, settings, rejected):
            out.write(orjson.dumps(record.model_dump(mode="json")) + b"\n")
            out.flush()
    finally:
        if output:
            out.close()
    return 1 if rejected.count else 0


class _Sink(Protocol):
    def write(self, text: str, /) -> int: ...


class _Counter:
    """A text sink that forwards to `stream` and counts the lines written."""

    def __init__(self, stream: IO[str]) -> None:
        self.stream, self.count = stream, 0

    def write(self, text: str) -> int:
        self.count += text.count("\n")
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()
