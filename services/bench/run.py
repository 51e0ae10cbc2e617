"""The whole benchmark, in the order that keeps each measurement clean: (a) and (b) in their
own processes, then for each worker count a fresh Redis, its workers, one burst of articles;
with one process per stage also the memory in flight and the latency run. Progress lines go to
`progress`; the result is `figures`' flat dict."""

import asyncio
import subprocess
import time
from pathlib import Path
from typing import Any, TextIO

import orjson
from redis.asyncio import Redis

from services.bench import figures, pipeline, public_form
from services.bench.aggregate import bench_aggregate
from services.bench.api_queries import bench_api_queries
from services.bench.corpus import Corpus
from services.bench.plan import Plan, latency_rate, pipeline_first
from services.bench.workers import Workers
from services.runtime.broker import make_redis
from services.runtime.spawn import child_env, module_command


class StepFailed(RuntimeError):
    pass


def one_process(module: str, corpus_file: Path, *args: str) -> dict[str, Any]:
    """Run `python -m services.bench.<module> CORPUS [ARGS]` and return the JSON it prints."""
    done = subprocess.run(
        module_command(f"services.bench.{module}", str(corpus_file), *args),
        env=child_env(),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        tail = done.stderr.decode(errors="replace").strip().splitlines()[-3:]
        raise StepFailed(f"{module} run failed: {' | '.join(tail)}")
    result: dict[str, Any] = orjson.loads(done.stdout.strip().splitlines()[-1])
    return result


async def run_pipeline(
    url: str, plan: Plan, corpus: Corpus, folder: Path, progress: TextIO
) -> dict[str, Any]:
    burst = corpus.payloads[: plan.articles]
    steady = corpus.payloads[plan.articles : plan.corpus_size]
    redis = make_redis(url)
    result: dict[str, Any] = {}
    runs: list[figures.Throughput] = []
    try:
        in_flight = await pipeline.memory_in_flight(redis, url, burst)
        result["redis_mb_per_1000_articles_in_flight"] = round(in_flight * 1000 / figures.MB, 2)
        # one process per stage again at the end: the main figure is the less disturbed round
        for round_, count in enumerate([*plan.worker_counts, 1]):
            _say(progress, f"(c) pipeline with {count} entities + {count} quotes process(es)")
            await pipeline.fresh(redis)
            logs = folder / f"workers-{round_}-{count}"
            logs.mkdir()
            workers = await pipeline.start_workers(redis, url, count, logs)
            try:
                run = await pipeline.throughput(redis, url, workers, count, burst)
                runs.append(run)
                _say(progress, f"    {run.articles_per_s:.2f} articles/s")
                if round_ == 0:
                    rate = latency_rate(run.articles_per_s)
                    _say(progress, f"(c) latency: {len(steady)} articles at {rate:.2f}/s")
                    enriched, aggregated = await pipeline.latencies(
                        redis, url, workers, steady, rate
                    )
                    result["latency"] = (enriched, aggregated, rate)
                if round_ == len(plan.worker_counts):  # the last: one process per stage
                    result["pairs"] = await _paired_rounds(
                        redis, url, workers, plan, steady, folder, progress
                    )
                run.peak_rss_bytes = workers.peak_rss_by_stage()
            finally:
                workers.stop()
        records = await public_form.enriched_records(redis)
        _say(progress, f"articles.enriched: plain form and envelope over {len(records)} records")
        result["public_form"] = await public_form.measure(redis, url, records)
        _say(progress, f"aggregate: {plan.aggregate_records} synthetic records")
        await redis.flushall()
        result["aggregate"] = await bench_aggregate(url, plan.aggregate_records, queries=100)
        _say(progress, f"api: browsing routes over {plan.api_records} synthetic articles")
        result["aggregate"] |= await bench_api_queries(url, plan.api_records, queries=100)
    finally:
        await redis.aclose()
    result["runs"] = runs
    return result


async def _paired_rounds(
    redis: Redis,
    url: str,
    workers: Workers,
    plan: Plan,
    items: list[dict[str, Any]],
    folder: Path,
    progress: TextIO,
) -> list[tuple[figures.Throughput, dict[str, Any]]]:
    """(c) and (a) over the same few articles, back to back, for each slice of `items`, (c)
    first in every other pair; (a) warmed up on them first, as the workers are by the articles
    before."""
    pairs = []
    for n, part in enumerate(plan.pair_slices()):
        articles = items[part]
        part_file = folder / f"pair-{n}.jsonl"
        part_file.write_bytes(_jsonl(articles))
        first = pipeline_first(n)
        order = "(c) then (a)" if first else "(a) then (c)"
        _say(progress, f"{order}, pair {n + 1}: {len(articles)} articles each")
        bare = None if first else one_process("bare", part_file, "stock", "warm")
        run = await pipeline.throughput(redis, url, workers, 1, articles)
        pairs.append((run, bare or one_process("bare", part_file, "stock", "warm")))
    return pairs


def bench(
    url: str, plan: Plan, corpus: Corpus, folder: Path, cores: int, progress: TextIO
) -> dict[str, Any]:
    burst_file, whole_file = folder / "burst.jsonl", folder / "corpus.jsonl"
    burst_file.write_bytes(_jsonl(corpus.payloads[: plan.articles]))
    whole_file.write_bytes(_jsonl(corpus.payloads[: plan.corpus_size]))
    bares: dict[str, list[dict[str, Any]]] = {"stock": [], "newsflow": []}
    _bare_round(bares, burst_file, plan.articles, progress)
    # over the latency run's articles too: each one's own processing time is known
    _say(progress, f"(b) newsflow extract over {plan.corpus_size} articles, in one process")
    extract = one_process("extract", whole_file)
    _say(progress, f"ingest alone over {plan.articles} articles, as text and as HTML pages")
    ingest = one_process("ingest", burst_file)
    measured = asyncio.run(run_pipeline(url, plan, corpus, folder, progress))
    _bare_round(bares, burst_file, plan.articles, progress)
    bare, bare_newsflow = figures.least_cpu(bares["stock"]), figures.least_cpu(bares["newsflow"])
    runs: list[figures.Throughput] = measured["runs"]
    singles = [run for run in runs if run.workers == 1]
    main = min(singles, key=lambda run: run.cpu_s_per_article)
    out: dict[str, Any] = {
        "corpus_articles": plan.articles,
        "corpus_sources": corpus.sources,
        "corpus_near_duplicates": corpus.near_duplicates,
        "tokens_per_article": round(bare["tokens"] / max(1, bare["articles"])),
        "cores": cores,
        **figures.single_process("bare", bare, rate_prefix="bare_nlp"),
        **figures.single_process("bare_newsflow", bare_newsflow),
        "bare_newsflow_matmul": bare_newsflow.get("matmul"),
        **figures.single_process("extract", extract),
        **figures.archive_write(extract, bare),
        **figures.pipeline(main, bare, bare_newsflow),
        **figures.rounds(bares["stock"], bares["newsflow"], singles),
        **figures.paired(measured.get("pairs", [])),
        "redis_mb_per_1000_articles_in_flight": measured["redis_mb_per_1000_articles_in_flight"],
    }
    if "latency" in measured:
        enriched, aggregated, rate = measured["latency"]
        own_cpu_ms = dict(zip(extract["article_ids"], extract["article_cpu_ms"], strict=True))
        out.update(figures.latency(enriched, aggregated, rate, own_cpu_ms, extract["article_ms"]))
    out.update(figures.scaling([main, *(run for run in runs if run.workers != 1)], bare))
    if measured.get("public_form"):
        out.update(figures.public_form(measured["public_form"], main))
    out.update(measured.get("aggregate") or {})
    out.update(ingest)
    return out


def _bare_round(
    bares: dict[str, list[dict[str, Any]]], burst_file: Path, articles: int, progress: TextIO
) -> None:
    """(a) and (a') once more: each is measured before and after the pipeline runs."""
    _say(progress, f"(a) bare nlp.pipe over {articles} articles, the model as shipped")
    bares["stock"].append(one_process("bare", burst_file, "stock"))
    _say(progress, f"(a') bare nlp.pipe over {articles} articles, loaded as the workers do")
    bares["newsflow"].append(one_process("bare", burst_file, "newsflow"))


def _jsonl(payloads: list[dict[str, Any]]) -> bytes:
    return b"".join(orjson.dumps(payload) + b"\n" for payload in payloads)


def _say(progress: TextIO, line: str) -> None:
    print(f"{time.strftime('%H:%M:%S')} {line}", file=progress, flush=True)
