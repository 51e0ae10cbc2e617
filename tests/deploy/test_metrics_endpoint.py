"""services/runtime/metrics.py and probes.py: the counters `observe` moves, and the worker's
probe endpoint (FastStream ASGI routes served by uvicorn) over a real loopback socket, with a
hand-written Redis stand-in."""

import asyncio

import pytest
from prometheus_client import REGISTRY
from redis.exceptions import ConnectionError as RedisConnectionError

from services.runtime.embedded import free_port
from services.runtime.metrics import exposition, observe
from services.runtime.probes import ProbeEndpoint, probe_routes


class FakeRedis:
    """Answers PING (or not) and the stream commands `stage_lag` uses."""

    def __init__(self, up: bool = True) -> None:
        self.up = up

    async def ping(self) -> bool:
        if not self.up:
            raise RedisConnectionError("down")
        return True

    async def xinfo_stream(self, stream: str) -> dict:
        return {"length": 7, "last-generated-id": b"7-0"}

    async def xinfo_groups(self, stream: str) -> list[dict]:
        return [{"name": b"newsflow-quotes", "last-delivered-id": b"5-0", "pending": 2, "lag": 2}]


def value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def get(port: int, path: str, method: str = "GET") -> tuple[int, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    response = await reader.read()
    writer.close()
    head, _, body = response.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def endpoint(redis: FakeRedis, stages: tuple[str, ...]) -> ProbeEndpoint:
    async def ping() -> bool:
        return redis.up

    return ProbeEndpoint(probe_routes(ping, redis, stages))  # type: ignore[arg-type]


def test_each_outcome_moves_its_own_counter_and_the_latency_histogram():
    before = {
        k: value(f"newsflow_messages_{k}_total", stage="t-outcomes")
        for k in ("processed", "failed", "dead_lettered")
    }
    observe("t-outcomes", "processed", 0.2)
    observe("t-outcomes", "processed", 0.3)
    observe("t-outcomes", "failed", 0.1)
    observe("t-outcomes", "dead_lettered")
    after = {k: value(f"newsflow_messages_{k}_total", stage="t-outcomes") for k in before}
    assert {k: after[k] - before[k] for k in before} == {
        "processed": 2,
        "failed": 1,
        "dead_lettered": 1,
    }
    assert value("newsflow_handler_seconds_count", stage="t-outcomes") == 3
    assert abs(value("newsflow_handler_seconds_sum", stage="t-outcomes") - 0.6) < 1e-9


def test_a_dead_letter_after_a_failed_attempt_also_counts_as_a_failure():
    observe("t-dead", "dead_lettered", 0.5)
    assert value("newsflow_messages_dead_lettered_total", stage="t-dead") == 1
    assert value("newsflow_messages_failed_total", stage="t-dead") == 1


async def test_exposition_reports_lag_and_pending_of_the_stage_group():
    text = (await exposition(FakeRedis(), ("quotes",))).decode()  # type: ignore[arg-type]
    assert 'newsflow_stream_unread{stage="quotes",stream="articles.entities"} 2.0' in text
    assert 'newsflow_stream_pending{stage="quotes",stream="articles.entities"} 2.0' in text
    assert 'newsflow_stream_length{stage="quotes",stream="articles.entities"} 7.0' in text


async def test_exposition_still_answers_when_redis_is_down():
    text = (await exposition(FakeRedis(up=False), ())).decode()  # type: ignore[arg-type]
    assert "newsflow_messages_processed_total" in text


async def test_probe_endpoint_serves_metrics_health_and_liveness():
    redis = FakeRedis()
    server = endpoint(redis, ("quotes",))
    port = free_port()
    assert await server.start("127.0.0.1", port)
    try:
        status, body = await get(port, "/metrics")
        assert status == 200 and b"newsflow_stream_unread" in body
        assert (await get(port, "/health")) == (200, b'{"status":"ok"}')
        assert (await get(port, "/health", "HEAD"))[0] == 200
        redis.up = False
        assert (await get(port, "/health")) == (503, b'{"status":"unavailable"}')
        assert (await get(port, "/ready"))[0] == 503
        assert (await get(port, "/live"))[0] == 200
        assert (await get(port, "/nowhere"))[0] == 404
    finally:
        await server.stop()
    with pytest.raises(ConnectionRefusedError):  # stopped with the worker
        await asyncio.open_connection("127.0.0.1", port)


async def test_a_busy_port_leaves_the_worker_running_without_metrics():
    first, second = endpoint(FakeRedis(), ()), endpoint(FakeRedis(), ())
    port = free_port()
    assert await first.start("127.0.0.1", port)
    try:
        assert await second.start("127.0.0.1", port) is False
    finally:
        await first.stop()
