"""Hostile clients against a real `picum serve` on 127.0.0.1: limits, deadlines, one answer each.

The server runs with short deadlines (a 2-second head timeout, a 1-second keep-alive) so that the
suite stays quick; every wait here is bounded, with generous margins for a busy machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import socket
import threading
import time
from collections.abc import Awaitable, Callable, Generator, Iterator
from typing import Any

import httpx
import pytest
import uvicorn

from picum_api._protocol import (
    LimitedHttpToolsProtocol,
    _target_so_far,  # pyright: ignore[reportPrivateUsage]
)
from tests.local_servers import free_port

from .fast_path import HEADERS, Headers, headers_id
from .servers import Server, raw, running, start_server, status_of, stop


HEAD_TIMEOUT = 2
KEEP_ALIVE = 1
#: How much later than its deadline a close may come on a busy machine.
SLACK = 3


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    """A running `picum serve` with short deadlines, shared by the module; its base URL and port."""
    server, process = start_server(
        "--head-timeout", str(HEAD_TIMEOUT), "--keep-alive-timeout", str(KEEP_ALIVE)
    )
    yield server
    assert 0 == stop(process)


def split(answer: bytes) -> tuple[int | None, dict[str, str], bytes]:
    """The status, headers (but the date) and body of one raw HTTP answer."""
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.lower().split(": ", 1) for line in lines[1:] if ": " in line)
    headers.pop("date", None)
    return status_of(answer), headers, body


def closed_after(sock: socket.socket, limit: float) -> tuple[float, bytes]:
    """Wait (at most *limit* seconds) for the server to close *sock*; the time taken, and what came."""
    started = time.monotonic()
    sock.settimeout(limit)
    chunks: list[bytes] = []
    try:
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    except TimeoutError:
        return float("inf"), b"".join(chunks)
    except ConnectionResetError:
        pass
    return time.monotonic() - started, b"".join(chunks)


def statuses(answers: bytes) -> list[int]:
    """The statuses of the answers in a stream of them."""
    return [int(status) for status in re.findall(rb"HTTP/1\.1 (\d{3}) ", answers)]


def is_problem(answer: bytes) -> bool:
    """Tell whether a raw answer is an RFC 9457 problem document, with nosniff."""
    status, headers, body = split(answer)
    document = json.loads(body)
    return (
        headers.get("content-type") == "application/problem+json"
        and headers.get("x-content-type-options") == "nosniff"
        and document["status"] == status
    )


def test_a_huge_header_is_refused_while_it_arrives(server: Server) -> None:
    """A header streamed without end is cut off after some kilobytes, with a 431 or a close."""
    _, port = server
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /v1 HTTP/1.1\r\nHost: x\r\nX-Huge: ")
        try:
            while sent < 64 * 2**20:
                sock.sendall(b"a" * 65536)
                sent += 65536
        except (BrokenPipeError, ConnectionResetError):
            pass
        _, answer = closed_after(sock, 10)

    # What the kernels' buffers hold is sent before the close is felt: a few MiB on loopback.
    assert (True, True) == (sent < 16 * 2**20, status_of(answer) in {None, 431})


def test_a_refused_head_gets_a_problem_document(server: Server) -> None:
    """A head over the limit sent whole gets a 431 problem document."""
    _, port = server
    answer = raw(port, b"GET /v1 HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40_000 + b"\r\n\r\n")

    assert (431, True) == (status_of(answer), is_problem(answer))


@pytest.mark.parametrize(
    ("head", "status", "detail"),
    [
        (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "the request target is"),
        (
            b"GET /v1 HTTP/1.1\r\nHost: x\r\n"
            + b"".join(b"X-Big-%d: %s\r\n" % (n, b"a" * 6000) for n in range(3))
            + b"\r\n",
            431,
            "the request's headers are",
        ),
    ],
    ids=["long-target", "big-headers"],
)
def test_a_head_over_the_apps_limits_is_refused_in_small_reads_too(
    server: Server, head: bytes, status: int, detail: str
) -> None:
    """A target or headers over the app's limits, sent in pieces each within them, are refused."""
    _, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        for start in range(0, len(head), 4096):
            sock.sendall(head[start : start + 4096])
            time.sleep(0.05)
        _, answer = closed_after(sock, 10)

    assert (status, True, True) == (
        status_of(answer),
        is_problem(answer),
        json.loads(split(answer)[2])["detail"].startswith(detail),
    )


def test_a_huge_head_after_an_answer_is_refused_too(server: Server) -> None:
    """On a kept-alive connection, the next head is held to the limit as well."""
    _, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(0.2)
        first = sock.recv(65536)
        sock.sendall(b"GET /v1 HTTP/1.1\r\nX-Big: " + b"a" * 40_000 + b"\r\n\r\n")
        _, second = closed_after(sock, 10)

    assert (200, 431, True) == (status_of(first), status_of(second), is_problem(second))


def test_others_are_answered_at_once_meanwhile(server: Server) -> None:
    """While clients stream huge headers, another client's requests are answered quickly."""
    base, port = server
    stopping = threading.Event()

    def attack() -> None:
        while not stopping.is_set():
            with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
                try:
                    sock.sendall(b"GET /v1 HTTP/1.1\r\nHost: x\r\nX-Huge: ")
                    for _ in range(1024):
                        sock.sendall(b"a" * 65536)
                except OSError:
                    continue

    attackers = [threading.Thread(target=attack) for _ in range(4)]
    for thread in attackers:
        thread.start()
    try:
        times: list[float] = []
        with httpx.Client() as client:
            for _ in range(20):
                started = time.monotonic()
                client.get(f"{base}/health")
                times.append(time.monotonic() - started)
    finally:
        stopping.set()
        for thread in attackers:
            thread.join(timeout=20)

    assert max(times) < 0.5


@pytest.mark.parametrize(
    "start",
    [b"", b"G", b"GET /v1 HTTP/1.1\r\nHo", b"GET /v1 HTTP/1.1\r\nHost: x\r\n"],
    ids=["nothing", "one-byte", "half-a-header", "no-end"],
)
def test_an_incomplete_head_is_dropped_at_its_deadline(server: Server, start: bytes) -> None:
    """A connection whose request head is not whole by the deadline gets a 408 and is closed."""
    _, port = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(start)
        waited, answer = closed_after(sock, HEAD_TIMEOUT + SLACK)

    assert (True, 408, True) == (
        HEAD_TIMEOUT - 0.5 < waited < HEAD_TIMEOUT + SLACK,
        status_of(answer),
        is_problem(answer),
    )


def test_a_trickled_head_is_dropped_at_its_deadline(server: Server) -> None:
    """Sending a byte now and then does not put the deadline off."""
    _, port = server
    request = b"GET /v1 HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 100
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        try:
            for byte in request:
                sock.sendall(bytes([byte]))
                time.sleep(0.1)
        except (BrokenPipeError, ConnectionResetError):
            pass
        closed_after(sock, HEAD_TIMEOUT + SLACK)

    assert HEAD_TIMEOUT - 0.5 < time.monotonic() - started < HEAD_TIMEOUT + SLACK


def test_empty_lines_between_requests_do_not_hold_a_connection(server: Server) -> None:
    """Empty lines dripped after an answer keep no connection open past the head's deadline."""
    _, port = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        started = time.monotonic()
        try:
            while time.monotonic() - started < HEAD_TIMEOUT + SLACK:
                time.sleep(0.3)
                sock.sendall(b"\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass

    assert time.monotonic() - started < HEAD_TIMEOUT + SLACK


def test_an_idle_connection_is_closed_after_an_answer(server: Server) -> None:
    """After an answer, a connection left idle is closed at the keep-alive timeout, silently."""
    _, port = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(0.2)
        first = sock.recv(65536)
        waited, rest = closed_after(sock, KEEP_ALIVE + SLACK)

    assert (200, b"", True) == (status_of(first), rest, waited < KEEP_ALIVE + SLACK)


def test_a_second_request_has_a_deadline_too(server: Server) -> None:
    """On a kept-alive connection, a next head left incomplete is dropped by a deadline too.

    uvicorn's keep-alive timeout, shorter here, may close the connection first, silently.
    """
    _, port = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /v1 HTTP/1.1\r\nHo")
        waited, answers = closed_after(sock, HEAD_TIMEOUT + SLACK)

    assert (True, True) == (
        statuses(answers) in ([200], [200, 408]),
        waited < HEAD_TIMEOUT + SLACK,
    )


def test_a_next_head_begun_after_an_answer_is_dropped_at_its_deadline(
    server: Server,
) -> None:
    """A next head begun after an answer, then left incomplete, gets a 408 at its deadline."""
    _, port = server
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        time.sleep(0.2)
        first = sock.recv(65536)
        sock.sendall(b"GET /v1 HTTP/1.1\r\nHo")
        waited, second = closed_after(sock, HEAD_TIMEOUT + SLACK)

    assert (200, 408, True) == (
        status_of(first),
        status_of(second),
        HEAD_TIMEOUT - 0.5 < waited < HEAD_TIMEOUT + SLACK,
    )


def test_pipelined_requests_get_one_answer_each(server: Server) -> None:
    """Requests sent together, the last asking to close, are answered in order, once each."""
    _, port = server
    request = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
    answers = raw(
        port, request * 2 + request.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n")
    )

    assert [200, 200, 200] == statuses(answers)


def test_a_huge_head_behind_a_request_is_refused_after_its_answer(
    server: Server,
) -> None:
    """A huge head pipelined behind a request, in one send: the request's 200, then a 431."""
    _, port = server
    answers = raw(
        port,
        b"GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /v1 HTTP/1.1\r\nX-Huge: " + b"a" * 100_000,
    )
    second = answers[answers.index(b"HTTP/1.1 431 ") :]

    assert ([200, 431], True) == (statuses(answers), is_problem(second))


def test_a_huge_head_behind_a_request_asking_to_close_gets_no_answer(
    server: Server,
) -> None:
    """A huge head pipelined behind a request with ``Connection: close``: only that one's 200."""
    _, port = server
    answers = raw(
        port,
        b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        b"GET /v1 HTTP/1.1\r\nX-Huge: " + b"a" * 100_000,
    )

    assert [200] == statuses(answers)


async def _closing_slowly(
    scope: dict[str, Any],
    _receive: Callable[[], Awaitable[dict[str, Any]]],
    send: Callable[[dict[str, Any]], Awaitable[None]],
) -> None:
    """An app that takes half a second to answer "ok" and close: time for a pipelined head to come."""
    if scope["type"] != "http":
        return
    await asyncio.sleep(0.5)
    headers = [(b"content-length", b"2"), (b"connection", b"close")]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"ok"})


@contextlib.contextmanager
def _serving_closing_slowly() -> Generator[int]:
    """Serve `_closing_slowly` with picum's protocol, in a thread on a free port; give the port."""
    port = free_port()
    config = uvicorn.Config(
        _closing_slowly,
        host="127.0.0.1",
        port=port,
        http=LimitedHttpToolsProtocol,
        ws="none",  # as `picum serve`: no WebSocket library is loaded (some warn when they are)
        lifespan="off",
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.01)
        assert server.started, "the slow server did not start: see the thread's exception"
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def test_a_huge_head_behind_an_answer_to_come_that_closes_gets_none() -> None:
    """A huge head behind a request whose answer, still to come, closes: that answer alone.

    The refusal waits for the answer being sent; the answer closes the connection (its
    ``Connection: close``), and the refusal is not sent after it.
    """
    with _serving_closing_slowly() as port:
        answers = raw(
            port,
            b"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /v1 HTTP/1.1\r\nX-Huge: " + b"a" * 100_000,
        )

    assert ([200], b"ok") == (statuses(answers), answers[-2:])


def test_pipelined_heads_in_one_read_count_only_the_last_heads_bytes(
    server: Server,
) -> None:
    """1,000 small heads in one send, the last split from its end: 1,001 answers, all 200."""
    _, port = server
    request = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request * 1000 + request[:10])
        time.sleep(0.3)
        sock.sendall(request[10:])
        _, answers = closed_after(sock, 10)

    assert [200] * 1001 == statuses(answers)


def test_a_body_sent_after_the_answer_gets_no_answer_of_its_own(
    server: Server,
) -> None:
    """A GET's 40,000-byte body, sent in pieces after its 200, is not read as a next head."""
    _, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 40000\r\n\r\n")
        time.sleep(0.2)
        for _ in range(10):
            sock.sendall(b"b" * 4000)
            time.sleep(0.01)
        _, answers = closed_after(sock, HEAD_TIMEOUT + SLACK)

    assert [200] == statuses(answers)


def test_a_body_trickled_after_the_answer_is_cut_off_without_an_answer(
    server: Server,
) -> None:
    """A body dripped after its request's 200 ends by the head's deadline, without a 408."""
    _, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n")
        time.sleep(0.2)
        started = time.monotonic()
        try:
            while time.monotonic() - started < HEAD_TIMEOUT + SLACK:
                sock.sendall(b"b")
                time.sleep(0.3)
        except (BrokenPipeError, ConnectionResetError):
            pass
        _, answers = closed_after(sock, HEAD_TIMEOUT + SLACK)

    assert ([200], True) == (
        statuses(answers),
        time.monotonic() - started < 2 * (HEAD_TIMEOUT + SLACK),
    )


def test_a_body_refused_with_expect_100_continue_gets_no_answer_of_its_own(
    server: Server,
) -> None:
    """A POST expecting 100-continue gets its 405; the body sent after it gets no 431."""
    _, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/organisation HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
            b"Content-Length: 50000\r\n\r\n"
        )
        time.sleep(0.3)
        sock.sendall(b"x" * 50_000)
        _, answers = closed_after(sock, HEAD_TIMEOUT + SLACK)

    assert [405] == statuses(answers)


def test_a_refusal_to_head_has_no_body(server: Server) -> None:
    """A HEAD whose head grows over the limit gets a 431 without a body."""
    _, port = server
    head = b"HEAD /v1/organisation HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40_000
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            for start in range(0, len(head), 4096):
                sock.sendall(head[start : start + 4096])
                time.sleep(0.01)
        except (BrokenPipeError, ConnectionResetError):
            pass
        _, answer = closed_after(sock, 10)

    assert (431, b"") == (status_of(answer), split(answer)[2])


def test_a_websocket_upgrade_is_an_ordinary_request(server: Server) -> None:
    """A request asking to upgrade to WebSocket is answered as the same request without it."""
    _, port = server
    request = (
        b"GET /nowhere HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
        b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    answer = raw(port, request)

    assert (404, True) == (status_of(answer), is_problem(answer))


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"GET /v1 HTTP/1.1\r\nHost x\r\n\r\n",
        b"GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n",
        b"DELETE /v1 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /v1 HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n",
        b"GET /v1 HTTP/1.1\r\nHost: x\r\nAccept: json\r\n\r\n",
        b"GET /v1/activities?limit=1e2 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /v1 HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20_000 + b"\r\n\r\n",
        b"GET /schema/assets/%00 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"OPTIONS /schema/nope HTTP/1.1\r\nHost: x\r\n\r\n",
    ],
    ids=[
        "garbage",
        "bad-header",
        "not-found",
        "method",
        "not-acceptable",
        "malformed-accept",
        "not-digits",
        "long-target",
        "big-headers",
        "nul-asset",
        "options-unknown",
    ],
)
def test_every_error_is_a_problem_document(server: Server, request_bytes: bytes) -> None:
    """Whether the protocol or the app refuses a request, the answer is a problem document."""
    _, port = server
    answer = raw(port, request_bytes.replace(b"\r\n\r\n", b"\r\nConnection: close\r\n\r\n", 1))

    assert (True, True) == (400 <= (status_of(answer) or 0) < 500, is_problem(answer))


@pytest.mark.parametrize("headers", HEADERS, ids=headers_id)
def test_both_paths_answer_alike_over_the_wire(server: Server, headers: Headers) -> None:
    """The fast path (a plain GET) and Litestar (the same GET with a query) answer alike."""
    _, port = server
    lines = "".join(f"{name}: {value}\r\n" for name, value in headers)

    def ask(target: str) -> tuple[int | None, dict[str, str], bytes]:
        request = f"GET {target} HTTP/1.1\r\nHost: x\r\n{lines}Connection: close\r\n\r\n"
        status, answer_headers, body = split(raw(port, request.encode()))
        answer_headers.pop("connection", None)
        # A problem's instance is the target, query included: the query is not the answer's.
        answer_headers.pop("content-length", None)
        return status, answer_headers, body.replace(b"?via=litestar", b"")

    assert ask("/health?via=litestar") == ask("/health")


def test_connections_beyond_the_limit_get_503() -> None:
    """With --max-connections 2, a third connection's request is refused with a 503 problem."""
    with (
        running("--max-connections", "2") as (_, port),
        socket.create_connection(("127.0.0.1", port)),
        socket.create_connection(("127.0.0.1", port)),
    ):
        time.sleep(0.2)
        answer = raw(port, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        pipelined = raw(
            port,
            b"GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /v1 HTTP/1.1\r\nX-Huge: " + b"a" * 100_000,
        )

    assert (503, True, [503]) == (status_of(answer), is_problem(answer), statuses(pipelined))


#: The largest head and target served, in bytes (docs/production.md).
MAX_HEAD = 32 * 1024
MAX_TARGET = 8 * 1024


def padded_head(size: int, target: bytes = b"/health") -> bytes:
    """Make a GET head of exactly *size* bytes, its headers small.

    It is padded with whitespace the parser drops: the optional whitespace before a value.
    """
    start, end = b"GET " + target + b" HTTP/1.1\r\nHost: x\r\nX-Pad:", b"v\r\n\r\n"
    return start + b" " * (size - len(start) - len(end)) + end


def head_with_target(size: int) -> bytes:
    """A GET head whose target is exactly *size* bytes long: /health and a query."""
    return b"GET /health?" + b"a" * (size - len(b"/health?")) + b" HTTP/1.1\r\nHost: x\r\n\r\n"


def send_as(port: int, head: bytes, reads: str) -> bytes:
    """Send *head* in one write, in two (a pause between), or trickled; what comes until closed."""
    pieces = {
        "one-read": [head],
        "two-reads": [head[: len(head) // 2], head[len(head) // 2 :]],
        "trickled": [head[start : start + 1024] for start in range(0, len(head), 1024)],
    }[reads]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        try:
            for piece in pieces:
                sock.sendall(piece)
                time.sleep(0.2 if reads == "two-reads" else 0.002)
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass
        _, answers = closed_after(sock, 10)
    return answers


READS = ["one-read", "two-reads", "trickled"]


@pytest.mark.parametrize("reads", READS)
@pytest.mark.parametrize(
    ("size", "expected"),
    [(MAX_HEAD - 1, [200, 200]), (MAX_HEAD, [200, 200]), (MAX_HEAD + 1, [431])],
    ids=["under", "at", "over"],
)
def test_the_head_limit_holds_at_its_boundary_however_it_is_read(
    server: Server, reads: str, size: int, expected: list[int]
) -> None:
    """A head of up to 32 KiB is served; one byte more gets 431 (and the connection closed)."""
    _, port = server
    head = padded_head(size)
    assert size == len(head)

    answers = send_as(port, head, reads)

    assert (expected, True) == (statuses(answers), expected != [431] or is_problem(answers))


@pytest.mark.parametrize("reads", READS)
@pytest.mark.parametrize(
    ("size", "expected"),
    [(MAX_TARGET - 1, [200, 200]), (MAX_TARGET, [200, 200]), (MAX_TARGET + 1, [414])],
    ids=["under", "at", "over"],
)
def test_the_target_limit_holds_at_its_boundary_however_it_is_read(
    server: Server, reads: str, size: int, expected: list[int]
) -> None:
    """A target of up to 8 KiB is served; one byte more gets 414 (and the connection closed)."""
    _, port = server

    answers = send_as(port, head_with_target(size), reads)

    assert (expected, True) == (statuses(answers), expected != [414] or is_problem(answers))


@pytest.mark.parametrize("reads", READS)
@pytest.mark.parametrize("size", [40_000, 70_000, 100_000])
def test_a_target_over_its_limit_is_414_before_the_heads_limit(
    server: Server, reads: str, size: int
) -> None:
    """A target longer than the whole head may be gets 414, not 431 nor 400."""
    _, port = server

    answers = send_as(port, head_with_target(size), reads)

    assert ([414], True) == (statuses(answers), is_problem(answers))


@pytest.mark.parametrize("size", [40_000, 100_000])
def test_a_head_over_the_limit_behind_a_request_in_the_same_read_is_431(
    server: Server, size: int
) -> None:
    """A padded head over 32 KiB pipelined behind a request, in one send: 200, then 431."""
    _, port = server

    answers = raw(port, b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n" + padded_head(size))

    assert [200, 431] == statuses(answers)


@pytest.mark.parametrize(
    ("request_line", "status"),
    [
        (b"GET /health HTTP/2.0", 505),
        (b"GET /health HTTP/3.0", 505),
        (b"GET /health HTTP/1.2", 200),
        (b"GET /health HTTP/1.9", 200),
        (b"GET /health", 400),
        (b"GET /health HTTP/0.9", 400),
        (b"BREW /health HTTP/1.1", 501),
        (b"PROPFIND /health HTTP/1.1", 501),
        (b"get /health HTTP/1.1", 501),
        (b"DELETE /health HTTP/1.1", 405),
    ],
)
def test_versions_and_methods_over_the_wire(
    server: Server, request_line: bytes, status: int
) -> None:
    """HTTP/2 gets 505; 1.2 is 1.1; no version is 400; a method HTTP does not define, 501."""
    _, port = server

    answer = raw(port, request_line + b"\r\nHost: x\r\nConnection: close\r\n\r\n")

    assert (status, True) == (status_of(answer), status == 200 or is_problem(answer))


def test_http_1_2_is_answered_as_1_1_behind_another_request(server: Server) -> None:
    """An HTTP/1.2 request pipelined behind an HTTP/1.1 one: both answered, 200 each."""
    _, port = server
    request = b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"

    answers = raw(
        port, request + request.replace(b"1.1\r\nHost: x", b"1.2\r\nHost: x\r\nConnection: close")
    )

    assert [200, 200] == statuses(answers)


@pytest.mark.parametrize(
    ("host_lines", "status"),
    [
        (b"", 400),
        (b"Host: x\r\nHost: x\r\n", 400),
        (b"Host: a b\r\n", 400),
        (b"Host: a/b\r\n", 400),
        (b"Host: [::1]:8000\r\n", 200),
        (b"Host: \r\n", 200),
    ],
    ids=["none", "two", "space", "slash", "ipv6", "empty"],
)
@pytest.mark.parametrize("target", [b"/health", b"/health?via=litestar"])
def test_host_over_the_wire(server: Server, host_lines: bytes, status: int, target: bytes) -> None:
    """An HTTP/1.1 request needs one valid Host, on the fast path and through Litestar alike."""
    _, port = server

    answer = raw(
        port, b"GET " + target + b" HTTP/1.1\r\n" + host_lines + b"Connection: close\r\n\r\n"
    )

    assert (status, True) == (status_of(answer), status == 200 or is_problem(answer))


def test_http_1_0_may_omit_host(server: Server) -> None:
    """An HTTP/1.0 request without Host is served."""
    _, port = server

    assert 200 == status_of(raw(port, b"GET /health HTTP/1.0\r\n\r\n"))


def test_a_refusals_instance_is_the_target_percent_encoded(server: Server) -> None:
    """A refusal of the server's own (here 414) names the target as a URI reference."""
    _, port = server

    answer = raw(port, b'GET /"a"{b}' + b"c" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")

    assert "/%22a%22%7Bb%7D" + "c" * 241 == json.loads(split(answer)[2])["instance"]


@pytest.mark.parametrize(
    ("pieces", "expected"),
    [
        ([b"GET /abc HTTP/1.1\r\n"], (2, 4)),
        ([b"\r\n\r\nGET /ab", b"c HTTP/1.1"], (2, 4)),
        ([b"GE", b"T /a", b"bc", b"\r\n"], (2, 4)),
        ([b"GARBAGE\r\n\r\n"], (2, 0)),
        ([b"GET /abc HTTP/1.1\r\n", b"Host: x y z\r\n"], (2, 4)),
    ],
    ids=["whole", "after-empty-lines", "in-pieces", "no-target", "past-it"],
)
def test_the_target_is_measured_as_the_request_line_arrives(
    pieces: list[bytes], expected: tuple[int, int]
) -> None:
    """The protocol measures the target between the method's space and the next delimiter."""
    read = (0, 0)
    for piece in pieces:
        read = _target_so_far(read, piece)

    assert expected == read


@pytest.mark.parametrize(
    "coding",
    [b"gzip", b"xyz", b"identity", b"chunked, gzip"],
    ids=["gzip", "unknown", "identity", "chunked-then-gzip"],
)
@pytest.mark.parametrize("method", [b"GET", b"POST"])
def test_a_transfer_encoding_not_ending_in_chunked_is_400(
    server: Server, coding: bytes, method: bytes
) -> None:
    """A request whose last transfer coding is not chunked: a 400 naming it, then a close."""
    _, port = server

    answer = raw(
        port, method + b" /v1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding + b"\r\n\r\n"
    )

    assert (400, True, True) == (
        status_of(answer),
        is_problem(answer),
        "Transfer-Encoding" in json.loads(split(answer)[2])["detail"],
    )


def test_a_transfer_encoding_refused_behind_a_request_is_answered_after_it(
    server: Server,
) -> None:
    """A request ending its Transfer-Encoding in gzip, pipelined behind a GET: a 200, then a 400."""
    _, port = server

    answers = raw(
        port,
        b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n"
        b"GET /v1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
    )

    assert ([200, 400], True) == (
        statuses(answers),
        is_problem(answers[answers.index(b"HTTP/1.1 400 ") :]),
    )


def test_a_transfer_encoding_refused_to_head_has_no_body(server: Server) -> None:
    """A HEAD whose Transfer-Encoding ends in gzip gets a 400 without a body."""
    _, port = server

    answer = raw(port, b"HEAD /v1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n")

    assert (400, b"") == (status_of(answer), split(answer)[2])


def test_a_malformed_chunked_body_is_400(server: Server) -> None:
    """A chunked body the parser cannot read, in the head's read: a 400 problem, then a close."""
    _, port = server

    answer = raw(port, b"POST /v1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n")

    assert (400, True) == (status_of(answer), is_problem(answer))
