"""One contract, two stores: the in-memory SeenIndex and the Redis one."""

import asyncio
import os
import uuid
from pathlib import Path

import pytest
import redis.asyncio as redis

from services.aggregate.store_redis_client import delete_matching, glob_escape
from services.ingest.dedup import fingerprint
from services.ingest.seen import MemorySeenIndex, SeenIndex
from services.ingest.seen_redis import RedisSeenIndex
from services.ingest.sources import parse_text
from services.runtime.broker import make_redis

REDIS_URL = os.environ.get("NEWSFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest" / "republished"


def story(name: str) -> str:
    return parse_text((FIXTURES / name).read_text())["text"]


@pytest.fixture(
    params=[
        "memory",
        pytest.param("redis", marks=pytest.mark.redis),
        pytest.param("cluster", marks=pytest.mark.redis),
    ]
)
async def make_index(request):
    """A factory of indexes sharing one store (several workers), cleaned up afterwards; on a
    Redis Cluster, under a hash tag as the worker's `SEEN_PREFIX` is."""
    if request.param == "memory":
        shared = MemorySeenIndex()
        yield lambda: shared
        return
    if request.param == "cluster":
        url = request.getfixturevalue("local_cluster").url
        prefix = "{" + f"test:seen:{uuid.uuid4().hex}" + "}"
        clients, indexes = [], []

        def make_clustered() -> SeenIndex:
            clients.append(make_redis(url))
            indexes.append(RedisSeenIndex(clients[-1], prefix=prefix))
            return indexes[-1]

        yield make_clustered
        if clients:
            await delete_matching(clients[0], glob_escape(prefix) + ":*")
        for index in indexes:
            await index.aclose()
        for each in clients:
            await each.aclose()
        return
    client = redis.Redis.from_url(REDIS_URL)
    try:
        await client.ping()
    except (OSError, redis.ConnectionError):
        await client.aclose()
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"test:seen:{uuid.uuid4().hex}"
    clients = [client]

    def make() -> SeenIndex:
        worker = redis.Redis.from_url(REDIS_URL)
        clients.append(worker)
        return RedisSeenIndex(worker, prefix=prefix)

    yield make
    keys = [key async for key in client.scan_iter(match=f"{prefix}:*")]
    if keys:
        await client.delete(*keys)
    for each in clients:
        await each.aclose()


class TestSeenIndexContract:
    async def test_first_copy_is_new(self, make_index):
        verdict = await make_index().check_and_add("a", "v1", fingerprint(story("original.txt")))
        assert verdict.kind == "new" and verdict.of is None

    async def test_same_words_under_another_id_are_a_duplicate_of_the_first(self, make_index):
        index = make_index()
        await index.check_and_add("a", "v1", fingerprint("Brief: the road is closed today."))
        verdict = await index.check_and_add(
            "b", "v2", fingerprint("BRIEF - The road is closed today!")
        )
        assert (verdict.kind, verdict.of, verdict.similarity) == ("duplicate", "a", 1.0)

    async def test_republished_story_is_linked_to_the_first_copy(self, make_index):
        index = make_index()
        await index.check_and_add("original", "v1", fingerprint(story("original.txt")))
        verdict = await index.check_and_add("copy", "v2", fingerprint(story("republished.txt")))
        assert (verdict.kind, verdict.of) == ("near_duplicate", "original")
        assert verdict.similarity > 0.75

    async def test_another_story_on_the_topic_stays_new(self, make_index):
        index = make_index()
        await index.check_and_add("original", "v1", fingerprint(story("original.txt")))
        other = await index.check_and_add(
            "farmers", "v1", fingerprint(story("same_topic_other_story.txt"))
        )
        assert other.kind == "new"

    async def test_copy_of_a_copy_links_to_the_first_copy(self, make_index):
        index = make_index()
        text = story("original.txt")
        await index.check_and_add("first", "v1", fingerprint(text))
        await index.check_and_add("second", "v1", fingerprint(story("republished.txt")))
        third = await index.check_and_add("third", "v1", fingerprint(story("republished.txt")))
        assert third.of == "first"

    async def test_redelivered_article_version_gets_its_first_verdict_again(self, make_index):
        index = make_index()
        fp = fingerprint(story("original.txt"))
        first = await index.check_and_add("a", "v1", fp)
        again = await index.check_and_add("a", "v1", fp)
        copy = await index.check_and_add("b", "v1", fp)
        copy_again = await index.check_and_add("b", "v1", fp)
        assert first == again and first.kind == "new"
        assert copy == copy_again and copy.of == "a"

    async def test_new_version_of_a_first_copy_stays_new(self, make_index):
        index = make_index()
        await index.check_and_add("a", "v1", fingerprint(story("original.txt")))
        update = await index.check_and_add("a", "v2", fingerprint(story("republished.txt")))
        assert update.kind == "new"

    async def test_workers_racing_on_one_story_link_all_but_one_to_it(self, make_index):
        workers = [make_index() for _ in range(6)]
        texts = [story("original.txt"), story("republished.txt")] * 3
        verdicts = await asyncio.gather(
            *(
                w.check_and_add(f"copy-{i}", "v1", fingerprint(t))
                for i, (w, t) in enumerate(zip(workers, texts, strict=True))
            )
        )
        roots = [f"copy-{i}" for i, v in enumerate(verdicts) if v.kind == "new"]
        assert len(roots) == 1
        assert all(v.of == roots[0] for v in verdicts if v.kind != "new")
