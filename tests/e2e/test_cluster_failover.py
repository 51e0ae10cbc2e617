"""A Redis Cluster losing a primary mid-run: the primary holding `articles.ingested` is killed
(SIGKILL) while every stage works, its replica is promoted, the workers reconnect on their own,
and the run ends with every article enriched, counted once and archived once.

The stages wait for a replica before acknowledging (`NEWSFLOW_WAIT_REPLICAS=1`): without it an
entry the dead primary had accepted but not yet replicated would be lost with it. The killed
node is started again (as a supervisor would) and rejoins as the new primary's replica, so
writes there can be confirmed again."""

import os
import subprocess
import sys

import httpx
import pytest

from services.runtime.embedded import free_port
from tests.e2e.articles import corpus
from tests.e2e.conftest import REPO, is_drained, pending_total, wait_until
from tests.e2e.test_delivery import aggregated_articles, enriched_ids, publish_plain

pytestmark = [pytest.mark.redis, pytest.mark.slow]

STAGES = ("ingest", "entities", "quotes", "aggregate", "archive")


@pytest.fixture
def redis_url(replicated_cluster) -> str:
    """The workers of this module run on the 3+3 cluster."""
    return str(replicated_cluster.url)


def archived_articles(url: str, tmp_path) -> int:
    """Articles in the archive as the API counts them (`/stats` without a window)."""
    port = free_port()
    with (tmp_path / "api.log").open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "services.cli.main", "api", "--port", str(port)],
            cwd=REPO,
            env={**os.environ, "NEWSFLOW_REDIS_URL": url},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:

            def up() -> bool:
                try:
                    return client.get("/health").status_code == 200
                except httpx.HTTPError:
                    return False

            wait_until(up, 30, "the API")
            return int(client.get("/stats").json()["articles"])
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_a_killed_primary_is_replaced_and_nothing_is_lost_or_counted_twice(
    replicated_cluster, tmp_path, workers
):
    from services.runtime.broker import make_sync_redis

    cluster = replicated_cluster
    url = cluster.url
    redis = make_sync_redis(url)
    articles = corpus(120)
    group = workers(dedup="off", wait_replicas="1", wait_timeout_ms="2000")
    for stage in STAGES:
        group.start(stage)
    publish_plain(redis, articles)
    wait_until(
        lambda: redis.exists("articles.entities") and redis.xlen("articles.entities") >= 10,
        300,
        "the entities stage to get going",
        group.log_text,
    )
    victim = cluster.primary_of("articles.ingested")
    cluster.kill(victim)

    wait_until(
        lambda: cluster.primary_of("articles.ingested") != victim,
        60,
        "a replica promoted in place of the killed primary",
        group.log_text,
    )
    cluster.restart(victim)
    cluster.wait_healthy(60)
    wait_until(
        lambda: len(set(enriched_ids(redis))) >= len(articles) and is_drained(url, archive=True),
        900,
        "every article enriched after the failover",
        group.log_text,
    )
    assert all(process.poll() is None for process in group.processes), group.log_text()
    assert set(enriched_ids(redis)) == {a["id"] for a in articles}
    assert aggregated_articles(url) == len(articles)
    assert pending_total(redis) == 0
    assert not redis.exists("articles.raw.dlq") and not redis.exists("articles.ingested.dlq")
    group.stop()  # the archive worker writes its last batch on a clean stop
    assert archived_articles(url, tmp_path) == len(articles)
    redis.close()
