"""The ceiling: a bare ASGI app that serves the bytes of ``/v1/organisation`` for any request."""

from __future__ import annotations

from typing import Any

import picum


BODY = picum.dumps(picum.load())
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Answer every request with the same pre-encoded body; take part in the lifespan."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            await send({"type": f"{message['type']}.complete"})
            if message["type"] == "lifespan.shutdown":
                return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
