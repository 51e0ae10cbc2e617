"""Optional OpenTelemetry tracing through the streams (`NEWSFLOW_OTEL=1`).

FastStream's `RedisTelemetryMiddleware` opens a span per consumed and per published message and
carries the trace context in the message headers, so one article's trace runs across the
internal streams. The public streams are plain entries written without FastStream's publisher
(`services.runtime.public`), which carry no trace context: the aggregate stage's spans start a
trace of their own. The spans go to the process's global tracer provider: run the worker under
`opentelemetry-instrument` (package `opentelemetry-distro` plus an exporter) with the usual
`OTEL_*` variables. Without the OpenTelemetry packages this is a no-op with one log line.
"""

import logging

from faststream.redis import RedisBroker

log = logging.getLogger("newsflow.tracing")


def enable_tracing(broker: RedisBroker, enabled: bool) -> bool:
    """Add the telemetry middleware to `broker` when `enabled`; True if tracing is on."""
    if not enabled:
        return False
    try:
        from faststream.redis.opentelemetry import RedisTelemetryMiddleware
    except ImportError as error:
        log.warning("NEWSFLOW_OTEL=1 but OpenTelemetry is not installed (%s): no traces", error)
        return False
    broker.add_middleware(RedisTelemetryMiddleware())
    return True
