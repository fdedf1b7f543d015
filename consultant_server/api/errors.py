"""Every error answer has the body ``{"error": code, "message": text}``, validation included."""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from consultant_server.errors import (
    AuthenticationError,
    ClientTooOldError,
    ConflictError,
    DatabaseUnavailableError,
    ForbiddenError,
    InvalidCursorError,
    InvalidInputError,
    NotFoundError,
    RebootstrapError,
    ServerError,
)
from consultant_server.services.transient import is_transient

log = logging.getLogger(__name__)

STATUS: dict[type[ServerError], int] = {
    InvalidCursorError: 400,
    AuthenticationError: 401,
    ForbiddenError: 403,
    NotFoundError: 404,
    ConflictError: 409,
    RebootstrapError: 410,
    InvalidInputError: 422,
    ClientTooOldError: 426,
    DatabaseUnavailableError: 503,
}


def error_response(
    status: int, code: str, message: str, *, headers: Mapping[str, str] | None = None, **extra: Any
) -> JSONResponse:
    """A JSON error answer with the common body."""
    return JSONResponse({"error": code, "message": message, **extra}, status, headers=headers)


def status_code(code: int) -> str:
    """A stable code for an HTTP status: 404 → "not_found", 413 → "content_too_large"."""
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        return f"http_{code}"
    return re.sub(r"[^a-z0-9]+", "_", phrase.lower()).strip("_")


def install(app: FastAPI) -> None:
    """Register the handlers that give every error the common body."""
    app.add_exception_handler(ServerError, _server_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(SQLAlchemyError, _database_error)
    app.add_exception_handler(Exception, _unexpected)


async def _server_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ServerError)
    status = next((s for cls, s in STATUS.items() if isinstance(exc, cls)), 500)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return error_response(status, exc.code, exc.message, headers=headers, **exc.extra())


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    """503 for a database that is down or timed out (clients retry); 500 for anything else."""
    if is_transient(exc):
        log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
        unavailable = DatabaseUnavailableError()
        return error_response(503, unavailable.code, unavailable.message)
    return await _unexpected(request, exc)


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    return error_response(
        exc.status_code, status_code(exc.status_code), message, headers=exc.headers
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = list(exc.errors())
    for problem in problems:
        if problem.get("type") == "json_invalid":
            detail = problem.get("ctx", {}).get("error", "")
            return error_response(
                400, "malformed_json", f"the request body is not valid JSON: {detail}".strip()
            )
    fields: dict[str, str] = {}
    for problem in problems:
        location = [str(p) for p in problem.get("loc", ()) if p != "body"]
        fields[".".join(location) or "body"] = str(problem.get("msg", "invalid"))
    message = "; ".join(f"{name}: {text}" for name, text in fields.items())
    return error_response(422, "invalid_request", message, fields=fields)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal_error", "the server failed; try again later")
