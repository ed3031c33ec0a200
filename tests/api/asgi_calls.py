"""Calling the app as a server would, with a scope made by hand: what a test client cannot send."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, cast


if TYPE_CHECKING:
    from litestar.types import HTTPRequestEvent, HTTPScope, Message

    from picum_api import Service

Answer = tuple[int, list[tuple[bytes, bytes]], bytes]


def call(
    app: Service,
    method: str,
    target: bytes,
    headers: list[tuple[bytes, bytes]],
    *,
    http_version: str = "1.1",
) -> Answer:
    """Send *app* one request, as uvicorn makes its scope; its status, raw headers and body.

    As a server does, it sends no body in answer to HEAD (Litestar leaves that to the server).
    """
    raw_path, _, query = target.partition(b"?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": http_version,
        "method": method,
        "scheme": "http",
        "path": raw_path.decode("latin-1"),
        "raw_path": raw_path,
        "query_string": query,
        "root_path": "",
        "headers": headers,
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "state": {},
    }
    sent: list[Message] = []

    async def receive() -> HTTPRequestEvent:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    asyncio.run(app(cast("HTTPScope", scope), receive, send))
    start, *bodies = [cast("dict[str, Any]", message) for message in sent]
    body = b"".join(message.get("body", b"") for message in bodies)
    if method == "HEAD":
        body = b""
    return start["status"], list(start["headers"]), body
