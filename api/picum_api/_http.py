"""HTTP rules shared by every resource: content negotiation, entity tags, conditional requests."""

from __future__ import annotations

import hashlib
import re
from typing import Any

import attrs
import mimeparse
from litestar import Request, Response
from litestar.exceptions import ClientException
from litestar.status_codes import HTTP_304_NOT_MODIFIED, HTTP_406_NOT_ACCEPTABLE


JSON = "application/json"
PROBLEM_JSON = "application/problem+json"
CACHE_CONTROL = "public, max-age=300"

# An entity-tag in a list: RFC 9110's opaque-tag, with or without the weak prefix.
_ENTITY_TAG = re.compile(r'(?:W/)?("[\x21\x23-\x7e\x80-\xff]*")')


def _best_match(supported: list[str], header: str) -> str:
    # python-mimeparse has no type hints.
    return str(mimeparse.best_match(supported, header))  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]


class MalformedHeaderError(ValueError):
    """A request header that cannot be parsed."""


class NotAcceptableException(ClientException):
    """The request's Accept header refuses every representation of the resource (406)."""

    status_code = HTTP_406_NOT_ACCEPTABLE


@attrs.frozen(kw_only=True)
class Representation:
    """A response body, encoded once, with its media type, entity tag and headers."""

    body: bytes
    media_type: str
    etag: str
    headers: dict[str, str]

    @classmethod
    def from_body(cls, body: bytes, media_type: str, headers: dict[str, str]) -> Representation:
        """Describe *body*: its strong ETag is a hash of its bytes, the same in every process."""
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        all_headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept", **headers}
        return cls(body=body, media_type=media_type, etag=etag, headers=all_headers)


def acceptable(accept: str | None, media_type: str) -> bool:
    """Tell whether an Accept header (absent or empty: anything) allows *media_type*.

    Quality values count: ``application/json;q=0`` refuses JSON. Raises `MalformedHeaderError`
    for a header that is no list of media ranges.
    """
    if not accept or not accept.strip():
        return True
    try:
        return bool(_best_match([media_type], accept))
    except (mimeparse.MimeTypeParseException, ValueError) as exc:
        raise MalformedHeaderError(f"the Accept header {accept!r} is malformed: {exc}") from None


def none_match(if_none_match: str | None, etag: str) -> bool:
    """Tell whether If-None-Match matches *etag*: ``*``, or a list holding it, weak or strong.

    If-None-Match compares entity tags weakly (RFC 9110, 13.1.2), so ``W/"x"`` matches ``"x"``.
    """
    if if_none_match is None:
        return False
    if if_none_match.strip() == "*":
        return True
    return etag in _ENTITY_TAG.findall(if_none_match)


def respond(request: Request[Any, Any, Any], representation: Representation) -> Response[bytes]:
    """Answer a GET or HEAD with *representation*: 200, or 304 where If-None-Match matches.

    Raises 406 where the Accept header refuses the representation's media type, and 400 where
    it is malformed.
    """
    accept = request.headers.get("accept")
    try:
        if not acceptable(accept, representation.media_type):
            raise NotAcceptableException(
                detail=f"{request.url.path} is available as {representation.media_type} only,"
                f" which the Accept header {accept!r} refuses"
            )
    except MalformedHeaderError as exc:
        raise ClientException(detail=str(exc)) from None
    if none_match(request.headers.get("if-none-match"), representation.etag):
        return Response(b"", status_code=HTTP_304_NOT_MODIFIED, headers=representation.headers)
    return Response(
        representation.body, media_type=representation.media_type, headers=representation.headers
    )
