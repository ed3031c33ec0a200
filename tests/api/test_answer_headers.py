"""The headers every answer carries, once each, whichever layer of `picum serve` answers."""

from __future__ import annotations

import pytest

from picum_api._answer_headers import EVERY_ANSWER
from picum_api._limits import MAX_HEADERS, MAX_TARGET
from picum_api._protocol import MAX_HEAD

from .servers import Server, raw, status_of


_HOST = b"Host: 127.0.0.1\r\nConnection: close\r\n"

#: A request answered by each layer a request may meet, with the status it gets there.
ANSWERED_BY = {
    "the fast path": (b"GET /v2/organisation HTTP/1.1\r\n" + _HOST + b"\r\n", 200),
    "the fast path, not modified": (
        b"GET /health HTTP/1.1\r\nIf-None-Match: *\r\n" + _HOST + b"\r\n",
        304,
    ),
    "Litestar, a page": (
        b"GET /v2/activities?limit=3&offset=1 HTTP/1.1\r\n" + _HOST + b"\r\n",
        200,
    ),
    "Litestar, a problem": (b"GET /nowhere HTTP/1.1\r\n" + _HOST + b"\r\n", 404),
    "Litestar, a method not allowed": (
        b"DELETE /v2/organisation HTTP/1.1\r\n" + _HOST + b"\r\n",
        405,
    ),
    "Litestar, a preflight": (
        b"OPTIONS /v2/organisation HTTP/1.1\r\nOrigin: https://example.org\r\n"
        b"Access-Control-Request-Method: GET\r\n" + _HOST + b"\r\n",
        204,
    ),
    "Conformance, a method HTTP does not define": (b"BREW / HTTP/1.1\r\n" + _HOST + b"\r\n", 501),
    "Conformance, no Host": (b"GET /v2 HTTP/1.1\r\nConnection: close\r\n\r\n", 400),
    "Limits, a long target": (
        b"GET /v2?" + b"a" * MAX_TARGET + b" HTTP/1.1\r\n" + _HOST + b"\r\n",
        414,
    ),
    "Limits, large headers": (
        b"GET /v2 HTTP/1.1\r\nX-Big: " + b"a" * MAX_HEADERS + b"\r\n" + _HOST + b"\r\n",
        431,
    ),
    "the protocol, a head over its bound": (
        b"GET /v2 HTTP/1.1\r\nX-Big: " + b"a" * MAX_HEAD + b"\r\n" + _HOST + b"\r\n",
        431,
    ),
    "the protocol, no HTTP": (b"GET /v2 HTTP/1.1\r\nno colon here\r\n" + _HOST + b"\r\n", 400),
}


def _header_lines(answer: bytes) -> list[tuple[str, str]]:
    head = answer.partition(b"\r\n\r\n")[0].decode("latin-1")
    lines = head.split("\r\n")[1:]
    return [
        (name.strip().lower(), value.strip())
        for name, _, value in (line.partition(":") for line in lines)
    ]


@pytest.mark.parametrize("layer", ANSWERED_BY)
def test_every_layer_sends_the_headers_of_every_answer_once(server: Server, layer: str) -> None:
    """Each layer's answer carries each header of `EVERY_ANSWER` once, with its value."""
    request, status = ANSWERED_BY[layer]

    answer = raw(server.port, request)

    lines = _header_lines(answer)
    expected = [(status, name.lower(), [value]) for name, value in EVERY_ANSWER.items()]
    actual = [
        (status_of(answer), name.lower(), [v for n, v in lines if n == name.lower()])
        for name in EVERY_ANSWER
    ]
    assert expected == actual
