"""`newsflow up`: the one-command run the README gives, with the embedded Redis."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from services.runtime.embedded import NoRedisServer, find_redis_server, free_port
from tests.e2e.conftest import REPO

pytestmark = [pytest.mark.redis, pytest.mark.slow]


def up(folder, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NEWSFLOW_REDIS_URL"}
    return subprocess.run(
        [sys.executable, "-m", "services.cli.main", "up", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_up_runs_the_seed_through_an_embedded_redis_and_prints_who_said_what(tmp_path):
    try:
        find_redis_server()
    except NoRedisServer as error:
        pytest.skip(str(error))
    first = up(
        tmp_path,
        "--publish",
        str(REPO / "seeds"),
        "--exit-when-done",
        "--api-port",
        str(free_port()),
    )
    assert first.returncode == 0, first.stderr
    assert "Russia and China Bolster Security Ties" in first.stdout
    assert "PERSON  Sergei Lavrov" in first.stdout
    assert (
        "Sergei Lavrov ('Sergei Lavrov', stating) [direct]: “Russia and China have agreed"
        in first.stdout
    )
    assert "Janet Yellen ('She', mentioned) [indirect]" in first.stdout
    assert (tmp_path / ".newsflow" / "redis" / "redis.log").is_file()

    # the data folder persists: the same seed again is a known article, and up still finishes
    again = up(tmp_path, "--publish", str(REPO / "seeds"), "--exit-when-done", "--no-api")
    assert again.returncode == 0, again.stderr
    assert "published 1, rejected 0" in again.stderr


def test_up_runs_from_a_folder_that_has_its_own_services_package(tmp_path):
    """A user's project with a `services/` package of its own: `newsflow up` (the console
    script) and its children still run newsflow's code."""
    try:
        find_redis_server()
    except NoRedisServer as error:
        pytest.skip(str(error))
    own = tmp_path / "services" / "cli"  # the user's own CLI: a name many projects use
    own.mkdir(parents=True)
    for module in ("services/__init__.py", "services/cli/__init__.py"):
        (tmp_path / module).write_text("")
    (own / "main.py").write_text("raise SystemExit('the user services.cli.main ran')")
    script = Path(sys.executable).with_name("newsflow")
    env = {k: v for k, v in os.environ.items() if k not in ("NEWSFLOW_REDIS_URL", "PYTHONPATH")}
    done = subprocess.run(
        [str(script), "up", "--publish", str(REPO / "seeds"), "--exit-when-done", "--no-api"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "PERSON  Sergei Lavrov" in done.stdout
    for log in (tmp_path / ".newsflow" / "logs").glob("*.log"):
        assert "the user services" not in log.read_text(), log.name
