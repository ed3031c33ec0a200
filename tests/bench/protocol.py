"""What picum's HTTP protocol (limits on the request head) costs per request, measured in process.

The same request is fed, over and over, to uvicorn's `HttpToolsProtocol` and to picum's
`LimitedHttpToolsProtocol`, each driving the same trivial app through a stand-in transport: no
network and no other process, so that the difference is the protocol's own, and steady even on a
busy machine (the best of several rounds is kept).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from picum_api._protocol import LimitedHttpToolsProtocol


REQUEST = b"GET /v1/organisation HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: wrk\r\n\r\n"
_BODY = b"x" * 4096


async def _app(scope: Any, receive: Any, send: Any) -> None:
    del scope, receive
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"4096")]}
    )
    await send({"type": "http.response.body", "body": _BODY})


class _Transport:
    """Just enough of an asyncio transport: writes go nowhere."""

    def __init__(self) -> None:
        self.closing = False

    def get_extra_info(self, name: str, default: object = None) -> object:
        del name
        return default

    def write(self, data: bytes) -> None:
        del data

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def pause_reading(self) -> None:
        """Nothing to pause."""

    def resume_reading(self) -> None:
        """Nothing to resume."""


async def _microseconds_per_request(protocol_class: type[HttpToolsProtocol], count: int) -> float:
    config = Config(app=_app, lifespan="off", log_level="warning", access_log=False)
    config.load()
    protocol = protocol_class(
        config=config, server_state=ServerState(), app_state={}, _loop=asyncio.get_running_loop()
    )
    protocol.connection_made(_Transport())  # type: ignore[arg-type]
    start = time.perf_counter()
    for _ in range(count):
        protocol.data_received(REQUEST)
        # Let uvicorn's task for the request run until it has answered: that is what is timed.
        while not protocol.cycle.response_complete:  # noqa: ASYNC110
            await asyncio.sleep(0)
    elapsed = time.perf_counter() - start
    protocol.connection_lost(None)
    return elapsed / count * 1e6


async def _rounds(rounds: int, count: int) -> dict[str, float]:
    best = {"uvicorn": float("inf"), "picum": float("inf")}
    for _ in range(rounds):
        for name, protocol_class in (
            ("uvicorn", HttpToolsProtocol),
            ("picum", LimitedHttpToolsProtocol),
        ):
            best[name] = min(best[name], await _microseconds_per_request(protocol_class, count))
    return best


def protocol_cost(rounds: int = 7, count: int = 20_000) -> dict[str, float]:
    """Microseconds per request through each protocol (the best round), and the difference."""
    best = asyncio.run(_rounds(rounds, count))
    return {
        "uvicorn's protocol us/request": best["uvicorn"],
        "picum's protocol us/request": best["picum"],
        "cost of the limits us/request": best["picum"] - best["uvicorn"],
    }
