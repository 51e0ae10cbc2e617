"""Real Redis, real processes: a private `redis-server` per test and the stage workers as
child processes (`python -m services.cli.main worker STAGE`), exactly as users start them."""

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from redis import Redis

from services.runtime.embedded import EmbeddedRedis, NoRedisServer, find_redis_server
from services.runtime.envelope import entry_body

REPO = Path(__file__).resolve().parents[2]
EVAL = REPO.parent / "shared" / "eval"


@pytest.fixture(autouse=True)
def private_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every process a test starts writes and reads an archive of its own."""
    folder = tmp_path / "archive"
    monkeypatch.setenv("NEWSFLOW_ARCHIVE_DIR", str(folder))
    monkeypatch.setenv("NEWSFLOW_ARCHIVE_FLUSH_S", "0.5")
    return folder


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[EmbeddedRedis]:
    try:
        find_redis_server()
    except NoRedisServer as error:
        pytest.skip(str(error))
    server = EmbeddedRedis(tmp_path / "redis")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: EmbeddedRedis) -> str:
    """The Redis the workers are given (a test module may swap in a cluster's URL)."""
    return redis_server.url


@pytest.fixture
def redis(redis_url: str) -> Iterator[Redis]:
    """A blocking client on `redis_url` (a `RedisCluster` when it names a cluster)."""
    from services.runtime.broker import make_sync_redis

    client = make_sync_redis(redis_url)
    yield client
    client.close()


def stream_urls(request: pytest.FixtureRequest) -> str:
    """For `params=["one node", "cluster"]`: a fresh private Redis, or the session's local
    Redis Cluster emptied (it is private to the test run)."""
    if request.param == "cluster":
        cluster = request.getfixturevalue("local_cluster")
        cluster.flush()
        return str(cluster.url)
    return str(request.getfixturevalue("redis_server").url)


class Workers:
    """Stage processes started like `newsflow worker STAGE`, stopped (SIGTERM) at teardown."""

    def __init__(self, url: str, folder: Path, **settings: str) -> None:
        self.url, self.folder = url, folder
        self.env = {
            **os.environ,
            "NEWSFLOW_REDIS_URL": url,
            "NEWSFLOW_RECLAIM_IDLE_MS": "3000",
            "NEWSFLOW_POLL_MS": "100",
            "NEWSFLOW_MAX_ATTEMPTS": "3",
            **{f"NEWSFLOW_{k.upper()}": v for k, v in settings.items()},
        }
        self.processes: list[subprocess.Popen[bytes]] = []
        self.logs: list[Path] = []

    def start(self, stage: str, *extra: str) -> subprocess.Popen[bytes]:
        log = self.folder / f"{stage}-{len(self.processes)}.log"
        self.logs.append(log)
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "services.cli.main", "worker", stage, *extra],
                env=self.env,
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.processes.append(process)
        return process

    def start_all(self) -> None:
        for stage in ("ingest", "entities", "quotes", "aggregate"):
            self.start(stage)

    def log_text(self) -> str:
        return "\n".join(f"== {log.name}\n{log.read_text(errors='replace')}" for log in self.logs)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def workers(redis_url: str, tmp_path: Path) -> Iterator[Callable[..., Workers]]:
    made: list[Workers] = []

    def make(**settings: str) -> Workers:
        group = Workers(redis_url, tmp_path, **settings)
        made.append(group)
        return group

    yield make
    for group in made:
        group.stop()


def wait_until(
    predicate: Callable[[], bool],
    timeout_s: float,
    what: str,
    on_timeout: Callable[[], str] = lambda: "",
) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout_s:g}s waiting for {what}\n{on_timeout()}")


def bodies(redis: Redis, stream: str) -> list[bytes]:
    return [entry_body(fields)[0] for _id, fields in redis.xrange(stream)]


def is_drained(url: str, *, archive: bool = False, only: tuple[str, ...] = ()) -> bool:
    """Every stage (or `only` these) has read and acked its input; the archive stage only when
    `archive` (most tests run the four stages that lead to the aggregates)."""
    from services.runtime.broker import make_redis
    from services.runtime.lag import stage_lag
    from shared.streams import STAGES

    stages = list(only) or [s for s in STAGES if archive or s != "archive"]

    async def check() -> bool:
        client = make_redis(url)
        try:
            return all([(await stage_lag(client, s)).idle for s in stages])
        finally:
            await client.aclose()

    return asyncio.run(check())


def pending_total(redis: Redis) -> int:
    total = 0
    for stream in ("articles.raw", "articles.ingested", "articles.entities", "articles.enriched"):
        if redis.exists(stream):
            total += sum(int(g["pending"]) for g in redis.xinfo_groups(stream))
    return total
