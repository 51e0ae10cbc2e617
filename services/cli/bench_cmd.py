"""`newsflow bench --corpus PATH [--articles N] [--json]`: the benchmark of issue 8;
`newsflow bench --api-only [--api-articles N] [--json]`: the query API's browsing routes alone.

(a) bare `nlp.pipe`, (b) `newsflow extract`, (c) the pipeline with separate worker processes
against a private Redis, on one corpus in one run. A table on stdout; with `--json` a last
line of JSON with every figure. Progress lines go to stderr.

The private Redis is the embedded one of `newsflow up` (AOF on) on a free port. The bench
flushes its Redis between runs, so it uses another one only when named with `--redis-url`
(never `NEWSFLOW_REDIS_URL`), and only when that one is empty (a Redis Cluster's URL works
too: every primary must be empty).

`--cluster`: instead, one private node and a private local 3-primary Redis Cluster side by
side (`services.bench.side_by_side`): throughput, Redis CPU per article, aggregate apply rate."""

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

import orjson
from redis.cluster import RedisCluster
from redis.exceptions import RedisError

from services.bench.api_queries import bench_api_queries
from services.bench.corpus import Corpus, build_corpus
from services.bench.pipeline import Stuck
from services.bench.plan import BadArticleCount, Plan, plan
from services.bench.procs import available_cores
from services.bench.run import StepFailed, bench
from services.bench.side_by_side import side_by_side, table
from services.bench.sources import BadCorpus, read_sources
from services.bench.table import api_report, report
from services.bench.workers import WorkerDied
from services.runtime.broker import make_sync_redis
from services.runtime.embedded import EmbeddedRedis, NoRedisServer
from services.runtime.embedded_cluster import ClusterDidNotForm
from services.runtime.redis_url import redact
from shared.settings import Settings


def _api_only(args: argparse.Namespace, settings: Settings) -> int:
    """`--api-only`: the browsing routes over `--api-articles` synthetic articles."""
    if args.api_articles < 1:
        print(f"newsflow bench: --api-articles must be at least 1, got {args.api_articles}",
              file=sys.stderr)  # fmt: skip
        return 2
    print(f"api: {args.api_articles} synthetic articles into Redis and an archive, then the "
          "browsing routes", file=sys.stderr)  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-") as folder:
        try:
            if args.redis_url:  # nothing is flushed: its keys go under a prefix of their own
                figures = asyncio.run(bench_api_queries(settings.redis_url_value(),
                                                        args.api_articles))  # fmt: skip
            else:
                with EmbeddedRedis(Path(folder) / "redis") as url:
                    figures = asyncio.run(bench_api_queries(url, args.api_articles))
        except (NoRedisServer, RedisError, OSError, RuntimeError) as error:
            print(f"newsflow bench: {error}", file=sys.stderr)
            return 1
    print(api_report(figures))
    if args.json:
        print(orjson.dumps(figures).decode())
    return 0


def run(args: argparse.Namespace, settings: Settings) -> int:
    if args.api_only:
        return _api_only(args, settings)
    if not args.corpus:
        print("newsflow bench: --corpus PATH is required (or --api-only)", file=sys.stderr)
        return 2
    try:
        cores = available_cores()
        what = plan(args.articles, cores)
        sources = read_sources(args.corpus, max_chars=settings.max_text_chars)
    except (BadCorpus, BadArticleCount) as error:
        print(f"newsflow bench: {error}", file=sys.stderr)
        return 2
    corpus = build_corpus(sources.articles, what.corpus_size)
    if corpus.near_duplicates:
        print(
            f"newsflow bench: {corpus.near_duplicates} of {what.corpus_size} articles are "
            "near-duplicates ingest will drop (too few distinct sources)",
            file=sys.stderr,
        )
    if getattr(args, "cluster", False):
        return _side_by_side(what, corpus, as_json=args.json)
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-") as folder:
        try:
            if args.redis_url:
                url = settings.redis_url_value()
                with make_sync_redis(url) as client:
                    # a cluster client asks one node unless told to ask every primary (summed)
                    every = (
                        {"target_nodes": "primaries"} if isinstance(client, RedisCluster) else {}
                    )
                    keys = client.dbsize(**every)
                if keys:
                    print(
                        f"newsflow bench: {redact(url)} is not empty; the bench flushes its "
                        "Redis, so give it an empty one",
                        file=sys.stderr,
                    )
                    return 2
                figures = bench(url, what, corpus, Path(folder), cores, sys.stderr)
            else:
                with EmbeddedRedis(Path(folder) / "redis") as url:
                    figures = bench(url, what, corpus, Path(folder), cores, sys.stderr)
        except (NoRedisServer, RedisError, OSError, StepFailed, Stuck, WorkerDied) as error:
            print(f"newsflow bench: {error}", file=sys.stderr)
            return 1
    print(report(figures))
    if args.json:
        print(orjson.dumps(figures).decode())
    return 0


def _side_by_side(what: Plan, corpus: Corpus, *, as_json: bool) -> int:
    with tempfile.TemporaryDirectory(prefix="newsflow-bench-") as folder:
        try:
            sides = asyncio.run(side_by_side(what, corpus, Path(folder), sys.stderr))
        except (NoRedisServer, ClusterDidNotForm, RedisError, OSError, Stuck, WorkerDied) as error:
            print(f"newsflow bench: {error}", file=sys.stderr)
            return 1
    print(table(sides))
    if as_json:
        print(orjson.dumps(sides).decode())
    return 0
