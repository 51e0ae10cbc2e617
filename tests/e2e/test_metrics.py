"""/metrics of real worker processes: the counters move as articles pass, dead letters are
counted, and a stopped stage's lag shows on the endpoints that are still up."""

import json
import signal
import subprocess
import sys
import urllib.request

import pytest
from prometheus_client.parser import text_string_to_metric_families

from services.runtime.embedded import free_port
from tests.e2e.articles import small_article
from tests.e2e.conftest import REPO, is_drained, wait_until

pytestmark = [pytest.mark.redis, pytest.mark.slow]

STAGES = ("ingest", "entities", "quotes", "aggregate")


def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """{(sample name, sorted labels): value} from http://127.0.0.1:port/metrics ({} if down)."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
            text = response.read().decode()
    except OSError:
        return {}
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def sample(port: int, name: str, **labels: str) -> float | None:
    return scrape(port).get((name, tuple(sorted(labels.items()))))


def publish(redis, articles: list[dict]) -> None:
    for article in articles:
        redis.xadd("articles.raw", {"data": json.dumps(article)})


def test_counters_move_as_articles_pass_and_a_stopped_stage_shows_its_lag(
    redis, redis_server, workers
):
    group = workers(poll_ms="100")
    ports = {}
    for stage in STAGES:
        ports[stage] = free_port()
        group.env["NEWSFLOW_METRICS_PORT"] = str(ports[stage])
        group.start(stage)
    processes = dict(zip(STAGES, group.processes, strict=True))
    wait_until(
        lambda: all(scrape(p) for p in ports.values()), 120, "every /metrics up", group.log_text
    )
    assert sample(ports["ingest"], "newsflow_messages_processed_total", stage="ingest") == 0

    publish(redis, [small_article(i) for i in range(5)])
    redis.xadd("articles.raw", {"data": "not json at all"})
    wait_until(
        lambda: redis.xlen("articles.enriched") >= 5 and is_drained(redis_server.url),
        120,
        "5 articles through",
        group.log_text,
    )
    for stage in STAGES:
        port = ports[stage]
        assert sample(port, "newsflow_messages_processed_total", stage=stage) == 5, stage
        assert sample(port, "newsflow_handler_seconds_count", stage=stage) >= 5, stage
    assert sample(ports["ingest"], "newsflow_messages_dead_lettered_total", stage="ingest") == 1
    assert sample(ports["quotes"], "newsflow_messages_failed_total", stage="quotes") == 0
    assert (
        sample(
            ports["ingest"], "newsflow_stream_unread", stage="quotes", stream="articles.entities"
        )
        == 0
    )

    processes["quotes"].send_signal(signal.SIGTERM)
    assert processes["quotes"].wait(timeout=30) == 0
    publish(redis, [small_article(i) for i in range(5, 8)])
    wait_until(
        lambda: (
            sample(ports["entities"], "newsflow_messages_processed_total", stage="entities") == 8
        ),
        120,
        "entities to take 3 more",
        group.log_text,
    )
    for stage in ("ingest", "entities", "aggregate"):
        assert (
            sample(
                ports[stage], "newsflow_stream_unread", stage="quotes", stream="articles.entities"
            )
            == 3
        ), stage
    assert sample(ports["aggregate"], "newsflow_messages_processed_total", stage="aggregate") == 5

    api_port = free_port()
    api = subprocess.Popen(
        [sys.executable, "-m", "services.cli.main", "api", "--port", str(api_port)],
        env=group.env,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until(lambda: bool(scrape(api_port)), 60, "the API's /metrics")
        assert (
            sample(api_port, "newsflow_stream_unread", stage="quotes", stream="articles.entities")
            == 3
        )
    finally:
        api.send_signal(signal.SIGTERM)
        api.wait(timeout=30)

    group.env["NEWSFLOW_METRICS_PORT"] = str(ports["quotes"])
    group.start("quotes")
    wait_until(
        lambda: (
            sample(
                ports["entities"],
                "newsflow_stream_unread",
                stage="quotes",
                stream="articles.entities",
            )
            == 0
            and is_drained(redis_server.url)
        ),
        120,
        "quotes to catch up",
        group.log_text,
    )
    assert sample(ports["aggregate"], "newsflow_messages_processed_total", stage="aggregate") == 8
