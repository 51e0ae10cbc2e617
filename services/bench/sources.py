"""The source articles of a benchmark corpus, read from the `--corpus` argument.

`--corpus` names one file or folder (any input `newsflow publish` reads: `.jsonl`, a folder of
`.txt`, ...), or several joined with the path separator (`:` on Linux), e.g.
`../shared/eval/ggt_dev.jsonl:seeds`. Payloads ingest would reject are skipped and counted."""

import os
from dataclasses import dataclass
from pathlib import Path

from services.bench.corpus import Source
from services.ingest.normalize import to_article
from services.ingest.sources import Payload, read_paths
from shared.errors import InvalidArticle


class BadCorpus(ValueError):
    """The `--corpus` argument names nothing readable, or holds no usable article."""


@dataclass(frozen=True)
class Sources:
    articles: list[Source]
    rejected: int


def corpus_paths(spec: str) -> list[Path]:
    """The paths in `spec`: itself when it exists, else its `os.pathsep`-separated parts, each
    of which must exist (`BadCorpus` names the first that does not)."""
    if Path(spec).exists():
        return [Path(spec)]
    parts = [part for part in spec.split(os.pathsep) if part]
    missing = [part for part in parts if not Path(part).exists()]
    if not parts or missing:
        raise BadCorpus(f"no such file or folder: {(missing or [spec])[0]!r}")
    return [Path(part) for part in parts]


def read_sources(spec: str, *, max_chars: int) -> Sources:
    """Every article ingest would accept in the corpus paths, as (title, normalised body)."""
    articles, rejected = [], 0
    for item in read_paths(corpus_paths(spec)):
        if not isinstance(item, Payload):
            rejected += 1
            continue
        try:
            article = to_article(item.data, max_chars=max_chars)
        except InvalidArticle:
            rejected += 1
            continue
        articles.append(Source(article.title, article.text))
    if not articles:
        raise BadCorpus(f"no usable article in {spec!r} ({rejected} rejected)")
    return Sources(articles, rejected)
