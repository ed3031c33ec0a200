"""The ceiling: a bare ASGI app that replays one answer (status, headers, bytes) to any request.

The answer is read, at start-up, from the JSON file that ``PICUM_BENCH_REPLAY`` names: what
picum sent for one scenario of the benchmark (see `tests.bench.run.capture`).
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import Any


_REPLAY = json.loads(Path(os.environ["PICUM_BENCH_REPLAY"]).read_text())
STATUS: int = _REPLAY["status"]
HEADERS = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in _REPLAY["headers"]]
BODY = base64.b64decode(_REPLAY["body"])


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Answer every request with the same answer; take part in the lifespan."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            await send({"type": f"{message['type']}.complete"})
            if message["type"] == "lifespan.shutdown":
                return
    await send({"type": "http.response.start", "status": STATUS, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})
