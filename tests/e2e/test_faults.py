"""Faults while articles flow, with real processes and a real Redis: a SIGKILL of each stage, a
Redis restart, a burst of duplicates, a stage that falls behind. After each, every article is
enriched and counted exactly once and no group is left holding pending entries."""

import json
import signal

import orjson
import pytest
from redis import Redis

from services.runtime.embedded import EmbeddedRedis
from tests.e2e.articles import corpus, small_article
from tests.e2e.conftest import bodies, is_drained, pending_total, wait_until
from tests.e2e.test_delivery import aggregated_articles, enriched_ids, publish_plain

pytestmark = [pytest.mark.redis, pytest.mark.slow]

OUTPUT = {
    "ingest": "articles.ingested",
    "entities": "articles.entities",
    "quotes": "articles.enriched",
    "aggregate": "aggregates.updates",
}


def dead_letters(redis: Redis) -> int:
    return sum(
        redis.xlen(f"{s}.dlq")
        for s in ("articles.raw", "articles.ingested", "articles.entities", "articles.enriched")
    )


def assert_each_counted_once(redis: Redis, url: str, articles: list[dict], group, wait_s=600):
    """Wait until every article is enriched and the pipeline drained, then: each article counted
    once, no group holding pending entries, nothing dead-lettered."""
    wait_until(
        lambda: (
            len(set(enriched_ids(redis))) == len(articles)
            and is_drained(url)
            and aggregated_articles(url) == len(articles)
        ),
        wait_s,
        "every article enriched and counted",
        group.log_text,
    )
    assert set(enriched_ids(redis)) == {a["id"] for a in articles}
    assert aggregated_articles(url) == len(articles)
    assert pending_total(redis) == 0
    assert dead_letters(redis) == 0


@pytest.mark.parametrize("stage", ["ingest", "entities", "quotes", "aggregate"])
def test_sigkill_of_a_stage_mid_run_loses_and_double_counts_nothing(
    stage, redis_server, redis, workers
):
    articles = corpus(40)
    group = workers(dedup="off")
    processes = {name: group.start(name) for name in ("ingest", "entities", "quotes", "aggregate")}
    publish_plain(redis, articles)

    wait_until(
        lambda: redis.exists(OUTPUT[stage]) and redis.xlen(OUTPUT[stage]) >= 5,
        300,
        f"{stage} to get going",
        group.log_text,
    )
    processes[stage].send_signal(signal.SIGKILL)
    processes[stage].wait()
    group.start(stage)

    assert_each_counted_once(redis, redis_server.url, articles, group)


def test_a_redis_restart_mid_run_loses_nothing(redis_server: EmbeddedRedis, redis, workers):
    articles = [small_article(i) for i in range(30)]
    group = workers(dedup="off")
    group.start_all()
    publish_plain(redis, articles[:15])
    wait_until(lambda: len(enriched_ids(redis)) >= 3, 120, "some articles through", group.log_text)

    redis_server.stop()  # SIGTERM: the append-only file is flushed; workers lose the connection
    wait_until(
        lambda: group.log_text().count("lost Redis at") >= 4,
        60,
        "every worker to notice Redis is gone",
        group.log_text,
    )
    redis_server.start()
    redis = Redis.from_url(redis_server.url)
    publish_plain(redis, articles[15:])

    assert_each_counted_once(redis, redis_server.url, articles, group, wait_s=300)
    redis.close()


def test_a_duplicate_burst_is_counted_once(redis_server, redis, workers):
    article = small_article(7)
    same_id = [article] * 20
    new_ids = [{**article, "id": f"copy-{n}", "title": f"Copy {n}"} for n in range(10)]
    group = workers()  # default dedup: exact and near-duplicates are linked, not processed
    group.start_all()
    publish_plain(redis, same_id + new_ids)

    wait_until(
        lambda: (
            redis.exists("articles.raw")
            and is_drained(redis_server.url)
            and len(enriched_ids(redis)) >= 1
            and redis.xlen("aggregates.updates") == redis.xlen("articles.enriched")
        ),
        120,
        "the burst, every enriched record applied",
        group.log_text,
    )
    assert aggregated_articles(redis_server.url) == 1
    assert set(enriched_ids(redis)) == {"small-7"}
    updates = [orjson.loads(b) for b in bodies(redis, "aggregates.updates")]
    assert sum(u["applied"] for u in updates) == 1  # redeliveries of the same version apply nothing


def test_a_stopped_stage_builds_visible_lag_and_catches_up(redis_server, redis, workers):
    import asyncio

    from services.runtime.broker import make_redis
    from services.runtime.lag import stage_lag

    async def quotes_lag() -> int:
        client = make_redis(redis_server.url)
        try:
            lag = await stage_lag(client, "quotes")
            return lag.unread + lag.pending
        finally:
            await client.aclose()

    group = workers()
    for stage in ("ingest", "entities", "aggregate"):
        group.start(stage)
    publish_plain(redis, [small_article(i) for i in range(8)])
    wait_until(
        lambda: asyncio.run(quotes_lag()) == 8,
        120,
        "lag at the stopped quote stage",
        group.log_text,
    )
    group.start("quotes")
    wait_until(
        lambda: is_drained(redis_server.url) and len(enriched_ids(redis)) == 8,
        120,
        "the quote stage to catch up",
        group.log_text,
    )
    assert asyncio.run(quotes_lag()) == 0
    assert aggregated_articles(redis_server.url) == 8


def test_plain_xadd_fields_without_a_data_field_are_an_article_too(redis_server, redis, workers):
    redis.xadd(
        "articles.raw",
        {
            "id": "fields-1",
            "title": "Fields",
            "text": json.loads(json.dumps(small_article(9)["text"])),
        },
    )
    group = workers()
    group.start_all()
    wait_until(
        lambda: enriched_ids(redis) == ["fields-1"] and is_drained(redis_server.url),
        120,
        "the article",
        group.log_text,
    )


def test_internal_streams_are_trimmed_once_every_group_is_done_and_the_output_is_kept(
    redis_server, redis, workers
):
    group = workers()
    group.start_all()
    publish_plain(redis, [small_article(i) for i in range(10)])
    wait_until(
        lambda: len(enriched_ids(redis)) == 10 and is_drained(redis_server.url),
        120,
        "the articles",
        group.log_text,
    )
    # a downstream consumer that has read nothing yet holds articles.enriched back on its own
    redis.xgroup_create("articles.enriched", "late-reader", id="0")

    def internal_trimmed() -> bool:
        return all(
            redis.xlen(s) <= 1 for s in ("articles.raw", "articles.ingested", "articles.entities")
        )

    wait_until(internal_trimmed, 60, "the internal streams to be trimmed", group.log_text)
    assert redis.xlen("articles.enriched") == 10  # the output record stream is retained
    assert aggregated_articles(redis_server.url) == 10


def test_a_lagging_group_keeps_its_entries_when_the_others_are_done(redis_server, redis, workers):
    redis.xgroup_create("articles.raw", "slow-auditor", id="0", mkstream=True)
    group = workers()
    group.start_all()
    publish_plain(redis, [small_article(i) for i in range(6)])
    wait_until(
        lambda: len(enriched_ids(redis)) == 6 and is_drained(redis_server.url),
        120,
        "the articles",
        group.log_text,
    )
    published = [entry_id for entry_id, _ in redis.xrange("articles.raw")]
    # the auditor finishes the first two: the ingest worker may drop what precedes its last one
    ((_, read),) = redis.xreadgroup("slow-auditor", "auditor-1", {"articles.raw": ">"}, count=2)
    redis.xack("articles.raw", "slow-auditor", *(entry_id for entry_id, _ in read))
    wait_until(
        lambda: redis.xlen("articles.raw") < 6 and redis.xlen("articles.ingested") <= 1,
        60,
        "a trim round of the ingest and entities workers",
        group.log_text,
    )
    # everything from the auditor's last finished entry on is kept, whatever the other groups did
    assert [entry_id for entry_id, _ in redis.xrange("articles.raw")] == published[1:]


def test_an_entities_worker_stopped_mid_batch_exits_cleanly_and_nothing_is_lost(
    redis_server, redis, workers
):
    """The entities worker parses several messages together (`NEWSFLOW_PARSE_BATCH`): a SIGTERM
    while a batch is in hand stops it within its grace period, and whatever it had not passed
    on is reclaimed by the next worker and counted once."""
    articles = corpus(24)
    group = workers(dedup="off")
    group.start("ingest")
    entities = group.start("entities")
    publish_plain(redis, articles)
    wait_until(
        lambda: redis.exists("articles.entities") and redis.xlen("articles.entities") >= 1,
        300,
        "the first batch",
        group.log_text,
    )
    held = redis.xpending("articles.ingested", "newsflow-entities")["pending"]
    entities.send_signal(signal.SIGTERM)
    assert entities.wait(timeout=25) == 0
    assert held >= 2  # it had several messages in hand when it was stopped

    for stage in ("entities", "quotes", "aggregate"):
        group.start(stage)
    assert_each_counted_once(redis, redis_server.url, articles, group)
