"""The live dashboard: the page at `/`, its static assets under `/static/`, and the two routes
only it needs (`/pipeline`, `/events`), which read the streams through their own Redis client.

The page and its assets are public (they hold no data); every data route keeps the API token.
"""

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from redis.asyncio import Redis

from services.api.events import events_router
from services.api.pipeline import pipeline_router

STATIC = Path(__file__).resolve().parent / "static"


def _page_router() -> APIRouter:
    router = APIRouter()

    @router.get("/", include_in_schema=False)
    async def page() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    @router.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> FileResponse:
        return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")

    return router


def mount_dashboard(app: FastAPI, streams: Redis | None) -> None:
    """Adds the page and its assets to `app`, and `/pipeline` and `/events` when `streams` (a
    bytes Redis client on the stream Redis) is given; the page copes without those two."""
    app.include_router(_page_router())
    if streams is not None:
        app.include_router(pipeline_router(streams), tags=["dashboard"])
        app.include_router(events_router(streams), tags=["dashboard"])
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
