"""What HTTP/1.1 asks of every request (version, Host, method), on both paths alike.

A test client cannot send a request without Host, or of another version: these call the app
with the scope a server makes (`asgi_calls.call`). Over the wire, see test_hostile.
"""

from __future__ import annotations

import json

import pytest

from picum_api import Service, _fast, create_app
from picum_api._fast import FastPath

from .asgi_calls import Answer, call


@pytest.fixture(scope="module")
def apps(app: Service, slow_app: Service) -> tuple[Service, Service]:
    """The app with its fast path, and without it (every request through Litestar)."""
    return app, slow_app


def both(
    apps: tuple[Service, Service],
    method: str,
    target: bytes,
    headers: list[tuple[bytes, bytes]],
    http_version: str = "1.1",
) -> tuple[Answer, Answer]:
    """The answers of the fast path and of Litestar to the same request."""
    fast, slow = apps
    return (
        call(fast, method, target, headers, http_version=http_version),
        call(slow, method, target, headers, http_version=http_version),
    )


def problem_of(answer: Answer) -> tuple[int, str | None, str]:
    """The status, content type and detail of a problem document."""
    status, headers, body = answer
    return status, dict(headers).get(b"content-type", b"").decode(), json.loads(body)["detail"]


HOST = [(b"host", b"example.org")]
NO_HEADERS: list[tuple[bytes, bytes]] = []


@pytest.mark.parametrize("path", [b"/health", b"/v2/organisation", b"/v2/activities?limit=1"])
@pytest.mark.parametrize(
    ("sent", "status", "detail"),
    [
        ((NO_HEADERS, "1.1"), 400, "an HTTP/1.1 request must have a Host header"),
        (([(b"accept", b"*/*")], "1.2"), 400, "an HTTP/1.2 request must have a Host header"),
        (([(b"host", b"a"), (b"host", b"a")], "1.1"), 400, "a request must have one Host header"),
        (([(b"host", b"a"), (b"host", b"b")], "1.0"), 400, "a request must have one Host header"),
        (([(b"host", b"a b")], "1.1"), 400, "the Host header 'a b' is no host and port"),
        (([(b"host", b"a b")], "1.0"), 400, "the Host header 'a b' is no host and port"),
        ((HOST, "2.0"), 505, "HTTP/2.0 is not served here; this server speaks HTTP/1.1"),
        ((HOST, "3.0"), 505, "HTTP/3.0 is not served here; this server speaks HTTP/1.1"),
        ((HOST, "0.9"), 400, "the request line has no HTTP version"),
    ],
    ids=[
        "no-host",
        "no-host-1.2",
        "two-hosts",
        "two-hosts-1.0",
        "invalid-host",
        "invalid-host-1.0",
        "http-2",
        "http-3",
        "no-version",
    ],
)
def test_requests_http_refuses_get_problem_documents_on_both_paths(
    apps: tuple[Service, Service],
    path: bytes,
    sent: tuple[list[tuple[bytes, bytes]], str],
    status: int,
    detail: str,
) -> None:
    """A request HTTP/1.1 does not let through gets the same problem document on both paths."""
    headers, http_version = sent
    fast, slow = both(apps, "GET", path, headers, http_version)

    assert (fast, (status, "application/problem+json", True)) == (
        slow,
        (*problem_of(fast)[:2], problem_of(fast)[2].startswith(detail)),
    )


@pytest.mark.parametrize(
    "host",
    [
        b"",
        b"example.org",
        b"example.org:8080",
        b"example.org:",
        b"127.0.0.1:8000",
        b"[::1]:8000",
        b"[2001:db8::7]",
        b"[v1.fe80::a+en1]",
        b"xn--bcher-kva.example",
        b"a%41b",
        b"sub-delims!$&'()*+,;=",
    ],
)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_a_valid_host_is_served_on_both_paths(
    apps: tuple[Service, Service], host: bytes, method: str
) -> None:
    """Any uri-host of RFC 3986, with a port or not (or empty), is served, alike on both paths."""
    fast, slow = both(apps, method, b"/v2/organisation", [(b"host", host)])

    assert (fast, 200) == (slow, fast[0])


@pytest.mark.parametrize(
    "host",
    [
        b"a b",
        b"a/b",
        b"user@example.org",
        b"example.org:80a",
        b"example.org:80:80",
        b"[::1",
        b"[::1]x",
        b"[zz::1]",
        b"[\xe9::1]",
        b"[v1.]",
        b"a%4",
        b"caf\xc3\xa9.example",
        b"a\tb",
        b'"x"',
    ],
)
def test_an_invalid_host_is_400_on_both_paths(apps: tuple[Service, Service], host: bytes) -> None:
    """A Host that is no ``uri-host [":" port]`` gets the same 400 on both paths."""
    fast, slow = both(apps, "GET", b"/v2/organisation", [(b"host", host)])

    assert (fast, 400) == (slow, fast[0])


@pytest.mark.parametrize(
    ("headers", "version"), [(NO_HEADERS, "1.0"), (HOST, "1.0"), (HOST, "1.2")]
)
def test_http_1_0_may_omit_host_and_later_1_x_is_1_1(
    apps: tuple[Service, Service], headers: list[tuple[bytes, bytes]], version: str
) -> None:
    """HTTP/1.0 without Host, and HTTP/1.2 with one, are served as HTTP/1.1 is, on both paths."""
    fast, slow = both(apps, "GET", b"/v2/organisation", headers, version)
    expected = call(apps[1], "GET", b"/v2/organisation", HOST)

    assert (fast, expected) == (slow, fast)


@pytest.mark.parametrize("method", ["BREW", "PROPFIND", "get", "SEARCH", "query", "M-SEARCH"])
@pytest.mark.parametrize("path", [b"/v2/organisation", b"/nowhere"])
def test_a_method_http_does_not_define_is_501(
    apps: tuple[Service, Service], method: str, path: bytes
) -> None:
    """A method not in RFC 9110 nor PATCH nor QUERY (case counts) gets a 501 problem, on both paths."""
    fast, slow = both(apps, method, path, HOST)

    assert (fast, (501, "application/problem+json", True)) == (
        slow,
        (
            *problem_of(fast)[:2],
            problem_of(fast)[2].startswith(f"{method} is not a method HTTP defines"),
        ),
    )


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "QUERY"])
def test_a_defined_method_not_allowed_is_405_with_allow(
    apps: tuple[Service, Service], method: str
) -> None:
    """A method HTTP defines that the resource does not allow gets 405 and Allow, on both paths."""
    fast, slow = both(apps, method, b"/v2/organisation", HOST)

    assert (fast, (405, b"GET, HEAD, OPTIONS")) == (slow, (fast[0], dict(fast[1])[b"allow"]))


def test_the_fast_path_remembers_a_bounded_number_of_hosts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Valid Host values are checked once each, and no more than `KNOWN_HOSTS` are kept."""
    monkeypatch.setattr(_fast, "KNOWN_HOSTS", 2)
    app = create_app()
    fast_path = app.asgi.app  # type: ignore[attr-defined]
    assert isinstance(fast_path, FastPath)
    for host in [b"a", b"b", b"c", b"c", b""]:
        call(app, "GET", b"/health", [(b"host", host)])

    assert {b"c", b""} == fast_path._hosts  # pyright: ignore[reportPrivateUsage]
