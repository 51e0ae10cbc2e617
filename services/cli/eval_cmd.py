"""`newsflow eval GOLD.jsonl|- [--json]`: run the extraction on a gold file and score it. The
scores on stdout; which model loads, progress and a closing summary on stderr."""

import argparse
import sys

import orjson

from services.cli.inputs import STDIN
from services.cli.progress import Progress, extraction_summary
from services.enrich import enrich
from services.entities.aliases import load_alias_table
from services.evaluation.gold import GoldFileError, parse_gold
from services.evaluation.report import as_dict, as_table
from services.evaluation.scores import score
from services.ingest.normalize import to_article
from services.nlp.model import ModelNotInstalled, choose_model, load_model
from shared.errors import InvalidArticle
from shared.settings import Settings


def run(args: argparse.Namespace, settings: Settings) -> int:
    with Progress("reading the gold file") as progress:
        try:
            if args.gold == STDIN:
                gold = parse_gold(sys.stdin.buffer)
            else:
                with open(args.gold, "rb") as file:
                    gold = parse_gold(file)
        except OSError as error:
            progress.say(f"newsflow eval: cannot read {args.gold}: {error.strerror}")
            return 2
        except GoldFileError as error:
            progress.say(f"newsflow eval: bad gold file {args.gold}: {error}")
            return 2
        aliases = load_alias_table(settings.alias_table)
        choice = choose_model(settings.model, settings.old_spacy_model)
        progress.say(f"loading {choice.describe()}")
        progress.update("loading the model", None)
        try:
            nlp = load_model(choice.name, matmul=settings.matmul)
        except ModelNotInstalled as error:
            progress.say(f"newsflow eval: {error}")
            return 2
        progress.update("extracting", len(gold))
        pairs = []
        for article in gold:
            payload = {"id": article.id, "text": article.text, "url": article.url}
            try:
                normalized = to_article(payload, max_chars=settings.max_text_chars)
            except InvalidArticle as error:
                progress.say(f"newsflow eval: bad gold article {article.id}: {error}")
                return 2
            pairs.append((article, enrich(nlp, normalized, aliases)))
            progress.advance()
    scores = score(pairs)
    if args.json:
        print(orjson.dumps(as_dict(scores)).decode())
    else:
        print(as_table(scores))
    quotes = sum(len(record.quotes) for _, record in pairs)
    entities = sum(len(record.entities) for _, record in pairs)
    progress.finish(extraction_summary(len(pairs), quotes, entities, progress.elapsed_s))
    return 0
