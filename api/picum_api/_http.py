"""The HTTP of every resource: representations, negotiation, compression, ETags, preconditions."""

from __future__ import annotations

import functools
import gzip
import hashlib
import re
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

import attrs
import brotli
import mimeparse
from litestar import Request, Response
from litestar.exceptions import ClientException
from litestar.status_codes import (
    HTTP_304_NOT_MODIFIED,
    HTTP_406_NOT_ACCEPTABLE,
    HTTP_412_PRECONDITION_FAILED,
)


if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator


_Read = TypeVar("_Read")

JSON = "application/json"
PROBLEM_JSON = "application/problem+json"
CACHE_CONTROL = "public, max-age=300"
#: The methods of every resource of the API, as every Allow header and 405 detail lists them.
ALLOW = "GET, HEAD, OPTIONS"


@attrs.frozen(kw_only=True)
class Format:
    """A format the API speaks: its media type, its charset if it says one, its file extension."""

    media_type: str
    #: JSON is UTF-8 by definition (RFC 8259); text formats say their charset.
    charset: str | None = None
    #: The end of an exported file's name in this format (`picum_api._static`).
    extension: str

    @property
    def content_type(self) -> str:
        """The Content-Type of a body in this format."""
        return (
            self.media_type
            if self.charset is None
            else f"{self.media_type}; charset={self.charset}"
        )


#: The formats the API speaks, by the name the `format` query parameter takes.
FORMATS = {
    "json": Format(media_type=JSON, extension=".json"),
    "jsonld": Format(media_type="application/ld+json", extension=".jsonld"),
    "csl": Format(media_type="application/vnd.citationstyles.csl+json", extension=".csl.json"),
    "bibtex": Format(media_type="application/x-bibtex", charset="utf-8", extension=".bib"),
    "html": Format(media_type="text/html", charset="utf-8", extension=".html"),
    # The documentation page's styles and script (`_api_docs`).
    "css": Format(media_type="text/css", charset="utf-8", extension=".css"),
    "js": Format(media_type="text/javascript", charset="utf-8", extension=".js"),
}

#: The content codings the API offers, the one it prefers first (br is the smaller).
CODINGS = ("br", "gzip")
#: Other names of the codings, which RFC 9110 (8.4.1.3) asks to read as the codings themselves.
CODING_ALIASES = {"x-gzip": "gzip"}
#: A coding is offered for a body where it saves at least this many bytes, and a tenth of them.
MIN_SAVING = 256
#: Every answer of a resource may depend on both (Accept-Encoding may refuse the body unencoded).
VARY = "Accept, Accept-Encoding"
#: Compression levels (brotli's quality, gzip's level): the best, for bodies made once at
#: start-up, and a fast one (about as costly as encoding the JSON) for bodies made on request,
#: and for any body over `BEST_UP_TO` bytes, which the best level would take seconds over.
BEST, FAST = (11, 9), (5, 6)
BEST_UP_TO = 1024 * 1024
_COMPRESS: dict[str, Callable[[bytes, tuple[int, int]], bytes]] = {
    # Deterministic: the same bytes (and so the same ETag) in every process of one installation.
    "br": lambda body, levels: bytes(brotli.compress(body, quality=levels[0])),  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]
    "gzip": lambda body, levels: gzip.compress(body, compresslevel=levels[1], mtime=0),
}
# A coding in Accept-Encoding: a token, then parameters, of which only q counts (RFC 9110, 12.5.3).
_CODING = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
# Below any quality a header can give (the least is 0.001), yet accepted.
_UNLISTED_IDENTITY = 0.0001
_QVALUE = re.compile(r"q=(0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)", re.IGNORECASE)

# An entity-tag in a list: RFC 9110's opaque-tag, with or without the weak prefix.
_ENTITY_TAG = re.compile(r'(?:W/)?("[\x21\x23-\x7e\x80-\xff]*")')
# The same, the weak prefix kept apart: If-Match compares strongly.
_WEAK_OR_STRONG_TAG = re.compile(r'(W/)?("[\x21\x23-\x7e\x80-\xff]*")')


def _best_match(supported: list[str], header: str) -> str:
    # python-mimeparse has no type hints.
    return str(mimeparse.best_match(supported, header))  # pyright: ignore[reportUnknownMemberType, reportUnknownArgumentType]


class MalformedHeaderError(ValueError):
    """A request header that cannot be parsed."""


class NotAcceptableException(ClientException):
    """The request's Accept header refuses every representation of the resource (406)."""

    status_code = HTTP_406_NOT_ACCEPTABLE


class PreconditionFailedException(ClientException):
    """The request's If-Match header names no current representation of the resource (412)."""

    status_code = HTTP_412_PRECONDITION_FAILED


@attrs.frozen(kw_only=True)
class Representation:
    """A response body, encoded once, in one format, with its entity tag and headers.

    `coding` is the content coding of `body` (`None`: as it is); `codings` are the same
    representation compressed, each a `Representation` with its own strong ETag, made where
    compression pays (see `MIN_SAVING`).
    """

    body: bytes
    format: str
    etag: str
    headers: dict[str, str]
    coding: str | None = None
    codings: tuple[Representation, ...] = ()

    @classmethod
    def from_body(
        cls,
        body: bytes,
        format_: str,
        headers: dict[str, str],
        *,
        compression: tuple[int, int] = BEST,
    ) -> Representation:
        """Describe *body*: its strong ETag is a hash of its bytes, the same in every process.

        Its compressed forms are made here too, once, at the *compression* levels (`BEST` or
        `FAST`), each with the ETag of its own bytes.
        """
        # Kept for as long as the process runs, or the page is: a copy of its own size, since
        # orjson's output keeps a buffer of 4 KiB at least, whatever the body's length.
        body = bytes(memoryview(body))
        levels = FAST if len(body) > BEST_UP_TO else compression
        all_headers = {"Cache-Control": CACHE_CONTROL, "Vary": VARY, **headers}
        codings = tuple(
            cls(
                body=coded,
                format=format_,
                etag=_etag(coded),
                headers={"ETag": _etag(coded), **all_headers, "Content-Encoding": coding},
                coding=coding,
            )
            for coding in CODINGS
            if _pays(body, coded := _COMPRESS[coding](body, levels))
        )
        etag = _etag(body)
        return cls(
            body=body,
            format=format_,
            etag=etag,
            headers={"ETag": etag, **all_headers},
            codings=codings,
        )

    @property
    def media_type(self) -> str:
        """The media type of the body's format."""
        return FORMATS[self.format].media_type

    @property
    def content_type(self) -> str:
        """The Content-Type header of the body."""
        return FORMATS[self.format].content_type

    def coded_for(self, accept_encoding: str | None) -> Representation | None:
        """Pick the coding Accept-Encoding prefers: this representation or one of its `codings`.

        `None` if the header refuses them all (``identity;q=0`` where no coding is offered).
        """
        available = {coded.coding: coded for coded in self.codings}
        chosen = negotiate_coding(accept_encoding, tuple(available))
        if chosen is None:
            return None
        return available.get(chosen, self)


#: The representations of one resource, in its formats, the default first.
Variants = tuple[Representation, ...]


def _etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def _pays(body: bytes, coded: bytes) -> bool:
    saving = len(body) - len(coded)
    return saving >= MIN_SAVING and saving * 10 >= len(body)


class RequestHeaders(NamedTuple):
    """What the API reads of a request's headers: one reading, whichever path answers.

    All four headers are lists (RFC 9110, 5.3): sent on several lines, they are one list, the
    lines joined by commas in the order they came; empty lines add nothing, and a header with
    nothing in it is as if it were absent. No other request header changes an answer (Host is
    checked before, by `picum_api._conformance`). (The fast path reads them with
    `header_lines`, and decodes them only for a request not seen yet.)
    """

    accept: str | None = None
    if_none_match: str | None = None
    accept_encoding: str | None = None
    if_match: str | None = None

    @classmethod
    def of(cls, headers: Iterable[tuple[bytes, bytes]]) -> RequestHeaders:
        """Read the raw headers of an ASGI scope (names in lower case, as ASGI has them)."""
        *lines, _ = header_lines(headers)
        if lines == _NO_LINES:
            return _NO_HEADERS
        return cls(*map(header_text, lines))


#: Raw values of Accept, If-None-Match, Accept-Encoding, If-Match and Host (`None`: absent), as
#: `header_lines` gives them.
HeaderLines = tuple[bytes | None, bytes | None, bytes | None, bytes | None, bytes | None]


def header_lines(headers: Iterable[tuple[bytes, bytes]]) -> HeaderLines:  # noqa: C901 - one loop, unrolled for speed
    """Find the headers the API reads among the raw headers of an ASGI scope, undecoded.

    Each list header is one line, as it came, or, sent on several lines, their list (RFC 9110,
    5.3): the lines that are not blank, joined by commas. `header_text` of each gives what
    `RequestHeaders` holds. Host, last, is no list: on several lines, they are joined by
    ``", "``, which no valid Host holds. (The fast path keys its answers on these, and decodes
    none.)
    """
    # One pass, made quick for the usual case: each header once at most.
    accept = if_none_match = accept_encoding = if_match = host = None
    lines = iter(headers)
    for name, value in lines:
        if name == b"host":
            if host is not None:
                return _repeated(
                    (accept, if_none_match, accept_encoding, if_match, host), name, value, lines
                )
            host = value
        elif name == b"accept":
            if accept is not None:
                return _repeated(
                    (accept, if_none_match, accept_encoding, if_match, host), name, value, lines
                )
            accept = value
        elif name == b"if-none-match":
            if if_none_match is not None:
                return _repeated(
                    (accept, if_none_match, accept_encoding, if_match, host), name, value, lines
                )
            if_none_match = value
        elif name == b"accept-encoding":
            if accept_encoding is not None:
                return _repeated(
                    (accept, if_none_match, accept_encoding, if_match, host), name, value, lines
                )
            accept_encoding = value
        elif name == b"if-match":
            if if_match is not None:
                return _repeated(
                    (accept, if_none_match, accept_encoding, if_match, host), name, value, lines
                )
            if_match = value
    return accept, if_none_match, accept_encoding, if_match, host


def header_text(line: bytes | None) -> str | None:
    """Decode a value of `header_lines`: `None` where the header is absent or blank."""
    return line.decode("latin-1") if line is not None and line.strip() else None


def _repeated(
    first: HeaderLines, name: bytes, value: bytes, rest: Iterator[tuple[bytes, bytes]]
) -> HeaderLines:
    """Read on, now that the header *name* has come on a second line (*value*).

    *first* holds the first line of each header read so far (`None` where none came).
    """
    lines = {read: [] if line is None else [line] for read, line in zip(_READ, first, strict=True)}
    lines[name].append(value)
    for later, text in rest:
        if later in lines:
            lines[later].append(text)
    accept, if_none_match, accept_encoding, if_match = (
        b", ".join(line for line in lines[read] if line.strip()) or None for read in _LISTS
    )
    host = b", ".join(lines[b"host"]) if lines[b"host"] else None
    return accept, if_none_match, accept_encoding, if_match, host


#: The list headers the API reads, in the order of `RequestHeaders`' fields.
_LISTS = (b"accept", b"if-none-match", b"accept-encoding", b"if-match")
#: Every header `header_lines` reads, in the order it gives them.
_READ = (*_LISTS, b"host")
_NO_LINES: list[bytes | None] = [None, None, None, None]
_NO_HEADERS = RequestHeaders()


#: The longest header value whose reading is remembered (`_remembered`): 1,024 of them cost
#: about a mebibyte, where 1,024 of the longest a request may send (16 KiB) would cost 16.
REMEMBERED_UP_TO = 1024


def _remembered(
    read: Callable[[str | None, Any], _Read],
) -> Callable[[str | None, Any], _Read]:
    """Remember what *read* makes of the last 1,024 header values (with its argument) it read.

    Clients send a few headers over and over; a value longer than `REMEMBERED_UP_TO` is read
    again each time, so that what is remembered stays small whatever clients send.
    """
    cached = functools.lru_cache(maxsize=1024)(read)

    @functools.wraps(read)
    def remembering(header: str | None, argument: Any) -> _Read:
        if header is not None and len(header) > REMEMBERED_UP_TO:
            return read(header, argument)
        return cached(header, argument)

    return remembering


@_remembered
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


@_remembered
def negotiate_coding(accept_encoding: str | None, codings: tuple[str, ...]) -> str | None:
    """Choose the content coding Accept-Encoding prefers, among *codings* and ``identity``.

    Quality values count (RFC 9110, 12.5.3): a coding not listed is refused unless ``*`` gives
    it a quality; ``identity`` is accepted unless ``identity;q=0``, or ``*;q=0`` with no
    ``identity``, refuses it (not listed, it comes after every coding accepted); ``x-gzip`` is
    ``gzip``. On a tie the
    first of *codings* wins, and any of them wins over ``identity``. With no header, the answer
    is ``identity``: a client that says nothing gets the body as it is. An element that cannot
    be read is ignored. Returns `None` if the header refuses every choice.

    >>> negotiate_coding("gzip, br;q=0.5", ("br", "gzip")), negotiate_coding("br", ())
    ('gzip', 'identity')
    """
    if accept_encoding is None:
        return "identity"
    qualities: dict[str, float] = {}
    for element in accept_encoding.split(","):
        coding, _, parameters = element.partition(";")
        coding = coding.strip().lower()
        coding = CODING_ALIASES.get(coding, coding)
        quality = _quality(parameters)
        if quality is not None and _CODING.fullmatch(coding):
            qualities.setdefault(coding, quality)
    anything = qualities.get("*")
    defaults = dict.fromkeys(codings, anything) | {
        "identity": _UNLISTED_IDENTITY if anything is None else anything
    }
    ranked = [
        (quality, -rank, coding)
        for rank, (coding, default) in enumerate(defaults.items())
        if (quality := qualities.get(coding, default))
    ]
    return max(ranked)[2] if ranked else None


def _quality(parameters: str) -> float | None:
    """Read the q parameter of an Accept-Encoding element: 1 if absent, `None` if unreadable."""
    parameters = parameters.strip()
    if not parameters:
        return 1.0
    match = _QVALUE.fullmatch(parameters.replace(" ", ""))
    return float(match[1]) if match else None


@_remembered
def none_match(if_none_match: str | None, etag: str) -> bool:
    """Tell whether If-None-Match matches *etag*: ``*``, or a list holding it, weak or strong.

    If-None-Match compares entity tags weakly (RFC 9110, 13.1.2), so ``W/"x"`` matches ``"x"``.
    Clients send the same few over and over: the answers are remembered.
    """
    if if_none_match is None:
        return False
    if if_none_match.strip() == "*":
        return True
    return etag in _ENTITY_TAG.findall(if_none_match)


@functools.lru_cache(maxsize=1024)
def if_match(if_match: str | None, etag: str) -> bool:
    """Tell whether If-Match lets a request for *etag* go on: absent, ``*``, or a list holding it.

    If-Match compares entity tags strongly (RFC 9110, 13.1.1): ``W/"x"`` matches nothing, and
    ``*`` matches any current representation (every one this API answers with is).
    """
    if if_match is None or if_match.strip() == "*":
        return True
    return any(not weak and tag == etag for weak, tag in _WEAK_OR_STRONG_TAG.findall(if_match))


def precondition_failed_detail(path: str, etag: str) -> str:
    """Say that If-Match names no current representation of *path*, and which ETag is current."""
    return f"If-Match names no current representation of {path}; the current one's ETag is {etag}"


def select(
    variants: Variants,
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
    variants: Variants,
    format_: str | None = None,
) -> Response[bytes]:
    """Answer a GET or HEAD with the variant asked for: 200, or 304 if If-None-Match matches it.

    The first variant is the default; its coding is the one Accept-Encoding prefers. Raises 406
    where the Accept header refuses every variant, or Accept-Encoding every coding of it, and 400
    where Accept is malformed. The preconditions are then evaluated in RFC 9110's order
    (13.2.2): If-Match first, 412 where it names no current representation, then If-None-Match.
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
    chosen = representation.coded_for(headers.accept_encoding)
    if chosen is None:
        available = ", ".join(
            ["identity", *(coded.coding or "" for coded in representation.codings)]
        )
        raise NotAcceptableException(
            detail=f"the Accept-Encoding header {headers.accept_encoding!r} refuses every coding"
            f" of {request.url.path} as {representation.media_type}; available: {available}"
        )
    representation = chosen
    if not if_match(headers.if_match, representation.etag):
        raise PreconditionFailedException(
            detail=precondition_failed_detail(request.url.path, representation.etag)
        )
    if none_match(headers.if_none_match, representation.etag):
        return Response(b"", status_code=HTTP_304_NOT_MODIFIED, headers=representation.headers)
    # Litestar adds "; charset=utf-8" to text/ media types itself.
    text = representation.media_type.startswith("text/")
    media_type = representation.media_type if text else representation.content_type
    return Response(representation.body, media_type=media_type, headers=representation.headers)
