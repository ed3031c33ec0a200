"""HTTP done right on every resource: caching, conditional requests, HEAD, methods, CORS, errors."""

from __future__ import annotations

import hashlib
import json

import pytest
from litestar import get
from litestar.exceptions import ServiceUnavailableException
from litestar.testing import TestClient

from picum_api import Service, create_app
from picum_api._problems import uri_reference

from .asgi_calls import call


Client = TestClient[Service]
RESOURCES = [
    f"{version}{path}"
    for version in ("/v1", "/v2")
    for path in (
        "",
        "/organisation",
        "/activities",
        "/activities/advocacy",
        "/memberships",
        "/citations",
        "/citations/craig-lynk-2006",
        "/sources",
    )
] + [
    "/health",
    "/schema/openapi.json",
]
DATA = [path for path in RESOURCES if path not in {"/health", "/schema/openapi.json"}]


@pytest.mark.parametrize("path", RESOURCES)
def test_strong_etag_is_a_hash_of_the_body(client: Client, path: str) -> None:
    """Every 200 has a strong ETag: a hash of its very bytes (here, uncompressed)."""
    response = client.get(path, headers={"Accept-Encoding": "identity"})

    assert f'"{hashlib.sha256(response.content).hexdigest()[:32]}"' == response.headers["etag"]


@pytest.mark.parametrize("path", DATA)
def test_data_is_cacheable_and_says_its_licence(client: Client, path: str) -> None:
    """Data responses may be cached for five minutes, and link to the data's licence.

    /v1's link to the same resource in /v2, its successor.
    """
    response = client.get(path)

    licence = '<https://creativecommons.org/licenses/by-sa/3.0/>; rel="license"'
    successor = f', </v2{path.removeprefix("/v1")}>; rel="successor-version"'
    assert (
        "public, max-age=300",
        licence + successor if path.startswith("/v1") else licence,
        "Accept, Accept-Encoding",
    ) == (response.headers["cache-control"], response.headers["link"], response.headers["vary"])


def test_etags_are_the_same_in_every_app(client: Client) -> None:
    """The ETag depends on the bytes only, so a second app (or process) gives the same one."""
    with TestClient(create_app()) as other:
        assert (
            client.get("/v1/organisation").headers["etag"]
            == other.get("/v1/organisation").headers["etag"]
        )


@pytest.mark.parametrize("path", RESOURCES)
@pytest.mark.parametrize(
    "if_none_match",
    ["{etag}", "W/{etag}", '"stale", {etag}', '"a", W/{etag}, "b"', "*", " * "],
)
def test_if_none_match_gives_304(client: Client, path: str, if_none_match: str) -> None:
    """A current ETag, alone, weak, in a list, or `*`, gives 304 with the ETag and no body."""
    etag = client.get(path).headers["etag"]

    response = client.get(path, headers={"If-None-Match": if_none_match.format(etag=etag)})

    assert (304, etag, b"") == (response.status_code, response.headers["etag"], response.content)
    assert "content-length" not in response.headers


@pytest.mark.parametrize("if_none_match", ['"stale"', 'W/"stale", "older"', "", "garbage"])
def test_a_stale_etag_gives_the_body(client: Client, if_none_match: str) -> None:
    """ETags that are not current, and values that are no ETags, give the full 200."""
    response = client.get("/v1/organisation", headers={"If-None-Match": if_none_match})

    assert 200 == response.status_code


def test_a_304_keeps_the_cache_headers(client: Client) -> None:
    """A 304 carries the headers a cache needs to freshen its copy."""
    etag = client.get("/v1/activities").headers["etag"]

    response = client.get("/v1/activities", headers={"If-None-Match": etag})

    assert ("public, max-age=300", "Accept, Accept-Encoding") == (
        response.headers["cache-control"],
        response.headers["vary"],
    )


@pytest.mark.parametrize("path", [*RESOURCES, "/organisation", "/activities", "/"])
def test_head_gives_the_headers_of_get_without_a_body(client: Client, path: str) -> None:
    """HEAD works wherever GET does: the same status and headers, and no body."""
    get_response, head_response = client.get(path), client.head(path)

    assert (200, b"") == (head_response.status_code, head_response.content)
    assert dict(get_response.headers) == dict(head_response.headers)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/v1/organisation", "/v1/activities/advocacy", "/health"])
def test_other_methods_are_405_with_allow(client: Client, method: str, path: str) -> None:
    """Methods other than GET and HEAD get a 405 problem document with an Allow header."""
    response = client.request(method, path)

    assert (405, "application/problem+json") == (
        response.status_code,
        response.headers["content-type"],
    )
    assert {"GET", "HEAD"} <= {verb.strip() for verb in response.headers["allow"].split(",")}
    assert response.json()["detail"].startswith(f"{method} is not allowed on {path}")


ALL_PATHS = [
    "/",
    "/v1",
    "/v1/organisation",
    "/v1/activities/advocacy",
    "/v1/citations",
    "/health",
    "/schema",
    "/schema/openapi.json",
    "/schema/assets/swagger-ui.css",
]


@pytest.mark.parametrize("path", ALL_PATHS)
def test_allow_is_the_same_list_everywhere(client: Client, path: str) -> None:
    """OPTIONS and 405 list the same methods, in the same order, as the 405's detail says."""
    options, delete = client.options(path), client.delete(path)

    assert (
        "GET, HEAD, OPTIONS",
        "GET, HEAD, OPTIONS",
        f"DELETE is not allowed on {path}; allowed: GET, HEAD, OPTIONS",
    ) == (options.headers["allow"], delete.headers["allow"], delete.json()["detail"])


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
@pytest.mark.parametrize(
    "path", ["/schema/nope", "/schema/assets/%00", "/schema/assets/" + "a" * 300, "/schema/assets/"]
)
def test_unknown_schema_paths_are_404_problems(client: Client, method: str, path: str) -> None:
    """Unknown paths under /schema, names no file could have included, are 404s for every method."""
    response = client.request(method, path)

    assert (404, "application/problem+json") == (
        response.status_code,
        response.headers["content-type"],
    )


def test_cors_is_open_for_reading(client: Client) -> None:
    """Any origin may read, and see the ETag and Link headers."""
    response = client.get("/v1/organisation", headers={"Origin": "https://example.org"})

    assert "*" == response.headers["access-control-allow-origin"]
    assert {"etag", "link"} <= {
        name.strip().lower()
        for name in response.headers["access-control-expose-headers"].split(",")
    }


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Origin": ""},
        {"Origin": "https://example.org"},
        {"Origin": "https://example.org", "Cookie": "session=1"},
    ],
    ids=["no-origin", "empty-origin", "origin", "origin-and-cookie"],
)
def test_cors_headers_do_not_depend_on_the_request(client: Client, headers: dict[str, str]) -> None:
    """Every answer is open to every origin, the same with or without Origin: it never varies on it."""
    response = client.get("/v1/organisation", headers=headers)

    assert ("*", "ETag, Link, Deprecation, Sunset", "Accept, Accept-Encoding") == (
        response.headers["access-control-allow-origin"],
        response.headers["access-control-expose-headers"],
        response.headers["vary"],
    )


@pytest.mark.parametrize("method", ["DELETE", "PUT"])
def test_a_preflight_for_another_method_is_answered_with_what_is_allowed(
    client: Client, method: str
) -> None:
    """A preflight asking for a method the API lacks gets the methods it has: the browser refuses."""
    response = client.options(
        "/v1/organisation",
        headers={"Origin": "https://example.org", "Access-Control-Request-Method": method},
    )

    assert (204, "GET, HEAD") == (
        response.status_code,
        response.headers["access-control-allow-methods"],
    )


def test_cors_preflight_allows_conditional_gets(client: Client) -> None:
    """A browser may send If-None-Match from any origin."""
    response = client.options(
        "/v1/organisation",
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )

    assert (204, "*") == (response.status_code, response.headers["access-control-allow-origin"])
    assert "GET" in response.headers["access-control-allow-methods"]


@pytest.mark.parametrize("path", ["/v1/organisation", "/nowhere"])
def test_nosniff_everywhere(client: Client, path: str) -> None:
    """Every response, error or not, forbids content sniffing."""
    assert "nosniff" == client.get(path).headers["x-content-type-options"]


@pytest.mark.parametrize(
    "accept",
    [
        "application/json",
        "*/*",
        "application/*",
        "text/html, application/json;q=0.1",
        "",
        "application/json; charset=utf-8",
    ],
)
def test_accept_that_allows_json_gets_json(client: Client, accept: str) -> None:
    """Any Accept that allows JSON gets JSON."""
    response = client.get("/v1/organisation", headers={"Accept": accept})

    assert (200, "application/json") == (response.status_code, response.headers["content-type"])


@pytest.mark.parametrize(
    "accept",
    ["text/html", "application/json;q=0, application/ld+json;q=0", "application/xml, text/*"],
)
def test_accept_that_refuses_json_is_406(client: Client, accept: str) -> None:
    """An Accept that refuses JSON gets a 406 problem document saying what is available."""
    response = client.get("/v1/organisation", headers={"Accept": accept})

    assert (406, "application/problem+json") == (
        response.status_code,
        response.headers["content-type"],
    )
    assert response.json()["detail"].endswith(
        "refuses every representation of /v1/organisation;"
        " available: application/json, application/ld+json"
    )


def test_a_malformed_accept_is_400(client: Client) -> None:
    """An Accept header that is no list of media ranges is a 400 problem document."""
    response = client.get("/v1/organisation", headers={"Accept": "json"})

    assert (400, "the Accept header 'json' is malformed") == (
        response.status_code,
        response.json()["detail"].split(":")[0],
    )


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ({"limit": "0"}, "limit: Expected `int` >= 1"),
        ({"limit": "501"}, "limit: Expected `int` <= 500"),
        ({"offset": "-1"}, "offset: Expected `int` >= 0"),
        ({"offset": "1000000001"}, "offset: Expected `int` <= 1000000000"),
        ({"limit": "ten"}, "limit: Expected `int`, got `str`"),
        ({"limit": "1e2"}, "limit: Expected `int` in digits, got '1e2'"),
        ({"offset": "0.5e1"}, "offset: Expected `int` in digits, got '0.5e1'"),
        ({"limit": "1.0"}, "limit: Expected `int` in digits, got '1.0'"),
    ],
)
def test_bad_parameters_are_400(client: Client, query: dict[str, str], detail: str) -> None:
    """Out-of-bounds or malformed paging parameters are a 400 naming the parameter."""
    response = client.get("/v1/activities", params=query)

    assert (400, "Bad Request", detail) == (
        response.status_code,
        response.json()["title"],
        response.json()["detail"],
    )


@pytest.mark.parametrize(
    "path", ["/v1/organisation", "/v1/citations", "/v1/citations/craig-lynk-2006"]
)
def test_a_format_must_be_named(client: Client, path: str) -> None:
    """``format=null`` names no format: a 400, as any other value that is not a format is."""
    response = client.get(path, params={"format": "null"})

    assert (400, "format: Invalid enum value 'null'") == (
        response.status_code,
        response.json()["detail"],
    )


def test_unknown_paths_are_404_problems(client: Client) -> None:
    """A path with no resource is a 404 problem document pointing to the index."""
    response = client.get("/v3/organisation")

    assert {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "detail": "there is no resource at /v3/organisation; the API's index is at /v2",
        "instance": "/v3/organisation",
    } == response.json()


def test_errors_are_not_cached(client: Client) -> None:
    """Problem documents say not to store them."""
    assert "no-store" == client.get("/nowhere").headers["cache-control"]


def test_server_errors_keep_their_status_and_reveal_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A 5xx raised on purpose keeps its status, and is logged and hidden like any other."""

    @get("/unavailable", sync_to_thread=False)
    def unavailable() -> None:
        raise ServiceUnavailableException(detail="the secret database is down")

    app = create_app()
    app.litestar.register(unavailable)
    with TestClient(app) as client:
        response = client.get("/unavailable")

    assert (503, "the server met an unexpected error; it has been logged") == (
        response.status_code,
        response.json()["detail"],
    )
    assert "secret database" in caplog.text


def test_unexpected_errors_are_500_problems_that_reveal_nothing(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """An unexpected exception is logged, and answered with a 500 problem that hides it."""

    @get("/broken", sync_to_thread=False)
    def broken() -> None:
        raise RuntimeError("secret internals")

    app = create_app()
    app.litestar.register(broken)
    with TestClient(app) as client:
        response = client.get("/broken")

    assert (500, "application/problem+json") == (
        response.status_code,
        response.headers["content-type"],
    )
    assert "secret" not in response.text
    assert "secret internals" in caplog.text


@pytest.mark.parametrize(
    ("target", "instance"),
    [
        (b"/nowhere", "/nowhere"),
        (b"/v9/a?x=1&y=%41", "/v9/a?x=1&y=%41"),
        (b'/no/"where"', "/no/%22where%22"),
        (b"/no where?q=a b", "/no%20where?q=a%20b"),
        (b"/caf\xc3\xa9/\xff", "/caf%C3%A9/%FF"),
        (b"/a%ZZ%4/%e9", "/a%25ZZ%254/%e9"),
        (b"/tab\tnul\x00del\x7f", "/tab%09nul%00del%7F"),
        (b"/<x>[y]{z}|\\^`#", "/%3Cx%3E%5By%5D%7Bz%7D%7C%5C%5E%60%23"),
    ],
)
@pytest.mark.parametrize("fast_path", [True, False])
def test_a_problems_instance_is_the_target_percent_encoded(
    app: Service, slow_app: Service, target: bytes, instance: str, fast_path: bool
) -> None:
    """`instance` is the target as received, a URI reference: what a URI may not hold, encoded."""
    _, _, body = call(app if fast_path else slow_app, "GET", target, [(b"host", b"x")])

    assert instance == json.loads(body)["instance"]


@pytest.mark.parametrize(
    ("path", "instance"),
    [
        ("/" + "a" * 300, "/" + "a" * 255),
        ("/" + "a" * 254 + "é", "/" + "a" * 254),
        ("/" + "a" * 253 + "é", "/" + "a" * 253),
        ("/" + "a" * 252 + "é", "/" + "a" * 252 + "%C3"),
    ],
    ids=["long", "cut-after-percent", "cut-inside-escape", "cut-between-escapes"],
)
def test_a_long_instance_is_cut_never_inside_an_escape(path: str, instance: str) -> None:
    """`instance` is at most 256 characters, and ends with no percent-encoding cut short."""
    assert instance == uri_reference(path.encode())


@pytest.mark.parametrize(
    ("size", "status"), [(8191, 200), (8192, 200), (8193, 414)], ids=["under", "at", "over"]
)
@pytest.mark.parametrize("fast_path", [True, False])
def test_the_apps_target_limit_counts_the_target_as_sent(
    app: Service, slow_app: Service, size: int, status: int, fast_path: bool
) -> None:
    """Under any server, a target (path, ``?`` and query) of over 8 KiB gets 414, alike both ways."""
    target = b"/health?" + b"a" * (size - len(b"/health?"))

    answer, _, _ = call(app if fast_path else slow_app, "GET", target, [(b"host", b"x")])

    assert status == answer


def test_a_problems_instance_has_the_query_once_whatever_the_client(client: Client) -> None:
    """A client that puts the query in raw_path too (httpx's ASGI transport) gets it once."""
    response = client.post("/v1/activities?offset=50&limit=50")

    assert "/v1/activities?offset=50&limit=50" == response.json()["instance"]
