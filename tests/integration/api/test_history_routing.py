"""The API picks its source by the window: Redis (here the in-memory store) inside the hot
window, the archive for a window reaching outside it; the same JSON either way."""

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from services.aggregate.store_memory import MemoryAggregateStore
from services.aggregate.synthetic import record
from services.api.app import create_app
from services.api.history import WindowedStore
from services.archive.archiver import Archiver, Delivered
from services.archive.files import Location
from services.archive.query import ArchiveQuery

TODAY = datetime.now(tz=UTC).date()
PUTIN, KREMLIN = ("Vladimir Putin", "PERSON", 2), ("Kremlin", "ORG", 1)


async def _up() -> bool:
    return True


def _articles():
    return [
        record(
            f"a{back}",
            entities=[PUTIN, KREMLIN] if back > 10 else [PUTIN],
            quotes=[("Vladimir Putin", f"{back} days ago")],
            source="tass",
            published_at=(TODAY - timedelta(days=back)).isoformat(),
        )
        for back in (40, 20, 3, 1)
    ]


def _client(tmp_path):
    hot = MemoryAggregateStore(hot_days=7)
    archiver = Archiver(Location.of(str(tmp_path)), "w1")
    archiver.write([Delivered(a, 0, 1) for a in _articles()])
    store = WindowedStore(hot, ArchiveQuery(str(tmp_path)), hot_days=7)

    import asyncio

    async def fill():
        for a in _articles():
            await hot.apply(a, now_ms=0)

    asyncio.run(fill())
    return TestClient(create_app(store, redis_ping=_up)), hot


def test_a_window_reaching_outside_the_hot_window_is_answered_from_the_archive(tmp_path):
    client, _ = _client(tmp_path)

    since = (TODAY - timedelta(days=60)).isoformat()
    top = client.get(f"/entities/top?since={since}").json()
    everything = client.get("/entities/top").json()

    assert [(e["id"], e["articles"]) for e in top] == [
        ("person:vladimir-putin", 4),
        ("org:kremlin", 2),
    ]
    assert everything == top
    assert client.get("/stats").json()["articles"] == 4
    assert [q["text"] for q in client.get("/quotes?speaker=Vladimir%20Putin").json()] == [
        "1 days ago",
        "3 days ago",
        "20 days ago",
        "40 days ago",
    ]


def test_a_window_inside_the_hot_window_is_answered_from_redis_with_the_same_json(tmp_path):
    client, hot = _client(tmp_path)
    since = (TODAY - timedelta(days=6)).isoformat()
    hot._ent_a.clear()  # were it read, the hot store would now answer nothing

    assert client.get(f"/entities/top?since={since}").json() == []
    assert client.get(f"/speakers/top?since={since}").json() == [
        {"id": "person:vladimir-putin", "name": "Vladimir Putin", "quotes": 2, "articles": 2}
    ]


def test_paging_quotes_from_the_archive_uses_the_same_cursors(tmp_path):
    client, _ = _client(tmp_path)

    first = client.get("/quotes?limit=3")
    second = client.get(f"/quotes?limit=3&cursor={first.headers['X-Next-Cursor']}")

    assert [q["text"] for q in first.json()] == ["1 days ago", "3 days ago", "20 days ago"]
    assert [q["text"] for q in second.json()] == ["40 days ago"]
    assert "X-Next-Cursor" not in second.headers


def test_an_article_is_read_from_the_archive(tmp_path):
    client, _ = _client(tmp_path)

    assert client.get("/articles/a40").json()["source"] == "tass"
    assert client.get("/articles/nope").status_code == 404
