"""`newsflow bench --cluster`: one Redis node and a local 3-primary Redis Cluster, side by side
in one run, on the same articles: the pipeline's throughput (one process per stage), Redis CPU
per article (on the cluster: every primary's, summed), and the aggregate store's apply rate.

Both Redis are private and started here (`EmbeddedRedis`, `EmbeddedCluster` on loopback
ports 7100-7199), so the figures differ only by the deployment."""

import time
from pathlib import Path
from typing import Any, TextIO

from services.bench import pipeline
from services.bench.aggregate import bench_aggregate
from services.bench.corpus import Corpus
from services.bench.plan import Plan
from services.runtime.broker import make_redis
from services.runtime.embedded import EmbeddedRedis
from services.runtime.embedded_cluster import EmbeddedCluster

#: the figures a side holds, in the order the table shows them
ROWS = [
    ("pipeline articles/s (1 process per stage)", "articles_per_s"),
    ("Redis CPU-ms per article", "redis_cpu_ms_per_article"),
    ("all CPU-s per article (workers + Redis)", "cpu_s_per_article"),
    ("aggregate applies/s (one at a time)", "aggregate_apply_articles_per_s"),
    ("aggregate apply p50 ms", "aggregate_apply_p50_ms"),
    ("aggregate apply p99 ms", "aggregate_apply_p99_ms"),
    ("redelivered applies/s (no-ops)", "aggregate_redelivered_noop_articles_per_s"),
]


async def measure(
    url: str, plan: Plan, corpus: Corpus, folder: Path, progress: TextIO
) -> dict[str, Any]:
    """One side: a throughput round, then the aggregate store's benchmark."""
    burst = corpus.payloads[: plan.articles]
    redis = make_redis(url)
    try:
        await pipeline.fresh(redis)
        folder.mkdir(parents=True, exist_ok=True)
        workers = await pipeline.start_workers(redis, url, 1, folder)
        try:
            run = await pipeline.throughput(redis, url, workers, 1, burst)
        finally:
            workers.stop()
        _say(progress, f"    {run.articles_per_s:.2f} articles/s")
        await redis.flushall()
        aggregate = await bench_aggregate(url, plan.aggregate_records, queries=20)
    finally:
        await redis.aclose()
    return {
        "articles": run.enriched,
        "articles_per_s": round(run.articles_per_s, 2),
        "redis_cpu_ms_per_article": round(1000 * run.redis_cpu_s / max(run.enriched, 1), 2),
        "cpu_s_per_article": round(run.cpu_s_per_article, 3),
        **{key: aggregate[key] for _, key in ROWS if key in aggregate},
    }


async def side_by_side(
    plan: Plan, corpus: Corpus, folder: Path, progress: TextIO
) -> dict[str, dict[str, Any]]:
    sides: dict[str, dict[str, Any]] = {}
    with EmbeddedRedis(folder / "one-node") as url:
        _say(progress, f"one node: {plan.articles} articles through every stage")
        sides["one node"] = await measure(url, plan, corpus, folder / "one-node-logs", progress)
    with EmbeddedCluster(folder / "cluster") as url:
        _say(progress, f"3-primary cluster: {plan.articles} articles through every stage")
        sides["cluster"] = await measure(url, plan, corpus, folder / "cluster-logs", progress)
    return sides


def table(sides: dict[str, dict[str, Any]]) -> str:
    names = list(sides)
    width = max(len(label) for label, _ in ROWS)
    lines = [f"{'':{width}}  " + "  ".join(f"{name:>12}" for name in names)]
    for label, key in ROWS:
        cells = "  ".join(f"{sides[name].get(key, '-')!s:>12}" for name in names)
        lines.append(f"{label:{width}}  {cells}")
    return "\n".join(lines)


def _say(progress: TextIO, line: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {line}", file=progress, flush=True)
