"""A worker's HTTP endpoint (`NEWSFLOW_METRICS_PORT`): `/metrics`, `/health` and `/ready` (200
when the broker's Redis answers, else 503), `/live` (200 while the event loop answers).

The routes are FastStream ASGI handlers on an `AsgiFastStream`, served by uvicorn on the
worker's own event loop (the handlers' heavy work runs in threads, so the probes answer while
an article is parsed). Two things FastStream's defaults would change, settled here:
- `AsgiFastStream.run` hands the whole process to uvicorn, which then owns the signals and the
  start-up: a clean SIGTERM stop exits -15 (uvicorn raises the signal again once stopped) and a
  start-up error (a model not installed) becomes a logged traceback and exit 3 instead of one
  line and exit 2. So the FastStream app keeps running the worker, and uvicorn serves only the
  routes (no lifespan, no signals) from the app's start-up to its shutdown.
- `make_ping_asgi` answers 204 or 500; these answer 200 or 503, as the API's `/health` does
  and the probes, the compose health check and the dashboards expect.
"""

import asyncio
import contextlib
import logging
import socket
from collections.abc import Awaitable, Callable, Iterator

import uvicorn
from faststream.asgi import AsgiFastStream, AsgiResponse, get
from faststream.asgi.types import ASGIApp, Scope
from redis.asyncio import Redis

from services.runtime.metrics import CONTENT_TYPE_LATEST, exposition

log = logging.getLogger("newsflow.metrics")

_JSON = {"content-type": "application/json"}
_UP = AsgiResponse(b'{"status":"ok"}', 200, headers=_JSON)
_DOWN = AsgiResponse(b'{"status":"unavailable"}', 503, headers=_JSON)


def probe_routes(
    ping: Callable[[], Awaitable[bool]], redis: Redis, stages: tuple[str, ...]
) -> list[tuple[str, ASGIApp]]:
    """The routes: `ping` says whether the broker's Redis answers; `redis` is read for the lag
    gauges of every one of `stages` at each scrape."""

    @get(include_in_schema=False)
    async def metrics(scope: Scope) -> AsgiResponse:
        body = await exposition(redis, stages)
        return AsgiResponse(body, 200, headers={"content-type": CONTENT_TYPE_LATEST})

    @get(include_in_schema=False)
    async def health(scope: Scope) -> AsgiResponse:
        return _UP if await ping() else _DOWN

    @get(include_in_schema=False)
    async def live(scope: Scope) -> AsgiResponse:
        return _UP

    return [("/metrics", metrics), ("/health", health), ("/ready", health), ("/live", live)]


class _RoutesOnly(uvicorn.Server):
    """uvicorn serving routes beside a FastStream app that owns the process's signals."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class ProbeEndpoint:
    """`start` binds the port and serves `routes` until `stop`; a port that cannot be bound
    leaves the worker running without the endpoint (one warning)."""

    def __init__(self, routes: list[tuple[str, ASGIApp]]) -> None:
        self.app = AsgiFastStream(asgi_routes=routes, logger=log)
        self.server: _RoutesOnly | None = None
        self.serving: asyncio.Task[None] | None = None

    async def start(self, host: str, port: int) -> bool:
        try:
            sock = socket.create_server((host, port), reuse_port=False)
        except OSError as error:
            log.warning("metrics endpoint not started on %s:%d: %s", host, port, error)
            return False
        config = uvicorn.Config(
            self.app, lifespan="off", log_config=None, access_log=False, log_level="warning"
        )
        self.server = _RoutesOnly(config)
        self.serving = asyncio.create_task(self.server.serve(sockets=[sock]))
        log.info("metrics and health on http://%s:%d/metrics", host, port)
        return True

    async def stop(self) -> None:
        if self.server is not None and self.serving is not None:
            self.server.should_exit = True
            await self.serving
