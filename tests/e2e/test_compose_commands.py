"""Every service of deploy/docker-compose.yml, started as a local process with its exact command
and environment (only the addresses change: the local Redis, free ports, 127.0.0.1), carries the
seed articles from `newsflow publish seeds/` through to articles.enriched and the query API."""

import json
import os
import re
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from services.runtime.embedded import EmbeddedRedis, free_port
from tests.e2e.conftest import REPO, bodies, is_drained, wait_until

pytestmark = [pytest.mark.redis, pytest.mark.slow]

COMPOSE = yaml.safe_load((REPO / "deploy" / "docker-compose.yml").read_text())
NEWSFLOW_SERVICES = {
    name: s for name, s in COMPOSE["services"].items() if "command" in s and s.get("build")
}


def newsflow() -> list[str]:
    """The console script beside this interpreter (what the image's ENTRYPOINT runs)."""
    script = Path(sys.executable).with_name("newsflow")
    return [str(script)] if script.exists() else [sys.executable, "-m", "services.cli.main"]


def localised(command: list[str], port: int) -> list[str]:
    """The compose command with its listening address made local: --host 127.0.0.1, --port."""
    swapped = list(command)
    for flag, value in (("--host", "127.0.0.1"), ("--port", str(port))):
        if flag in swapped:
            swapped[swapped.index(flag) + 1] = value
    return swapped


class Service:
    def __init__(self, name: str, spec: dict[str, Any], url: str, folder: Path) -> None:
        self.name, self.port = name, free_port()
        self.command = localised([str(part) for part in spec["command"]], self.port)
        self.env = {
            **os.environ,
            **{k: str(v) for k, v in spec["environment"].items()},
            "NEWSFLOW_REDIS_URL": url,
            "NEWSFLOW_ARCHIVE_DIR": str(folder / "archive"),  # the volume, here a folder
            "NEWSFLOW_METRICS_HOST": "127.0.0.1",
            "NEWSFLOW_METRICS_PORT": str(self.port),
        }
        self.log = folder / f"{name}.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [*newsflow(), *self.command],
                env=self.env,
                cwd=REPO,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()
        except OSError:
            return 0, b""


@pytest.fixture
def services(redis_server: EmbeddedRedis, tmp_path: Path) -> Iterator[dict[str, Service]]:
    started = {
        name: Service(name, spec, redis_server.url, tmp_path)
        for name, spec in NEWSFLOW_SERVICES.items()
    }
    yield started
    for service in started.values():
        if service.process.poll() is None:
            service.process.send_signal(signal.SIGTERM)
    for service in started.values():
        try:
            service.process.wait(timeout=35)
        except subprocess.TimeoutExpired:
            service.process.kill()
            service.process.wait()


def logs(services: dict[str, Service]) -> str:
    return "\n".join(
        f"== {s.name}\n{s.log.read_text(errors='replace')[-3000:]}" for s in services.values()
    )


def test_compose_names_a_service_for_every_stage_and_the_api():
    commands = [spec["command"][:2] for spec in NEWSFLOW_SERVICES.values()]
    assert sorted(c for c in commands if c[0] == "worker") == [
        ["worker", s] for s in sorted(("ingest", "entities", "quotes", "aggregate", "archive"))
    ]
    assert any(c[0] == "api" for c in commands)


def test_compose_commands_carry_the_seed_to_articles_enriched_and_the_api(
    redis_server, redis, services
):
    wait_until(
        lambda: all(s.get("/health")[0] == 200 for s in services.values()),
        120,
        "every service healthy",
        lambda: logs(services),
    )
    published = subprocess.run(
        [*newsflow(), "publish", str(REPO / "seeds"), "--redis-url", redis_server.url],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert published.returncode == 0, published.stderr
    count = int(re.search(r"published (\d+)", published.stderr).group(1))  # type: ignore[union-attr]
    assert count >= 1

    wait_until(
        lambda: (
            len(bodies(redis, "articles.enriched")) >= count
            and is_drained(redis_server.url, archive=True)
        ),
        180,
        "the seed enriched",
        lambda: logs(services),
    )
    records = [json.loads(body) for body in bodies(redis, "articles.enriched")]
    assert len(records) == count
    assert all(r["text"][q["start"] : q["end"]] == q["text"] for r in records for q in r["quotes"])
    api = next(s for s in services.values() if s.command[0] == "api")
    status, body = api.get(f"/articles/{records[0]['id']}")
    assert status == 200 and json.loads(body)["id"] == records[0]["id"]


def test_compose_services_log_json_lines_and_stop_cleanly_on_sigterm(services):
    workers = [s for s in services.values() if s.command[0] == "worker"]
    wait_until(
        lambda: all(s.get("/health")[0] == 200 for s in workers),
        120,
        "workers healthy",
        lambda: logs(services),
    )
    grace = max(float(str(s["stop_grace_period"]).rstrip("s")) for s in NEWSFLOW_SERVICES.values())
    for service in workers:
        service.process.send_signal(signal.SIGTERM)
    for service in workers:
        assert service.process.wait(timeout=grace) == 0, logs(services)
        lines = [line for line in service.log.read_text().splitlines() if line.strip()]
        assert lines and all(json.loads(line)["level"] for line in lines), service.name
