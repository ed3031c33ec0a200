"""What the fast path is tested with: the header sets both paths must answer alike, and its layer."""

from __future__ import annotations

from typing import TYPE_CHECKING

from picum_api._fast import FastPath


if TYPE_CHECKING:
    from picum_api import Service

Headers = list[tuple[str, str]]
#: Request headers, plain, repeated, empty and odd: each set gets the same answer on both paths.
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
    # Content codings, with quality values, refusals and oddities.
    [("Accept-Encoding", "gzip")],
    [("Accept-Encoding", "br;q=0.5, gzip")],
    [("Accept-Encoding", "*")],
    [("Accept-Encoding", "identity;q=0")],
    [("Accept-Encoding", "*;q=0")],
    [("Accept-Encoding", "br;q=0, gzip;q=0, identity;q=0")],
    [("Accept-Encoding", "compress, x-gzip;q=abc, BR")],
    [("Accept-Encoding", "")],
    [("Accept-Encoding", "br"), ("If-None-Match", "*")],
    [("Accept-Encoding", "x-gzip, identity;q=0")],
]


def headers_id(headers: Headers) -> str:
    """A header set as a test's id: ``name=value`` pairs, or ``plain`` for none."""
    return ",".join(f"{k}={v}" for k, v in headers) or "plain"


def fast_path_of(service: Service) -> FastPath:
    """The fast path layer of *service*."""
    fast = service.asgi.app  # type: ignore[attr-defined]
    assert isinstance(fast, FastPath)
    return fast
