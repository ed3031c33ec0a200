"""The HTTP/1.1 protocol `picum serve` runs: uvicorn's httptools protocol, with limits on the head.

httptools, uvicorn's fastest parser, buffers a request head of any size before anything sees it,
and uvicorn sets no deadline for it: a client sending one huge header costs the server memory and
CPU, and one that sends half a request line and stops holds its connection forever. uvicorn has
no option for either (h11's ``max_incomplete_event_size`` is for the slower h11 only), so this
subclass of uvicorn's public `HttpToolsProtocol` adds both, while the head arrives:

- a head (request line and headers) of more than `MAX_HEAD` bytes, its own (not those of the
  requests before it in the same read): 431, and the connection closed, without reading more
  than one more chunk;
- a head not complete within the head timeout, counted from the connection's start or from the
  first bytes after an answer: 408, and the connection closed (between requests, uvicorn's
  keep-alive timeout closes an idle connection first). Bytes after an answer that begin no head
  (the rest of the answered request's body, being discarded, or empty lines) are no head and get
  no answer, but are due by the same deadline: the connection is then closed without one;
- bytes httptools cannot read as HTTP/1.1: 400;
- a connection opened beyond the worker's maximum: 503 to its request, and the connection closed
  (as uvicorn's ``limit_concurrency`` does, but with a problem document, not plain text);
- the app's limits on the target and the headers (`Limits`), which it applies itself, to the
  few heads that may be over them: the app it runs (`served_app`) is the service beneath them.

Each is an RFC 9457 problem document, as the app's own errors are (without a body, to HEAD),
and is sent after the answers to the requests before it on the connection: one request, one
answer. Everything else is uvicorn's: each override calls uvicorn's own method, and uvicorn's
keep-alive timeout closes idle connections. All of it is kept off the way of a request whose
head comes whole in one read, as nearly all do: no timer, no check of `Limits`, and no hook of
the parser's, only a look at the state uvicorn keeps once the read is parsed (see
`data_received`).
"""

from __future__ import annotations

import functools
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, cast

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ._app import APP_HEADERS
from ._limits import MAX_TARGET, Limits, refusal, refuse
from .serving import WorkerSettings, worker_app


if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable

    from litestar.types import ASGIApp, HTTPScope, Send
    from uvicorn._types import (
        ASGI3Application,
        ASGIReceiveCallable,
        ASGISendCallable,
        Scope,
    )
    from uvicorn._types import HTTPScope as UvicornHTTPScope
    from uvicorn.config import Config
    from uvicorn.protocols.http.httptools_impl import RequestResponseCycle
    from uvicorn.server import ServerState

#: The largest request head read, in bytes: room for the app's own limits (`_limits`), a target
#: of 8 KiB and 16 KiB of headers, with their separators.
MAX_HEAD = 32 * 1024
#: The settings `serve` made for this process, read once.
_settings = functools.cache(WorkerSettings.from_environment)


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol, with a limit on the size of a request head and a deadline."""

    # Slots: uvicorn's attributes take 28 keys of an instance's dict, and CPython shares fewer
    # than 30 among instances; more in the dict would slow every attribute uvicorn reads.
    __slots__ = (
        "_app",
        "_head",
        "_head_bytes",
        "_head_deadline",
        "head_timeout",
        "max_connections",
    )

    #: The app a request goes to (uvicorn's attribute, which it leaves untyped).
    app: ASGI3Application

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        """Make the protocol of one connection, as uvicorn's, with the head timeout of `serve`."""
        super().__init__(config, server_state, app_state, _loop)
        settings = _settings()
        self.head_timeout = settings.head_timeout
        self.max_connections = settings.max_connections
        self._app: ASGI3Application = self.app
        # The head being counted (its scope), and its bytes so far.
        self._head: object = None
        self._head_bytes = 0
        self._head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        """Start the deadline of the first request's head; refuse a connection beyond the limit."""
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            self._app = _busy
        self.app = self._app
        self._start_head_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the deadline: there is nothing left to close."""
        self._stop_head_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        """Parse *data*; if a head is still incomplete, hold it to the limit and the deadline.

        A request whose head comes whole in one read (most do) costs no timer, and unless that
        read is over `MAX_TARGET` bytes, no check of `Limits`: a smaller head is within them.
        """
        # (uvicorn's method named, not super()'s: Python 3.11 makes a super object each time.)
        if self._head_bytes + len(data) > MAX_TARGET:  # a head this long may be over them
            limited = Limits(cast("ASGIApp", self._app), extra=APP_HEADERS)
            self.app = cast("ASGI3Application", limited)
            HttpToolsProtocol.data_received(self, data)
            self.app = self._app
        else:
            HttpToolsProtocol.data_received(self, data)
        # uvicorn's state: its cycle is made when a head is whole (it types it as always set; it
        # is None until then), and its scope, when a head begins, has no method until the head is
        # whole. (No cast: this is the code of every request.)
        cycle: RequestResponseCycle | None = self.cycle
        scope = self.scope
        if (
            cycle is None  # pyright: ignore[reportUnnecessaryComparison]
            or cycle.response_complete
            or "method" not in scope
        ) and not self.transport.is_closing():
            self._awaiting_head(data, cycle, scope)
        elif self._head_deadline is not None:  # the head is whole (the first, or after waiting)
            self._stop_head_deadline()
            self._head_bytes = 0

    def _awaiting_head(
        self, data: bytes, cycle: RequestResponseCycle | None, scope: UvicornHTTPScope
    ) -> None:
        """Hold the bytes after the last whole head (in *data*, just read) to limit and deadline."""
        if cycle is not None and "method" in scope:
            # The answer is sent and no head has begun: the rest of the answered request's body
            # (being discarded) or empty lines. Not a head, but they are due by the deadline.
            if self._head_deadline is None:
                self._start_head_deadline()
            return
        if scope is not self._head:
            # The head began in this read: its own bytes are those after the last blank line,
            # the end of the message before it (a head has none until it is whole).
            self._head = scope
            self._head_bytes = len(data.rpartition(b"\r\n\r\n")[2])
        else:
            self._head_bytes += len(data)
        if self._head_bytes > MAX_HEAD:
            self._refuse(
                HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                f"the request's head is over {MAX_HEAD:,} bytes, the limit",
            )
        elif self._head_deadline is None:
            self._start_head_deadline()

    def send_400_response(self, msg: str) -> None:
        """Answer what is not HTTP/1.1 with a problem document (uvicorn's is text/plain)."""
        self._refuse(HTTPStatus.BAD_REQUEST, f"the request is not valid HTTP/1.1: {msg}")

    def _start_head_deadline(self) -> None:
        self._head_deadline = self.loop.call_later(self.head_timeout, self._head_timed_out)

    def _stop_head_deadline(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_timed_out(self) -> None:
        self._head_deadline = None
        self._refuse(
            HTTPStatus.REQUEST_TIMEOUT,
            f"the request's head was not complete within {self.head_timeout:g} seconds",
        )

    def _refuse(self, status: HTTPStatus, detail: str) -> None:
        """Answer with a problem document, after the answers being sent; close the connection.

        Bytes that began no head since the last request's (the rest of its body, late or not
        HTTP) get no answer of their own: the connection is closed at once.
        """
        self._stop_head_deadline()
        # uvicorn types it as always set; it is None until a first request's head is complete.
        cycle = cast("RequestResponseCycle | None", self.cycle)
        if cycle is not None and "method" in self.scope:
            self.transport.close()
        elif cycle is None or cycle.response_complete:
            self.transport.write(self._answer(status, detail))
            self.transport.close()
        else:
            # The last request's answer is to come (and those before it): refuse once it is
            # sent (a callback of this cycle's only: none on every request). Until then, what
            # comes is dropped, and the state is that of a request being answered.
            answer = self._answer(status, detail)
            self.parser = _DISCARDING
            self.scope = cycle.scope
            self.flow.pause_reading()
            cycle.on_response = functools.partial(self._refuse_after, cycle.on_response, answer)

    def _refuse_after(self, on_response: Callable[[], None], answer: bytes) -> None:
        on_response()
        if not self.transport.is_closing():  # unless that request asked to close
            self.transport.write(answer)
            self.transport.close()

    def _answer(self, status: HTTPStatus, detail: str) -> bytes:
        target: bytes = self.__dict__.get("url", b"")  # set once a request has begun
        headers, body = refusal(status, detail, target or b"/", APP_HEADERS)
        lines = [
            f"HTTP/1.1 {status.value} {status.phrase}".encode(),
            *(
                name + b": " + value
                for name, value in [*self.server_state.default_headers, *headers]
            ),
        ]
        if target and self.parser.get_method() == b"HEAD":  # known once the target has begun
            body = b""  # as no answer to HEAD has
        return b"\r\n".join(lines) + b"\r\n\r\n" + body


class _Discarding:
    """A parser that parses nothing: what a refused connection reads is dropped."""

    def feed_data(self, data: bytes) -> None:
        """Drop *data*."""


_DISCARDING: Any = _Discarding()


async def _busy(scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable) -> None:
    """Answer 503 (an ASGI app in place of the service's), and close the connection."""
    del receive
    await refuse(
        cast("HTTPScope", scope),
        cast("Send", send),
        HTTPStatus.SERVICE_UNAVAILABLE,
        "the server has as many connections as it serves at once; try again later",
        extra=APP_HEADERS,
    )


def served_app() -> ASGIApp:
    """Make the app uvicorn runs with this protocol: `worker_app`'s, beneath its `Limits`.

    The protocol applies `Limits` itself, to a head that may be over them: one that does not
    come whole in a read of at most `MAX_TARGET` bytes.
    """
    # `create_app` makes `Limits` the outermost layer.
    return cast("Limits", worker_app().asgi).app
