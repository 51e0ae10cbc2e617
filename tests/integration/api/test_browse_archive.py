"""The browsing routes answered from the archive (DuckDB over Parquet) give what the in-memory
store gives over the same records: one contract for both ways of answering."""

import asyncio

import pytest
from api_samples import sample_articles
from fastapi.testclient import TestClient

from services.aggregate.store_memory import MemoryAggregateStore
from services.aggregate.synthetic import record
from services.api.app import create_app
from services.api.history import WindowedStore
from services.archive.archiver import Archiver, Delivered
from services.archive.files import Location
from services.archive.query import ArchiveQuery
from services.archive.snapshot import Snapshot


def _records():
    extra = record(
        "a4",
        entities=[("José Martínez", "PERSON", 2), ("Kremlin", "ORG", 1)],
        quotes=[("José Martínez", "Señor, the résumé is ready")],
        source="el-pais",
        published_at="2026-01-03T07:00:00Z",
    ).model_copy(update={"url": "https://example.test/a4", "title": "Martínez speaks"})
    # a correction: the archive and the store both keep only the later version
    corrected = record(
        "a2",
        entities=[("Vladimir Putin", "PERSON", 2), ("Kremlin", "ORG", 1)],
        quotes=[("Vladimir Putin", "Security first, always")],
        source="bbc",
        published_at="2026-01-02T09:00:00Z",
        version="v2",
    )
    return [*sample_articles(), extra], corrected


async def _up() -> bool:
    return True


#: how the archive is read: its files each time, the in-memory snapshot, a snapshot too small
#: for the archive (it steps aside: the files are read)
SNAPSHOT_ROWS = {"parquet": None, "snapshot": 50_000, "snapshot_outgrown": 2}


@pytest.fixture(params=list(SNAPSHOT_ROWS))
def clients(tmp_path, request):
    records, corrected = _records()
    memory = MemoryAggregateStore()

    async def fill() -> None:
        for number, article in enumerate([*records, corrected]):
            await memory.apply(article, now_ms=0, published_ms=number)

    asyncio.run(fill())
    archiver = Archiver(Location.of(str(tmp_path)), "w1")
    archiver.write([Delivered(a, 0, n) for n, a in enumerate(records)])
    archiver.write([Delivered(corrected, 0, len(records))])
    archive = ArchiveQuery(str(tmp_path))
    # an empty hot store: whatever the archived app answers comes from the archive
    rows = SNAPSHOT_ROWS[request.param]
    snapshot = Snapshot(archive.location, max_articles=rows) if rows else None
    windowed = WindowedStore(MemoryAggregateStore(), archive, hot_days=7, snapshot=snapshot)
    with (
        TestClient(create_app(memory, redis_ping=_up)) as from_memory,
        TestClient(create_app(windowed, redis_ping=_up)) as from_archive,
    ):
        yield from_memory, from_archive
    archive.close()


PATHS = [
    "/articles",
    "/articles?limit=2",
    "/articles?source=bbc",
    "/articles?entity=Kremlin",
    "/articles?entity=martinez",
    "/articles?speaker=Putin",
    "/articles?since=2026-01-02&until=2026-01-02",
    "/search?q=lav",
    "/search?q=jose",
    "/search?q=resume",
    "/search?q=kreml&source=bbc",
    "/search?q=first",
    "/quotes?entity=org:kremlin",
    "/quotes?source=bbc",
    "/quotes?q=senor",
    "/quotes?speaker=Lavrov&q=comment",
    "/quotes?entity=putin&limit=1",
    "/entities/org:kremlin?source=bbc",
]


@pytest.mark.parametrize("path", PATHS)
def test_the_archive_answers_as_the_memory_store_does(clients, path):
    from_memory, from_archive = clients

    expected, got = from_memory.get(path), from_archive.get(path)

    assert expected.status_code == 200, expected.text
    assert (got.status_code, got.json()) == (200, expected.json())
    assert got.headers.get("x-next-cursor") is None or got.headers["x-next-cursor"]


def test_archive_pages_follow_the_cursor_to_every_article_once(clients):
    _, from_archive = clients
    seen, query = [], "/articles?limit=1"
    while query:
        response = from_archive.get(query)
        seen += [a["id"] for a in response.json()]
        cursor = response.headers.get("x-next-cursor")
        query = f"/articles?limit=1&cursor={cursor}" if cursor else None

    assert seen == ["a4", "a3", "a2", "a1"]


def test_a_corrected_article_is_listed_once_in_its_latest_version(clients):
    _, from_archive = clients

    listed = {a["id"]: a["version"] for a in from_archive.get("/articles").json()}
    quotes = [q["text"] for q in from_archive.get("/quotes?source=bbc").json()]

    assert listed["a2"] == "v2"
    assert "Security first, always" in quotes and "Security first" not in quotes


def test_a_quote_from_the_archive_carries_its_headline_and_link(clients):
    _, from_archive = clients

    (quote,) = from_archive.get("/quotes?q=resume").json()

    assert (quote["title"], quote["url"], quote["source"]) == (
        "Martínez speaks",
        "https://example.test/a4",
        "el-pais",
    )
