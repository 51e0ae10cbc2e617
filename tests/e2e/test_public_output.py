"""The public output as a new user meets it, against one real pipeline (Redis and the four
worker processes) that has processed the seed and five articles before any consumer exists:
plain JSON entries, the three example consumers (history, then live; a SIGKILL loses
nothing), `newsflow tail --group` resuming, and bad input said clearly."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import orjson
import pytest
from redis import Redis

from services.runtime.embedded import EmbeddedRedis, NoRedisServer, find_redis_server
from shared.records import ArticleRecord
from tests.e2e.articles import corpus, small_article
from tests.e2e.conftest import REPO, Workers, bodies, is_drained, wait_until

pytestmark = [pytest.mark.redis, pytest.mark.slow]

EXAMPLES = REPO / "examples"
ENRICHED = "articles.enriched"


@dataclass
class Pipeline:
    url: str
    redis: Redis
    workers: Workers
    folder: Path

    def enriched_ids(self) -> set[str]:
        """Every article id on the stream (entries in either form: one test writes the old)."""
        return {orjson.loads(body)["id"] for body in bodies(self.redis, ENRICHED)}

    def publish_live(self, label: str) -> str:
        """One more article through the whole pipeline, while a consumer runs: its id."""
        article = {**small_article(len(label) + 40), "id": f"live-{label}-{uuid.uuid4().hex[:6]}"}
        self.redis.xadd("articles.raw", {"data": json.dumps(article)})
        return article["id"]


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    try:
        find_redis_server()
    except NoRedisServer as error:
        pytest.skip(str(error))
    folder = tmp_path_factory.mktemp("public-output")
    server = EmbeddedRedis(folder / "redis")
    url = server.start()
    workers = Workers(url, folder)
    redis = Redis.from_url(url)
    try:
        workers.start_all()
        inputs = folder / "five.jsonl"
        inputs.write_text("".join(json.dumps(a) + "\n" for a in corpus(5)))
        subprocess.run(
            [sys.executable, "-m", "services.cli.main", "publish", "seeds", str(inputs)],
            cwd=REPO,
            env={**os.environ, "NEWSFLOW_REDIS_URL": url},
            check=True,
            capture_output=True,
            timeout=60,
        )
        wait_until(
            lambda: redis.xlen(ENRICHED) >= 6 and is_drained(url),
            300,
            "the seed and 5 articles enriched",
            workers.log_text,
        )
        yield Pipeline(url, redis, workers, folder)
    finally:
        workers.stop()
        redis.close()
        server.stop()


class Consumer:
    """An example consumer as a child process; its stdout and stderr in files."""

    def __init__(self, command: list[str], env: dict[str, str], folder: Path, name: str) -> None:
        self.out, self.err = folder / f"{name}.out", folder / f"{name}.err"
        with self.out.open("ab") as out, self.err.open("ab") as err:
            self.process = subprocess.Popen(
                command, env={**os.environ, **env}, cwd=REPO, stdout=out, stderr=err
            )

    def lines(self) -> list[dict]:
        return [json.loads(line) for line in self.out.read_text().splitlines() if line.strip()]

    def ids(self) -> set[str]:
        return {line["id"] for line in self.lines()}

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=20)

    def say(self) -> str:
        return f"stdout:\n{self.out.read_text()}\nstderr:\n{self.err.read_text()}"


@pytest.fixture(scope="module")
def node_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/node with its `redis` package installed (from npm), outside the repository."""
    if not (shutil.which("node") and shutil.which("npm")):
        pytest.skip("node and npm are not installed: the Node example cannot run here")
    folder = tmp_path_factory.mktemp("node-example")
    for name in ("package.json", "consume.mjs"):
        shutil.copy(EXAMPLES / "node" / name, folder / name)
    subprocess.run(
        ["npm", "install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=folder,
        check=True,
        capture_output=True,
        timeout=300,
    )
    return folder


def command_of(client: str, request: pytest.FixtureRequest) -> list[str]:
    if client == "redis-py":
        return [sys.executable, str(EXAMPLES / "consume_redis_py.py")]
    if client == "faststream":
        return [sys.executable, str(EXAMPLES / "consume_faststream.py")]
    folder = request.getfixturevalue("node_example")
    return ["node", str(folder / "consume.mjs")]


CLIENTS = ["redis-py", "faststream", "node"]


def test_an_enriched_entry_is_readable_json_in_its_data_field(pipeline):
    ((_id, fields),) = pipeline.redis.xrange(ENRICHED, "-", "+", count=1)
    record = ArticleRecord.model_validate_json(fields[b"data"])
    assert fields[b"schema"] == b"1"
    assert fields[b"id"].decode() == record.id and fields[b"version"].decode() == record.version
    assert fields[b"published_ms"].isdigit()
    assert b"__data__" not in fields
    if shutil.which("redis-cli"):  # as a user would look at it
        port = pipeline.url.rsplit(":", 1)[1].split("/")[0]
        shown = subprocess.run(
            ["redis-cli", "-p", port, "XRANGE", ENRICHED, "-", "+", "COUNT", "1"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.splitlines()
        assert json.loads(shown[shown.index("data") + 1])["id"] == record.id


def test_aggregate_updates_are_plain_json_with_the_articles_timing(pipeline):
    entries = pipeline.redis.xrange("aggregates.updates")
    assert len(entries) >= 6
    for _id, fields in entries:
        update = orjson.loads(fields[b"data"])
        assert fields[b"schema"] == b"1" and fields[b"id"].decode() == update["article_id"]
        # the enriched entry's published_ms field reached the aggregate: not the entry's own time
        assert update["published_ms"] == int(fields[b"published_ms"])
        assert update["published_ms"] < update["applied_ms"]


@pytest.mark.parametrize("client", CLIENTS)
def test_an_example_consumer_gets_the_history_then_a_record_published_while_it_runs(
    pipeline, client, request
):
    history = pipeline.enriched_ids()
    assert len(history) >= 6
    group = f"example-{client}"
    consumer = Consumer(
        command_of(client, request),
        {"REDIS_URL": pipeline.url, "GROUP": group, "CONSUMER": "c1"},
        pipeline.folder,
        group,
    )
    try:
        wait_until(lambda: consumer.ids() >= history, 60, f"{client}: history", consumer.say)
        live = pipeline.publish_live(client)
        wait_until(lambda: live in consumer.ids(), 90, f"{client}: the live record", consumer.say)
    finally:
        code = consumer.stop()
    assert code == 0, consumer.say()
    assert consumer.ids() == history | {live}
    assert "Traceback" not in consumer.err.read_text()
    assert pipeline.redis.xpending(ENRICHED, group)["pending"] == 0


def slow_redis_py(consumer: str, pause_s: float = 0.3) -> list[str]:
    """The redis-py example with each record taking `pause_s` to handle: killable mid-stream."""
    code = (
        f"import sys, time; sys.path.insert(0, {str(EXAMPLES)!r}); import consume_redis_py as c; "
        f"h = c.handle; c.handle = lambda r: (time.sleep({pause_s}), h(r)); sys.exit(c.main())"
    )
    return [sys.executable, "-c", code]


@pytest.mark.parametrize("restart_as", ["the same consumer", "a peer"])
def test_the_redis_py_example_killed_mid_stream_loses_no_record(pipeline, restart_as):
    history = pipeline.enriched_ids()
    group = f"killed-{restart_as.replace(' ', '-')}"
    env = {"REDIS_URL": pipeline.url, "GROUP": group, "CONSUMER": "first"}
    first = Consumer(slow_redis_py("first"), env, pipeline.folder, group + "-1")
    try:
        wait_until(lambda: len(first.lines()) >= 2, 60, "the first records", first.say)
    finally:
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(timeout=10)
    held = pipeline.redis.xpending(ENRICHED, group)["pending"]
    assert held > 0 and len(first.ids()) < len(history), "killed mid-stream"
    # the same name re-reads what it held; a peer takes it over once idle (XAUTOCLAIM)
    if restart_as == "the same consumer":
        env = {**env, "CLAIM_IDLE_MS": "600000"}  # nothing claimed: it re-reads its own
    else:
        env = {**env, "CONSUMER": "second", "CLAIM_IDLE_MS": "1000"}
    name = env["CONSUMER"]
    second = Consumer(slow_redis_py(name, 0.0), env, pipeline.folder, group + "-2")
    try:
        wait_until(
            lambda: (
                first.ids() | second.ids() >= history
                and pipeline.redis.xpending(ENRICHED, group)["pending"] == 0
            ),
            60,
            "every record after the restart",
            second.say,
        )
    finally:
        assert second.stop() == 0, second.say()
    assert first.ids() | second.ids() == history
    assert "Traceback" not in second.err.read_text()


def tail(pipeline: Pipeline, name: str, *args: str) -> Consumer:
    command = [sys.executable, "-m", "services.cli.main", "tail", ENRICHED, *args]
    return Consumer(command, {"NEWSFLOW_REDIS_URL": pipeline.url}, pipeline.folder, name)


def test_tail_with_a_group_twice_prints_only_what_arrived_in_between(pipeline):
    history = pipeline.enriched_ids()
    first = tail(pipeline, "audit-1", "--group", "audit", "--from-start")
    try:
        wait_until(lambda: first.ids() >= history, 30, "tail: the history", first.say)
    finally:
        assert first.stop() == 0, first.say()
    live = pipeline.publish_live("audit")
    wait_until(lambda: live in pipeline.enriched_ids(), 90, "the article in between")

    second = tail(pipeline, "audit-2", "--group", "audit", "--from-start")
    try:
        wait_until(lambda: live in second.ids(), 30, "tail: the new record", second.say)
        time.sleep(1.5)  # a second read finds nothing more
    finally:
        assert second.stop() == 0, second.say()
    assert [line["id"] for line in second.lines()] == [live]
    assert len(first.lines()) == len(history)
    assert all(ArticleRecord.model_validate(line) for line in first.lines() + second.lines())
    assert pipeline.redis.xpending(ENRICHED, "audit")["pending"] == 0


@pytest.mark.parametrize("client", CLIENTS)
def test_an_example_says_what_is_wrong_with_an_odd_entry_and_carries_on(pipeline, client, request):
    stream = f"odd-{client}"
    record = json.loads(pipeline.redis.xrange(ENRICHED, count=1)[0][1][b"data"])
    newer = {**record, "id": "from-the-future", "added_later": [1, 2]}
    pipeline.redis.xadd(stream, {"data": json.dumps(newer), "schema": "99"})
    pipeline.redis.xadd(stream, {"data": json.dumps(record)})  # no schema: not a record
    pipeline.redis.xadd(stream, {"data": "{not json", "schema": "1"})
    pipeline.redis.xadd(stream, {"data": json.dumps({**record, "id": "last"}), "schema": "1"})
    env = {"REDIS_URL": pipeline.url, "GROUP": "odd", "CONSUMER": "c1", "STREAM": stream}
    consumer = Consumer(command_of(client, request), env, pipeline.folder, stream)
    try:
        wait_until(lambda: "last" in consumer.ids(), 60, f"{client}: the last entry", consumer.say)
    finally:
        assert consumer.stop() == 0, consumer.say()
    said = consumer.err.read_text()
    assert consumer.ids() == {"from-the-future", "last"}
    assert "schema 99" in said and "newer than the 1" in said
    assert "no schema number" in said and "not JSON" in said
    assert "Traceback" not in said and "    at " not in said  # no Python or Node stack


def test_bad_json_on_an_internal_stream_is_dead_lettered_in_plain_form(pipeline):
    pipeline.redis.xadd("articles.ingested", {"data": "{not json at all"})
    pipeline.redis.xadd("articles.entities", {"data": "[1, 2"})
    wait_until(
        lambda: (
            pipeline.redis.xlen("articles.ingested.dlq") >= 1
            and pipeline.redis.xlen("articles.entities.dlq") >= 1
        ),
        30,
        "dead letters",
        pipeline.workers.log_text,
    )
    for stream, stage in [
        ("articles.ingested.dlq", "entities"),
        ("articles.entities.dlq", "quotes"),
    ]:
        ((_id, fields),) = pipeline.redis.xrange(stream, count=1)
        letter = orjson.loads(fields[b"data"])
        assert fields[b"schema"] == b"1" and fields[b"stage"].decode() == stage
        assert letter["stage"] == stage and letter["attempts"] == 1
        assert "Invalid JSON" in letter["reason"], letter


def test_the_aggregate_still_reads_enriched_entries_written_in_the_old_envelope(pipeline):
    """A rolling upgrade: entries an older quotes worker wrote (FastStream's envelope, the
    timing in a header) are applied as before, their timing kept."""
    import asyncio

    from services.runtime.broker import make_broker
    from shared.messages import PUBLISHED_MS_HEADER

    record = json.loads(pipeline.redis.xrange(ENRICHED, count=1)[0][1][b"data"])
    old = {**record, "id": "from-an-old-worker", "version": "old-1"}
    published = int(time.time() * 1000) - 5000

    async def publish() -> None:
        async with make_broker(pipeline.url) as broker:
            headers = {PUBLISHED_MS_HEADER: str(published)}
            await broker.publish(old, stream=ENRICHED, headers=headers)

    asyncio.run(publish())

    def applied() -> dict | None:
        for _id, fields in pipeline.redis.xrange("aggregates.updates"):
            update = orjson.loads(fields[b"data"])
            if update["article_id"] == "from-an-old-worker":
                return update
        return None

    wait_until(lambda: applied() is not None, 30, "the old one applied", pipeline.workers.log_text)
    update = applied()
    assert update is not None and update["applied"] and update["published_ms"] == published


def test_tail_without_a_group_still_prints_records_as_json_lines(pipeline):
    done = subprocess.run(
        [sys.executable, "-m", "services.cli.main", "tail", ENRICHED, "--from-start"]
        + ["--count", "6"],
        env={**os.environ, "NEWSFLOW_REDIS_URL": pipeline.url},
        cwd=REPO,
        capture_output=True,
        timeout=60,
        check=True,
    )
    lines = done.stdout.splitlines()
    assert len(lines) == 6 and done.stderr == b""
    first_six = [orjson.loads(body)["id"] for body in bodies(pipeline.redis, ENRICHED)][:6]
    assert [ArticleRecord.model_validate_json(line).id for line in lines] == first_six


def test_a_plain_entry_on_an_internal_stream_flows_on_with_its_timing(pipeline):
    """What a newer worker might write mid-upgrade: the plain form on `articles.ingested`."""
    article = {**small_article(77), "id": "plain-internal", "version": "p1"}
    published = int(time.time() * 1000) - 3000
    pipeline.redis.xadd(
        "articles.ingested",
        {"data": json.dumps({"article": article}), "schema": "1", "published_ms": str(published)},
    )

    def entry() -> dict | None:
        for _id, fields in pipeline.redis.xrange(ENRICHED):
            if fields.get(b"id") == b"plain-internal":
                return fields
        return None

    wait_until(lambda: entry() is not None, 60, "the article enriched", pipeline.workers.log_text)
    fields = entry()
    assert fields is not None and int(fields[b"published_ms"]) == published
    assert ArticleRecord.model_validate_json(fields[b"data"]).quotes
