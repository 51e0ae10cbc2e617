"""(b) `newsflow extract`'s code path in one process: normalise, parse, entities, quotes, one
article at a time, no Redis.

Run as `python -m services.bench.extract CORPUS.jsonl`; prints one JSON object: articles,
wall and CPU seconds (model loading excluded), each article's processing time in ms, wall and
CPU (the "single-article processing time" latency is compared with), and the peak RSS.

Then the archive's cost, side by side in the same process: the records written as the archive
worker writes them (batches of `NEWSFLOW_ARCHIVE_BATCH`, Parquet, fsync and rename) into a
temporary folder, CPU and wall time per article."""

import sys
import tempfile
import time

import orjson

from services.archive.archiver import Archiver, Delivered
from services.archive.files import Location
from services.bench.procs import peak_rss_bytes
from services.enrich import enrich
from services.entities.aliases import load_alias_table
from services.ingest import language
from services.ingest.normalize import to_article
from services.ingest.sources import Payload, read_paths
from services.nlp.model import choose_model, load_model
from shared.settings import Settings


def _archive(records: list, batch: int) -> tuple[float, float, int]:
    """(CPU s, wall s, articles) to write full batches of `records` (cycled, each copy with
    its own id, when there are fewer than a batch) to a fresh archive folder, as the worker
    does: the per-article cost of a worker under load, when its batches fill up."""
    now = int(time.time() * 1000)
    if not records:
        return 0.0, 0.0, 0
    count = max(len(records), batch)
    items = [
        Delivered(records[i % len(records)].model_copy(update={"id": f"bench-{i}"}), now, now)
        for i in range(count)
    ]
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-archive-") as folder:
        archiver = Archiver(Location.of(folder), "bench")
        cpu, wall = time.process_time(), time.perf_counter()
        for start in range(0, count, batch):
            archiver.write(items[start : start + batch])
        return time.process_time() - cpu, time.perf_counter() - wall, count


def main(corpus: str) -> dict[str, object]:
    settings = Settings()
    payloads = [item for item in read_paths([corpus]) if isinstance(item, Payload)]
    aliases = load_alias_table(settings.alias_table)
    nlp = load_model(
        choose_model(settings.model, settings.old_spacy_model).name, matmul=settings.matmul
    )
    language.preload()
    nlp("Warm up the pipeline once.")
    article_ms, article_cpu_ms, ids, quotes, records = [], [], [], 0, []
    cpu, wall = time.process_time(), time.perf_counter()
    for payload in payloads:
        started, started_cpu = time.perf_counter(), time.process_time()
        article = to_article(payload.data, max_chars=settings.max_text_chars)
        record = enrich(nlp, article, aliases)
        orjson.dumps(record.model_dump(mode="json"))  # extract writes each record out
        article_ms.append((time.perf_counter() - started) * 1000)
        article_cpu_ms.append((time.process_time() - started_cpu) * 1000)
        ids.append(article.id)
        quotes += len(record.quotes)
        records.append(record)
    cpu_s, wall_s = time.process_time() - cpu, time.perf_counter() - wall
    archive_cpu, archive_wall, archived = _archive(records, settings.archive_batch)
    return {
        "articles": len(payloads),
        "quotes": quotes,
        "wall_s": wall_s,
        "cpu_s": cpu_s,
        "archive_cpu_s": archive_cpu,
        "archive_wall_s": archive_wall,
        "archive_articles": archived,
        "article_ms": article_ms,
        "article_cpu_ms": article_cpu_ms,
        "article_ids": ids,
        "peak_rss_bytes": peak_rss_bytes(),
    }


if __name__ == "__main__":
    sys.stdout.buffer.write(orjson.dumps(main(sys.argv[1])) + b"\n")
