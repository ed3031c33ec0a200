"""Errors as RFC 9457 problem details (``application/problem+json``), for every status."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any, cast

from litestar import Request, Response
from litestar.exceptions import (
    HTTPException,
    MethodNotAllowedException,
    NotFoundException,
    ValidationException,
)
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

import picum

from ._bodies import ProblemDetails
from ._http import ALLOW, PROBLEM_JSON
from ._versions import VERSIONS


logger = logging.getLogger(__name__)


def problem_document(status: int, detail: str, instance: str) -> bytes:
    """Encode a problem document: the status, its phrase as the title, and what went wrong."""
    document = ProblemDetails(
        type="about:blank",
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=instance,
    )
    return picum.dumps(document)


def not_found_detail(path: str) -> str:
    """Say that there is nothing at *path*, and where the API's index is."""
    return f"there is no resource at {path}; the API's index is at {VERSIONS[-1].prefix}"


def method_not_allowed_detail(method: str, path: str) -> str:
    """Say that *method* is not allowed on *path*, and which methods are."""
    return f"{method} is not allowed on {path}; allowed: {ALLOW}"


#: The headers of every problem document.
PROBLEM_HEADERS = {"Cache-Control": "no-store"}


def problem(
    request: Request[Any, Any, Any], status: int, detail: str, headers: dict[str, str] | None = None
) -> Response[bytes]:
    """Answer with a problem document."""
    return Response(
        problem_document(status, detail, request.url.path),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers={**(headers or {}), **PROBLEM_HEADERS},
    )


def _detail(request: Request[Any, Any, Any], exc: HTTPException) -> str:
    if isinstance(exc, ValidationException) and isinstance(exc.extra, list):
        errors = [
            cast("dict[str, object]", error) for error in exc.extra if isinstance(error, dict)
        ]
        return "; ".join(
            f"{error.get('key', 'request')}: {error.get('message', 'invalid')}" for error in errors
        ) or str(exc.detail)
    if isinstance(exc, MethodNotAllowedException):
        return method_not_allowed_detail(request.method, request.url.path)
    if isinstance(exc, NotFoundException) and exc.detail == HTTPStatus.NOT_FOUND.phrase:
        return not_found_detail(request.url.path)
    return str(exc.detail)


def http_exception_handler(request: Request[Any, Any, Any], exc: HTTPException) -> Response[bytes]:
    """Turn Litestar's HTTP exceptions (400, 404, 405, 406, ...) into problem documents."""
    if exc.status_code >= HTTP_500_INTERNAL_SERVER_ERROR:
        return _server_error(request, exc, exc.status_code)
    headers = {"Allow": ALLOW} if isinstance(exc, MethodNotAllowedException) else exc.headers
    return problem(request, exc.status_code, _detail(request, exc), headers)


def internal_error_handler(request: Request[Any, Any, Any], exc: Exception) -> Response[bytes]:
    """Answer any other exception with a 500 problem document."""
    return _server_error(request, exc, HTTP_500_INTERNAL_SERVER_ERROR)


def _server_error(request: Request[Any, Any, Any], exc: Exception, status: int) -> Response[bytes]:
    # The details are for the log: a client learns only that it was the server's fault.
    logger.error("unexpected error answering %s %s", request.method, request.url.path, exc_info=exc)
    return problem(request, status, "the server met an unexpected error; it has been logged")
