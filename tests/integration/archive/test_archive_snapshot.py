"""The API's in-memory snapshot of the archive follows its files: new batches, compaction,
corrections, batches cut short; and it answers the browsing questions as Parquet does."""

import random

import pyarrow.parquet as pq

from services.aggregate.synthetic import random_record, record
from services.archive.archiver import Archiver, Delivered
from services.archive.browse import ArchiveBrowser
from services.archive.compact import compact
from services.archive.files import Location, write_file
from services.archive.query import ArchiveQuery
from services.archive.rows import Written, batch_rows
from services.archive.schema import table_of
from services.archive.snapshot import Snapshot
from services.archive.snapshot_browse import SnapshotBrowser


def _records(n, seed=3, start=0):
    rng = random.Random(seed)
    return [random_record(i, rng, population=40) for i in range(start, start + n)]


def _rows_in_files(folder):
    return {
        table: sum(pq.read_metadata(p).num_rows for p in folder.glob(f"{table}/day=*/*.parquet"))
        for table in ("articles", "mentions", "quotes")
    }


def _ids(browser, **filters):
    return [a["id"] for a in browser.articles(None, None, None, limit=10_000, **filters)]


def _browsing(browser):
    """What the browsing routes would answer, over a spread of questions."""
    return {
        "articles": browser.articles(None, None, None, limit=10_000),
        "by_source": browser.articles(None, None, "source-2", limit=50),
        "entities": browser.search_entities(None, None, None, ["name1"], 50),
        "entities_in_source": browser.search_entities(None, None, "source-1", ["name"], 50),
        "speakers": browser.search_speakers(None, None, None, ["name"], 50),
        "quotes": browser.quotes(
            None, None, None, speaker_id=None, entity_id=None, words=["about"], before=None,
            limit=50,
        ),
    }  # fmt: skip


def test_a_new_batch_is_answered_once_its_files_are_visible(tmp_path):
    location = Location.of(str(tmp_path))
    archiver = Archiver(location, "w1")
    archiver.write([Delivered(r, 0, i) for i, r in enumerate(_records(10))])
    snapshot = Snapshot(location)
    browser = SnapshotBrowser(snapshot.query())
    assert snapshot.refresh()
    assert len(_ids(browser)) == 10

    archiver.write([Delivered(r, 0, i) for i, r in enumerate(_records(5, start=100))])
    assert snapshot.refresh()

    assert len(_ids(browser)) == 15
    assert _browsing(browser) == _browsing(ArchiveBrowser(ArchiveQuery(str(tmp_path))))


def test_compaction_replacing_files_leaves_each_article_once(tmp_path):
    location = Location.of(str(tmp_path))
    archiver = Archiver(location, "w1")
    records = _records(30)
    for i in range(0, 30, 5):  # several files a day, and redelivered copies
        archiver.write([Delivered(r, 0, i) for r in records[i : i + 8]])
    snapshot = Snapshot(location)
    browser = SnapshotBrowser(snapshot.query())
    assert snapshot.refresh()
    before = _browsing(browser)

    query = ArchiveQuery(str(tmp_path))
    assert compact(query)  # new merged files written, the originals deleted
    assert snapshot.refresh()

    assert sorted(_ids(browser)) == sorted(r.id for r in records)
    assert _browsing(browser) == before == _browsing(ArchiveBrowser(query))
    # the deleted files' rows are let go: what is held is what the visible files hold
    assert snapshot.held() == _rows_in_files(tmp_path)


def test_rows_seen_while_compaction_has_written_but_not_yet_deleted_count_once(tmp_path):
    location = Location.of(str(tmp_path))
    records = _records(12)
    Archiver(location, "w1").write([Delivered(r, 0, 1) for r in records])
    # what compaction writes before it deletes: the same rows again under a new batch name
    copies = [(r, Written(0, 1, 9, "compact-1")) for r in records]
    for table, by_day in batch_rows(copies).items():
        for day, rows in by_day.items():
            write_file(location, table, day, "compact-1", table_of(table, rows))
    snapshot = Snapshot(location)
    browser = SnapshotBrowser(snapshot.query())

    assert snapshot.refresh()

    assert sorted(_ids(browser)) == sorted(r.id for r in records)
    assert _browsing(browser) == _browsing(ArchiveBrowser(ArchiveQuery(str(tmp_path))))


def test_a_corrected_version_replaces_the_old_one(tmp_path):
    location = Location.of(str(tmp_path))
    archiver = Archiver(location, "w1")
    v1 = record("a1", entities=[("Kremlin", "ORG", 1)], quotes=[(None, "old words")])
    archiver.write([Delivered(v1, 0, 100)])
    snapshot = Snapshot(location)
    browser = SnapshotBrowser(snapshot.query())
    assert snapshot.refresh()
    assert browser.search_entities(None, None, None, ["kreml"], 10)[0]["id"] == "org:kremlin"

    v2 = record(
        "a1",
        entities=[("Vladimir Putin", "PERSON", 2)],
        quotes=[("Vladimir Putin", "new words")],
        version="v2",
    )
    archiver.write([Delivered(v2, 0, 200)])
    assert snapshot.refresh()

    (listed,) = browser.articles(None, None, None)
    assert listed["version"] == "v2"
    assert browser.search_entities(None, None, None, ["kreml"], 10) == []
    assert [s["id"] for s in browser.search_speakers(None, None, None, ["putin"], 10)] == [
        "person:vladimir-putin"
    ]
    assert _browsing(browser) == _browsing(ArchiveBrowser(ArchiveQuery(str(tmp_path))))


def test_rows_of_a_batch_without_its_articles_file_are_not_answered(tmp_path):
    location = Location.of(str(tmp_path))
    Archiver(location, "w1").write([Delivered(record("a1", entities=[("UN", "ORG", 1)]), 0, 1)])
    cut = record("a2", entities=[("NATO", "ORG", 1)], quotes=[(None, "half written")])
    for table, by_day in batch_rows([(cut, Written(0, 2, 9, "w1-cut"))]).items():
        for day, rows in by_day.items():
            if table != "articles":  # the articles file comes last: never written here
                write_file(location, table, day, "w1-cut", table_of(table, rows))
    snapshot = Snapshot(location)
    browser = SnapshotBrowser(snapshot.query())

    assert snapshot.refresh()

    assert _ids(browser) == ["a1"]
    assert browser.search_entities(None, None, None, ["nato"], 10) == []
    assert browser.entities_named("org:nato", None, None) == []


def test_past_its_bound_the_snapshot_steps_aside(tmp_path):
    location = Location.of(str(tmp_path))
    archiver = Archiver(location, "w1")
    archiver.write([Delivered(r, 0, i) for i, r in enumerate(_records(4))])
    snapshot = Snapshot(location, max_articles=5)
    assert snapshot.refresh()

    archiver.write([Delivered(r, 0, i) for i, r in enumerate(_records(4, start=50))])

    assert not snapshot.refresh()
    assert not snapshot.usable
