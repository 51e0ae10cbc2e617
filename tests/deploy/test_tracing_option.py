"""NEWSFLOW_OTEL=1 adds FastStream's Redis telemetry middleware when OpenTelemetry is installed,
and is a logged no-op when it is not."""

import sys
import types

from services.runtime.broker import make_broker
from services.runtime.tracing import enable_tracing

URL = "redis://127.0.0.1:1/0"  # never connected: middlewares are set before start


class FakeTelemetryMiddleware:
    def __init__(self, *args: object, **kwargs: object) -> None:
        self.args = args


def test_tracing_is_off_unless_asked_for():
    broker = make_broker(URL)
    assert enable_tracing(broker, False) is False
    assert list(broker.middlewares) == []


def test_tracing_adds_the_telemetry_middleware_when_opentelemetry_is_there(monkeypatch):
    module = types.ModuleType("faststream.redis.opentelemetry")
    module.RedisTelemetryMiddleware = FakeTelemetryMiddleware  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "faststream.redis.opentelemetry", module)
    broker = make_broker(URL)
    assert enable_tracing(broker, True) is True
    assert [type(m) for m in broker.middlewares] == [FakeTelemetryMiddleware]


def test_tracing_without_opentelemetry_says_so_and_changes_nothing(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "faststream.redis.opentelemetry", None)
    broker = make_broker(URL)
    assert enable_tracing(broker, True) is False
    assert list(broker.middlewares) == []
    assert "OpenTelemetry is not installed" in caplog.text
