"""The aggregates as the API serves them equal a recount from the enriched records, however the
articles were delivered: the seed published twice, real articles, the aggregate worker killed
mid-run and restarted; and a corrected article moves the counts to its new content."""

import asyncio
import json
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime

import httpx
import orjson
import pytest

from services.aggregate.store_memory import MemoryAggregateStore
from services.runtime.embedded import free_port
from shared.records import ArticleRecord
from tests.e2e.articles import EVAL_DEV, real_articles, small_article
from tests.e2e.conftest import REPO, bodies, is_drained, stream_urls, wait_until
from tests.e2e.test_delivery import aggregated_articles, publish_plain

pytestmark = [pytest.mark.redis, pytest.mark.slow]

SEED = REPO / "seeds" / "000_d8ea77fa6c2c6361.txt"


def recount(redis) -> MemoryAggregateStore:
    """Every enriched record applied once more, into a fresh in-memory store."""
    store = MemoryAggregateStore()

    async def apply_all() -> None:
        for entry_id, fields in redis.xrange("articles.enriched"):
            from services.runtime.envelope import entry_body

            record = ArticleRecord.model_validate_json(entry_body(fields)[0])
            await store.apply(record, now_ms=int(entry_id.split(b"-")[0]))

    asyncio.run(apply_all())
    return store


@pytest.fixture(params=["one node", "cluster"])
def redis_url(request: pytest.FixtureRequest) -> str:
    return stream_urls(request)


@pytest.fixture
def api(redis_url, tmp_path):
    port = free_port()
    log = (tmp_path / "api.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "services.cli.main", "api", "--port", str(port)],
        cwd=REPO,
        env={**os.environ, "NEWSFLOW_REDIS_URL": redis_url},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10)
    wait_until(lambda: _up(client), 30, "the API")
    yield client
    client.close()
    process.terminate()
    process.wait(timeout=20)
    log.close()


def _up(client: httpx.Client) -> bool:
    try:
        return client.get("/health").status_code == 200
    except httpx.HTTPError:
        return False


def test_api_counts_equal_a_recount_after_duplicates_and_a_killed_aggregate_worker(
    redis_url, redis, workers, api, request
):
    seed = {
        "title": "Russia and China Bolster Security Ties",
        "text": SEED.read_text().split("\n\n", 1)[1],
    }
    articles = real_articles(100) if EVAL_DEV.is_file() else [small_article(i) for i in range(100)]
    if EVAL_DEV.is_file():  # 100 distinct texts: the dev set's 35, each with a different ending
        articles = [
            {**a, "text": a["text"] + f"\n\nEditor's note {i}: corrected on day {i}."}
            for i, a in enumerate(articles)
        ][:35]
    group = workers(dedup="off")
    for stage in ("ingest", "entities", "quotes", "archive"):
        group.start(stage)
    aggregate = group.start("aggregate")
    publish_plain(redis, [seed, *articles, seed])  # the seed twice, same content: one article

    wait_until(
        lambda: redis.exists("aggregates.updates") and redis.xlen("aggregates.updates") >= 5,
        600,
        "the aggregate to get going",
        group.log_text,
    )
    aggregate.send_signal(signal.SIGKILL)
    aggregate.wait()
    group.start("aggregate")
    expected = len(articles) + 1
    wait_until(
        lambda: is_drained(redis_url, archive=True) and aggregated_articles(redis_url) == expected,
        900,
        "every article aggregated",
        group.log_text,
    )

    truth = recount(redis)
    today = datetime.now(tz=UTC).date().isoformat()
    # no window: from the archive; a window of today: from Redis; both equal the recount
    for window in ("", f"&since={today}"):
        stats = api.get(f"/stats?{window}").json()
        assert stats["articles"] == expected
        assert stats == asyncio.run(truth.totals()).model_dump()
        for route, method in (
            (f"/entities/top?limit=100{window}", truth.top_entities),
            (f"/speakers/top?limit=100{window}", truth.top_speakers),
        ):
            served = api.get(route).json()
            assert served == [view.model_dump() for view in asyncio.run(method(limit=100))], route
    lavrov = api.get("/quotes", params={"speaker": "Sergei Lavrov", "limit": 10}).json()
    assert any("Russia and China have agreed" in quote["text"] for quote in lavrov)
    if "," in redis_url:  # the cluster's URL lists its nodes: every primary holds keys
        cluster = request.getfixturevalue("local_cluster")
        sizes = [cluster.dbsize(port) for port in cluster.primary_ports()]
        assert all(size > 0 for size in sizes), sizes


def test_a_corrected_article_moves_the_counts_to_its_new_content(redis_url, redis, workers, api):
    group = workers()
    group.start_all()
    group.start("archive")  # GET /articles/{id} reads the archive
    first = {
        "id": "story-1",
        "title": "Budget",
        "text": "Maria Lopez said the budget is late. "
        '"We need more time," Lopez told reporters in Halifax.',
    }
    publish_plain(redis, [first])
    wait_until(
        lambda: api.get("/stats").json()["articles"] == 1 and is_drained(redis_url, archive=True),
        120,
        "the first version",
        group.log_text,
    )
    people = {e["name"] for e in api.get("/entities/top", params={"type": "PERSON"}).json()}
    assert people == {"Maria Lopez"}

    corrected = {
        **first,
        "text": "Daniel Okafor said the budget is late. "
        '"We need more time," Okafor told reporters in Halifax.',
    }
    publish_plain(redis, [corrected])
    wait_until(
        lambda: is_drained(redis_url, archive=True) and redis.xlen("aggregates.updates") >= 2,
        120,
        "the correction",
        group.log_text,
    )
    people = {e["name"] for e in api.get("/entities/top", params={"type": "PERSON"}).json()}
    assert people == {"Daniel Okafor"}
    assert api.get("/stats").json()["articles"] == 1
    updates = [orjson.loads(b) for b in bodies(redis, "aggregates.updates")]
    assert updates[-1]["replaced"] is True
    assert json.loads(json.dumps(api.get("/articles/story-1").json()))["text"] == corrected["text"]
