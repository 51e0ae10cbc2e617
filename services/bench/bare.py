"""(a) The limit: bare `nlp.pipe` over the corpus texts in one process, nothing else.

Run as `python -m services.bench.bare CORPUS.jsonl [stock|newsflow] [warm]`; prints one JSON
object: articles, tokens, wall and CPU seconds of the parse (model loading excluded), and the
process's peak RSS. `stock` (the default) loads the model as spaCy ships it: the limit a plain
spaCy process has. `newsflow` loads it as the workers do (`services.nlp.model.load_model`, with
the speed-ups of `services.nlp.speedups` and the matrix products of `services.nlp.matmul`): the
same parse the pipeline runs, so (c) over it is the pipeline's own cost.

`warm` parses the texts once before the timed pass, as a process that has been running a while
has: spaCy makes each word's lexeme (shape, prefix, flags...) the first time it sees the word,
which made a fresh process's first pass over 25 articles 14 % dearer than a second pass. The
paired rounds use it, since their workers have seen the same sources' words before."""

import sys
import time

import orjson

from services.bench.procs import peak_rss_bytes
from services.nlp.matmul import library_of
from services.nlp.model import choose_model, load_model
from shared.settings import Settings

#: spaCy's default batch (256 docs for the small English model) keeps a whole batch of parses
#: and their tensors in memory: 2 GB for 100 articles, and slower per article here (0.24 vs
#: 0.19 CPU-s). Batches of 8 were the fastest measured, at about 460 MB: the fair limit.
BATCH_SIZE = 8


def main(corpus: str, loading: str = "stock", warm: str = "") -> dict[str, object]:
    with open(corpus, "rb") as lines:
        texts = [orjson.loads(line)["text"] for line in lines if line.strip()]
    settings = Settings()
    nlp = load_model(
        choose_model(settings.model, settings.old_spacy_model).name,
        stock=loading != "newsflow",
        matmul=settings.matmul,
    )
    nlp("Warm up the pipeline once.")
    if warm == "warm":
        for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
            pass
    tokens = 0
    cpu, wall = time.process_time(), time.perf_counter()
    for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
        tokens += len(doc)
    return {
        "articles": len(texts),
        "tokens": tokens,
        "wall_s": time.perf_counter() - wall,
        "cpu_s": time.process_time() - cpu,
        "peak_rss_bytes": peak_rss_bytes(),
        "matmul": library_of(nlp),
    }


if __name__ == "__main__":
    sys.stdout.buffer.write(orjson.dumps(main(*sys.argv[1:4])) + b"\n")
