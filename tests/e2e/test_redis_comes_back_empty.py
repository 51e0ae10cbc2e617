"""Redis coming back without the consumer groups (FLUSHALL, a restart without persistence, a
deleted stream) while the four workers run: no worker exits, and articles published afterwards
are enriched and counted. FastStream 0.7.8 alone stops the subscriber and exits 0 here."""

import shutil
import time

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from services.runtime.embedded import EmbeddedRedis
from tests.e2e.articles import small_article
from tests.e2e.conftest import Workers, is_drained, pending_total, wait_until
from tests.e2e.test_delivery import aggregated_articles, enriched_ids, publish_plain

pytestmark = [pytest.mark.redis, pytest.mark.slow]


def _warm_up(redis: Redis, url: str, group: Workers) -> None:
    """Every worker has loaded its model and handled an article: they are all reading."""
    publish_plain(redis, [small_article(900)])
    wait_until(
        lambda: enriched_ids(redis) == ["small-900"] and is_drained(url),
        300,
        "the warm-up article",
        group.log_text,
    )


def _assert_all_through(redis: Redis, url: str, ids: set[str], group: Workers) -> None:
    wait_until(
        lambda: (
            set(enriched_ids(redis)) == ids
            and is_drained(url)
            and aggregated_articles(url) == len(ids)
        ),
        120,
        f"{len(ids)} articles enriched and counted",
        group.log_text,
    )
    assert aggregated_articles(url) == len(ids)
    assert pending_total(redis) == 0
    exited = {p.args[-1]: p.returncode for p in group.processes if p.poll() is not None}
    assert not exited, f"workers exited: {exited}\n{group.log_text()}"


def _restart_empty(server: EmbeddedRedis) -> Redis:
    """SHUTDOWN NOSAVE, then the same port with no data at all (the AOF removed)."""
    try:
        Redis.from_url(server.url).shutdown(nosave=True)
    except RedisConnectionError:
        pass  # the server closes the connection as it goes
    assert server.process is not None
    server.process.wait(timeout=10)
    shutil.rmtree(server.folder)
    time.sleep(1.0)  # the workers see the connection drop first
    server.start()
    return Redis.from_url(server.url)


def test_flushall_while_the_workers_run_loses_no_worker_and_no_later_article(
    redis_server, redis, workers
):
    group = workers(dedup="off")
    group.start_all()
    _warm_up(redis, redis_server.url, group)

    redis.flushall()
    articles = [small_article(i) for i in range(20)]
    publish_plain(redis, articles)

    _assert_all_through(redis, redis_server.url, {a["id"] for a in articles}, group)
    assert "re-created at 0" in group.log_text()


def test_three_empty_restarts_in_a_row_lose_no_worker_and_no_later_article(
    redis_server, redis, workers
):
    group = workers(dedup="off")
    group.start_all()
    _warm_up(redis, redis_server.url, group)

    for round_ in range(3):
        redis.close()
        redis = _restart_empty(redis_server)
        articles = [small_article(100 * (round_ + 1) + i) for i in range(20)]
        publish_plain(redis, articles)
        _assert_all_through(redis, redis_server.url, {a["id"] for a in articles}, group)
    redis.close()


def test_a_deleted_input_stream_is_recreated_and_read(redis_server, redis, workers):
    group = workers(dedup="off")
    group.start_all()
    _warm_up(redis, redis_server.url, group)

    redis.delete("articles.ingested")  # the entities stage's input, with its group
    articles = [small_article(i) for i in range(5)]
    publish_plain(redis, articles)

    _assert_all_through(redis, redis_server.url, {"small-900"} | {a["id"] for a in articles}, group)
