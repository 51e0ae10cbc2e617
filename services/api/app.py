"""The query API over the aggregate store (HTTP, JSON; OpenAPI at /openapi.json).

`create_app` is the only entry point: the caller builds the store (and its Redis client) and
owns their lifetime; nothing connects at import time.
"""

from collections.abc import Awaitable, Callable
from datetime import date
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse
from redis.asyncio import Redis

from services.aggregate.quote_feed import BadCursor
from services.aggregate.rollup import COUNTED_TYPES
from services.aggregate.store import StoreUnavailable, UnknownSpeaker
from services.aggregate.views import (
    EntityCount,
    EntityDetail,
    QuoteView,
    SourceTotals,
    SpeakerCount,
    Totals,
)
from services.api.auth import TokenRequired, document_token
from services.api.dashboard import mount_dashboard
from services.api.headers import SecurityHeaders
from services.api.history import QueryStore
from services.archive.query import ArchiveUnavailable
from services.runtime.metrics import CONTENT_TYPE_LATEST, exposition
from shared.records import ArticleRecord
from shared.streams import STAGES
from shared.timeline import BadDay, parse_day

EntityType = StrEnum("EntityType", {t: t for t in sorted(COUNTED_TYPES)})  # type: ignore[misc]
MAX_LIMIT = 100

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, 1..{MAX_LIMIT}")]
Day = Annotated[
    str | None,
    Query(max_length=64, description="UTC day YYYY-MM-DD (or an ISO date-time: its UTC day)"),
]
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"description": "bad parameter"},
    401: {"description": "API token required"},
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "unknown id"}}


def _window(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    first = parse_day(since) if since else None
    last = parse_day(until) if until else None
    if first and last and first > last:
        raise HTTPException(400, f"since ({since}) is after until ({until})")
    return first, last


def create_app(
    store: QueryStore,
    *,
    redis_ping: Callable[[], Awaitable[bool]],
    api_token: str | None = None,
    streams: Redis | None = None,
) -> FastAPI:
    """The API over `store` (in production a `history.WindowedStore`: Redis for the hot
    window, the archive for older windows); `streams` (a bytes client on the stream Redis)
    feeds the dashboard's `/pipeline` and `/events` (without them those routes do not exist)."""
    app = FastAPI(
        title="newsflow query API",
        summary="Live counts, co-mentions and who-said-what over enriched news articles.",
        version="1",
    )
    if api_token:
        app.add_middleware(TokenRequired, token=api_token)
        plain_openapi = app.openapi

        def openapi_with_token() -> dict[str, Any]:
            if app.openapi_schema is None:
                app.openapi_schema = document_token(plain_openapi())
            return app.openapi_schema

        app.openapi = openapi_with_token  # type: ignore[method-assign]

    app.add_middleware(SecurityHeaders)  # added last, so outermost: a 401 gets them too

    @app.exception_handler(StoreUnavailable)
    @app.exception_handler(ArchiveUnavailable)
    async def _unavailable(_: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=503)

    @app.exception_handler(BadDay)
    @app.exception_handler(BadCursor)
    async def _bad_parameter(_: Request, error: Exception) -> JSONResponse:
        return JSONResponse({"detail": str(error)}, status_code=400)

    @app.get("/health", responses={503: {"description": "Redis does not answer"}})
    async def health() -> JSONResponse:
        """200 when Redis answers, 503 otherwise (never needs the API token)."""
        up = await redis_ping()
        return JSONResponse({"status": "ok" if up else "unavailable"}, 200 if up else 503)

    @app.get("/metrics", include_in_schema=False)
    async def metrics() -> Response:
        """Prometheus text format: this process's metrics, and every stage's lag when the API
        has the stream Redis (`streams`)."""
        body = await exposition(streams, STAGES if streams is not None else ())
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    @app.get("/ready", responses={503: {"description": "not ready"}, **_ERRORS})
    async def ready() -> JSONResponse:
        """200 when the API can answer queries (its store answers), 503 otherwise."""
        up = await redis_ping() and await store.ping()
        return JSONResponse({"status": "ready" if up else "not ready"}, 200 if up else 503)

    @app.get("/entities/top", response_model=list[EntityCount], responses=_ERRORS)
    async def top_entities(
        type: Annotated[EntityType | None, Query(description="entity type")] = None,
        since: Day = None,
        until: Day = None,
        source: Annotated[str | None, Query(max_length=500)] = None,
        limit: Limit = 10,
    ) -> list[EntityCount]:
        """Entities by distinct articles (then mentions, then id), optionally of one type, in
        a window of UTC days (inclusive) and from one source. A window inside the hot window
        is answered from Redis, any other from the archive."""
        first, last = _window(since, until)
        return await store.top_entities(
            type=type.value if type else None,
            since=first,
            until=last,
            source=source,
            limit=limit,
        )

    @app.get(
        "/entities/{entity_id:path}",
        response_model=EntityDetail,
        responses={**_ERRORS, **_NOT_FOUND},
    )
    async def entity(
        entity_id: str,
        since: Day = None,
        until: Day = None,
        co_limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 20,
    ) -> EntityDetail:
        """One entity: aliases, counts per UTC day and per source, top co-mentions, in a
        window of UTC days."""
        first, last = _window(since, until)
        found = await store.entity(entity_id, since=first, until=last, co_limit=co_limit)
        if found is None:
            raise HTTPException(404, f"unknown entity {entity_id!r}")
        return found

    @app.get("/speakers/top", response_model=list[SpeakerCount], responses=_ERRORS)
    async def top_speakers(
        since: Day = None,
        until: Day = None,
        source: Annotated[str | None, Query(max_length=500)] = None,
        limit: Limit = 10,
    ) -> list[SpeakerCount]:
        """Speakers by quotes (then distinct articles, then id), in a window of UTC days."""
        first, last = _window(since, until)
        return await store.top_speakers(since=first, until=last, source=source, limit=limit)

    @app.get(
        "/quotes",
        response_model=list[QuoteView],
        responses={**_ERRORS, 404: {"description": "unknown speaker"}},
    )
    async def quotes(
        request: Request,
        response: Response,
        speaker: Annotated[
            str | None, Query(max_length=500, description="speaker entity id or canonical name")
        ] = None,
        since: Day = None,
        until: Day = None,
        limit: Limit = 20,
        cursor: Annotated[
            str | None, Query(max_length=2000, description="X-Next-Cursor of the previous page")
        ] = None,
    ) -> list[QuoteView]:
        """Quotes newest first, each in output-record form plus `article_id`. When more exist,
        the `X-Next-Cursor` header (and a `Link: rel="next"`) holds the next page's cursor."""
        first, last = _window(since, until)
        try:
            page = await store.quotes(
                speaker=speaker, since=first, until=last, limit=limit, cursor=cursor
            )
        except UnknownSpeaker as error:
            raise HTTPException(404, str(error)) from error
        if page.next_cursor:
            response.headers["X-Next-Cursor"] = page.next_cursor
            params = {k: v for k, v in request.query_params.items() if k != "cursor"}
            query = urlencode({**params, "cursor": page.next_cursor})
            response.headers["Link"] = f'<{request.url.path}?{query}>; rel="next"'
        return page.quotes

    @app.get(
        "/articles/{article_id:path}",
        response_model=ArticleRecord,
        responses={**_ERRORS, **_NOT_FOUND},
    )
    async def article(article_id: str) -> ArticleRecord:
        """The article's output record (its latest version), from the archive."""
        found = await store.article(article_id)
        if found is None:
            raise HTTPException(404, f"unknown article {article_id!r}")
        return found

    @app.get("/sources", response_model=list[SourceTotals], responses=_ERRORS)
    async def sources(
        since: Day = None, until: Day = None, limit: Limit = 50
    ) -> list[SourceTotals]:
        """Sources by distinct articles, with their quote and mention totals."""
        first, last = _window(since, until)
        return await store.sources(since=first, until=last, limit=limit)

    @app.get("/stats", response_model=Totals, responses=_ERRORS)
    async def stats(since: Day = None, until: Day = None) -> Totals:
        """Totals in a window of UTC days (no window: everything)."""
        first, last = _window(since, until)
        return await store.totals(since=first, until=last)

    mount_dashboard(app, streams)
    return app
