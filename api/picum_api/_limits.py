"""Limits on a request's target and headers, and the refusals every layer before Litestar sends.

httptools, uvicorn's fastest parser, takes URLs and headers of any size. Like most servers and
proxies, the API refuses what no client needs: a target over 8 KiB gets 414, headers over
16 KiB in all get 431, each as a problem document. These finer limits hold under any server.
Under ``picum serve``, the protocol (`picum_api._protocol`) has already bounded the whole head,
at 32 KiB, while it arrived, and it applies this layer itself, only to a head that may be over
these limits: one that did not come whole in a read of at most `MAX_TARGET` bytes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from litestar.enums import ScopeType

from ._answer_headers import RAW_EVERY_ANSWER, RawHeaders, raw
from ._http import PROBLEM_JSON
from ._problems import PROBLEM_HEADERS, problem_document, request_target, uri_reference


if TYPE_CHECKING:
    from collections.abc import Awaitable

    from litestar.types import (
        ASGIApp,
        HTTPResponseBodyEvent,
        HTTPResponseStartEvent,
        HTTPScope,
        Receive,
        Scope,
        Send,
    )

MAX_TARGET = 8 * 1024
MAX_HEADERS = 16 * 1024


class Limits:
    """An ASGI layer: refuses an HTTP request too large (`too_large`), passes the rest to *app*."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """Refuse the request in *scope* if it is too large; else pass it on.

        (It returns the awaitable of the answer, to spare every request a coroutine.)
        """
        if scope["type"] == ScopeType.HTTP and (refused := too_large(scope)):
            return refuse(scope, send, *refused)
        return self.app(scope, receive, send)


def too_large(scope: HTTPScope) -> tuple[int, str] | None:
    """Return the status and detail of a request too large to answer, or `None`."""
    target = len(request_target(scope))
    if target > MAX_TARGET:
        return 414, f"the request target is {target:,} bytes long; the limit is {MAX_TARGET:,}"
    headers = 0
    for name, value in scope["headers"]:  # a loop: on every request, and quicker than sum()
        headers += len(name) + len(value)
    if headers > MAX_HEADERS:
        return (
            431,
            f"the request's headers are {headers:,} bytes in all; the limit is {MAX_HEADERS:,}",
        )
    return None


def refusal(status: int, detail: str, target: bytes) -> tuple[RawHeaders, bytes]:
    """Make the raw headers and body of a refusal: a problem document, and the connection closed.

    Its `instance` is the request's *target* as received, percent-encoded (`uri_reference`).
    The app's refusals (`refuse`) and the server protocol's (`picum_api._protocol`) are made here.
    """
    body = problem_document(status, detail, uri_reference(target))
    headers = {
        **PROBLEM_HEADERS,
        "Content-Type": PROBLEM_JSON,
        "Content-Length": str(len(body)),
        "Connection": "close",
    }
    return [*raw(headers), *RAW_EVERY_ANSWER], body


async def refuse(scope: HTTPScope, send: Send, status: int, detail: str) -> None:
    """Answer with a problem document, and ask the client to close the connection."""
    headers, body = refusal(status, detail, request_target(scope))
    start: HTTPResponseStartEvent = {
        "type": "http.response.start",
        "status": status,
        "headers": headers,
    }
    end: HTTPResponseBodyEvent = {"type": "http.response.body", "body": body, "more_body": False}
    await send(start)
    await send(end)
