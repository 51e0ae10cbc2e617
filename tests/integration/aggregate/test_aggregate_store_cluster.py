"""The aggregate store on a real 3-primary Redis Cluster (loopback ports, one per primary): every
script stays in one slot, shards land on every primary, answers equal the in-memory store's."""

import asyncio
import random
import shutil
import socket
import subprocess
import time

import pytest
from redis import Redis
from redis.asyncio.cluster import RedisCluster

from services.aggregate.store_memory import MemoryAggregateStore
from services.aggregate.store_redis import RedisAggregateStore
from services.aggregate.store_redis_client import delete_prefix
from services.aggregate.synthetic import random_record, record

pytestmark = pytest.mark.redis


def _free_port(taken: set[int]) -> int:
    """A port that is free, and whose cluster bus port (+10000) is free too."""
    rng = random.Random()
    while True:
        port = rng.randrange(20_000, 45_000)
        if port in taken:
            continue
        try:
            for candidate in (port, port + 10_000):
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", candidate))
        except OSError:
            continue
        taken.add(port)
        return port


@pytest.fixture(scope="module")
def cluster_url(tmp_path_factory):
    server, cli = shutil.which("redis-server"), shutil.which("redis-cli")
    if not server or not cli:
        pytest.skip("redis-server and redis-cli (7+) are needed for a local cluster")
    taken: set[int] = set()
    ports = [_free_port(taken) for _ in range(3)]
    folder = tmp_path_factory.mktemp("cluster")
    for port in ports:
        node = folder / str(port)
        node.mkdir()
        subprocess.run(
            [server, "--port", str(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes",
             "--cluster-config-file", "nodes.conf", "--save", "", "--appendonly", "no",
             "--daemonize", "yes", "--dir", str(node), "--logfile", str(node / "redis.log")],
            check=True,
        )  # fmt: skip
    try:
        for port in ports:
            _wait(lambda port=port: Redis(port=port).ping())
        subprocess.run(
            [cli, "--cluster", "create", *(f"127.0.0.1:{p}" for p in ports),
             "--cluster-replicas", "0", "--cluster-yes"],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip
        _wait(lambda: all(_cluster_ok(p) for p in ports))
        yield f"redis://127.0.0.1:{ports[0]}/0", ports
    finally:
        for port in ports:
            try:
                Redis(port=port).shutdown(nosave=True)
            except Exception:  # noqa: BLE001 - already gone
                pass


def _cluster_ok(port: int) -> bool:
    info = Redis(port=port, decode_responses=True).execute_command("CLUSTER INFO")
    text = info if isinstance(info, str) else "\n".join(f"{k}:{v}" for k, v in info.items())
    return "cluster_state:ok" in text


def _wait(ok, timeout_s=20.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if ok():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.1)
    raise AssertionError("the local cluster did not come up")


async def test_the_store_on_a_cluster_answers_like_memory_and_spreads_over_every_primary(
    cluster_url,
):
    url, ports = cluster_url

    async def run():
        client = RedisCluster.from_url(url, decode_responses=True)
        store = RedisAggregateStore(client, prefix="newsflow-test:cluster")
        memory = MemoryAggregateStore()
        rng = random.Random(11)
        records = [random_record(i, rng, population=60) for i in range(40)]
        corrected = [
            random_record(100 + i, rng, population=60).model_copy(
                update={"id": f"synthetic-{i}", "version": "v2"}
            )
            for i in range(5)
        ]
        try:
            for rec in records + records[:10] + corrected:  # redelivered, then corrected
                await asyncio.gather(store.apply(rec, now_ms=0), memory.apply(rec, now_ms=0))
            await store.apply(
                record("quoted", entities=[("Sergei Lavrov", "PERSON", 1)],
                       quotes=[("Sergei Lavrov", "We agree")]), now_ms=0)  # fmt: skip
            await memory.apply(
                record("quoted", entities=[("Sergei Lavrov", "PERSON", 1)],
                       quotes=[("Sergei Lavrov", "We agree")]), now_ms=0)  # fmt: skip
            top = await store.top_entities(limit=20)
            answers = [
                (top, await memory.top_entities(limit=20)),
                (await store.top_entities(type="ORG", source="source-3"),
                 await memory.top_entities(type="ORG", source="source-3")),
                (await store.top_speakers(limit=10), await memory.top_speakers(limit=10)),
                (await store.quotes(limit=7), await memory.quotes(limit=7)),
                (await store.quotes(speaker="sergei lavrov"),
                 await memory.quotes(speaker="sergei lavrov")),
                (await store.entity(top[0].id), await memory.entity(top[0].id)),
                (await store.sources(), await memory.sources()),
                (await store.totals(), await memory.totals()),
            ]  # fmt: skip
            again = await store.apply(records[3], now_ms=0)
        finally:
            await delete_prefix(client, "newsflow-test:cluster")
            await client.aclose()
        return answers, again

    answers, again = await run()

    for over_cluster, in_memory in answers:
        assert over_cluster == in_memory
    assert answers[-1][0].articles == 41 and not again.applied


async def test_every_primary_holds_shards(cluster_url):
    url, ports = cluster_url

    async def run():
        client = RedisCluster.from_url(url, decode_responses=True)
        store = RedisAggregateStore(client, prefix="newsflow-test:spread")
        try:
            await store.apply(record("a1", entities=[("Kremlin", "ORG", 1)]), now_ms=0)
            return [Redis(port=p).dbsize() for p in ports]
        finally:
            await delete_prefix(client, "newsflow-test:spread")
            await client.aclose()

    sizes = await run()

    assert all(size > 0 for size in sizes)  # every shard keeps a marker for every article
