"""The chaos soak: real articles flow through real workers and a real Redis for N minutes while
things break at random moments; afterwards nothing may be lost, doubled or left behind.

    python -m tests.soak.chaos --minutes 10 --seed 7

What it does (seeded: the same seed replays the same schedule and articles):
- publishes a steady stream of distinct real articles (`--corpus`, by default the dev files
  beside the repository and the seed; made distinct the way `newsflow bench` does, so that
  near-duplicate detection keeps them), as any producer would (`XADD articles.raw * data ...`),
  holding back and retrying while Redis is down;
- at random moments: SIGKILLs a worker and starts another (every stage in turn), restarts Redis
  (SIGTERM, the AOF is kept), pauses a worker (SIGSTOP, then SIGCONT a few seconds later),
  injects poison (an entry no stage can read) into a random stage's input; once, in the middle
  third, restarts Redis empty (SHUTDOWN NOSAVE, data removed) and then republishes everything
  Redis lost, as a producer that keeps its own log would;
- then lets the pipeline drain and checks: every published id enriched; every one in the
  Parquet archive exactly once as a query sees it (the archive is on disk: it keeps what it
  wrote before the empty restart, and the republished copies count once); the aggregates equal
  a recount of the enriched records; 0 pending; each stage dead-lettered exactly the poison
  injected into its input (since the empty restart); no worker exited on its own.

It prints one line with the numbers and exits 0 when every check holds, 1 otherwise. Worker
logs stay in `--folder` (a temporary folder by default, kept when a check fails).
"""

import argparse
import json
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from redis import Redis
from redis.exceptions import RedisError

from services.bench.corpus import build_corpus
from services.bench.sources import read_sources
from shared.streams import INPUT_OF, STAGES
from tests.e2e.conftest import is_drained
from tests.soak import checks
from tests.soak.cluster import Cluster

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO.parent / "shared" / "eval"
DEFAULT_CORPUS = [EVAL / "ggt_dev.jsonl", EVAL / "polnear_dev.jsonl", REPO / "seeds"]
WORKER_SETTINGS = {
    "NEWSFLOW_RECLAIM_IDLE_MS": "5000",
    "NEWSFLOW_POLL_MS": "200",
    "NEWSFLOW_MAX_ATTEMPTS": "6",  # a message may be in hand at several kills: not poison
    "NEWSFLOW_LOG_LEVEL": "INFO",
}
POISON = {  # what each stage's input gets: nothing a stage can read, dead-lettered at once
    "articles.raw": {"data": "{not json"},
    "articles.ingested": {"data": json.dumps({"article": "not an article"})},
    "articles.entities": {"data": json.dumps([1, 2, 3])},
    "articles.enriched": {"data": json.dumps({"id": 7})},
}


@dataclass
class Tally:
    published: set[str] = field(default_factory=set)
    republished: int = 0
    kills: dict[str, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))
    redis_restarts: int = 0
    empty_restarts: int = 0
    pauses: int = 0
    poison: dict[str, list[str]] = field(default_factory=dict)  # stream -> entry ids


class Producer:
    """Publishes `payloads` at `rate` per second; keeps what it sent, as a producer's log."""

    def __init__(self, url: str, payloads: list[dict], rate: float, tally: Tally) -> None:
        self.url, self.payloads, self.rate, self.tally = url, payloads, rate, tally
        self.sent: list[dict] = []
        self.next_at = time.monotonic()
        self.queue: list[dict] = []

    def tick(self, redis: Redis) -> None:
        now = time.monotonic()
        while self.next_at <= now and len(self.sent) + len(self.queue) < len(self.payloads):
            self.queue.append(self.payloads[len(self.sent) + len(self.queue)])
            self.next_at += 1.0 / self.rate
        self.flush(redis)

    def flush(self, redis: Redis) -> None:
        while self.queue:
            payload = self.queue[0]
            try:
                redis.xadd("articles.raw", {"data": json.dumps(payload)})
            except (RedisError, OSError):
                return  # Redis is away: try again on the next tick
            self.queue.pop(0)
            if payload["id"] not in self.tally.published:
                self.sent.append(payload)
                self.tally.published.add(payload["id"])

    def republish_all(self) -> None:
        """After Redis came back empty: everything sent so far is gone from it, so all of it
        goes out again (ahead of what was still waiting)."""
        self.tally.republished += len(self.sent)
        self.queue = [*self.sent, *self.queue]


def corpus(paths: list[Path], count: int, seed: int) -> list[dict]:
    spec = ":".join(str(p) for p in paths)
    sources = read_sources(spec, max_chars=300_000).articles
    payloads = build_corpus(sources, count, prefix=f"soak{seed}").payloads
    return [{**p, "source": "soak"} for p in payloads]


def run(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    folder = Path(args.folder or tempfile.mkdtemp(prefix=f"newsflow-soak-{args.seed}-"))
    duration = args.minutes * 60
    payloads = corpus(args.corpus, int(duration * args.rate) + 10, args.seed)
    cluster = Cluster(folder, args.redis_server, dict(WORKER_SETTINGS))
    tally = Tally()
    cluster.start_redis()
    cluster.start_all()
    redis = Redis.from_url(cluster.url, socket_timeout=5)
    producer = Producer(cluster.url, payloads, args.rate, tally)
    kill_order: list[str] = []
    poison_order: list[str] = []
    paused: dict[str, float] = {}
    started = time.monotonic()
    empty_at = started + duration * rng.uniform(0.3, 0.6) if args.empty_restart else None
    next_event = started + rng.expovariate(1 / args.every)
    print(f"soak: seed {args.seed}, {args.minutes:g} min, logs in {folder}", file=sys.stderr)
    try:
        while time.monotonic() - started < duration:
            producer.tick(redis)
            cluster.check_exits()
            now = time.monotonic()
            for stage, until in list(paused.items()):
                if now >= until:
                    cluster.resume(stage)
                    del paused[stage]
            if empty_at is not None and now >= empty_at:
                empty_at = None
                cluster.restart_redis_empty()
                tally.empty_restarts += 1
                tally.poison.clear()  # the dead-letter streams went with the rest
                producer.republish_all()
            elif now >= next_event:
                next_event = now + rng.expovariate(1 / args.every)
                action = rng.choices(
                    ["kill", "redis", "pause", "poison"], weights=[4, 1.5, 2.5, 2]
                )[0]
                unkilled = [s for s in STAGES if not tally.kills[s]]
                if unkilled and now - started > duration / 2:
                    action, kill_order = "kill", unkilled  # every stage is killed at least once
                if action == "kill":
                    if not kill_order:
                        kill_order = rng.sample(STAGES, len(STAGES))  # every stage in turn
                    stage = kill_order.pop()
                    paused.pop(stage, None)
                    cluster.kill(stage)
                    tally.kills[stage] += 1
                elif action == "redis":
                    cluster.restart_redis()
                    tally.redis_restarts += 1
                elif action == "pause":
                    stage = rng.choice([s for s in STAGES if s not in paused] or list(STAGES))
                    cluster.pause(stage)
                    paused[stage] = now + rng.uniform(2, 8)
                    tally.pauses += 1
                else:
                    if not poison_order:
                        poison_order = rng.sample(list(POISON), len(POISON))
                    stream = poison_order.pop()
                    try:
                        entry = redis.xadd(stream, POISON[stream])
                        tally.poison.setdefault(stream, []).append(entry.decode())
                    except (RedisError, OSError):
                        pass
            time.sleep(0.1)
        for stage in list(paused):
            cluster.resume(stage)
        drain_started = time.monotonic()
        ok_drain = _drain(cluster, redis, producer, tally, args.drain_s)
        drain_s = time.monotonic() - drain_started
        verdict, line = _verdict(cluster, redis, tally, args, ok_drain, drain_s)
    finally:
        redis.close()
        cluster.stop()
    print(line, flush=True)
    if verdict:
        print(f"soak: every check held (logs in {folder})", file=sys.stderr)
    return 0 if verdict else 1


def _drain(
    cluster: Cluster, redis: Redis, producer: Producer, tally: Tally, limit_s: float
) -> bool:
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        producer.flush(redis)
        cluster.check_exits()
        try:
            done = (
                not producer.queue
                and tally.published <= checks.enriched_ids(redis)
                and checks.pending(redis) == 0
                and is_drained(cluster.url, archive=True)
            )
        except (RedisError, OSError):
            done = False
        if done:
            return True
        time.sleep(1.0)
    return False


def _verdict(
    cluster: Cluster,
    redis: Redis,
    tally: Tally,
    args: argparse.Namespace,
    drained: bool,
    drain_s: float,
) -> tuple[bool, str]:
    enriched = checks.enriched_ids(redis)
    missing = tally.published - enriched
    recount = checks.recount(redis, cluster.url)
    pending = checks.pending(redis)
    dead = checks.dead_letters(redis)
    archive_rows, archived = checks.archived(str(cluster.archive))
    archived_once = tally.published <= archived and archive_rows == len(archived)
    injected = sum(len(ids) for ids in tally.poison.values())
    dlq_total = sum(len(ids) for ids in dead.values())
    expected = {stage: sorted(tally.poison.get(INPUT_OF[stage], [])) for stage in dead}
    dlq_exact = all(sorted(dead[stage]) == expected[stage] for stage in dead)
    counted = int(recount.stored["totals"]["articles"])  # type: ignore[index]
    ok = (
        drained
        and not missing
        and archived_once
        and recount.equal
        and counted == len(tally.published)
        and pending == 0
        and dlq_exact
        and not cluster.unexpected
    )
    kills = ", ".join(f"{s} {n}" for s, n in tally.kills.items())
    line = (
        f"chaos soak seed={args.seed} minutes={args.minutes:g} rate={args.rate:g}/s: "
        f"published {len(tally.published)} (republished {tally.republished} after the empty "
        f"restart), enriched {len(tally.published & enriched)}, archived "
        f"{len(tally.published & archived)} ({archive_rows} rows"
        f"{'' if archived_once else ', NOT once'}), "
        f"counted {counted}, recount "
        f"{'equal' if recount.equal else 'DIFFERENT'}, pending {pending}, poison {injected} -> "
        f"dead-lettered {dlq_total} ({'exactly the poison' if dlq_exact else 'NOT the poison'}), "
        f"kills {sum(tally.kills.values())} ({kills}), redis restarts {tally.redis_restarts} "
        f"+ {tally.empty_restarts} empty, pauses {tally.pauses}, unexpected exits "
        f"{len(cluster.unexpected)}, drained in {drain_s:.0f} s: {'PASS' if ok else 'FAIL'}"
    )
    if not ok:
        detail = {
            "missing": sorted(missing)[:20],
            "not_archived": sorted(tally.published - archived)[:20],
            "unexpected_exits": cluster.unexpected,
            "dead_letters": dead,
            "poison": tally.poison,
            "stored": recount.stored if not recount.equal else "equal",
            "recounted": recount.recounted if not recount.equal else "equal",
        }
        print(json.dumps(detail, indent=1, default=str), file=sys.stderr)
    return ok, line


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m tests.soak.chaos", description=__doc__.split("\n")[0]
    )
    p.add_argument("--minutes", type=float, default=10.0, help="how long the chaos lasts")
    p.add_argument("--seed", type=int, default=1, help="replays the same schedule and articles")
    p.add_argument("--rate", type=float, default=0.5, help="articles published per second")
    p.add_argument("--every", type=float, default=20.0, help="mean seconds between faults")
    p.add_argument("--drain-s", type=float, default=900.0, help="time allowed to drain after")
    p.add_argument("--corpus", type=Path, nargs="+", default=DEFAULT_CORPUS)
    p.add_argument("--redis-server", help="redis-server binary (default: as `newsflow up`)")
    p.add_argument("--folder", help="where logs and Redis data go (default: a temp folder)")
    p.add_argument(
        "--no-empty-restart", dest="empty_restart", action="store_false",
        help="skip the one restart of Redis without its data",
    )  # fmt: skip
    return p


if __name__ == "__main__":
    sys.exit(run(parser().parse_args()))
