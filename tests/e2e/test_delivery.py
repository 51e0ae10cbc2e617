"""Delivery claims, checked with real worker processes against a real Redis: nothing lost,
nothing counted twice, bad input dead-lettered with a reason while the rest flows. Each claim
is checked on one Redis node and on a 3-primary Redis Cluster."""

import json
import signal

import orjson
import pytest
from redis import Redis

from tests.e2e.articles import EVAL_DEV, corpus, small_article
from tests.e2e.conftest import bodies, is_drained, pending_total, stream_urls, wait_until

pytestmark = [pytest.mark.redis, pytest.mark.slow]


def publish_plain(redis: Redis, payloads: list[dict]) -> None:
    """As any non-Python producer would: `XADD articles.raw * data '<json>'`."""
    for payload in payloads:
        redis.xadd("articles.raw", {"data": json.dumps(payload)})


def enriched_ids(redis: Redis) -> list[str]:
    return [orjson.loads(body)["id"] for body in bodies(redis, "articles.enriched")]


def aggregated_articles(url: str) -> int:
    """Distinct articles the aggregate store has counted (its `articles` total)."""
    import asyncio

    from services.aggregate.store_redis import RedisAggregateStore
    from services.aggregate.store_redis_client import connect

    async def totals() -> int:
        client = connect(url)
        try:
            return (await RedisAggregateStore(client).totals()).articles
        finally:
            await client.aclose()

    return asyncio.run(totals())


@pytest.fixture(params=["one node", "cluster"])
def redis_url(request: pytest.FixtureRequest) -> str:
    return stream_urls(request)


def test_articles_published_before_any_worker_started_are_all_processed(redis, redis_url, workers):
    publish_plain(redis, [small_article(i) for i in range(12)])
    group = workers()
    group.start_all()

    wait_until(
        lambda: len(enriched_ids(redis)) >= 12 and is_drained(redis_url),
        120,
        "12 enriched articles",
        group.log_text,
    )
    assert sorted(enriched_ids(redis)) == sorted(f"small-{i}" for i in range(12))
    assert aggregated_articles(redis_url) == 12


def test_poison_messages_land_in_the_dlq_with_reasons_and_good_ones_flow(redis, redis_url, workers):
    good = [small_article(i) for i in range(4)]
    poison = [
        {"data": "this is not json"},
        {"data": json.dumps({"title": "no body"})},
        {"data": json.dumps({"text": 42})},
        {"data": json.dumps({"text": "x" * 50_000_000})},
        {"data": json.dumps(["a", "list"])},
    ]
    for index, fields in enumerate(poison):
        redis.xadd("articles.raw", fields)
        redis.xadd("articles.raw", {"data": json.dumps(good[index % len(good)])})
    # a malformed message further down the line, and one whose handler keeps failing
    redis.xadd("articles.ingested", {"data": json.dumps({"article": {"id": "x"}})})
    redis.xadd(
        "articles.entities",
        {
            "data": json.dumps(
                {
                    "article": {"id": "broken-parse", "text": "Hi."},
                    "entities": [],
                    "parse": "bm90IGEgZG9jYmlu",
                }
            )
        },
    )
    group = workers()
    group.start_all()

    wait_until(
        lambda: (
            redis.xlen("articles.raw.dlq") == 5
            and redis.exists("articles.entities.dlq")
            and is_drained(redis_url)
        ),
        120,
        "dead letters",
        group.log_text,
    )
    letters = [orjson.loads(body) for body in bodies(redis, "articles.raw.dlq")]
    reasons = [letter["reason"] for letter in letters]
    assert "not JSON" in reasons[0]
    assert "missing field 'text'" in reasons[1]
    assert "'text' must be a string" in reasons[2]
    assert "over the" in reasons[3] and "limit" in reasons[3]
    assert "JSON object" in reasons[4]
    assert all(letter["stage"] == "ingest" and letter["attempts"] == 1 for letter in letters)
    assert len(letters[3]["payload"]) <= 4096  # the DLQ keeps a recognisable prefix, not 50 MB

    (ingested_letter,) = [orjson.loads(b) for b in bodies(redis, "articles.ingested.dlq")]
    assert ingested_letter["stage"] == "entities" and "article.text" in ingested_letter["reason"]
    (retried,) = [orjson.loads(b) for b in bodies(redis, "articles.entities.dlq")]
    assert retried["stage"] == "quotes" and retried["attempts"] == 3  # retried, then given up

    assert sorted(set(enriched_ids(redis))) == sorted(a["id"] for a in good)
    assert pending_total(redis) == 0


def test_a_worker_killed_mid_run_loses_nothing_and_counts_each_article_once(
    redis, redis_url, workers
):
    articles = corpus(200)
    group = workers(dedup="off")
    for stage in ("ingest", "quotes", "aggregate"):
        group.start(stage)
    victim = group.start("entities")
    publish_plain(redis, articles)

    wait_until(
        lambda: redis.xlen("articles.entities") >= 15,
        300,
        "the entities stage to get going",
        group.log_text,
    )
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    held = redis.xpending("articles.ingested", "newsflow-entities")["pending"]
    assert held > 0, "the kill should catch the worker holding a batch"
    group.start("entities")  # the restarted process reclaims what the dead one held

    wait_until(
        lambda: len(set(enriched_ids(redis))) >= len(articles) and is_drained(redis_url),
        900,
        "every article enriched",
        group.log_text,
    )
    assert set(enriched_ids(redis)) == {a["id"] for a in articles}
    assert aggregated_articles(redis_url) == len(articles)
    assert pending_total(redis) == 0
    assert not redis.exists("articles.ingested.dlq")


def test_sigterm_stops_a_worker_cleanly_within_its_grace_period(redis, redis_url, workers):
    publish_plain(redis, [small_article(i) for i in range(3)])
    group = workers()
    ingest = group.start("ingest")
    wait_until(lambda: redis.xlen("articles.ingested") == 3, 60, "ingest", group.log_text)
    ingest.send_signal(signal.SIGTERM)
    assert ingest.wait(timeout=25) == 0
    consumers = redis.xinfo_consumers("articles.raw", "newsflow-ingest")
    assert consumers == []  # a clean stop leaves the group with nothing held and no stale name


@pytest.mark.skipif(not EVAL_DEV.is_file(), reason="../shared/eval is absent: uses real texts")
def test_the_corpus_uses_real_texts_when_the_eval_folder_is_present():
    assert corpus(2)[0]["id"] == "real-0"


def test_idle_dead_consumers_are_forgotten_but_ones_holding_entries_are_kept(redis, redis_url):
    import asyncio

    from services.runtime.broker import make_redis
    from services.runtime.groups import ensure_stage_groups
    from services.runtime.worker import forget_dead_consumers

    async def scenario() -> list[str]:
        client = make_redis(redis_url)
        try:
            await ensure_stage_groups(client, ("ingest",))
            await client.xadd("articles.raw", {"data": "{}"})
            await client.xreadgroup("newsflow-ingest", "holder", {"articles.raw": ">"}, count=1)
            await client.xgroup_createconsumer("articles.raw", "newsflow-ingest", "empty-handed")
            await asyncio.sleep(0.05)
            return await forget_dead_consumers(client, "ingest", idle_ms=10)
        finally:
            await client.aclose()

    assert asyncio.run(scenario()) == ["empty-handed"]
    names = {c["name"].decode() for c in redis.xinfo_consumers("articles.raw", "newsflow-ingest")}
    assert names == {"holder"}
