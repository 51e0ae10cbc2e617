"""The soak's processes: a private `redis-server` with AOF and one worker per stage (the
archive's Parquet in the soak's folder), each
started as users start them (`python -m services.cli.main worker STAGE`), killed, paused and
restarted on request. A worker exit the soak did not cause is recorded as unexpected."""

import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from services.runtime.embedded import EmbeddedRedis
from shared.streams import STAGES

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Worker:
    stage: str
    process: subprocess.Popen[bytes]
    log: Path
    paused: bool = False


@dataclass
class Cluster:
    folder: Path
    redis_binary: str | None = None
    settings: dict[str, str] = field(default_factory=dict)
    workers: dict[str, Worker] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)
    started: int = 0

    def __post_init__(self) -> None:
        self.server = EmbeddedRedis(self.folder / "redis", binary=self.redis_binary)

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def archive(self) -> Path:
        """Where the archive workers write (it outlives Redis: an empty restart keeps it)."""
        return self.folder / "archive"

    # ---- Redis ----------------------------------------------------------------------------
    def start_redis(self) -> None:
        self.server.start()

    def restart_redis(self) -> None:
        """SIGTERM (the AOF is flushed) and start again on the same port and data."""
        self.server.stop()
        self.server.start()

    def restart_redis_empty(self) -> None:
        """`SHUTDOWN NOSAVE`, the data folder removed, started again: Redis comes back empty."""
        try:
            Redis.from_url(self.url).shutdown(nosave=True)
        except RedisConnectionError:
            pass  # it closes the connection as it goes
        if self.server.process is not None:
            self.server.process.wait(timeout=30)
        shutil.rmtree(self.server.folder, ignore_errors=True)
        self.server.start()

    # ---- workers --------------------------------------------------------------------------
    def start_worker(self, stage: str) -> Worker:
        self.started += 1
        log = self.folder / "logs" / f"{stage}-{self.started:03d}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        env = {
            **os.environ,
            "NEWSFLOW_ARCHIVE_DIR": str(self.archive),
            **self.settings,
            "NEWSFLOW_REDIS_URL": self.url,
        }
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "services.cli.main", "worker", stage],
                cwd=REPO,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        self.workers[stage] = Worker(stage, process, log)
        return self.workers[stage]

    def start_all(self) -> None:
        for stage in STAGES:
            self.start_worker(stage)

    def check_exits(self) -> None:
        """Record any worker that exited on its own (and start a new one, as a supervisor
        would, so the soak goes on and the failure is reported at the end)."""
        for stage, worker in list(self.workers.items()):
            code = worker.process.poll()
            if code is not None:
                self.unexpected.append(f"{stage} exited {code} (see {worker.log.name})")
                self.start_worker(stage)

    def kill(self, stage: str) -> None:
        worker = self.workers[stage]
        worker.process.send_signal(signal.SIGKILL)
        worker.process.wait()
        self.start_worker(stage)

    def pause(self, stage: str) -> None:
        worker = self.workers[stage]
        worker.process.send_signal(signal.SIGSTOP)
        worker.paused = True

    def resume(self, stage: str) -> None:
        worker = self.workers[stage]
        if worker.paused and worker.process.poll() is None:
            worker.process.send_signal(signal.SIGCONT)
        worker.paused = False

    def stop(self) -> None:
        for stage in list(self.workers):
            self.resume(stage)
        for worker in self.workers.values():
            if worker.process.poll() is None:
                worker.process.send_signal(signal.SIGTERM)
        for worker in self.workers.values():
            try:
                worker.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
        self.server.stop()
