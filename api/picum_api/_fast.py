"""The fast path: GET and HEAD of a precomputed representation, answered before routing.

Most requests to this API ask for the same few bodies, with at most a page or a format in the
query, and ordinary Accept and Accept-Encoding headers. For those, routing, parameter parsing
and response objects are pure overhead: the answer (status, headers and body) was decided when
the app was made, or when the page was first asked for. The fast path looks the path up in a
table (its query read by `_resources.query_reader`, by the rules of `_query`; its answers kept
in a bounded cache), reads the request's headers and applies the very rules of `_http`
(`header_lines` and `header_text`, the reading of `RequestHeaders`; `select`,
`Representation.coded_for`, `none_match`) and sends precomputed headers. Everything
else (other queries and methods, unknown paths, headers that refuse every representation or
cannot be read, If-Match, and requests `picum_api._conformance` refuses: a version other than
HTTP/1.1 or 1.0, a Host missing or not valid) goes to Litestar, which owns routing, errors and
the OpenAPI. Tests check that both paths give the same answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TypeAlias

import attrs
from litestar.enums import ScopeType

from ._answer_headers import RAW_EVERY_ANSWER, RawHeaders, raw
from ._conformance import conforming_host
from ._http import (
    MalformedHeaderError,
    Variants,
    header_lines,
    header_text,
    none_match,
    select,
)
from ._memory import SLOT, footprint


if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from litestar.types import (
        ASGIApp,
        HTTPResponseBodyEvent,
        HTTPResponseStartEvent,
        Receive,
        Scope,
        Send,
    )

    #: Reads the query of a request for a path: the representations it asks for and the format
    #: it names (or `None`), or `None` to leave the request to Litestar (a query it can't read).
    QueryReader: TypeAlias = Callable[[str, bytes], tuple[Variants, str | None] | None]

#: What the answer cache may cost the process, in bytes (its keys, bodies, headers and the
#: objects that hold them: `_memory.footprint`), and in answers.
CACHE_BYTES: Final = 64 * 1024 * 1024
CACHE_ANSWERS: Final = 4096
#: How many valid Host values are remembered (beyond that, the set starts again).
KNOWN_HOSTS: Final = 256
# Looked up once: an enum member's lookup in its class costs more than the comparison.
_HTTP: Final = ScopeType.HTTP


@attrs.frozen
class _Answer:
    """The answers to a request for one representation: the full one, and 304."""

    etag: str
    #: The ETag as an If-None-Match header holding only it has it.
    etag_line: bytes
    body: bytes
    full: RawHeaders
    not_modified: RawHeaders


#: The request goes on to Litestar.
_PASS: Final = _Answer(etag="", etag_line=b"", body=b"", full=[], not_modified=[])
# The key of a request in the cache: path, query, Accept, Accept-Encoding (as `header_lines`).
_Key = tuple[str, bytes, bytes | None, bytes | None]


class FastPath:
    """An ASGI layer: answers GET and HEAD requests for precomputed representations.

    It answers as Litestar would, and passes every other request (and every other scope) to
    *app*. *routes* are the paths it answers, *queries* reads the queries it answers. Answers
    are remembered by request (path, query, Accept and Accept-Encoding), within `CACHE_BYTES`
    (what they cost the process, counted by `footprint`) and `CACHE_ANSWERS` whatever clients
    send: beyond that, the cache starts again.
    """

    def __init__(
        self,
        app: ASGIApp,
        routes: Mapping[str, Variants],
        *,
        queries: QueryReader,
    ) -> None:
        self.app = app
        self.routes = dict(routes)
        self.queries = queries
        self._answers: dict[_Key, _Answer] = {}
        self._cached_bytes = 0
        # Host values found valid: clients send the same few, checked once each.
        self._hosts: set[bytes] = set()

    @property
    def cached(self) -> tuple[int, int]:
        """How many answers the cache holds, and how many bytes they count for."""
        return len(self._answers), self._cached_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request in *scope* if it is one for the fast path; else pass it on.

        (One function, for speed: it is the code of nearly every request.)
        """
        if scope["type"] != _HTTP or scope["method"] not in {"GET", "HEAD"}:
            await self.app(scope, receive, send)
            return
        accept, if_none_match, accept_encoding, if_match, host = header_lines(scope["headers"])
        if (
            if_match is not None
            or scope["http_version"] not in {"1.1", "1.0"}
            or (host not in self._hosts and not self._conforming(host, scope["http_version"]))
        ):
            await self.app(scope, receive, send)
            return
        key = (scope["path"], scope["query_string"], accept, accept_encoding)
        answer = self._answers.get(key) or self._answer(key)
        if answer is _PASS:
            await self.app(scope, receive, send)
            return
        if if_none_match is not None and (
            # The usual revalidation, the ETag alone, compares as `none_match` would find it.
            if_none_match == answer.etag_line or none_match(header_text(if_none_match), answer.etag)
        ):
            status, headers, body = 304, answer.not_modified, b""
        else:
            status, headers = 200, answer.full
            body = b"" if scope["method"] == "HEAD" else answer.body
        start: HTTPResponseStartEvent = {
            "type": "http.response.start",
            "status": status,
            # A copy: middleware around the app may change the list in place (Starlette's does).
            "headers": headers.copy(),
        }
        end: HTTPResponseBodyEvent = {
            "type": "http.response.body",
            "body": body,
            "more_body": False,
        }
        await send(start)
        await send(end)

    def _conforming(self, host: bytes | None, version: str) -> bool:
        """Tell whether a request may have this *host*; remember a valid one."""
        if not conforming_host(host, version):
            return False
        if host is not None:
            if len(self._hosts) >= KNOWN_HOSTS:
                self._hosts.clear()
            self._hosts.add(host)
        return True

    def _answer(self, key: _Key) -> _Answer:
        """Work out the answer to a request not in the cache, and remember it if it is ours."""
        path, query, accept_line, accept_encoding_line = key
        if not query:
            variants, format_ = self.routes.get(path), None
        else:
            variants, format_ = self.queries(path, query) or (None, None)
        if variants is None:  # not ours at all: not worth remembering
            return _PASS
        accept, accept_encoding = header_text(accept_line), header_text(accept_encoding_line)
        answer = self._precompute(variants, format_, accept, accept_encoding)
        size = footprint(key, answer) + SLOT
        if size > CACHE_BYTES:  # more than the whole cache may hold: answered, not remembered
            return answer
        if self._cached_bytes + size > CACHE_BYTES or len(self._answers) >= CACHE_ANSWERS:
            self._answers.clear()
            self._cached_bytes = 0
        self._answers[key] = answer
        self._cached_bytes += size
        return answer

    def _precompute(
        self,
        variants: Variants,
        format_: str | None,
        accept: str | None,
        accept_encoding: str | None,
    ) -> _Answer:
        try:
            representation = select(variants, accept=accept, format_=format_)
        except MalformedHeaderError:
            return _PASS  # Litestar answers it: 400
        if representation is None or (coded := representation.coded_for(accept_encoding)) is None:
            return _PASS  # Litestar answers it: 406
        # The order of Litestar's answers: the representation's headers, the content's type and
        # length, then the headers of every answer.
        headers = raw(coded.headers)
        full = [
            *headers,
            (b"content-type", coded.content_type.encode("latin-1")),
            (b"content-length", str(len(coded.body)).encode("latin-1")),
            *RAW_EVERY_ANSWER,
        ]
        return _Answer(
            etag=coded.etag,
            etag_line=coded.etag.encode("latin-1"),
            body=coded.body,
            full=full,
            not_modified=[*headers, *RAW_EVERY_ANSWER],
        )
