"""The HTTP rules, as functions: content negotiation and entity-tag matching."""

from __future__ import annotations

import pytest

from picum_api._http import (
    MalformedHeaderError,
    RequestHeaders,
    header_lines,
    negotiate,
    none_match,
)


JSON, JSONLD = "application/json", "application/ld+json"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, JSON),
        ("", JSON),
        ("  ", JSON),
        ("*/*", JSON),
        ("application/*;q=0.5", JSON),
        ("text/html, */*;q=0.1", JSON),
        ("application/json", JSON),
        ("application/ld+json", JSONLD),
        ("application/ld+json;q=0.9, application/json", JSON),
        ("application/json;q=0.5, application/ld+json", JSONLD),
        ("application/json;q=0, */*", JSONLD),
        ("text/html", None),
        ("application/json;q=0, application/ld+json;q=0", None),
    ],
)
def test_negotiate(accept: str | None, expected: str | None) -> None:
    """Accept chooses by media range, specificity and quality; the first type is the default."""
    assert expected == negotiate(accept, (JSON, JSONLD))


def test_negotiate_rejects_malformed_headers() -> None:
    """A header that is no list of media ranges is an error that quotes it."""
    with pytest.raises(MalformedHeaderError, match="the Accept header 'json' is malformed"):
        negotiate("json", (JSON,))


@pytest.mark.parametrize(
    ("if_none_match", "expected"),
    [
        (None, False),
        ('"abc"', True),
        ('W/"abc"', True),
        ('"x", "abc"', True),
        ('"x",W/"abc" ', True),
        ("*", True),
        ('"abcd"', False),
        ('"ab"', False),
        ("abc", False),
        ("", False),
    ],
)
def test_none_match(if_none_match: str | None, expected: bool) -> None:
    """If-None-Match matches `*`, or the tag itself, weakly, alone or in a list."""
    assert expected == none_match(if_none_match, '"abc"')


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ([], RequestHeaders()),
        (
            [(b"accept", b"text/html"), (b"accept", b"application/json")],
            RequestHeaders(accept="text/html, application/json"),
        ),
        (
            [(b"if-none-match", b'"x"'), (b"if-none-match", b"*")],
            RequestHeaders(if_none_match='"x", *'),
        ),
        (
            [(b"accept", b""), (b"accept", b"application/ld+json"), (b"accept", b" ")],
            RequestHeaders(accept="application/ld+json"),
        ),
        ([(b"accept", b""), (b"if-none-match", b"")], RequestHeaders()),
        (
            [(b"accept-encoding", b"gzip"), (b"accept-encoding", b""), (b"accept-encoding", b"br")],
            RequestHeaders(accept_encoding="gzip, br"),
        ),
        ([(b"origin", b""), (b"cookie", b"a=1"), (b"te", b"gzip")], RequestHeaders()),
        (
            [(b"if-match", b'"x"'), (b"host", b"a"), (b"if-match", b""), (b"if-match", b"*")],
            RequestHeaders(if_match='"x", *'),
        ),
    ],
    ids=[
        "none",
        "accept-twice",
        "if-none-match-twice",
        "empty-lines",
        "all-empty",
        "accept-encoding-thrice",
        "others",
        "if-match-thrice",
    ],
)
def test_request_headers_are_read_as_lists(
    headers: list[tuple[bytes, bytes]], expected: RequestHeaders
) -> None:
    """List headers on several lines are one list; empty lines add nothing; others are not read."""
    assert expected == RequestHeaders.of(headers)


@pytest.mark.parametrize(
    ("headers", "host"),
    [
        ([], None),
        ([(b"host", b"a")], b"a"),
        ([(b"host", b"a"), (b"accept", b"x"), (b"host", b"")], b"a, "),
        ([(b"accept", b"x"), (b"accept", b"y"), (b"host", b"a"), (b"host", b"b")], b"a, b"),
    ],
    ids=["none", "one", "two", "two-after-a-list"],
)
def test_host_on_several_lines_is_joined_into_no_valid_host(
    headers: list[tuple[bytes, bytes]], host: bytes | None
) -> None:
    """`header_lines` gives Host as it came, or its lines joined by ", ", which no host holds."""
    assert host == header_lines(headers)[4]
