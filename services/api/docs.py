"""The interactive API documentation, served from the package: Swagger UI at `/docs` and ReDoc
at `/redoc`, both working with no network but this server's (their files are vendored under
`docs_assets/`, with their licences, from the npm packages `swagger-ui-dist` and `redoc`).

The pages hold no inline script (the content security policy forbids it): each loads its
bundle and a small start-up script of ours from `/docs-assets/`. Public like the dashboard's
assets: they hold no data.
"""

from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = Path(__file__).resolve().parent / "docs_assets"
PREFIX = "/docs-assets"

_SWAGGER = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>newsflow query API: Swagger UI</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="{PREFIX}/swagger-ui.css">
<link rel="icon" href="/favicon.ico">
</head><body>
<div id="swagger-ui" data-openapi="/openapi.json"></div>
<script src="{PREFIX}/swagger-ui-bundle.js"></script>
<script src="{PREFIX}/swagger-init.js"></script>
</body></html>
"""

_REDOC = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>newsflow query API: ReDoc</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="/favicon.ico">
</head><body>
<div id="redoc" data-openapi="/openapi.json"></div>
<script src="{PREFIX}/redoc.standalone.js"></script>
<script src="{PREFIX}/redoc-init.js"></script>
</body></html>
"""


def mount_docs(app: FastAPI) -> None:
    """Adds `/docs`, `/redoc` and their assets under `/docs-assets/` to `app`."""
    router = APIRouter()

    @router.get("/docs", include_in_schema=False)
    async def swagger() -> HTMLResponse:
        return HTMLResponse(_SWAGGER)

    @router.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return HTMLResponse(_REDOC)

    app.include_router(router)
    app.mount(PREFIX, StaticFiles(directory=ASSETS), name="docs-assets")
