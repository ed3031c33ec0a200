"""Compressed answers: encoded once, negotiated by Accept-Encoding, each with its own ETag."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st
from litestar.testing import TestClient

from picum_api import Service
from picum_api._http import CODINGS, Representation, negotiate_coding

from .compression import DECOMPRESS


Client = TestClient[Service]
#: Resources whose bodies are large enough for compression to pay, the page and OpenAPI included.
COMPRESSED = [
    ("/v1/organisation", "application/json"),
    ("/v1/organisation", "application/ld+json"),
    ("/v1/sources", "application/json"),
    ("/", "text/html"),
    ("/schema/openapi.json", "application/json"),
    ("/schema", "text/html"),
]


def raw(
    client: Client, path: str, headers: dict[str, str], method: str = "GET"
) -> tuple[int, dict[str, str], bytes]:
    """The status, headers and body of an answer, the body as sent (not decompressed)."""
    with client.stream(method, path, headers=headers) as response:
        return response.status_code, dict(response.headers), b"".join(response.iter_raw())


def etag_of(body: bytes) -> str:
    """The API's strong ETag of *body*."""
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


@pytest.mark.parametrize(
    ("accept_encoding", "codings", "expected"),
    [
        (None, CODINGS, "identity"),
        ("gzip", CODINGS, "gzip"),
        ("br", CODINGS, "br"),
        ("gzip, br", CODINGS, "br"),
        ("br;q=0.5, gzip", CODINGS, "gzip"),
        ("gzip;q=0.2, br;q=0.1", CODINGS, "gzip"),
        ("*", CODINGS, "br"),
        ("br;q=0, *", CODINGS, "gzip"),
        ("BR", CODINGS, "br"),
        ("gzip;Q=0.5", CODINGS, "gzip"),
        ("compress, deflate", CODINGS, "identity"),
        ("gzip;q=0", CODINGS, "identity"),
        ("identity;q=0", CODINGS, None),
        ("gzip, identity;q=0", CODINGS, "gzip"),
        ("identity;q=0", (), None),
        ("*;q=0", CODINGS, None),
        ("*;q=0, identity", CODINGS, "identity"),
        ("*;q=0.5, identity;q=0.4", (), "identity"),
        ("gzip;q=1.0001, br;q=abc, identity", CODINGS, "identity"),
        ("gzip;level=9", CODINGS, "identity"),
        ("gzip, gzip;q=0", CODINGS, "gzip"),
        ("", CODINGS, "identity"),
        (",, ,", CODINGS, "identity"),
        ("gzip", (), "identity"),
        ("x-gzip", CODINGS, "gzip"),
        ("*;q=0, x-gzip", CODINGS, "gzip"),
    ],
)
def test_codings_are_negotiated_as_rfc_9110_says(
    accept_encoding: str | None, codings: tuple[str, ...], expected: str | None
) -> None:
    """Quality values, `*`, refusals of identity and unreadable elements are read per RFC 9110."""
    assert expected == negotiate_coding(accept_encoding, codings)


@given(st.text(), st.sampled_from([CODINGS, ("gzip",), ()]))
def test_any_accept_encoding_gets_a_choice_or_a_refusal(
    accept_encoding: str, codings: tuple[str, ...]
) -> None:
    """Whatever a client sends, the answer is one of the codings offered, identity, or a refusal."""
    assert negotiate_coding(accept_encoding, codings) in {*codings, "identity", None}


def test_small_bodies_stay_plain() -> None:
    """A body too small for compression to pay has no compressed forms."""
    assert () == Representation.from_body(b'{"status":"ok"}', "json", {}).codings


def test_large_bodies_are_compressed_once_in_each_coding() -> None:
    """A body where compression pays gets a compressed form per coding, each with its own ETag."""
    body = b'{"items":[' + b",".join(b'{"id":"item-%d"}' % n for n in range(200)) + b"]}"

    representation = Representation.from_body(body, "json", {})

    assert [
        (coding, body, etag_of(coded.body), "Accept, Accept-Encoding")
        for coding, coded in zip(CODINGS, representation.codings, strict=True)
    ] == [
        (
            coded.coding,
            DECOMPRESS[coded.coding or ""](coded.body),
            coded.etag,
            coded.headers["Vary"],
        )
        for coded in representation.codings
    ]


@pytest.mark.parametrize("coding", CODINGS)
@pytest.mark.parametrize(("path", "accept"), COMPRESSED)
def test_compressed_answers_hold_the_same_content(
    client: Client, path: str, accept: str, coding: str
) -> None:
    """A compressed answer says its coding, and decompresses to the plain answer's bytes."""
    _, plain_headers, plain = raw(client, path, {"Accept": accept, "Accept-Encoding": "identity"})
    status, headers, body = raw(client, path, {"Accept": accept, "Accept-Encoding": coding})

    assert (200, coding, plain, str(len(body))) == (
        status,
        headers["content-encoding"],
        DECOMPRESS[coding](body),
        headers["content-length"],
    )
    assert "content-encoding" not in plain_headers


@pytest.mark.parametrize("coding", CODINGS)
def test_each_coding_has_its_own_strong_etag(client: Client, coding: str) -> None:
    """The ETag of a compressed answer is a hash of its very bytes: not the plain answer's."""
    _, plain, _ = raw(client, "/v1/organisation", {"Accept-Encoding": "identity"})
    _, headers, body = raw(client, "/v1/organisation", {"Accept-Encoding": coding})

    assert (etag_of(body), True) == (headers["etag"], headers["etag"] != plain["etag"])


@pytest.mark.parametrize("coding", CODINGS)
def test_a_304_for_the_etag_of_the_coding_asked_for(client: Client, coding: str) -> None:
    """If-None-Match with a coding's ETag gets 304 for that coding, with its headers."""
    _, headers, _ = raw(client, "/v1/organisation", {"Accept-Encoding": coding})

    status, again, body = raw(
        client,
        "/v1/organisation",
        {"Accept-Encoding": coding, "If-None-Match": headers["etag"]},
    )

    assert (304, headers["etag"], coding, b"") == (
        status,
        again["etag"],
        again["content-encoding"],
        body,
    )


def test_the_etag_of_another_coding_gets_the_full_answer(client: Client) -> None:
    """A client that has the plain body and now accepts br gets the br body: a 200."""
    _, plain, _ = raw(client, "/v1/organisation", {"Accept-Encoding": "identity"})

    status, headers, _ = raw(
        client, "/v1/organisation", {"Accept-Encoding": "br", "If-None-Match": plain["etag"]}
    )

    assert (200, "br") == (status, headers["content-encoding"])


@pytest.mark.parametrize("coding", CODINGS)
def test_head_of_a_compressed_answer(client: Client, coding: str) -> None:
    """HEAD of a compressed answer has the headers of GET, the compressed length included."""
    _, get_headers, _ = raw(client, "/v1/organisation", {"Accept-Encoding": coding})
    status, head_headers, body = raw(
        client, "/v1/organisation", {"Accept-Encoding": coding}, method="HEAD"
    )

    assert (200, get_headers, b"") == (status, head_headers, body)


def test_small_answers_are_plain_whatever_is_accepted(client: Client) -> None:
    """A small body is sent as it is, even to a client that prefers br."""
    _, headers, body = raw(client, "/health", {"Accept-Encoding": "br"})

    assert (None, b'{"status":"ok"}') == (headers.get("content-encoding"), body)


def test_refusing_identity_where_nothing_else_is_offered_is_406(client: Client) -> None:
    """`identity;q=0` for a body that is never compressed gets a 406 problem naming the header."""
    response = client.get("/health", headers={"Accept-Encoding": "br, identity;q=0"})

    assert (406, "application/problem+json") == (
        response.status_code,
        response.headers["content-type"],
    )
    assert response.json()["detail"].startswith("the Accept-Encoding header 'br, identity;q=0'")


def test_refusing_identity_gets_a_coding_where_one_is_offered(client: Client) -> None:
    """`identity;q=0` with any coding accepted gets that coding."""
    _, headers, _ = raw(client, "/v1/organisation", {"Accept-Encoding": "gzip, identity;q=0"})

    assert "gzip" == headers["content-encoding"]
