"""The archive in a folder: what readers see after redeliveries, corrections, a batch cut short
by a crash, compaction, and several writers; and other engines reading the same files."""

import random
from pathlib import Path

import pytest

from services.aggregate.synthetic import random_record, record
from services.archive.archiver import Archiver, Delivered
from services.archive.compact import compact
from services.archive.files import Location, write_file
from services.archive.query import ArchiveQuery, Window
from services.archive.rows import Written, batch_rows
from services.archive.schema import table_of


def _records(n, seed=5):
    rng = random.Random(seed)
    return [random_record(i, rng, population=60) for i in range(n)]


def _counts(query):
    return {
        r["id"]: (r["articles"], r["mentions"]) for r in query.top_entities(Window(), limit=500)
    }


def test_redelivered_articles_are_seen_once(tmp_path):
    records = _records(30)
    archiver = Archiver(Location.of(str(tmp_path)), "w1")
    archiver.write([Delivered(r, 0, 1) for r in records[:20]])
    archiver.write([Delivered(r, 0, 1) for r in records[10:]])

    query = ArchiveQuery(str(tmp_path))

    assert query.totals(Window())["articles"] == 30
    export = query.export("articles", Window())
    ids = query.arrow(*export).column("id").to_pylist()
    assert sorted(ids) == sorted(r.id for r in records)


def test_a_corrected_article_replaces_its_earlier_rows_even_on_another_day(tmp_path):
    archiver = Archiver(Location.of(str(tmp_path)), "w1")
    v1 = record("a1", entities=[("Kremlin", "ORG", 1)], published_at="2026-01-01", version="v1")
    v2 = record("a1", entities=[("Vladimir Putin", "PERSON", 2)], published_at="2026-01-03")
    archiver.write([Delivered(v1, 0, 100)])
    archiver.write([Delivered(v2.model_copy(update={"version": "v2"}), 0, 200)])
    archiver.write([Delivered(v1, 0, 100)])  # the old version again, later

    query = ArchiveQuery(str(tmp_path))

    assert _counts(query) == {"person:vladimir-putin": (1, 2)}
    assert query.article("a1").version == "v2"
    assert query.totals(Window())["articles"] == 1


def test_rows_of_a_batch_cut_short_before_its_articles_file_are_never_seen(tmp_path):
    location = Location.of(str(tmp_path))
    Archiver(location, "w1").write([Delivered(record("a1", entities=[("UN", "ORG", 1)]), 0, 1)])
    crashed = batch_rows([(record("a1", entities=[("UN", "ORG", 5)]), Written(0, 2, 9, "crash"))])
    write_file(
        location,
        "mentions",
        "1970-01-01",
        "crash",
        table_of("mentions", crashed["mentions"]["1970-01-01"]),
    )

    assert _counts(ArchiveQuery(str(tmp_path))) == {"org:un": (1, 1)}


def test_a_temporary_file_of_a_write_in_progress_is_not_read(tmp_path):
    location = Location.of(str(tmp_path))
    Archiver(location, "w1").write([Delivered(record("a1", entities=[("UN", "ORG", 1)]), 0, 1)])
    folder = Path(location.day_folder("articles", "1970-01-01"))
    (folder / ".half-written.parquet.tmp").write_bytes(b"PAR1 not finished")

    assert ArchiveQuery(str(tmp_path)).totals(Window())["articles"] == 1


def test_compaction_merges_small_files_and_changes_no_answer(tmp_path):
    records = _records(40)
    location = Location.of(str(tmp_path))
    for start in range(0, 40, 5):
        Archiver(location, f"w{start % 3}").write(
            [Delivered(r, 0, 1) for r in records[start : start + 8]]
        )
    query = ArchiveQuery(str(tmp_path))
    before = (_counts(query), query.top_speakers(Window(), limit=50), query.totals(Window()))
    files_before = sum(len(location.files("mentions", d)) for d in location.days("mentions"))

    done = compact(query)

    files_after = sum(len(location.files("mentions", d)) for d in location.days("mentions"))
    assert done and files_after == len(location.days("mentions")) < files_before
    assert sum(c.rows_dropped for c in done) > 0  # the redelivered copies went
    assert (
        _counts(query),
        query.top_speakers(Window(), limit=50),
        query.totals(Window()),
    ) == before
    assert compact(query) == []  # nothing left to merge


def test_an_empty_or_missing_archive_answers_with_nothing(tmp_path):
    query = ArchiveQuery(str(tmp_path / "nowhere"))

    assert query.top_entities(Window()) == [] and query.article("a1") is None
    assert query.totals(Window())["articles"] == 0 and not query.available()


def test_pandas_reads_the_archive_folder_with_its_day_partitions(tmp_path):
    pandas = pytest.importorskip("pandas")
    Archiver(Location.of(str(tmp_path)), "w1").write([Delivered(r, 0, 1) for r in _records(5)])

    frame = pandas.read_parquet(tmp_path / "quotes")

    assert len(frame) == 20 and {"article_id", "speaker_id", "text", "day"} <= set(frame.columns)


def test_clickhouse_reads_the_same_parquet_and_counts_the_same(tmp_path):
    chdb = pytest.importorskip("chdb", reason="chdb (embedded ClickHouse) is not installed")
    records = _records(12)
    Archiver(Location.of(str(tmp_path)), "w1").write([Delivered(r, 0, 1) for r in records])
    glob = f"{tmp_path}/mentions/day=*/*.parquet"

    result = chdb.query(
        f"SELECT entity_id, uniqExact(article_id) AS n FROM file('{glob}', Parquet) "
        "WHERE type IN ('PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'EVENT', 'FAC') "
        "GROUP BY entity_id",
        "CSV",
    )

    rows = [line.replace('"', "").split(",") for line in str(result).strip().splitlines()]
    expected = ArchiveQuery(str(tmp_path)).top_entities(Window(), limit=500)
    assert len(rows) > 20
    assert {(r[0], int(r[1])) for r in rows} == {(e["id"], e["articles"]) for e in expected}
