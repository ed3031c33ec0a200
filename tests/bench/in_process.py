"""What picum adds to each request over a bare ASGI app, measured in process, in CPU time.

The same request bytes are fed, over and over, to uvicorn's protocol through a stand-in transport
(no network, no other process): uvicorn's `HttpToolsProtocol` running a bare app that replays
picum's answer (status, headers and bytes), picum's `LimitedHttpToolsProtocol` running that bare
app (what the limits on the head cost), and picum's protocol running picum's app as ``picum
serve`` runs it (`served_app`, under the same uvicorn settings and event loop). Each is timed in CPU time of
this process, the runs interleaved and the best of several rounds kept, so that the differences
are steady even on a busy machine. A request costs less here than over a socket (no system
calls), so the ratios here are lower than over the network; the differences are what counts.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from picum_api._protocol import LimitedHttpToolsProtocol, served_app
from picum_api.settings import KEEP_ALIVE_TIMEOUT


REQUEST = b"GET /v1/organisation HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: wrk\r\n\r\n"
App = Any


class _Transport:
    """Just enough of an asyncio transport: writes are kept, or go nowhere."""

    def __init__(self, written: list[bytes] | None = None) -> None:
        self.closing = False
        self.written = written

    def get_extra_info(self, name: str, default: object = None) -> object:
        return {"peername": ("127.0.0.1", 50000), "sockname": ("127.0.0.1", 8000)}.get(
            name, default
        )

    def write(self, data: bytes) -> None:
        if self.written is not None:
            self.written.append(data)

    def is_closing(self) -> bool:
        return self.closing

    def close(self) -> None:
        self.closing = True

    def pause_reading(self) -> None:
        """Nothing to pause."""

    def resume_reading(self) -> None:
        """Nothing to resume."""


def _protocol(
    protocol_class: type[HttpToolsProtocol], app: App, transport: _Transport
) -> HttpToolsProtocol:
    """A connection of *protocol_class* to *app*, under the settings `picum serve` gives uvicorn."""
    config = Config(
        app=app,
        interface="asgi3",
        lifespan="off",
        log_level="warning",
        access_log=False,
        server_header=False,
        timeout_keep_alive=KEEP_ALIVE_TIMEOUT,
    )
    config.load()
    protocol = protocol_class(
        config=config, server_state=ServerState(), app_state={}, _loop=asyncio.get_running_loop()
    )
    protocol.connection_made(transport)  # type: ignore[arg-type]
    return protocol


async def _answer(app: App, request: bytes) -> bytes:
    """What picum's protocol and *app* send in answer to *request*."""
    written: list[bytes] = []
    protocol = _protocol(LimitedHttpToolsProtocol, app, _Transport(written))
    protocol.data_received(request)
    while not protocol.cycle.response_complete:  # noqa: ASYNC110
        await asyncio.sleep(0)
    protocol.connection_lost(None)
    return b"".join(written)


def _replaying(answer: bytes) -> App:
    """A bare ASGI app that replays *answer* (a raw HTTP answer) to any request."""
    head, _, body = answer.partition(b"\r\n\r\n")
    status_line, *lines = head.split(b"\r\n")
    status = int(status_line.split()[1])
    headers = [tuple(line.split(b": ", 1)) for line in lines]

    async def app(scope: Any, receive: Any, send: Any) -> None:
        del scope, receive
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    return app


async def _microseconds_per_request(
    protocol_class: type[HttpToolsProtocol], app: App, request: bytes, count: int
) -> float:
    protocol = _protocol(protocol_class, app, _Transport())
    start = time.process_time()
    for _ in range(count):
        protocol.data_received(request)
        # Let uvicorn's task for the request run until it has answered: that is what is timed.
        while not protocol.cycle.response_complete:  # noqa: ASYNC110
            await asyncio.sleep(0)
    elapsed = time.process_time() - start
    protocol.connection_lost(None)
    return elapsed / count * 1e6


async def _rounds(rounds: int, count: int) -> dict[str, float]:
    picum = served_app()
    ok = await _answer(picum, REQUEST)
    etag = next(line for line in ok.split(b"\r\n") if line.lower().startswith(b"etag: "))[6:]
    revalidation = REQUEST.replace(b"\r\n\r\n", b"\r\nIf-None-Match: " + etag + b"\r\n\r\n")
    runs: dict[str, tuple[type[HttpToolsProtocol], App, bytes]] = {}
    for status, request in (("200", REQUEST), ("304", revalidation)):
        bare = _replaying(await _answer(picum, request))
        runs[f"{status}: bare app, uvicorn's protocol"] = (HttpToolsProtocol, bare, request)
        runs[f"{status}: bare app, picum's protocol"] = (LimitedHttpToolsProtocol, bare, request)
        runs[f"{status}: picum serve"] = (LimitedHttpToolsProtocol, picum, request)
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(rounds):
        for name, (protocol_class, app, request) in runs.items():
            cost = await _microseconds_per_request(protocol_class, app, request, count)
            best[name] = min(best[name], cost)
    return best


def in_process_costs(rounds: int = 7, count: int = 20_000) -> dict[str, float]:
    """CPU microseconds per request of each run (the best round), and what picum adds."""
    # The event loop uvicorn runs: uvloop, where it is installed.
    loop_factory = Config(app="picum_api._protocol:served_app").get_loop_factory()
    with asyncio.Runner(loop_factory=loop_factory) as runner:
        best = runner.run(_rounds(rounds, count))
    figures = {f"{name} us/request": cost for name, cost in best.items()}
    for status in ("200", "304"):
        bare = best[f"{status}: bare app, uvicorn's protocol"]
        figures[f"{status}: the limits of picum's protocol add us"] = (
            best[f"{status}: bare app, picum's protocol"] - bare
        )
        figures[f"{status}: picum serve adds us"] = best[f"{status}: picum serve"] - bare
    return figures
