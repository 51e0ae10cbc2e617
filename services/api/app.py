"""The query API over the aggregate store (HTTP, JSON; OpenAPI at /openapi.json).

`create_app` is the only entry point: the caller builds the store (and its Redis client) and
owns their lifetime; nothing connects at import time.
"""

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import FastAPI, Query, Request, Response
from fastapi.responses import JSONResponse
from redis.asyncio import Redis

from services.aggregate.rollup import COUNTED_TYPES
from services.aggregate.store import AggregateStore, AmbiguousName, UnknownSpeaker
from services.aggregate.views import (
    ArticleView,
    EntityCount,
    EntityDetail,
    QuoteView,
    SearchResult,
    SourceTotals,
    SpeakerCount,
    Totals,
)
from services.api import errors, rank_cursor
from services.api.auth import TokenRequired, document_token
from services.api.dashboard import mount_dashboard
from services.api.docs import mount_docs
from services.api.headers import SecurityHeaders
from services.api.history import NeedsArchive, QueryStore, UnknownEntity, WindowedStore
from services.api.strict import StrictQueryRoute
from services.runtime.metrics import CONTENT_TYPE_LATEST, exposition
from shared.records import ArticleRecord
from shared.streams import STAGES
from shared.textmatch import words
from shared.timeline import BadDay, parse_day

DESCRIPTION = """Counts, co-mentions, quotes and articles over enriched news articles.

**Errors.** Every error answer has one shape:
`{"error": {"code": "...", "message": "...", "param": "..." | null}}`. Codes:
`bad_parameter` and `unknown_parameter` (400: `param` names it), `token_required` (401),
`not_found` (404), `unavailable` (503: Redis or the archive does not answer).

**Filters.** List routes take `since`/`until` (inclusive UTC days, `YYYY-MM-DD`) and `source`
(one outlet, exact); `speaker`/`entity` take an id, a canonical name, or a surname/alias only
one of them has. A parameter a route does not take is a 400 `unknown_parameter`.

**Paging.** Lists are JSON arrays; when more exist, the `X-Next-Cursor` header (and a
`Link: rel="next"` header) holds the cursor of the next page.
"""

MAX_LIMIT = 100
#: how deep a ranked list (/entities/top, /speakers/top, /sources) pages with its cursor
MAX_RANK = 1000
TYPES = ", ".join(sorted(COUNTED_TYPES))

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, 1..{MAX_LIMIT}")]
Day = Annotated[
    str | None,
    Query(max_length=64, description="UTC day YYYY-MM-DD (or an ISO date-time: its UTC day)"),
]
Source = Annotated[
    str | None, Query(max_length=500, description="one outlet, exactly as the articles name it")
]
Cursor = Annotated[
    str | None, Query(max_length=2000, description="X-Next-Cursor of the previous page")
]
SpeakerName = Annotated[
    str | None,
    Query(
        max_length=500,
        description="a speaker: entity id, canonical name, or a surname only one speaker has",
    ),
]
EntityName = Annotated[
    str | None,
    Query(
        max_length=500,
        description="an entity: id, canonical name, or an alias only one entity has",
    ),
]
_ERRORS = errors.responses(400, 401, 503)
_NOT_FOUND = errors.responses(404)


def _day(param: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return parse_day(value)
    except BadDay as error:
        raise errors.bad_parameter(param, f"{param}: {error}") from error


def _window(since: str | None, until: str | None) -> tuple[date | None, date | None]:
    first, last = _day("since", since), _day("until", until)
    if first and last and first > last:
        raise errors.bad_parameter("until", f"since ({since}) is after until ({until})")
    return first, last


def _type(value: str | None) -> str | None:
    if value is None:
        return None
    upper = value.strip().upper()
    if upper not in COUNTED_TYPES:
        raise errors.bad_parameter("type", f"type: {value!r} is not one of {TYPES} (any case)")
    return upper


def _offset(cursor: str | None, limit: int) -> int:
    """Where a ranked list's page starts."""
    if not cursor:
        return 0
    offset = rank_cursor.offset(cursor)
    if offset + limit > MAX_RANK:
        raise errors.bad_parameter("cursor", f"ranked lists page down to rank {MAX_RANK} only")
    return offset


def _page_headers(request: Request, response: Response, next_cursor: str | None) -> None:
    """`X-Next-Cursor` and `Link: rel="next"` when there is a next page."""
    if next_cursor:
        response.headers["X-Next-Cursor"] = next_cursor
        params = {k: v for k, v in request.query_params.items() if k != "cursor"}
        query = urlencode({**params, "cursor": next_cursor})
        response.headers["Link"] = f'<{request.url.path}?{query}>; rel="next"'


def _ranked_page(
    request: Request, response: Response, rows: list[Any], offset: int, limit: int
) -> list[Any]:
    """The page of a ranked list fetched down to `offset + limit + 1`."""
    more = len(rows) > offset + limit and offset + limit < MAX_RANK
    _page_headers(request, response, rank_cursor.cursor(offset + limit) if more else None)
    return rows[offset : offset + limit]


def create_app(
    store: QueryStore | AggregateStore,
    *,
    redis_ping: Callable[[], Awaitable[bool]],
    api_token: str | None = None,
    streams: Redis | None = None,
) -> FastAPI:
    """The API over `store` (in production a `history.WindowedStore`: Redis for the hot
    window, the archive for older windows); `streams` (a bytes client on the stream Redis)
    feeds the dashboard's `/pipeline` and `/events` (without them those routes do not exist)."""
    if not isinstance(store, WindowedStore):  # a bare store (tests, demos): no archive
        store = WindowedStore(store, None, hot_days=None)
    app = FastAPI(
        title="newsflow query API",
        summary="Live counts, co-mentions and who-said-what over enriched news articles.",
        description=DESCRIPTION,
        version="1",
        docs_url=None,
        redoc_url=None,
    )
    app.router.route_class = StrictQueryRoute
    mount_docs(app)
    plain = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = errors.without_422(plain())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    if api_token:
        app.add_middleware(TokenRequired, token=api_token)
        plain_openapi = app.openapi

        def openapi_with_token() -> dict[str, Any]:
            if app.openapi_schema is None:
                app.openapi_schema = document_token(plain_openapi())
            return app.openapi_schema

        app.openapi = openapi_with_token  # type: ignore[method-assign]

    app.add_middleware(SecurityHeaders)  # added last, so outermost: a 401 gets them too
    errors.install(app)

    @app.exception_handler(UnknownSpeaker)
    async def _unknown_speaker(_: Request, error: Exception) -> JSONResponse:
        return errors.error_response(404, "not_found", str(error), "speaker")

    @app.exception_handler(UnknownEntity)
    async def _unknown_entity(_: Request, error: Exception) -> JSONResponse:
        return errors.error_response(404, "not_found", str(error), "entity")

    @app.exception_handler(AmbiguousName)
    async def _ambiguous(request: Request, error: AmbiguousName) -> JSONResponse:
        params = request.query_params
        param = next((p for p in ("speaker", "entity") if params.get(p) == error.name), None)
        return errors.error_response(400, "bad_parameter", f"{param}: {error}", param)

    @app.exception_handler(NeedsArchive)
    async def _needs_archive(_: Request, error: Exception) -> JSONResponse:
        return errors.error_response(503, "unavailable", str(error), "source")

    @app.get("/health", responses=errors.responses(503))
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

    @app.get("/ready", responses=_ERRORS)
    async def ready() -> JSONResponse:
        """200 when the API can answer queries (its store answers), 503 otherwise."""
        up = await redis_ping() and await store.ping()
        return JSONResponse({"status": "ready" if up else "not ready"}, 200 if up else 503)

    @app.get("/entities/top", response_model=list[EntityCount], responses=_ERRORS)
    async def top_entities(
        request: Request,
        response: Response,
        type: Annotated[
            str | None, Query(max_length=20, description=f"entity type ({TYPES}), any case")
        ] = None,
        since: Day = None,
        until: Day = None,
        source: Source = None,
        limit: Limit = 10,
        cursor: Cursor = None,
    ) -> list[EntityCount]:
        """Entities by distinct articles (then mentions, then id), optionally of one type, in
        a window of UTC days (inclusive) and from one source. A window inside the hot window
        is answered from Redis, any other from the archive. Pages (down to rank 1000) with
        `X-Next-Cursor` / `Link: rel="next"`."""
        first, last = _window(since, until)
        offset = _offset(cursor, limit)
        rows = await store.top_entities(
            type=_type(type), since=first, until=last, source=source, limit=offset + limit + 1
        )
        return _ranked_page(request, response, rows, offset, limit)

    @app.get(
        "/entities/{entity_id:path}",
        response_model=EntityDetail,
        responses={**_ERRORS, **_NOT_FOUND},
    )
    async def entity(
        entity_id: str,
        since: Day = None,
        until: Day = None,
        source: Source = None,
        co_limit: Annotated[int, Query(ge=0, le=MAX_LIMIT)] = 20,
    ) -> EntityDetail:
        """One entity: aliases, counts per UTC day and per source, top co-mentions, in a
        window of UTC days, optionally within one source (answered from the archive)."""
        first, last = _window(since, until)
        found = await store.entity_in(
            entity_id, since=first, until=last, source=source, co_limit=co_limit
        )
        if found is None:
            raise errors.ApiError(404, "not_found", f"unknown entity {entity_id!r}", "entity_id")
        return found

    @app.get("/speakers/top", response_model=list[SpeakerCount], responses=_ERRORS)
    async def top_speakers(
        request: Request,
        response: Response,
        since: Day = None,
        until: Day = None,
        source: Source = None,
        limit: Limit = 10,
        cursor: Cursor = None,
    ) -> list[SpeakerCount]:
        """Speakers by quotes (then distinct articles, then id), in a window of UTC days."""
        first, last = _window(since, until)
        offset = _offset(cursor, limit)
        rows = await store.top_speakers(
            since=first, until=last, source=source, limit=offset + limit + 1
        )
        return _ranked_page(request, response, rows, offset, limit)

    @app.get("/quotes", response_model=list[QuoteView], responses={**_ERRORS, **_NOT_FOUND})
    async def quotes(
        request: Request,
        response: Response,
        speaker: SpeakerName = None,
        entity: EntityName = None,
        source: Source = None,
        q: Annotated[
            str | None,
            Query(min_length=1, max_length=200, description="words the quote holds (prefixes)"),
        ] = None,
        since: Day = None,
        until: Day = None,
        limit: Limit = 20,
        cursor: Cursor = None,
    ) -> list[QuoteView]:
        """Attributed quotes newest first, each in output-record form plus its article's
        `article_id`, `source`, `published_at`, `title` and `url`; by a speaker, from articles
        naming an entity, from one source, holding words. When more exist, the
        `X-Next-Cursor` header (and a `Link: rel="next"`) holds the next page's cursor."""
        first, last = _window(since, until)
        page = await store.filtered_quotes(
            speaker=speaker,
            entity=entity,
            source=source,
            q=q,
            since=first,
            until=last,
            limit=limit,
            cursor=cursor,
        )
        _page_headers(request, response, page.next_cursor)
        return page.quotes

    @app.get("/articles", response_model=list[ArticleView], responses={**_ERRORS, **_NOT_FOUND})
    async def articles(
        request: Request,
        response: Response,
        since: Day = None,
        until: Day = None,
        source: Source = None,
        entity: EntityName = None,
        speaker: SpeakerName = None,
        limit: Limit = 20,
        cursor: Cursor = None,
    ) -> list[ArticleView]:
        """Articles newest first (article time, then id): headline fields, counts and the
        people named; those naming an entity, quoting a speaker, from one source, in a window.
        Answered from the archive: an article is listed once its batch is written
        (`NEWSFLOW_ARCHIVE_FLUSH_S`). Pages with `X-Next-Cursor` / `Link: rel="next"`."""
        first, last = _window(since, until)
        page = await store.articles(
            since=first,
            until=last,
            source=source,
            entity=entity,
            speaker=speaker,
            limit=limit,
            cursor=cursor,
        )
        _page_headers(request, response, page.next_cursor)
        return page.articles

    @app.get(
        "/articles/{article_id:path}",
        response_model=ArticleRecord,
        responses={**_ERRORS, **_NOT_FOUND},
    )
    async def article(article_id: str) -> ArticleRecord:
        """The article's output record (its latest version), from the archive."""
        found = await store.article(article_id)
        if found is None:
            raise errors.ApiError(404, "not_found", f"unknown article {article_id!r}", "article_id")
        return found

    @app.get("/search", response_model=SearchResult, responses=_ERRORS)
    async def search(
        q: Annotated[
            str,
            Query(
                min_length=1,
                max_length=200,
                description="words: entity names and aliases, speaker names and quote text "
                "match when each word begins one of theirs (any case, any accents)",
            ),
        ],
        since: Day = None,
        until: Day = None,
        source: Source = None,
        limit: Limit = 10,
    ) -> SearchResult:
        """Entities (by name or alias), speakers (by name) and quotes (by words), each list
        at most `limit` long: entities by articles, speakers by quotes, quotes newest first."""
        first, last = _window(since, until)
        if not words(q):
            raise errors.bad_parameter("q", f"q: {q!r} holds no letter or digit")
        return await store.search(q, since=first, until=last, source=source, limit=limit)

    @app.get("/sources", response_model=list[SourceTotals], responses=_ERRORS)
    async def sources(
        request: Request,
        response: Response,
        since: Day = None,
        until: Day = None,
        source: Source = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> list[SourceTotals]:
        """Sources by distinct articles, with their quote and mention totals (`source`: that
        one only)."""
        first, last = _window(since, until)
        if source:
            rows = await store.sources(since=first, until=last, limit=MAX_RANK)
            return [r for r in rows if r.source == source]
        offset = _offset(cursor, limit)
        rows = await store.sources(since=first, until=last, limit=offset + limit + 1)
        return _ranked_page(request, response, rows, offset, limit)

    @app.get("/stats", response_model=Totals, responses=_ERRORS)
    async def stats(since: Day = None, until: Day = None, source: Source = None) -> Totals:
        """Totals in a window of UTC days (no window: everything), optionally of one source."""
        first, last = _window(since, until)
        return await store.totals(since=first, until=last, source=source)

    mount_dashboard(app, streams)
    return app
