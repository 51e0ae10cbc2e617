"""Routes that refuse query parameters they do not take (400 `unknown_parameter`), so a typo
or a filter a route does not have (`/sources?type=PERSON`) is never silently ignored."""

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from services.api.errors import ApiError


def _query_names(dependant: Dependant) -> set[str]:
    """The query parameter names a route takes, its dependencies' included."""
    names = {field.alias for field in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


class StrictQueryRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        known = _query_names(self.dependant)

        async def strict(request: Request) -> Response:
            for name in request.query_params:
                if name not in known:
                    takes = ", ".join(sorted(known)) or "none"
                    raise ApiError(
                        400,
                        "unknown_parameter",
                        f"unknown parameter {name!r} for {self.path} (it takes: {takes})",
                        name,
                    )
            return await handler(request)

        return strict
