"""The CPU the entity and quote extraction take against the parse, side by side in one process.

    .venv/bin/python scripts/extraction_cost.py ../shared/eval/ggt_dev.jsonl \
        ../shared/eval/polnear_dev.jsonl

Every article is parsed, then its entities and quotes extracted, timed with the process's CPU
clock (`time.process_time`); the run is repeated `--rounds` times and the fastest round of each
article kept (other processes on the machine only ever add time). Prints the mean per article
and the ratio extraction / parse: the issue's budget is 0.15.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from services.entities.extract import extract_entities  # noqa: E402
from services.nlp.model import load_model  # noqa: E402
from services.quotes.extract import extract_quotes  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="JSON lines with a 'text' field")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [
        json.loads(line)["text"]
        for path in args.files
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    nlp = load_model()
    parse = [float("inf")] * len(texts)
    extract = [float("inf")] * len(texts)
    for _ in range(args.rounds):
        for i, text in enumerate(texts):
            started = time.process_time()
            doc = nlp(text)
            parsed = time.process_time()
            extract_quotes(doc, extract_entities(doc))
            done = time.process_time()
            parse[i] = min(parse[i], parsed - started)
            extract[i] = min(extract[i], done - parsed)
    p, e = sum(parse) / len(texts) * 1000, sum(extract) / len(texts) * 1000
    print(f"{len(texts)} articles: parse {p:.1f} ms, entities + quotes {e:.1f} ms per article")
    print(f"ratio {e / p:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
