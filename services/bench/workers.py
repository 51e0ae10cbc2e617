"""Worker processes for a benchmark run: `newsflow worker STAGE` (`runtime.spawn`), as many
of each stage as asked, against one Redis; their CPU, peak memory, readiness and logs."""

import os
import signal
import subprocess
from dataclasses import dataclass
from pathlib import Path

import psutil
from redis.asyncio import Redis

from services.bench.procs import cpu_seconds, peak_rss_bytes
from services.runtime.broker import on_each_primary
from services.runtime.spawn import child_env, newsflow_command

STOP_TIMEOUT_S = 20.0


class WorkerDied(RuntimeError):
    def __init__(self, stage: str, code: int, log: Path) -> None:
        tail = log.read_text(errors="replace").strip().splitlines()[-5:] if log.exists() else []
        super().__init__(f"{stage} worker exited with code {code}: " + " | ".join(tail))


@dataclass
class Worker:
    stage: str
    process: subprocess.Popen[bytes]
    log: Path


class Workers:
    """`counts`: stage -> how many processes. Logs go to `folder/<stage>-<n>.log`."""

    def __init__(self, url: str, counts: dict[str, int], folder: Path) -> None:
        env = child_env(
            {k: v for k, v in os.environ.items() if k != "NEWSFLOW_AGGREGATE_REDIS_URL"}
        )
        env.update(NEWSFLOW_REDIS_URL=url, NEWSFLOW_LOG_LEVEL="WARNING")
        self.workers: list[Worker] = []
        for stage, count in counts.items():
            for n in range(count):
                log = folder / f"{stage}-{n}.log"
                with log.open("wb") as out:
                    process = subprocess.Popen(
                        newsflow_command("worker", stage),
                        stdin=subprocess.DEVNULL,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        env=env,
                    )
                self.workers.append(Worker(stage, process, log))

    def check_alive(self) -> None:
        for worker in self.workers:
            code = worker.process.poll()
            if code is not None:
                raise WorkerDied(worker.stage, code, worker.log)

    async def ready(self, redis: Redis) -> bool:
        """True once every worker is waiting on `XREADGROUP` (so its model is loaded).

        Redis 6.2 lists a consumer in its group only after its first delivery, so readiness is
        read from `CLIENT LIST` instead: some connection of each worker's process (matched by
        its local port) last ran `xreadgroup`."""
        self.check_alive()
        reading = set()
        clients = [c for listed in await on_each_primary(redis, "client_list") for c in listed]
        for client in clients:
            if client.get("cmd") == "xreadgroup":
                reading.add(int(client["addr"].rpartition(":")[2]))
        return all(self._ports(worker) & reading for worker in self.workers)

    @staticmethod
    def _ports(worker: Worker) -> set[int]:
        try:
            connections = psutil.Process(worker.process.pid).net_connections(kind="tcp")
        except psutil.Error:
            return set()
        return {c.laddr.port for c in connections if c.laddr}

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(worker.process.pid) for worker in self.workers)

    def cpu_seconds_by_stage(self) -> dict[str, float]:
        """Stage -> CPU seconds of all its processes so far."""
        used: dict[str, float] = {}
        for worker in self.workers:
            used[worker.stage] = used.get(worker.stage, 0.0) + cpu_seconds(worker.process.pid)
        return used

    def peak_rss_by_stage(self) -> dict[str, int]:
        """Stage -> the largest peak RSS among its processes, in bytes."""
        peaks: dict[str, int] = {}
        for worker in self.workers:
            peak = peak_rss_bytes(worker.process.pid) or 0
            peaks[worker.stage] = max(peaks.get(worker.stage, 0), peak)
        return peaks

    def stop(self) -> None:
        """SIGTERM (a clean stop), then SIGKILL whoever is still there after the timeout."""
        for worker in self.workers:
            if worker.process.poll() is None:
                worker.process.send_signal(signal.SIGTERM)
        for worker in self.workers:
            try:
                worker.process.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
