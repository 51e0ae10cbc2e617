"""The archive stage with real processes and a real Redis: a worker killed mid-batch loses and
duplicates nothing; a folder it cannot write holds its messages unacknowledged while the
aggregates keep flowing, and everything is written once the folder works again."""

import asyncio
import shutil
import signal
import time
from pathlib import Path

import pytest
from faststream.redis.parser import BinaryMessageFormatV1

from services.aggregate.synthetic import random_record
from services.archive.query import ArchiveQuery, Window
from shared.messages import PUBLISHED_MS_HEADER
from tests.e2e.conftest import is_drained, pending_total, wait_until
from tests.e2e.test_delivery import aggregated_articles

pytestmark = [pytest.mark.redis, pytest.mark.slow]


def publish_enriched(redis, records) -> None:
    """Enriched records as the quote stage writes them (FastStream envelopes)."""

    async def encode(record):
        return await BinaryMessageFormatV1.encode(
            message=record.model_dump(mode="json"),
            reply_to=None,
            headers={PUBLISHED_MS_HEADER: str(int(time.time() * 1000))},
            correlation_id=record.id,
        )

    for record in records:
        redis.xadd("articles.enriched", {"__data__": asyncio.run(encode(record))})


def _records(n):
    import random

    rng = random.Random(23)
    return [random_record(i, rng, population=80) for i in range(n)]


def archived_ids(folder: Path) -> list[str]:
    query = ArchiveQuery(str(folder))
    selected = query.export("articles", Window())
    return [] if selected is None else query.arrow(*selected).column("id").to_pylist()


def raw_article_rows(folder: Path) -> int:
    import duckdb

    if not any(folder.glob("articles/day=*/*.parquet")):
        return 0
    glob = f"{folder}/articles/day=*/*.parquet"
    return duckdb.sql(f"SELECT count(*) FROM read_parquet('{glob}')").fetchall()[0][0]


def test_an_archive_worker_killed_mid_batch_loses_and_duplicates_nothing(
    redis_server, redis, workers, private_archive
):
    records = _records(120)
    group = workers(archive_batch="25", archive_flush_s="3")
    victim = group.start("archive")
    time.sleep(3)  # the worker is up and reading
    publish_enriched(redis, records)
    wait_until(
        lambda: raw_article_rows(private_archive) >= 25,
        120,
        "a first batch written",
        group.log_text,
    )
    victim.send_signal(signal.SIGKILL)  # with more batches in hand, unacknowledged
    victim.wait()
    group.start("archive")

    wait_until(
        lambda: (
            is_drained(redis_server.url, only=("archive",))
            and len(archived_ids(private_archive)) == len(records)
        ),
        180,
        "every article archived",
        group.log_text,
    )
    ids = archived_ids(private_archive)
    assert sorted(ids) == sorted(r.id for r in records)  # each exactly once, as a query sees
    assert raw_article_rows(private_archive) >= len(records)
    assert pending_total(redis) == 0
    assert not redis.exists("articles.enriched.dlq")


def test_an_unwritable_archive_holds_its_messages_and_the_aggregates_keep_flowing(
    redis_server, redis, workers, tmp_path
):
    blocker = tmp_path / "disk"
    blocker.write_text("not a folder")  # writing under it fails (root ignores permissions)
    folder = blocker / "archive"
    records = _records(30)
    group = workers(archive_dir=str(folder), archive_flush_s="0.5", hot_days="0")
    group.start("archive")
    group.start("aggregate")
    time.sleep(3)
    publish_enriched(redis, records)

    wait_until(
        lambda: aggregated_articles(redis_server.url) == len(records),
        120,
        "the aggregates to count every article",
        group.log_text,
    )
    wait_until(lambda: "cannot write the archive" in group.log_text(), 60, "the archive to say so")
    time.sleep(6)  # a retry or two: still failing, still holding
    groups = {g["name"].decode(): g for g in redis.xinfo_groups("articles.enriched")}
    assert int(groups["newsflow-archive"]["pending"]) == len(records)
    assert int(groups["newsflow-aggregate"]["pending"]) == 0
    assert group.log_text().count("cannot write the archive") == 1

    blocker.unlink()  # space returns
    blocker.mkdir()
    wait_until(
        lambda: (
            is_drained(redis_server.url, only=("archive", "aggregate"))
            and len(archived_ids(folder)) == len(records)
        ),
        90,
        "the held articles written",
        group.log_text,
    )
    assert sorted(archived_ids(folder)) == sorted(r.id for r in records)
    assert "writable again" in group.log_text()
    assert not redis.exists("articles.enriched.dlq")
    shutil.rmtree(blocker)


def test_the_seed_through_every_stage_exports_lavrovs_quote_with_source_day_and_offsets(
    redis_server, redis, workers, private_archive
):
    import csv
    import io
    import os
    import subprocess
    import sys

    from tests.e2e.conftest import REPO
    from tests.e2e.test_delivery import publish_plain

    seed = REPO / "seeds" / "000_d8ea77fa6c2c6361.txt"
    title, body = seed.read_text().split("\n\n", 1)
    group = workers(dedup="off")
    group.start_all()
    group.start("archive")
    publish_plain(
        redis,
        [{"id": "seed", "title": title, "text": body, "source": "Seed Wire",
          "published_at": "2026-11-28T09:30:00Z"}],
    )  # fmt: skip
    wait_until(
        lambda: (
            len(archived_ids(private_archive)) == 1 and is_drained(redis_server.url, archive=True)
        ),
        300,
        "the seed archived",
        group.log_text,
    )

    exported = subprocess.run(
        [
            sys.executable,
            "-m",
            "services.cli.main",
            "export",
            "quotes",
            "--format",
            "csv",
            "-o",
            "-",
        ],
        env={**os.environ, "NEWSFLOW_ARCHIVE_DIR": str(private_archive)},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    lavrov = [r for r in rows if "Russia and China have agreed" in r["text"]]
    assert lavrov, rows
    row = lavrov[0]
    assert (row["speaker_name"], row["source"], row["day"]) == (
        "Sergei Lavrov",
        "Seed Wire",
        "2026-11-28",
    )
    assert body[int(row["start"]) : int(row["end"])] == row["text"]
