"""The fast path answers exactly as Litestar's routing would, only sooner."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient
from litestar.types import Receive, Scope, Send

from picum_api import Service, create_app


Client = TestClient[Service]
PATHS = [
    "/",
    "/v1",
    "/v1/organisation",
    "/organisation",
    "/v1/activities",
    "/activities",
    "/v1/activities/advocacy",
    "/activities/advocacy",
    "/v1/memberships",
    "/v1/citations",
    "/v1/citations/craig-lynk-2006",
    "/v1/sources",
    "/health",
    "/schema/openapi.json",
    "/schema",
    "/v1/activities?limit=2",
    "/v1/activities/nope",
    "/nowhere",
]
Headers = list[tuple[str, str]]
HEADERS: list[Headers] = [
    [],
    [("Accept", "*/*")],
    [("Accept", "application/ld+json")],
    [("Accept", "application/vnd.citationstyles.csl+json, */*;q=0.1")],
    [("Accept", "application/x-bibtex")],
    [("Accept", "text/html")],
    [("Accept", "json")],
    [("If-None-Match", "*")],
    [("If-None-Match", '"stale"')],
    [("Origin", "https://example.org")],
    [("Origin", "https://example.org"), ("Cookie", "session=1")],
    # Repeated list headers are one list (RFC 9110, 5.3), in the order of their lines.
    [("Accept", "text/html"), ("Accept", "application/json")],
    [("Accept", "application/json"), ("Accept", "text/html")],
    [("Accept", "application/x-bibtex"), ("Accept", "application/ld+json;q=0.5")],
    [("Accept", "*/*;q=0"), ("Accept", "application/json")],
    [("If-None-Match", '"x"'), ("If-None-Match", "*")],
    [("If-None-Match", "*"), ("If-None-Match", '"x"')],
    # Empty headers: as if absent, alone or beside others.
    [("Accept", "")],
    [("Accept", ""), ("Accept", "application/ld+json")],
    [("If-None-Match", "")],
    [("Origin", "")],
    [("Origin", ""), ("Cookie", "session=1")],
    [("Origin", "https://a.example"), ("Origin", "https://b.example")],
    # Odd ones.
    [("Origin", "null")],
    [("Accept", "*/*;q=0")],
    [("Accept", "text/html;q=abc")],
    [("Accept", ",,, ,")],
    [("If-None-Match", 'W/"stale", "other"')],
    [("If-None-Match", "garbage")],
    [("Cookie", "a=1"), ("Cookie", "b=2")],
    [("Accept-Encoding", "gzip"), ("Accept-Encoding", "br")],
]


@pytest.fixture(scope="module")
def slow() -> Iterator[Client]:
    """A client of the app without the fast path: every request goes through Litestar."""
    with TestClient(create_app(fast_path=False)) as client:
        yield client


def answer(
    client: Client, method: str, path: str, headers: Headers
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """The whole answer: status, headers in order, and body."""
    response = client.request(method, path, headers=headers)
    return response.status_code, response.headers.raw, response.content


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    "headers",
    HEADERS,
    ids=lambda headers: ",".join(f"{k}={v}" for k, v in headers) or "plain",
)
def test_same_answers(
    client: Client, slow: Client, method: str, path: str, headers: Headers
) -> None:
    """Every request gets the same status, headers and body, with and without the fast path."""
    assert answer(slow, method, path, headers) == answer(client, method, path, headers)


@pytest.mark.parametrize("path", ["/v1/organisation", "/v1/citations/craig-lynk-2006"])
def test_same_304(client: Client, slow: Client, path: str) -> None:
    """A current ETag gets the same 304 both ways."""
    etag = slow.get(path).headers["etag"]

    assert answer(slow, "GET", path, [("If-None-Match", etag)]) == answer(
        client, "GET", path, [("If-None-Match", etag)]
    )


@pytest.mark.parametrize("path", ["/v1/organisation", "/v1/citations/craig-lynk-2006"])
def test_same_304_for_an_etag_on_a_second_line(client: Client, slow: Client, path: str) -> None:
    """A current ETag on the second If-None-Match line gets the same 304 both ways."""
    etag = slow.get(path).headers["etag"]
    headers = [("If-None-Match", '"stale"'), ("If-None-Match", etag)]

    expected = answer(slow, "GET", path, headers)

    assert (304, expected) == (expected[0], answer(client, "GET", path, headers))


def test_plain_gets_skip_routing() -> None:
    """The fast path answers a plain GET without Litestar's routing, and leaves it the rest."""
    app = create_app()
    routed: list[str] = []
    handler = app.litestar.asgi_handler

    async def counting(scope: Scope, receive: Receive, send: Send) -> None:
        routed.append(scope["path"])
        await handler(scope, receive, send)

    app.litestar.asgi_handler = counting
    with TestClient(app) as client:
        client.get("/v1/organisation")
        client.get("/v1/organisation", params={"format": "jsonld"})

    assert ["/v1/organisation"] == routed
