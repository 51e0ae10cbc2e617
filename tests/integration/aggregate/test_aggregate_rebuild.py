"""Rebuilding from the retained stream: same counts as a recount, no double counting."""

import os

import orjson
import pytest
from faststream.redis.parser import BinaryMessageFormatV1

from services.aggregate.store_rebuild import RebuildRunning, rebuild
from services.aggregate.store_redis import RedisAggregateStore
from services.aggregate.synthetic import record
from shared.messages import PUBLISHED_MS_HEADER

pytestmark = pytest.mark.redis

REDIS_URL = os.environ.get("NEWSFLOW_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

LAVROV, PUTIN, KREMLIN = (
    ("Sergei Lavrov", "PERSON", 3),
    ("Vladimir Putin", "PERSON", 2),
    ("Kremlin", "ORG", 1),
)


async def _envelope(article, published_ms):
    return await BinaryMessageFormatV1.encode(
        message=article.model_dump(mode="json"),
        reply_to=None,
        headers={PUBLISHED_MS_HEADER: str(published_ms)},
        correlation_id="test",
    )


async def _fill_stream(client, stream):
    a1 = record("a1", entities=[LAVROV, KREMLIN], quotes=[("Sergei Lavrov", "Done")])
    a2 = record("a2", entities=[PUTIN], version="v1")
    a2_fixed = record("a2", entities=[KREMLIN], version="v2")
    for article, published in ((a1, 10), (a1, 10), (a2, 20), (a2_fixed, 30)):
        await client.xadd(stream, {"__data__": await _envelope(article, published)})
    plain = record("a3", entities=[PUTIN], source="tass")
    await client.xadd(stream, {"data": orjson.dumps(plain.model_dump(mode="json"))})
    await client.xadd(stream, {"data": "not json"})


async def test_a_rebuild_matches_the_stream_and_drops_what_it_does_not_hold(redis_prefix):
    client, prefix = redis_prefix
    stream = f"{prefix}:enriched"
    await _fill_stream(client, stream)
    live = RedisAggregateStore(client, prefix=prefix)
    await live.apply(record("ghost", entities=[("Nobody", "PERSON", 9)]), now_ms=0)

    report = await rebuild(REDIS_URL, prefix=prefix, stream=stream)

    assert (report.entries, report.applied, report.undecodable) == (6, 4, 1)
    assert [(e.id, e.articles, e.mentions) for e in await live.top_entities()] == [
        ("org:kremlin", 2, 2),
        ("person:sergei-lavrov", 1, 3),
        ("person:vladimir-putin", 1, 2),
    ]
    assert await live.entity("person:nobody") is None
    assert not [k async for k in client.scan_iter(match="*" + prefix + "*}:g0:*")]


async def test_rebuilding_twice_counts_each_article_once(redis_prefix):
    client, prefix = redis_prefix
    stream = f"{prefix}:enriched"
    await _fill_stream(client, stream)
    live = RedisAggregateStore(client, prefix=prefix)

    await rebuild(REDIS_URL, prefix=prefix, stream=stream)
    once = await live.top_entities()
    await rebuild(REDIS_URL, prefix=prefix, stream=stream)

    assert await live.top_entities() == once
    assert (await live.totals()).articles == 3


async def test_a_second_rebuild_while_one_runs_is_refused(redis_prefix):
    client, prefix = redis_prefix
    await client.set(f"{prefix}:rebuild-lock", "someone")

    with pytest.raises(RebuildRunning):
        await rebuild(REDIS_URL, prefix=prefix, stream=f"{prefix}:enriched")


def test_the_rebuild_command_says_when_redis_does_not_answer(capsys):
    from services.cli.main import main

    code = main(["rebuild", "--redis-url", "redis://127.0.0.1:1/0"])

    assert code == 1
    assert "did not answer" in capsys.readouterr().err


async def test_a_rebuild_reads_the_archive_for_what_the_stream_no_longer_holds(
    redis_prefix, tmp_path
):
    from services.archive.archiver import Archiver, Delivered
    from services.archive.files import Location
    from services.archive.query import ArchiveQuery, Window

    client, prefix = redis_prefix
    stream = f"{prefix}:enriched"
    archived = [
        record("old-1", entities=[LAVROV, KREMLIN], quotes=[("Sergei Lavrov", "Done")]),
        record("a2", entities=[PUTIN], version="v1"),  # the stream holds a newer version
    ]
    Archiver(Location.of(str(tmp_path)), "w1").write([Delivered(r, 0, 5) for r in archived])
    await _fill_stream(client, stream)  # a1, a2 v1 then v2, a3 (and one bad entry)
    query = ArchiveQuery(str(tmp_path))

    report = await rebuild(
        REDIS_URL,
        prefix=prefix,
        stream=stream,
        history=lambda since: query.records(Window(since=since)),
    )

    live = RedisAggregateStore(client, prefix=prefix)
    assert report.archived == 2
    assert (await live.totals()).articles == 4  # old-1 from the archive, a1 a2 a3 from the stream
    assert {(e.id, e.articles) for e in await live.top_entities()} == {
        ("org:kremlin", 3),
        ("person:sergei-lavrov", 2),
        ("person:vladimir-putin", 1),
    }
    assert [s.quotes for s in await live.top_speakers()] == [2]
