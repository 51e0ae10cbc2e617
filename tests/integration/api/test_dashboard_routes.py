"""The dashboard's routes: the public page and assets, `/pipeline` and the `/events` stream.

Stream counts and events run against a private redis-server (the stream names are global, so a
shared Redis would mix them up with other tests')."""

import asyncio
import re
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from redis.asyncio import Redis

from services.aggregate.store_memory import MemoryAggregateStore
from services.api.app import create_app
from services.api.dashboard import STATIC
from services.api.events import (
    TooManyClients,
    UpdatesHub,
    events_router,
    resume_from,
    stream_end,
    update_events,
)
from services.api.pipeline import pipeline_status
from services.runtime.embedded import EmbeddedRedis, NoRedisServer, free_port
from services.runtime.groups import ensure_stage_groups
from shared.messages import AggregatesUpdated
from shared.streams import AGGREGATES, RAW, dlq, group_of


async def _up() -> bool:
    return True


def _static_references(text: str) -> set[str]:
    """Asset paths an HTML page or a JS module names (`/static/x`, `./x.js`)."""
    found = set(re.findall(r'(?:src|href)="(/static/[^"]+)"', text))
    found |= {f"/static/{name}" for name in re.findall(r'from "\./([\w.-]+\.js)"', text)}
    return found


def test_the_page_is_served_at_the_root_without_a_token(token_client):
    response = token_client.get("/")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert 'id="speakers"' in response.text and 'id="pipeline"' in response.text


def test_every_asset_the_page_and_its_modules_name_is_served_without_a_token(token_client):
    pending, seen = _static_references(token_client.get("/").text), set()
    while pending:
        path = pending.pop()
        seen.add(path)
        response = token_client.get(path)
        assert response.status_code == 200, path
        if path.endswith(".js"):
            assert "javascript" in response.headers["content-type"]
            pending |= _static_references(response.text) - seen

    assert {"/static/dashboard.js", "/static/api.js", "/static/dashboard.css"} <= seen


def test_data_routes_still_need_the_token_when_the_page_is_public(token_client):
    for path in ("/pipeline", "/events", "/stats", "/speakers/top"):
        assert token_client.get(path).status_code == 401, path
    assert token_client.get("/", headers={"X-API-Token": "wrong"}).status_code == 200


def test_static_paths_cannot_reach_outside_the_static_folder(token_client):
    assert (STATIC / ".." / "app.py").is_file()
    for path in ("/static/../app.py", "/static/%2e%2e/app.py", "/static/..%2fapp.py"):
        response = token_client.get(path)
        assert response.status_code in (401, 404), path
        assert "create_app" not in response.text


def test_without_a_stream_redis_the_api_has_no_pipeline_or_events_but_still_the_page(client):
    assert client.get("/pipeline").status_code == 404
    assert client.get("/events").status_code == 404
    assert client.get("/").status_code == 200


def test_the_dashboard_routes_are_documented_but_the_page_is_not():
    streams = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0")  # connects on first use only
    app = create_app(MemoryAggregateStore(), redis_ping=_up, streams=streams)

    paths = TestClient(app).get("/openapi.json").json()["paths"]

    assert {"/pipeline", "/events"} <= set(paths)
    assert "/" not in paths and not any(p.startswith("/static") for p in paths)


# ---- against a real Redis -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    server = EmbeddedRedis(tmp_path_factory.mktemp("redis"))
    try:
        url = server.start()
    except NoRedisServer as error:
        pytest.skip(str(error))
    yield url
    server.stop()


@pytest.fixture
async def streams(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    await client.flushdb()
    yield client
    await client.aclose()


@pytest.mark.redis
async def test_pipeline_counts_processed_unread_pending_and_dead_lettered_entries(streams):
    await ensure_stage_groups(streams)
    for n in range(4):
        await streams.xadd(RAW, {"data": f'{{"text": "article {n}"}}'})
    read = await streams.xreadgroup(group_of("ingest"), "worker-1", {RAW: ">"}, count=3)
    first_id = read[0][1][0][0]
    await streams.xack(RAW, group_of("ingest"), first_id)
    await streams.xadd(dlq(RAW), {"reason": "bad"})

    status = await pipeline_status(streams)

    ingest = next(s for s in status.stages if s.stage == "ingest")
    assert (ingest.length, ingest.processed, ingest.unread, ingest.pending) == (4, 1, 1, 2)
    assert (ingest.dead_lettered, ingest.consumers) == (1, 1)
    assert [s.stage for s in status.stages] == [
        "ingest",
        "entities",
        "quotes",
        "aggregate",
        "archive",
    ]
    assert all(s.length == 0 for s in status.stages[1:])


async def _get(app, path: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://dashboard") as client:
        return await client.get(path)


@pytest.mark.redis
async def test_pipeline_route_answers_with_every_stage(streams):
    app = create_app(MemoryAggregateStore(), redis_ping=_up, streams=streams)

    answer = (await _get(app, "/pipeline")).json()

    assert [s["stage"] for s in answer["stages"]] == [
        "ingest",
        "entities",
        "quotes",
        "aggregate",
        "archive",
    ]
    assert set(answer["stages"][0]) >= {"processed", "unread", "pending", "dead_lettered"}


async def test_pipeline_and_events_routes_say_503_when_redis_does_not_answer():
    client = Redis.from_url(f"redis://127.0.0.1:{free_port()}/0")
    app = create_app(MemoryAggregateStore(), redis_ping=_up, streams=client)
    try:
        answers = [await _get(app, path) for path in ("/pipeline", "/events")]
    finally:
        await client.aclose()

    for response in answers:
        assert response.status_code == 503
        assert "Redis did not answer" in response.json()["error"]["message"]


def _update(article_id: str) -> AggregatesUpdated:
    return AggregatesUpdated(
        article_id=article_id, version="v1", applied=True, entity_ids=["gpe:china"]
    )


async def _never() -> bool:
    return False


@pytest.mark.redis
async def test_events_carry_updates_added_after_the_client_connected_and_not_before(streams):
    await streams.xadd(AGGREGATES, {"data": _update("before").model_dump_json()})
    hub = UpdatesHub(streams, block_ms=200)
    events = update_events(hub, await stream_end(streams), disconnected=_never)

    assert (await anext(events)).startswith("retry:")
    await streams.xadd(AGGREGATES, {"data": _update("after").model_dump_json()})
    event = await asyncio.wait_for(anext(events), timeout=5)
    await events.aclose()

    assert "event: update\n" in event
    data = "".join(line[6:] for line in event.splitlines() if line.startswith("data: "))
    assert AggregatesUpdated.model_validate_json(data) == _update("after")
    assert re.search(r"^id: \d+-\d+$", event, re.MULTILINE)


@pytest.mark.redis
async def test_events_send_a_heartbeat_comment_while_nothing_happens(streams):
    hub = UpdatesHub(streams, block_ms=100)
    events = update_events(hub, "0-0", disconnected=_never, heartbeat_s=0.2)
    await anext(events)

    beat = await asyncio.wait_for(anext(events), timeout=5)
    await events.aclose()

    assert beat == ": heartbeat\n\n"


@pytest.mark.redis
async def test_events_stop_once_the_client_has_gone(streams):
    gone = False

    async def disconnected() -> bool:
        return gone

    events = update_events(UpdatesHub(streams, block_ms=100), "0-0", disconnected=disconnected)
    await anext(events)
    gone = True

    rest = [chunk async for chunk in events]

    assert all(chunk.startswith(":") for chunk in rest)


async def test_events_end_with_unavailable_when_redis_stops_answering(tmp_path):
    try:
        server = EmbeddedRedis(tmp_path / "redis")
        server.start()
    except NoRedisServer as error:
        pytest.skip(str(error))
    client = Redis.from_url(server.url)
    events = update_events(UpdatesHub(client, block_ms=100), "0-0", disconnected=_never)
    try:
        first = await anext(events)
        server.stop()
        chunks = [first] + [chunk async for chunk in events]
    finally:
        await client.aclose()
        server.stop()

    assert "event: unavailable\n" in chunks[-1]
    assert "Redis did not answer" in chunks[-1]


@pytest.mark.redis
async def test_many_open_event_streams_share_one_redis_reader(redis_url):
    """300 dashboards used to hold 300 Redis connections; now they share one reader."""
    streams = Redis.from_url(redis_url)
    await streams.delete(AGGREGATES)
    hub = UpdatesHub(streams, block_ms=200)
    clients = [update_events(hub, "0-0", disconnected=_never) for _ in range(60)]
    try:
        await asyncio.gather(*(anext(events) for events in clients))  # all connected
        await streams.xadd(AGGREGATES, {"data": _update("shared").model_dump_json()})
        got = await asyncio.wait_for(
            asyncio.gather(*(anext(events) for events in clients)), timeout=10
        )
        listed = await streams.client_list()
    finally:
        for events in clients:
            await events.aclose()
        await streams.aclose()

    assert all('"article_id":"shared"' in event for event in got)
    assert len(listed) <= 4, listed  # the reader, a catch-up/join slot, this CLIENT LIST


@pytest.mark.redis
async def test_a_reconnecting_client_gets_what_it_missed_then_live_updates(streams):
    first = await streams.xadd(AGGREGATES, {"data": _update("one").model_dump_json()})
    await streams.xadd(AGGREGATES, {"data": _update("two").model_dump_json()})
    hub = UpdatesHub(streams, block_ms=100)
    await hub.join()  # the reader runs, past both entries
    events = update_events(hub, first.decode(), disconnected=_never)
    await anext(events)
    missed = await asyncio.wait_for(anext(events), timeout=5)
    await streams.xadd(AGGREGATES, {"data": _update("three").model_dump_json()})
    live = await asyncio.wait_for(anext(events), timeout=5)
    await events.aclose()
    assert '"article_id":"two"' in missed and '"article_id":"three"' in live


async def test_past_the_client_limit_events_answer_503_saying_so(streams):
    app = FastAPI()
    app.include_router(events_router(streams, max_clients=0))

    response = await _get(app, "/events")

    assert response.status_code == 503
    assert "0 live-update streams are open, the limit" in response.json()["detail"]
    hub = UpdatesHub(streams, max_clients=1)
    await hub.join()
    with pytest.raises(TooManyClients):
        await hub.join()


@pytest.mark.parametrize(
    ("last_event_id", "end", "start"),
    [
        ("1700000000000-3", "1700000000500-0", "1700000000000-3"),
        ("1700000000500-0", "1700000000500-0", "1700000000500-0"),
        ("1800000000000-0", "1700000000500-0", "1700000000500-0"),  # Redis restarted empty
        ("", "1700000000500-0", "1700000000500-0"),
        ("$", "1700000000500-0", "1700000000500-0"),
        ("12-x", "0-0", "0-0"),
    ],
)
def test_a_reconnecting_client_resumes_after_its_last_event_id_when_that_is_valid(
    last_event_id, end, start
):
    assert resume_from(last_event_id, end) == start


@pytest.mark.redis
async def test_pipeline_readings_are_shared_for_a_moment_then_read_again(streams):
    await ensure_stage_groups(streams)
    shared = create_app(MemoryAggregateStore(), redis_ping=_up, streams=streams)
    first = (await _get(shared, "/pipeline")).json()
    await streams.xadd(RAW, {"data": '{"text": "one more"}'})

    again = (await _get(shared, "/pipeline")).json()
    later = (
        await _get(create_app(MemoryAggregateStore(), redis_ping=_up, streams=streams), "/pipeline")
    ).json()

    assert again == first
    assert later["stages"][0]["length"] == first["stages"][0]["length"] + 1


def test_the_chart_libraries_come_from_the_package_each_with_its_licence(token_client):
    page = token_client.get("/").text
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)  # nothing from another origin
    libraries = sorted((STATIC / "vendor").glob("*.min.js"))
    assert {path.name for path in libraries} >= {"uPlot.iife.min.js", "d3-force.min.js"}
    for library in libraries:
        assert f'src="/static/vendor/{library.name}"' in page
        assert token_client.get(f"/static/vendor/{library.name}").status_code == 200
        licence = library.name.removesuffix(".min.js").removesuffix(".iife") + ".LICENSE"
        assert (STATIC / "vendor" / licence).is_file(), licence
