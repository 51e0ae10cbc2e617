"""`newsflow up` stopped the ways supervisors stop it: SIGTERM (`docker stop`, systemd,
Kubernetes) stops its children as Ctrl-C does; after a SIGKILL no child outlives it."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from services.runtime.embedded import NoRedisServer, find_redis_server, free_port
from shared.streams import STAGES
from tests.e2e.conftest import REPO, wait_until

pytestmark = [
    pytest.mark.redis,
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads child processes from /proc"),
]


def children_of(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        found |= {int(c) for c in (task / "children").read_text().split()}
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie has exited; only its parent has not collected it


def start_up(folder: Path) -> tuple[subprocess.Popen[bytes], set[int]]:
    """`newsflow up` with its embedded Redis, once all its children (a worker per stage, the
    API) and the Redis server run; returns it and the children's pids."""
    try:
        find_redis_server()
    except NoRedisServer as error:
        pytest.skip(str(error))
    env = {k: v for k, v in os.environ.items() if k != "NEWSFLOW_REDIS_URL"}
    with (folder / "up.log").open("wb") as err:
        up = subprocess.Popen(
            [sys.executable, "-m", "services.cli.main", "up", "--api-port", str(free_port())],
            cwd=folder,
            env={**env, "PYTHONPATH": str(REPO)},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )
    logs = folder / ".newsflow" / "logs"

    def all_reading() -> bool:
        texts = [p.read_text(errors="replace") for p in logs.glob("*.log")] if logs.is_dir() else []
        started = sum("app started successfully" in t for t in texts)
        return started == len(STAGES) and any("Uvicorn running" in t for t in texts)

    wait_until(all_reading, 240, "a worker per stage and the API", lambda: _logs(folder))
    kids = children_of(up.pid)
    assert len(kids) == len(STAGES) + 2, kids  # redis-server, a worker per stage, the API
    return up, kids


def _logs(folder: Path) -> str:
    parts = [f"== {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in folder.rglob("*.log")]
    return "\n".join(parts)


def test_sigterm_stops_up_and_every_child_like_ctrl_c(tmp_path):
    up, kids = start_up(tmp_path)
    up.send_signal(signal.SIGTERM)
    assert up.wait(timeout=60) == 0
    assert not [pid for pid in kids if alive(pid)], _logs(tmp_path)
    assert "stopping…" in (tmp_path / "up.log").read_text()
    logs = tmp_path / ".newsflow" / "logs"
    for stage in ("ingest", "entities", "quotes", "aggregate"):
        assert "Traceback" not in (logs / f"{stage}.log").read_text()


def test_after_a_sigkill_of_up_no_child_outlives_it(tmp_path):
    up, kids = start_up(tmp_path)
    up.send_signal(signal.SIGKILL)
    up.wait()
    wait_until(
        lambda: not [pid for pid in kids if alive(pid)], 60, "the children to stop",
        lambda: _logs(tmp_path),
    )  # fmt: skip
    logs = tmp_path / ".newsflow" / "logs"
    for stage in ("ingest", "entities", "quotes", "aggregate"):
        text = (logs / f"{stage}.log").read_text()
        assert "Traceback" not in text, text  # each stopped as on SIGTERM: cleanly
    assert "ready to exit" in (tmp_path / ".newsflow" / "redis" / "redis.log").read_text()
