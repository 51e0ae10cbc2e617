"""`newsflow eval GOLD.jsonl [--json]`: run the extraction on a gold file and score it."""

import argparse
import sys

import orjson

from services.enrich import enrich
from services.entities.aliases import load_alias_table
from services.evaluation.gold import GoldFileError, parse_gold
from services.evaluation.report import as_dict, as_table
from services.evaluation.scores import score
from services.ingest.normalize import to_article
from services.nlp.model import ModelNotInstalled, load_model
from shared.errors import InvalidArticle
from shared.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    try:
        with open(args.gold, "rb") as file:
            gold = parse_gold(file)
    except OSError as error:
        print(f"newsflow eval: cannot read {args.gold}: {error.strerror}", file=sys.stderr)
        return 2
    except GoldFileError as error:
        print(f"newsflow eval: bad gold file {args.gold}: {error}", file=sys.stderr)
        return 2
    aliases = load_alias_table(settings.alias_table)
    try:
        nlp = load_model(settings.spacy_model, matmul=settings.matmul)
    except ModelNotInstalled as error:
        print(f"newsflow eval: {error}", file=sys.stderr)
        return 2
    pairs = []
    for article in gold:
        payload = {"id": article.id, "text": article.text, "url": article.url}
        try:
            normalized = to_article(payload, max_chars=settings.max_text_chars)
        except InvalidArticle as error:
            print(f"newsflow eval: bad gold article {article.id}: {error}", file=sys.stderr)
            return 2
        pairs.append((article, enrich(nlp, normalized, aliases)))
    scores = score(pairs)
    if args.json:
        print(orjson.dumps(as_dict(scores)).decode())
    else:
        print(as_table(scores))
    return 0
