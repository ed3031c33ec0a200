"""The fast path answers exactly as Litestar's routing would, only sooner."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from litestar.testing import TestClient
from litestar.types import Message, Receive, Scope, Send

from picum_api import Service, _fast, create_app

from .fast_path import HEADERS, Headers, fast_path_of, headers_id


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
    "/v1/activities?offset=1&limit=1",
    "/activities?limit=0",
    "/v1/citations?format=bibtex&limit=1",
    "/v1/citations?format=csl&format=csl",
    "/v1/citations/craig-lynk-2006?format=csl",
    "/v1/organisation?format=jsonld",
    "/organisation?format=xml",
    "/v1/memberships?offset=007",
    "/v1/sources?limit=1&other=2",
    "/v1/activities/nope",
    "/nowhere",
    "/v2",
    "/v2/organisation",
    "/v2/organisation?format=jsonld",
    "/v2/organisation?as_of=2016-10-31",
    "/v2/organisation?as_of=2016-10-31&format=jsonld",
    "/v2/organisation?as_of=2016-02-30",
    "/v2/organisation/answers",
    "/organisation/answers",
    "/v2/organisation/answers?as_of=2016-10-31",
    "/v2/organisation/answers?as_of=2016-02-30",
    "/v1/organisation/answers",
    "/v2/activities?offset=1&limit=2",
    "/v2/citations?format=bibtex",
    "/v2/citations/craig-lynk-2006?format=csl",
    "/v2/memberships",
    "/v2/sources?limit=1",
    "/v3/organisation",
]


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
    ids=headers_id,
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


#: Gives the URLs of a list that reach Litestar's routing, given the headers to send with each.
RoutedPaths = Callable[[list[str], dict[str, str] | None], list[str]]


@pytest.fixture(scope="module")
def routed_paths() -> Iterator[RoutedPaths]:
    """The URLs of a list that reach Litestar's routing when one app with the fast path gets them.

    One app serves the module: what its fast path keeps answers only what it answers itself.
    """
    app = create_app()
    routed: list[str] = []
    handler = app.litestar.asgi_handler

    async def counting(scope: Scope, receive: Receive, send: Send) -> None:
        query = scope["query_string"].decode()
        routed.append(f"{scope['path']}?{query}" if query else scope["path"])
        await handler(scope, receive, send)

    app.litestar.asgi_handler = counting
    with TestClient(app) as client:

        def send(urls: list[str], headers: dict[str, str] | None) -> list[str]:
            routed.clear()
            for url in urls:
                client.get(url, headers=headers)
            return list(routed)

        yield send


def test_hot_requests_skip_routing(routed_paths: RoutedPaths) -> None:
    """Plain GETs, pages, formats, negotiated and compressed answers never reach the router."""
    hot = [
        "/v1/organisation",
        "/v1/organisation?format=jsonld",
        "/organisation?format=json",
        "/v1/activities?limit=2&offset=1",
        "/activities?offset=0",
        "/v1/citations?format=bibtex",
        "/v1/citations?offset=0&limit=1&format=csl",
        "/v1/citations/craig-lynk-2006?format=bibtex",
        "/v1/memberships?limit=500",
        "/v1/sources?offset=1000000000",
        "/v2/organisation",
        "/v2/organisation?format=jsonld",
        "/v2/organisation/answers",
        "/organisation/answers",
        "/v2/activities?limit=2&offset=1",
        "/v2/citations/craig-lynk-2006?format=bibtex",
        # Queries the handlers read too (`_query`'s rules): repeated, percent-encoded, ignored.
        "/v1/activities?limit=1&limit=2",
        "/v1/activities?limit=%31",
        "/v1/activities?format=json",
        "/v1/activities?other=1",
        "/v1/activities/advocacy?format=json",
        "/v1?format=json",
        "/v1/organisation?as_of=2016-10-31",
    ]
    headers = {"Accept": "application/ld+json;q=0.9, */*;q=0.1", "Accept-Encoding": "gzip, br"}

    assert [] == routed_paths(hot, headers)


@pytest.mark.parametrize(
    "url",
    [
        "/v1/activities?limit=0",
        "/v1/activities?limit=501",
        "/v1/activities?offset=1000000001",
        "/v1/activities?limit",
        "/v1/activities?limit=1&limit=1e2",
        "/v1/organisation?format=bibtex",
        "/v1/organisation?format=JSON",
        "/v1/citations?format=json&format=xml",
        "/v1/citations?format=xml&format=csl",
        "/v1/citations/nope?format=csl",
        "/v2/organisation?as_of=2016-10-31",
        "/v2/organisation?as_of=2016-10-31&as_of=2016-10-31",
        "/v2/organisation/answers?as_of=2016-10-31",
    ],
)
def test_other_queries_are_left_to_litestar(routed_paths: RoutedPaths, url: str) -> None:
    """A query the handler refuses, or a view at a day, goes on to Litestar."""
    assert [url] == routed_paths([url], None)


def test_the_answer_cache_is_bounded_in_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    """However many different requests clients send, the fast path remembers a bounded number."""
    monkeypatch.setattr(_fast, "CACHE_ANSWERS", 8)
    service = create_app()
    with TestClient(service) as client:
        answers = [
            client.get("/v1/organisation", headers={"Accept": f"application/json;q=0.{n:03}"})
            for n in range(1, 30)
        ]

    assert fast_path_of(service).cached[0] <= 8
    assert {200} == {answer.status_code for answer in answers}


def test_the_answer_cache_is_bounded_in_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fast path remembers answers within a budget of bytes, whatever their number."""
    monkeypatch.setattr(_fast, "CACHE_BYTES", 8 * 1024)
    service = create_app()
    with TestClient(service) as client:
        answers = [
            client.get(f"/v1/sources?limit={limit}", headers={"Accept-Encoding": "identity"})
            for limit in range(1, 20)
        ]

    assert 0 < fast_path_of(service).cached[1] <= 8 * 1024
    assert {200} == {answer.status_code for answer in answers}


def test_an_answer_larger_than_the_cache_is_served_not_remembered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An answer larger than the whole cache's budget is sent, and the cache keeps what it had."""
    monkeypatch.setattr(_fast, "CACHE_BYTES", 1024)
    service = create_app()
    with TestClient(service) as client:
        client.get("/health")
        remembered = fast_path_of(service).cached
        response = client.get("/v1/organisation", headers={"Accept-Encoding": "identity"})

    assert (200, remembered) == (response.status_code, fast_path_of(service).cached)


def test_middleware_that_changes_headers_in_place_changes_one_answer() -> None:
    """Middleware around the app that adds a header to the list it is sent adds it once, each time."""
    service = create_app()

    async def stamping(scope: Scope, receive: Receive, send: Send) -> None:
        async def stamp(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message["headers"]
                assert isinstance(headers, list)
                headers.append((b"x-stamp", b"1"))  # in place, as Starlette does
            await send(message)

        await service(scope, receive, stamp)

    with TestClient(stamping) as client:
        answers = [client.get("/v1/organisation") for _ in range(3)]

    assert [["1"]] * 3 == [answer.headers.get_list("x-stamp") for answer in answers]
