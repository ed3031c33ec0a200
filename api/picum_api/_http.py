"""HTTP rules shared by every resource: content negotiation, entity tags, conditional requests."""

from __future__ import annotations

import functools
import hashlib
import re
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs
import mimeparse
from litestar import Request, Response
from litestar.exceptions import ClientException
from litestar.status_codes import HTTP_304_NOT_MODIFIED, HTTP_406_NOT_ACCEPTABLE


if TYPE_CHECKING:
    from collections.abc import Iterable


JSON = "application/json"
PROBLEM_JSON = "application/problem+json"
CACHE_CONTROL = "public, max-age=300"
#: The methods of every resource of the API, as every Allow header and 405 detail lists them.
ALLOW = "GET, HEAD, OPTIONS"
#: The formats the API speaks, by the name the `format` query parameter takes.
FORMATS = {
    "json": JSON,
    "jsonld": "application/ld+json",
    "csl": "application/vnd.citationstyles.csl+json",
    "bibtex": "application/x-bibtex",
    "html": "text/html",
}
# JSON is UTF-8 by definition (RFC 8259); BibTeX and HTML are text, and say so.
_CHARSETS = {"bibtex": "; charset=utf-8", "html": "; charset=utf-8"}

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
    """A response body, encoded once, in one format, with its entity tag and headers."""

    body: bytes
    format: str
    etag: str
    headers: dict[str, str]

    @classmethod
    def from_body(cls, body: bytes, format_: str, headers: dict[str, str]) -> Representation:
        """Describe *body*: its strong ETag is a hash of its bytes, the same in every process."""
        etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        all_headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept", **headers}
        return cls(body=body, format=format_, etag=etag, headers=all_headers)

    @property
    def media_type(self) -> str:
        """The media type of the body's format."""
        return FORMATS[self.format]

    @property
    def content_type(self) -> str:
        """The Content-Type header of the body."""
        return self.media_type + _CHARSETS.get(self.format, "")


class RequestHeaders(NamedTuple):
    """What the API reads of a request's headers: one reading, whichever path answers.

    Both headers are lists (RFC 9110, 5.3): sent on several lines, they are one list, the lines
    joined by commas in the order they came; empty lines add nothing, and a header with nothing
    in it is as if it were absent. No other request header changes an answer. (A named tuple:
    the fast path makes one per request.)
    """

    accept: str | None = None
    if_none_match: str | None = None

    @classmethod
    def of(cls, headers: Iterable[tuple[bytes, bytes]]) -> RequestHeaders:
        """Read the raw headers of an ASGI scope (names in lower case, as ASGI has them)."""
        accept: list[bytes] = []
        if_none_match: list[bytes] = []
        for name, value in headers:
            if name == b"accept":
                accept.append(value)
            elif name == b"if-none-match":
                if_none_match.append(value)
        if not accept and not if_none_match:  # the usual case on the fast path, made quick
            return _NO_HEADERS
        return cls(_one_list(accept), _one_list(if_none_match))


_NO_HEADERS = RequestHeaders()


def _one_list(lines: list[bytes]) -> str | None:
    if not lines:
        return None
    if len(lines) == 1:  # the usual case, made quick
        return lines[0].decode("latin-1") if lines[0].strip() else None
    text = b", ".join(line for line in lines if line.strip()).decode("latin-1")
    return text or None


@functools.lru_cache(maxsize=1024)
def negotiate(accept: str | None, media_types: tuple[str, ...]) -> str | None:
    """Choose the media type the Accept header prefers, among *media_types*, the first by default.

    Quality values count (``application/json;q=0`` refuses JSON); an absent or empty header
    accepts anything. Returns `None` if the header refuses them all, and raises
    `MalformedHeaderError` for a header that is no list of media ranges. Clients send a few
    Accept headers over and over: the answers are remembered.
    """
    if not accept or not accept.strip():
        return media_types[0]
    try:
        # On a tie, mimeparse picks the last of the equals: list the default last.
        return _best_match(list(media_types[::-1]), accept) or None
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


def select(
    variants: tuple[Representation, ...],
    *,
    accept: str | None,
    format_: str | None = None,
) -> Representation | None:
    """Pick the representation asked for: by `format`, else by Accept; `None` if Accept refuses all.

    Raises `MalformedHeaderError` for an Accept header that cannot be read.
    """
    if format_ is not None:
        return next(variant for variant in variants if variant.format == format_)
    chosen = negotiate(accept, tuple(variant.media_type for variant in variants))
    return next((variant for variant in variants if variant.media_type == chosen), None)


def respond(
    request: Request[Any, Any, Any],
    variants: tuple[Representation, ...],
    format_: str | None = None,
) -> Response[bytes]:
    """Answer a GET or HEAD with the variant asked for: 200, or 304 if If-None-Match matches it.

    The first variant is the default. Raises 406 where the Accept header refuses every variant,
    and 400 where it is malformed.
    """
    headers = RequestHeaders.of(request.scope["headers"])
    accept = headers.accept
    try:
        representation = select(variants, accept=accept, format_=format_)
    except MalformedHeaderError as exc:
        raise ClientException(detail=str(exc)) from None
    if representation is None:
        available = ", ".join(variant.media_type for variant in variants)
        raise NotAcceptableException(
            detail=f"the Accept header {accept!r} refuses every representation of"
            f" {request.url.path}; available: {available}"
        )
    if none_match(headers.if_none_match, representation.etag):
        return Response(b"", status_code=HTTP_304_NOT_MODIFIED, headers=representation.headers)
    # Litestar adds "; charset=utf-8" to text/ media types itself.
    text = representation.media_type.startswith("text/")
    media_type = representation.media_type if text else representation.content_type
    return Response(representation.body, media_type=media_type, headers=representation.headers)
