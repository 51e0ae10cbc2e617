"""The optional API token: when set, every route but `/health` and the dashboard page (`/`,
`/static/`) requires it, sent either as
`Authorization: Bearer <token>` or as `X-API-Token: <token>`."""

import hmac
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

OPEN_PATHS = frozenset({"/health", "/", "/favicon.ico"})
#: the dashboard's and the docs' static assets hold no data: public like the page itself
OPEN_PREFIXES = ("/static/", "/docs-assets/")


def _presented(scope: Scope) -> bytes | None:
    """The token the request carries, as the bytes on the wire: HTTP header values are bytes,
    and a token set as UTF-8 text (`NEWSFLOW_API_TOKEN=clé`) arrives as its UTF-8 bytes, so
    the comparison is between bytes, never between two decodings of them."""
    headers = {k.lower(): v for k, v in scope["headers"]}
    token = headers.get(b"x-api-token")
    if token is None:
        scheme, _, value = headers.get(b"authorization", b"").partition(b" ")
        token = value.strip() if scheme.lower() == b"bearer" else None
    return token


def document_token(schema: dict[str, Any]) -> dict[str, Any]:
    """`schema` (OpenAPI) saying that every operation but /health needs the token."""
    schema.setdefault("components", {})["securitySchemes"] = {
        "bearer": {"type": "http", "scheme": "bearer"},
        "apiToken": {"type": "apiKey", "in": "header", "name": "X-API-Token"},
    }
    for path, operations in schema.get("paths", {}).items():
        if path not in OPEN_PATHS:
            for operation in operations.values():
                operation["security"] = [{"bearer": []}, {"apiToken": []}]
    return schema


class TokenRequired:
    """ASGI middleware: 401 unless the request carries `token`."""

    def __init__(self, app: ASGIApp, *, token: str) -> None:
        self.app, self.token = app, token.encode("utf-8")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (
            scope["type"] == "http"
            and path not in OPEN_PATHS
            and not path.startswith(OPEN_PREFIXES)
        ):
            presented = _presented(scope)
            if presented is None or not hmac.compare_digest(presented, self.token):
                response = JSONResponse(
                    {
                        "error": {
                            "code": "token_required",
                            "message": "missing or wrong API token: send 'Authorization: Bearer"
                            " <token>' or 'X-API-Token: <token>'",
                            "param": None,
                        }
                    },
                    status_code=401,
                    headers={"WWW-Authenticate": "Bearer"},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
