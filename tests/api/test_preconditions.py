"""If-Match and If-None-Match, evaluated in RFC 9110's order (13.2.2), alike on both paths."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from picum_api import Service
from picum_api._http import if_match


Client = TestClient[Service]
PATHS = [
    "/v2/organisation",
    "/organisation",
    "/v2/organisation/answers",
    "/v2/activities?limit=1",
    "/health",
]


@pytest.fixture(scope="module")
def clients(client: Client, slow: Client) -> tuple[Client, Client]:
    """The clients of the app with its fast path, and without it."""
    return client, slow


def answer(
    client: Client, method: str, path: str, headers: list[tuple[str, str]]
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """The whole answer: status, headers in order, and body."""
    response = client.request(method, path, headers=headers)
    return response.status_code, response.headers.raw, response.content


def etag_of(client: Client, path: str, headers: list[tuple[str, str]] | None = None) -> str:
    """The ETag of the representation *path* gives with *headers*."""
    return client.get(path, headers=headers).headers["etag"]


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize(
    ("if_match_lines", "status"),
    [
        (["{etag}"], 200),
        (["*"], 200),
        ([' "stale" ,{etag}'], 200),
        (['"stale"', "{etag}"], 200),
        (["", "{etag}"], 200),
        (['"stale"'], 412),
        (["W/{etag}"], 412),
        (['"stale"', 'W/"stale"'], 412),
        (["garbage"], 412),
    ],
    ids=[
        "current",
        "any",
        "in-a-list",
        "on-a-second-line",
        "after-an-empty-line",
        "stale",
        "weak",
        "stale-lines",
        "garbage",
    ],
)
def test_if_match_is_evaluated_alike_on_both_paths(
    clients: tuple[Client, Client],
    path: str,
    method: str,
    if_match_lines: list[str],
    status: int,
) -> None:
    """If-Match compares strongly, its lines are one list; 412 where it fails, on both paths."""
    client, slow = clients
    etag = etag_of(slow, path)
    headers = [("If-Match", line.format(etag=etag)) for line in if_match_lines]

    fast = answer(client, method, path, headers)

    assert (fast, status) == (answer(slow, method, path, headers), fast[0])


@pytest.mark.parametrize("path", PATHS)
def test_a_failed_if_match_is_a_problem_naming_the_current_etag(client: Client, path: str) -> None:
    """412 is a problem document that says which ETag is current, and is not to be stored."""
    etag = etag_of(client, path)

    response = client.get(path, headers={"If-Match": '"stale"'})

    assert (
        "application/problem+json",
        "no-store",
        True,
    ) == (
        response.headers["content-type"],
        response.headers["cache-control"],
        response.json()["detail"].endswith(f"the current one's ETag is {etag}"),
    )


@pytest.mark.parametrize("path", PATHS)
def test_if_match_is_evaluated_before_if_none_match(
    client: Client, slow: Client, path: str
) -> None:
    """A failing If-Match gets 412 even where If-None-Match would give 304 (RFC 9110, 13.2.2)."""
    etag = etag_of(slow, path)
    headers = [("If-None-Match", etag), ("If-Match", '"stale"')]

    fast = answer(client, "GET", path, headers)

    assert (fast, 412) == (answer(slow, "GET", path, headers), fast[0])


@pytest.mark.parametrize("path", PATHS)
def test_a_matching_if_match_leaves_if_none_match_its_304(
    client: Client, slow: Client, path: str
) -> None:
    """With If-Match passed, If-None-Match is evaluated: a current ETag gets 304."""
    etag = etag_of(slow, path)
    headers = [("If-Match", etag), ("If-None-Match", etag)]

    fast = answer(client, "GET", path, headers)

    assert (fast, 304) == (answer(slow, "GET", path, headers), fast[0])


def test_if_match_compares_the_etag_of_the_coding_sent(client: Client, slow: Client) -> None:
    """The ETag If-Match must name is that of the content coding chosen (each has its own)."""
    path = "/v2/organisation"
    plain = etag_of(slow, path, [("Accept-Encoding", "identity")])
    headers = [("Accept-Encoding", "br"), ("If-Match", plain)]

    fast = answer(client, "GET", path, headers)

    assert (fast, 412) == (answer(slow, "GET", path, headers), fast[0])


def test_406_comes_before_a_failed_if_match(client: Client, slow: Client) -> None:
    """A request refused without its preconditions keeps that answer (RFC 9110, 13.2.1)."""
    headers = [("Accept", "text/csv"), ("If-Match", '"stale"')]

    fast = answer(client, "GET", "/v2/organisation", headers)

    assert (fast, 406) == (answer(slow, "GET", "/v2/organisation", headers), fast[0])


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, True),
        ("*", True),
        (" * ", True),
        ('"a"', True),
        ('"b", "a"', True),
        ('W/"a"', False),
        ('"b"', False),
        ("a", False),
        ("", False),
    ],
)
def test_if_match(header: str | None, expected: bool) -> None:
    """If-Match lets a request for "a" go on: absent, ``*``, or listing "a" strongly."""
    assert expected == if_match(header, '"a"')
