"""Security headers on every response of the API and the dashboard.

The dashboard ships its own script, style sheet and icon and talks only to this origin, so
the policy allows nothing else: no inline script or style attribute, no other origin, no
framing (clickjacking), no plugin content. `nosniff` keeps a browser from running a JSON or
text answer as a script; `no-referrer` keeps a `?token=` in the address bar from leaking
through links. The interactive docs (`/docs`, `/redoc`) load their vendored bundles from
this server too (`services/api/docs.py`): their policy differs only in allowing style
attributes and `<style>` elements (Swagger UI and ReDoc style through them) and ReDoc's
search worker (a `blob:` URL); no other origin, no inline script.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; worker-src 'self' blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")
COMMON = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)


class SecurityHeaders:
    """ASGI middleware: the headers above on every HTTP response (a header the app set itself
    is left as it is)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        docs = scope.get("path", "").startswith(DOCS_PATHS)
        added = (*COMMON, (b"content-security-policy", (DOCS_CSP if docs else CSP).encode()))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in added if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
