"""`newsflow extract`: the workers' extraction in one process, no Redis."""

import argparse
import sys

import orjson

from services.cli.inputs import inputs, validated
from services.enrich import enrich
from services.entities.aliases import load_alias_table
from services.ingest.sources import Rejected
from services.nlp.model import load_model
from shared.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    aliases = load_alias_table(settings.alias_table)
    nlp = load_model(settings.spacy_model, matmul=settings.matmul)
    rejected = 0
    out = open(args.output, "wb") if args.output else sys.stdout.buffer  # noqa: SIM115
    try:
        for item in validated(inputs(args.inputs, settings), settings.max_text_chars):
            if isinstance(item, Rejected):
                print(f"rejected {item.origin}: {item.reason}", file=sys.stderr)
                rejected += 1
                continue
            record = enrich(nlp, item[1], aliases)
            out.write(orjson.dumps(record.model_dump(mode="json")) + b"\n")
            out.flush()
    finally:
        if args.output:
            out.close()
    return 1 if rejected else 0
