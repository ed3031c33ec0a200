"""The HTTP/1.1 protocol `picum serve` runs: uvicorn's httptools protocol, with limits on the head.

httptools, uvicorn's fastest parser, buffers a request head of any size before anything sees it,
and uvicorn sets no deadline for it: a client sending one huge header costs the server memory and
CPU, and one that sends half a request line and stops holds its connection forever. uvicorn has
no option for either (h11's ``max_incomplete_event_size`` is for the slower h11 only), so this
subclass of uvicorn's public `HttpToolsProtocol` adds both, while the head arrives:

- a request target of more than `MAX_TARGET` bytes: 414, and a head (request line and headers)
  of more than `MAX_HEAD` bytes, its own (not those of the requests before it in the same
  read): 431; each counted to the byte however the head is read, the target first, and the
  connection closed, without reading more than one more chunk;
- a head not complete within the head timeout, counted from the connection's start or from the
  first bytes after an answer: 408, and the connection closed (between requests, uvicorn's
  keep-alive timeout closes an idle connection first). Bytes after an answer that begin no head
  (the rest of the answered request's body, being discarded, or empty lines) are no head and get
  no answer, but are due by the same deadline: the connection is then closed without one;
- bytes httptools cannot read as HTTP/1.1: 400, naming its reason; but a method it does not
  know, 501, a version after HTTP/2, 505, and a later HTTP/1 minor version is read as HTTP/1.1
  (`send_400_response`). A request it refuses past its whole head (a Transfer-Encoding that does
  not end in chunked, RFC 9112, 6.3; a chunked body it cannot read) gets its 400 in place of the
  app's answer, unless that has begun;
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
import re
import sys
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, cast

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from ._conformance import DEFINED_METHODS, not_defined_detail, unsupported_version_detail
from ._limits import MAX_TARGET, Limits, refusal, refuse
from ._serving import worker_app
from .settings import WorkerSettings


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
        "_read",
        "_tail",
        "_target",
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
        # The head being counted (its scope), its bytes so far, their last three (the end of a
        # head, CRLF CRLF, may come over two reads), and how far its request line has been read
        # (`_target_so_far`).
        self._head: object = None
        self._head_bytes = 0
        self._tail = b""
        self._target = (_IN_METHOD, 0)
        self._head_deadline: asyncio.TimerHandle | None = None
        # The last read, for the few requests the parser refuses (`send_400_response`).
        self._read = b""

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
        """Parse *data*; if a head is still incomplete, hold it to the limits and the deadline.

        A request whose head comes whole in one read of at most `MAX_TARGET` bytes (most do)
        costs no timer, no count and no check of `Limits`: such a head is within them all.
        """
        if self._head_bytes + len(data) > MAX_TARGET:  # a head this long may be over them
            self._received_at_length(data)
            return
        self._read = data
        # (uvicorn's method named, not super()'s: Python 3.11 makes a super object each time.)
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
        """Count the bytes after the last whole head (in *data*, just read), start the deadline."""
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
            self._begin_head()
            data = data.rpartition(b"\r\n\r\n")[2]
        self._count(data)  # within the limits: this read is of at most `MAX_TARGET` bytes
        if self._head_deadline is None:
            self._start_head_deadline()

    def _received_at_length(self, data: bytes) -> None:
        """Parse a read that may hold a head over a limit, refusing it before the parser has it.

        The parser is given the read a head at a time, each counted first: its target's length
        (414) before its own (431). Behind a request whose body is still coming (rare: the API
        takes no bodies), where the next head begins is not known: from there, the read is
        parsed whole, its heads held to `Limits` only. The app applies `Limits` to every
        request of the read.
        """
        self._read = b""  # not kept: it may be large
        limited = cast("ASGI3Application", Limits(cast("ASGIApp", self._app)))
        start = 0
        while start < len(data) and not self.transport.is_closing():
            self.app = limited  # (again: a head parsed again, as HTTP/1.1, has put it back)
            # uvicorn types both as always set; they are None until a first head begins.
            scope = cast("UvicornHTTPScope | None", self.scope)
            cycle = cast("RequestResponseCycle | None", self.cycle)
            begun = scope is not None and "method" not in scope
            if not begun and cycle is not None and cycle.more_body:
                HttpToolsProtocol.data_received(self, data[start:])
                break
            if not begun or scope is not self._head:
                self._begin_head()
            end, whole = _end_of_head(self._tail, data, start)
            piece = data[start:end]
            if refused := self._count(piece):
                # The parser begins the head (its method and target name the refusal), no more.
                HttpToolsProtocol.data_received(self, piece[: min(512, len(piece) - 1)])
                # (Behind a request asking to close, the parser ignores what comes.)
                if not self.transport.is_closing() and "method" not in self.scope:
                    self._refuse(*refused)
                break
            self._read = piece
            HttpToolsProtocol.data_received(self, piece)
            start = end
            if whole:
                self._begin_head()
            else:
                self._head = self.scope
        self.app = self._app
        self._read = b""
        cycle = cast("RequestResponseCycle | None", self.cycle)
        if self.transport.is_closing():
            return
        if cycle is None or cycle.response_complete or "method" not in self.scope:
            if self._head_deadline is None:
                self._start_head_deadline()
        else:
            self._stop_head_deadline()

    def _begin_head(self) -> None:
        """Count a new head from nothing."""
        self._head_bytes = 0
        self._tail = b""
        self._target = (_IN_METHOD, 0)

    def _count(self, piece: bytes) -> tuple[HTTPStatus, str] | None:
        """Count *piece*, the next bytes of the head; return a refusal where it is over a limit."""
        self._head_bytes += len(piece)
        self._tail = (self._tail + piece[-3:])[-3:]
        self._target = _target_so_far(self._target, piece)
        if self._target[1] > MAX_TARGET:
            return (
                HTTPStatus.REQUEST_URI_TOO_LONG,
                f"the request target is over {MAX_TARGET:,} bytes, the limit",
            )
        if self._head_bytes > MAX_HEAD:
            return (
                HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE,
                f"the request's head is over {MAX_HEAD:,} bytes, the limit",
            )
        return None

    def send_400_response(self, msg: str) -> None:
        """Answer what the parser refuses with a problem document naming its reason.

        (uvicorn's answer is text/plain, and names none.) A request refused past its whole head,
        before its answer has begun, is refused in place of the app's answer (`_refuse_in_place`).
        Three of its refusals are not the last word, where the request line came whole in one
        read (as nearly all do): a later HTTP/1 minor version (``HTTP/1.2``) is parsed again as
        HTTP/1.1, the version it is answered with (RFC 9112, 2.3); a later major version
        (``HTTP/3.0``) gets 505, as the app answers HTTP/2.0, which the parser lets through; a
        method the parser does not know (it knows every one registered), in a well-formed
        request line, is one HTTP does not define: 501, as the app answers those it knows.
        """
        del msg  # uvicorn's, the same for every refusal: the parser's error says what is wrong
        error = sys.exc_info()[1]
        read, self._read = self._read, b""
        # uvicorn types it as always set; it is None until a first request's head is complete.
        cycle = cast("RequestResponseCycle | None", self.cycle)
        if cycle is not None and "method" in self.scope and not cycle.response_started:
            # Refused past its whole head (a Transfer-Encoding not ending in chunked, a chunked
            # body the parser cannot read), its answer not begun: refused in its place.
            self._refuse_in_place(cycle, f"the request is not valid HTTP/1.1: {error}")
            return
        if isinstance(error, httptools.HttpParserInvalidMethodError):
            line = next(
                (
                    line
                    for line in _REQUEST_LINE.finditer(read)
                    if line["method"].decode("ascii") not in DEFINED_METHODS
                ),
                None,
            )
            if line is not None:
                self.url = line["target"]  # the refusal's instance
                self._refuse(
                    HTTPStatus.NOT_IMPLEMENTED, not_defined_detail(line["method"].decode())
                )
                return
        elif error.__class__ is httptools.HttpParserError and (
            line := _UNKNOWN_VERSION.search(read)
        ):
            if line["major"] == b"1":
                self.parser = httptools.HttpRequestParser(self)
                self.parser.set_dangerous_leniencies(lenient_data_after_close=True)
                self.data_received(
                    read[line.start("line") : line.start("version")]
                    + b"1.1"
                    + read[line.end("version") :]
                )
                return
            self.url = line["target"]
            self._refuse(
                HTTPStatus.HTTP_VERSION_NOT_SUPPORTED,
                unsupported_version_detail(line["version"].decode()),
            )
            return
        self._refuse(HTTPStatus.BAD_REQUEST, f"the request is not valid HTTP/1.1: {error}")

    def _refuse_in_place(self, cycle: RequestResponseCycle, detail: str) -> None:
        """Answer 400 to the request of *cycle*, whose head is whole, in place of the app; close.

        uvicorn has made its cycle, and started its app or queued it behind the requests being
        answered (it is the last one queued: the newest). Queued, it is answered in its turn by
        `_bad_request`; started, the refusal is sent at once, and whatever its app answers is
        dropped, as if the client had gone.
        """
        if self.pipeline:
            self.pipeline[0] = (cycle, functools.partial(_bad_request, detail))
            self.parser = _DISCARDING  # what comes after it is not read
        else:
            cycle.disconnected = True
            self.transport.write(self._answer(HTTPStatus.BAD_REQUEST, detail))
            self.transport.close()

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
        headers, body = refusal(status, detail, target or b"/")
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


# A request line (at a message's start) whose method is a token: RFC 9112's, its version aside.
_REQUEST_LINE = re.compile(
    rb"(?:\A|\r\n)(?P<method>[!#$%&'*+.^_`|~0-9A-Za-z-]+) (?P<target>[^ \r\n]+) HTTP/"
)
# A whole request line of a version the parser does not know: a later HTTP/1 minor version
# than 1.1, or a later major version than 2.
_UNKNOWN_VERSION = re.compile(
    rb"(?:\A|\r\n)(?P<line>[^\r\n ]+ (?P<target>[^ \r\n]+) HTTP/"
    rb"(?P<version>(?P<major>1)\.[2-9]|[3-9]\.[0-9]))\r\n"
)
#: The end of a head: the empty line after its last header.
_END = b"\r\n\r\n"
# Where a request line is read up to: in its method, in its target, or past its target.
_IN_METHOD, _IN_TARGET, _PAST_TARGET = 0, 1, 2
# What ends a method or a target.
_DELIMITER = re.compile(rb"[ \r\n]")


def _end_of_head(tail: bytes, data: bytes, start: int) -> tuple[int, bool]:
    """Find where the head continued by *data* from *start* ends (*tail*: its last bytes before).

    Return the index just past its end, and `True`; or the length of *data*, and `False`.
    """
    for before in (3, 2, 1):  # an end that began before *data*
        if tail.endswith(_END[:before]) and data.startswith(_END[before:], start):
            return start + len(_END) - before, True
    end = data.find(_END, start)
    return (len(data), False) if end < 0 else (end + len(_END), True)


def _target_so_far(read: tuple[int, int], piece: bytes) -> tuple[int, int]:
    """Read on in a request line: where it is (*read*: its phase and its target's length so far).

    Empty lines before a request line are skipped, as the parser skips them.
    """
    phase, length = read
    if phase == _IN_METHOD:
        piece = piece.lstrip(b"\r\n")
        delimiter = _DELIMITER.search(piece)
        if delimiter is None:
            return read
        if delimiter[0] != b" ":
            return _PAST_TARGET, 0  # a line with no target: the parser refuses it
        phase, piece = _IN_TARGET, piece[delimiter.end() :]
    if phase == _IN_TARGET:
        delimiter = _DELIMITER.search(piece)
        if delimiter is None:
            return _IN_TARGET, length + len(piece)
        return _PAST_TARGET, length + delimiter.start()
    return read


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
    )


async def _bad_request(
    detail: str, scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable
) -> None:
    """Answer 400 with *detail* (an ASGI app, once given it), and close the connection."""
    del receive
    await refuse(
        cast("HTTPScope", scope),
        cast("Send", send),
        HTTPStatus.BAD_REQUEST,
        detail,
    )


def served_app() -> ASGIApp:
    """Make the app uvicorn runs with this protocol: `worker_app`'s, beneath its `Limits`.

    The protocol applies `Limits` itself, to a head that may be over them: one that does not
    come whole in a read of at most `MAX_TARGET` bytes.
    """
    # `create_app` makes `Limits` the outermost layer.
    return cast("Limits", worker_app().asgi).app
