"""`newsflow extract INPUT|- ... [-o OUT.jsonl]`: the workers' extraction in one process, no
Redis. Records on stdout (or `-o`); which model loads, progress, rejections and the closing
summary ("N articles, M quotes, K entities in T s") on stderr."""

import argparse
import sys
from typing import BinaryIO

import orjson

from services.cli.inputs import inputs, undated_note, validated
from services.cli.progress import Progress, extraction_summary
from services.enrich import enrich
from services.entities.aliases import load_alias_table
from services.ingest.sources import Rejected
from services.nlp.model import choose_model, load_model
from shared.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    out: BinaryIO = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
    try:
        return _extract(args, settings, out)
    finally:
        if args.output:
            out.close()


def _extract(args: argparse.Namespace, settings: Settings, out: BinaryIO) -> int:
    articles = quotes = entities = rejected = undated = 0
    with Progress("reading inputs") as progress:
        aliases = load_alias_table(settings.alias_table)
        items = list(inputs(args.inputs, settings))
        choice = choose_model(settings.model, settings.old_spacy_model)
        progress.say(f"loading {choice.describe()}")
        progress.update("loading the model", None)
        nlp = load_model(choice.name, matmul=settings.matmul)
        progress.update("extracting", len(items))
        for item in validated(items, settings.max_text_chars, settings.field_map):
            if isinstance(item, Rejected):
                progress.say(f"rejected {item.origin}: {item.reason}")
                progress.advance()
                rejected += 1
                continue
            record = enrich(nlp, item[1], aliases)
            out.write(orjson.dumps(record.model_dump(mode="json")) + b"\n")
            out.flush()
            articles += 1
            quotes += len(record.quotes)
            entities += len(record.entities)
            undated += record.published_at is None
            progress.advance()
    if note := undated_note(undated, articles, extracted=True):
        progress.say(note)
    summary = extraction_summary(articles, quotes, entities, progress.elapsed_s)
    progress.finish(summary + (f" ({rejected} rejected)" if rejected else ""))
    return 1 if rejected else 0
