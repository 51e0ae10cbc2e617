"""The API's one error shape, and the handlers that turn every failure into it.

Every error answer (400, 401, 404, 405, 503) has the body

    {"error": {"code": "<snake_case>", "message": "<one line>", "param": "<name> | null"}}

`code` is stable (clients branch on it), `message` is for people and names the bad input,
`param` names the query or path parameter at fault (null when none is). FastAPI's own 422
for a parameter that fails validation becomes a 400 `bad_parameter` here.
"""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict
from starlette.exceptions import HTTPException

from services.aggregate.quote_feed import BadCursor
from services.aggregate.store import StoreUnavailable
from services.archive.query import ArchiveUnavailable

#: the codes the API answers with, by HTTP status
CODES = {
    400: ("bad_parameter", "unknown_parameter"),
    401: ("token_required",),
    404: ("not_found",),
    405: ("method_not_allowed",),
    503: ("unavailable",),
}
_BY_STATUS = {400: "bad_parameter", 401: "token_required", 404: "not_found",
              405: "method_not_allowed", 503: "unavailable"}  # fmt: skip


class ErrorDetail(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    message: str
    param: str | None = None


class ErrorBody(BaseModel):
    """What every error answer holds."""

    model_config = ConfigDict(frozen=True)

    error: ErrorDetail


class ApiError(Exception):
    """An error answer: `status`, a stable `code`, a one-line `message`, the `param` at fault."""

    def __init__(self, status: int, code: str, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.param = status, code, message, param


def bad_parameter(param: str, message: str) -> ApiError:
    return ApiError(400, "bad_parameter", message, param)


def error_body(code: str, message: str, param: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "param": param}}


def error_response(
    status: int, code: str, message: str, param: str | None = None, **kw: Any
) -> JSONResponse:
    return JSONResponse(error_body(code, message, param), status_code=status, **kw)


def _validation_message(error: dict[str, Any]) -> tuple[str | None, str]:
    """(param, one line) for pydantic's first complaint about a request."""
    loc = [str(part) for part in error.get("loc", ())]
    param = loc[-1] if len(loc) > 1 else None
    value = error.get("input")
    said = str(error.get("msg", "invalid value")).rstrip(".")
    shown = f" (got {value!r})" if isinstance(value, str | int | float) else ""
    return param, f"{param or 'request'}: {said[:1].lower()}{said[1:]}{shown}"


def responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for these error statuses, each with the error shape."""
    what = {
        400: "bad or unknown parameter (codes bad_parameter, unknown_parameter)",
        401: "API token required (code token_required)",
        404: "not found (code not_found)",
        503: "the store or the archive does not answer (code unavailable)",
    }
    return {s: {"model": ErrorBody, "description": what[s]} for s in statuses}


def install(app: FastAPI) -> None:
    """Registers the handlers that answer every error in the one shape."""

    @app.exception_handler(ApiError)
    async def _api_error(_: Request, error: ApiError) -> JSONResponse:
        return error_response(error.status, error.code, error.message, error.param)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, error: RequestValidationError) -> JSONResponse:
        param, message = _validation_message(error.errors()[0] if error.errors() else {})
        return error_response(400, "bad_parameter", message, param)

    @app.exception_handler(HTTPException)
    async def _http(_: Request, error: HTTPException) -> JSONResponse:
        code = _BY_STATUS.get(error.status_code, "error")
        message = str(error.detail) if error.detail else code
        if error.status_code == 404 and message == "Not Found":
            message = "no such route"
        return error_response(error.status_code, code, message, headers=error.headers)

    @app.exception_handler(BadCursor)
    async def _bad_cursor(_: Request, error: Exception) -> JSONResponse:
        return error_response(400, "bad_parameter", str(error), "cursor")

    @app.exception_handler(StoreUnavailable)
    @app.exception_handler(ArchiveUnavailable)
    async def _unavailable(_: Request, error: Exception) -> JSONResponse:
        return error_response(503, "unavailable", str(error).splitlines()[0] or "unavailable")


def without_422(schema: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document without FastAPI's 422 answers (this API answers 400 instead)."""
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            operation.get("responses", {}).pop("422", None)
    for name in ("HTTPValidationError", "ValidationError"):
        schema.get("components", {}).get("schemas", {}).pop(name, None)
    return schema
