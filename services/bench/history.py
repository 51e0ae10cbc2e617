"""The history acceptance run: N real articles over D days through every stage, then checks.

    python -m services.bench.history --corpus ../shared/eval/ggt_dev.jsonl \\
        --corpus ../shared/eval/polnear_dev.jsonl --articles 1000 --days 90 --hot-days 7 \\
        [--baseline /path/to/a/checkout/of/an/older/newsflow] [--json]

Articles: the corpus texts cycled, each copy made of a third of one text's paragraphs, a third
of another's and a third of a third's (at most ~2,000 characters each), with its own id, its
first text's outlet as `source`, and `published_at` spread over the last `days` days; a mix
that ingest's near-duplicate rule would link to an earlier one is skipped, so all are kept.
They run through the five stages (private `redis-server`, worker processes, the query API, an
archive folder), and the run reports:

- every published id in the archive exactly once (as a query sees it) and the raw rows;
- `/entities/top?since=…&until=…` over all the days (answered from the archive) and over the
  hot window (answered from Redis), each against a recount from the enriched records;
- Redis memory: `used_memory`, and every key that is not a stream (`MEMORY USAGE`), per
  article in the hot window;
- with `--baseline`: the same enriched records applied by that checkout's aggregate store
  (its code, this interpreter) to a fresh `redis-server`, measured the same way.
"""

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson
from redis import Redis

from services.aggregate.store_memory import MemoryAggregateStore
from services.archive.query import ArchiveQuery, Window
from services.ingest import dedup
from services.runtime.embedded import EmbeddedRedis, free_port
from services.runtime.envelope import entry_body
from shared.records import ArticleRecord

STAGES = ("ingest", "entities", "quotes", "aggregate", "archive")


def articles(corpora: list[Path], count: int, days: int) -> list[dict[str, Any]]:
    texts = []
    for path in corpora:
        for line in path.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                paragraphs = [p for p in row["text"].split("\n\n") if p.strip()]
                if len(paragraphs) >= 2:
                    texts.append((paragraphs, row.get("outlet") or row.get("publisher")))
    n, today = len(texts), datetime.now(tz=UTC).date()
    out: list[dict[str, Any]] = []

    def third(paragraphs: list[str], which: int) -> list[str]:
        """A third of the paragraphs, at most ~2,000 characters (a long text's third would
        dominate the mix and make its copies alike)."""
        size = max(1, len(paragraphs) // 3)
        kept: list[str] = []
        length = 0
        for paragraph in paragraphs[which * size : (which + 1) * size if which < 2 else None]:
            if kept and length + len(paragraph) > 2000:
                break
            kept.append(paragraph)
            length += len(paragraph)
        return kept

    seen = _Distinct()
    k = -1
    while len(out) < count:
        k += 1
        first, source = texts[k % n]
        part = (k // n) % 3
        others = random.Random(k).sample([i for i in range(n) if i != k % n], 2)
        second, last = texts[others[0]][0], texts[others[1]][0]
        body = third(first, part) + third(second, (part + 1) % 3) + third(last, (part + 2) % 3)
        text = "\n\n".join(body)
        if not seen.new(text):  # a mix too close to an earlier one: ingest would link it
            continue
        number = len(out)
        day = today - timedelta(days=number % days)
        out.append(
            {
                "id": f"history-{number}",
                "title": f"History article {number}",
                "text": text,
                "source": source,
                "published_at": f"{day.isoformat()}T{8 + number % 10:02d}:00:00Z",
            }
        )
    return out


class _Distinct:
    """The ingest stage's near-duplicate rule, in memory: is a text new?"""

    def __init__(self) -> None:
        self.buckets: dict[str, set[int]] = {}
        self.roots: list[bytes] = []

    def new(self, text: str) -> bool:
        minhash = dedup.fingerprint(text).minhash
        near = {i for band in dedup.bands(minhash) for i in self.buckets.get(band, ())}
        if any(
            dedup.similarity(minhash, self.roots[i]) >= dedup.NEAR_DUPLICATE_SIMILARITY
            for i in near
        ):
            return False
        self.roots.append(minhash)
        for band in dedup.bands(minhash):
            self.buckets.setdefault(band, set()).add(len(self.roots) - 1)
        return True


def _start(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "services.cli.main", *args],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )


def _drained(redis: Any) -> bool:
    for stream, group in (
        ("articles.raw", "newsflow-ingest"),
        ("articles.ingested", "newsflow-entities"),
        ("articles.entities", "newsflow-quotes"),
        ("articles.enriched", "newsflow-aggregate"),
        ("articles.enriched", "newsflow-archive"),
    ):
        if not redis.exists(stream):
            return False
        info = {g["name"].decode(): g for g in redis.xinfo_groups(stream)}
        mine = info.get(group)
        last = redis.xinfo_stream(stream)["last-generated-id"]
        if mine is None or int(mine["pending"]) or mine["last-delivered-id"] != last:
            return False
    return True


def redis_memory(redis: Any) -> dict[str, Any]:
    """used_memory, and the bytes of stream keys and of every other key: the aggregate
    store's (`{newsflow:agg…}`), the ingest stage's duplicate index, and the rest."""
    streams = others = keys = aggregates = dedup = 0
    for key in redis.scan_iter(count=1000):
        usage = int(redis.memory_usage(key, samples=0) or 0)
        if redis.type(key) == b"stream":
            streams += usage
            continue
        others += usage
        keys += 1
        if key.startswith(b"{newsflow:agg") or key.startswith(b"newsflow:agg"):
            aggregates += usage
        elif b"seen" in key.split(b":")[1:2] or key.startswith(b"{newsflow:seen"):
            dedup += usage
    return {
        "used_memory": int(redis.info("memory")["used_memory"]),
        "stream_bytes": streams,
        "non_stream_bytes": others,
        "non_stream_keys": keys,
        "aggregate_bytes": aggregates,
        "dedup_index_bytes": dedup,
    }


def enriched_records(redis: Any) -> list[tuple[ArticleRecord, int]]:
    return [
        (ArticleRecord.model_validate_json(entry_body(fields)[0]), int(entry_id.split(b"-")[0]))
        for entry_id, fields in redis.xrange("articles.enriched")
    ]


def recount(records: list[tuple[ArticleRecord, int]], since: date, until: date) -> list[dict]:
    store = MemoryAggregateStore()

    async def run() -> list[dict]:
        for record, entry_ms in records:
            await store.apply(record, now_ms=entry_ms)
        top = await store.top_entities(since=since, until=until, limit=100)
        return [e.model_dump() for e in top]

    return asyncio.run(run())


_BASELINE = """
import asyncio, sys, orjson
from services.aggregate.store_redis import RedisAggregateStore
from services.aggregate.store_redis_client import connect
from shared.records import ArticleRecord
async def main(url, path):
    client = connect(url)
    store = RedisAggregateStore(client)
    for line in open(path, 'rb'):
        row = orjson.loads(line)
        record = ArticleRecord.model_validate(row['record'])
        await store.apply(record, now_ms=row['entry_ms'], published_ms=row['entry_ms'])
    await client.aclose()
asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def baseline(
    checkout: Path, records: list[tuple[ArticleRecord, int]], folder: Path
) -> dict[str, Any]:
    """The older checkout's aggregate store over the same records, in a fresh Redis."""
    dump = folder / "enriched.jsonl"
    with dump.open("wb") as out:
        for record, entry_ms in records:
            row = {"record": record.model_dump(mode="json"), "entry_ms": entry_ms}
            out.write(orjson.dumps(row) + b"\n")
    server = EmbeddedRedis(folder / "baseline-redis")
    url = server.start()
    try:
        redis = Redis.from_url(url)
        empty = redis_memory(redis)
        env = {**os.environ, "PYTHONPATH": str(checkout)}
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", _BASELINE, url, str(dump)],
            env=env,
            cwd=checkout,
            check=True,
        )
        seconds = time.perf_counter() - started
        memory = redis_memory(redis)
        memory["used_memory_empty"] = empty["used_memory"]
        memory["apply_seconds"] = round(seconds, 1)
        redis.close()
        return memory
    finally:
        server.stop()


def run(options: argparse.Namespace) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="newsflow-history-"))
    payloads = articles([Path(p) for p in options.corpus], options.articles, options.days)
    (folder / "articles.jsonl").write_bytes(b"".join(orjson.dumps(p) + b"\n" for p in payloads))
    server = EmbeddedRedis(folder / "redis")
    url = server.start()
    archive = folder / "archive"
    env = {
        **os.environ,
        "NEWSFLOW_REDIS_URL": url,
        "NEWSFLOW_ARCHIVE_DIR": str(archive),
        "NEWSFLOW_HOT_DAYS": str(options.hot_days),
        "NEWSFLOW_METRICS_PORT": "0",
        "NEWSFLOW_LOG_LEVEL": "WARNING",
    }
    port = free_port()
    processes = [_start(["worker", s], env, folder / f"{s}.log") for s in STAGES]
    processes.append(_start(["api", "--port", str(port)], env, folder / "api.log"))
    redis = Redis.from_url(url)
    report: dict[str, Any] = {"articles_published": len(payloads), "folder": str(folder)}
    try:
        empty = redis_memory(redis)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "services.cli.main", "publish", str(folder / "articles.jsonl")],
            env=env,
            check=True,
            capture_output=True,
        )
        deadline = time.monotonic() + options.timeout_s
        while not _drained(redis):
            if time.monotonic() > deadline:
                raise TimeoutError(f"not drained after {options.timeout_s} s (logs in {folder})")
            time.sleep(2)
        report["pipeline_seconds"] = round(time.perf_counter() - started, 1)
        records = enriched_records(redis)
        ids = [r.id for r, _ in records]
        report["articles_enriched"] = len(set(ids))
        query = ArchiveQuery(str(archive))
        selected = query.export("articles", Window())
        archived = query.arrow(*selected).column("id").to_pylist() if selected else []
        report["archive_ids"] = len(archived)
        report["archive_distinct_ids"] = len(set(archived))
        report["archive_equals_enriched"] = sorted(archived) == sorted(set(ids))
        report["archive_raw_article_rows"] = _raw_rows(archive)
        today = datetime.now(tz=UTC).date()
        first, hot = today - timedelta(days=options.days - 1), today - timedelta(days=6)
        api = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60)
        for name, since in (("all_days", first), ("hot_window", hot)):
            served = api.get(
                "/entities/top",
                params={"since": since.isoformat(), "until": today.isoformat(), "limit": 100},
            ).json()
            truth = recount(records, since, today)
            report[f"top_entities_{name}_equal_recount"] = served == truth
            report[f"top_entities_{name}_rows"] = len(served)
            report[f"top_entities_{name}_first"] = served[:3]
        report["hot_articles"] = sum(1 for r, ms in records if _day(r, ms) >= hot.isoformat())
        memory = redis_memory(redis)
        report["redis"] = memory
        report["redis_empty_used_memory"] = empty["used_memory"]
        hot_n = max(report["hot_articles"], 1)
        report["non_stream_bytes_per_hot_article"] = round(memory["non_stream_bytes"] / hot_n)
        report["aggregate_bytes_per_hot_article"] = round(memory["aggregate_bytes"] / hot_n)
        report["dedup_index_bytes_per_article"] = round(
            memory["dedup_index_bytes"] / max(len(records), 1)
        )
        if options.baseline:
            old = baseline(Path(options.baseline), records, folder)
            report["baseline"] = old
            report["baseline_non_stream_bytes_per_article"] = round(
                old["non_stream_bytes"] / max(len(records), 1)
            )
        api.close()
        return report
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        redis.close()
        server.stop()


def _day(record: ArticleRecord, entry_ms: int) -> str:
    from shared.timeline import article_time

    return article_time(record.published_at, entry_ms)[0].isoformat()


def _raw_rows(archive: Path) -> int:
    import duckdb

    glob = f"{archive}/articles/day=*/*.parquet"
    with duckdb.connect() as db:
        return int(db.execute(f"SELECT count(*) FROM read_parquet('{glob}')").fetchall()[0][0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", action="append", required=True, metavar="JSONL")
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--days", type=int, default=90)
    parser.add_argument("--hot-days", type=int, default=7)
    parser.add_argument("--baseline", metavar="CHECKOUT", help="an older newsflow to compare")
    parser.add_argument("--timeout-s", type=int, default=3600)
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    report = run(options)
    print(json.dumps(report, indent=None if options.json else 2, default=str))


if __name__ == "__main__":
    main()
