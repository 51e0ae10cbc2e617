"""`NEWSFLOW_WAIT_REPLICAS`: a stage's output confirmed on replicas before its input is acked.
On a 3+3 cluster every primary has a replica to confirm; one node without replicas cannot, and
says so (the stage then retries the entry, as when Redis does not answer)."""

import pytest

from services.runtime.broker import make_redis
from services.runtime.embedded import EmbeddedRedis, NoRedisServer, find_redis_server
from services.runtime.replicas import ReplicasBehind, ReplicaWait, replicated_key

pytestmark = pytest.mark.redis


async def test_a_write_on_each_primary_is_confirmed_by_its_replica(replicated_cluster):
    url = replicated_cluster.url
    waiter = ReplicaWait(url, replicas=1, timeout_ms=5000)
    client = make_redis(url)
    try:
        confirmed = []
        for stream in ("articles.raw", "articles.ingested", "aggregates.updates"):
            await client.xadd(stream, {"data": "{}"})
            confirmed.append(await waiter.confirm(stream))
        streams = ("articles.raw", "articles.ingested", "aggregates.updates")
        primaries = {replicated_cluster.primary_of(replicated_key(s)) for s in streams}
    finally:
        await waiter.aclose()
        await client.aclose()

    assert confirmed == [1, 1, 1]
    assert len(primaries) >= 2  # the streams sit on different primaries, each with its replica


async def test_a_node_without_replicas_says_how_many_confirmed(tmp_path):
    try:
        find_redis_server()
    except NoRedisServer as error:
        pytest.skip(str(error))
    server = EmbeddedRedis(tmp_path / "redis")  # private: sure to have no replica
    waiter = ReplicaWait(server.start(), replicas=1, timeout_ms=50)
    try:
        with pytest.raises(ReplicasBehind, match="0 of 1 replica"):
            await waiter.confirm("test:replica-wait")
    finally:
        await waiter.aclose()
        server.stop()
        server.stop()
