"""Errors as RFC 9457 problem details (``application/problem+json``), for every status."""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, cast

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


if TYPE_CHECKING:
    from litestar.types import HTTPScope

logger = logging.getLogger(__name__)

#: The longest `instance` a problem document gives, in characters.
MAX_INSTANCE = 256
# What a request target may hold as it is (RFC 3986: unreserved, sub-delims, ":", "@", "/", "?",
# and "%" that begins a percent-encoding); every other byte is percent-encoded.
_TO_ENCODE = re.compile(rb"[^A-Za-z0-9\-._~!$&'()*+,;=:@/?%]|%(?![0-9A-Fa-f]{2})")
# A percent-encoding cut short by the limit on the length.
_CUT_ESCAPE = re.compile(r"%[0-9A-Fa-f]?$")


def uri_reference(target: bytes) -> str:
    """Make the `instance` of a problem: the request *target* as received, as a URI reference.

    Every byte a URI may not hold as it is (a space, ``"``, a control character, a byte over
    127, a ``%`` that begins no percent-encoding) is percent-encoded (RFC 3986, 2.1), and the
    reference is cut to `MAX_INSTANCE` characters, never inside a percent-encoding.
    """
    # Each byte gives a character at least: those past the limit are not worth encoding.
    encoded = _TO_ENCODE.sub(lambda byte: b"%%%02X" % byte[0][0], target[:MAX_INSTANCE]).decode(
        "ascii"
    )
    if len(encoded) <= MAX_INSTANCE:
        return encoded
    return _CUT_ESCAPE.sub("", encoded[:MAX_INSTANCE])


def request_target(scope: HTTPScope) -> bytes:
    """Give the target of the request in *scope* as received: its raw path, and its query if any."""
    # (Some clients put the query in raw_path too, as httpx's ASGI transport does: not uvicorn.)
    path, query = scope["raw_path"].partition(b"?")[0], scope["query_string"]
    return path + b"?" + query if query else path


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
        problem_document(status, detail, uri_reference(request_target(request.scope))),
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
