"""The fast path: plain GET and HEAD of a precomputed representation, answered before routing.

Most requests to this API ask for the same few bodies, with no query and an ordinary Accept
header. For those, routing, parameter parsing and response objects are pure overhead: the
answer (status, headers and body) was decided when the app was made. The fast path looks the
path up in a table, reads the request's headers and applies the very rules of `_http`
(`RequestHeaders`, `select`, `none_match`) and sends the precomputed headers. Everything else
(queries, other methods, unknown paths, an Accept header that refuses or cannot be read) goes
to Litestar, which owns routing, errors and the OpenAPI.
Tests check that both paths give the same answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs
from litestar.enums import ScopeType

from ._http import MalformedHeaderError, Representation, RequestHeaders, none_match, select


if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from litestar.types import (
        ASGIApp,
        HTTPResponseBodyEvent,
        HTTPResponseStartEvent,
        Receive,
        Scope,
        Send,
    )

Headers = list[tuple[bytes, bytes]]


def _encode(headers: Mapping[str, str]) -> Headers:
    return [
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
    ]


@attrs.frozen
class _Answers:
    """The two answers to a request for one representation: the full one and 304."""

    full: Headers
    not_modified: Headers


class FastPath:
    """An ASGI layer: answers plain GET and HEAD requests for precomputed representations.

    It answers as Litestar would, and passes every other request (and every other scope) to *app*.
    """

    def __init__(
        self,
        app: ASGIApp,
        routes: Mapping[str, tuple[Representation, ...]],
        *,
        extra: Mapping[str, str],
    ) -> None:
        self.app = app
        self.routes = dict(routes)
        self._extra = _encode(extra)
        self._answers = {
            id(representation): self._precompute(representation)
            for representation in _all(self.routes.values())
        }

    def _precompute(self, representation: Representation) -> _Answers:
        # The order of Litestar's answers: the representation's headers, the content's type and
        # length, then the app-wide headers.
        headers = _encode(representation.headers)
        full = [
            *headers,
            (b"content-type", representation.content_type.encode("latin-1")),
            (b"content-length", str(len(representation.body)).encode("latin-1")),
            *self._extra,
        ]
        return _Answers(full=full, not_modified=[*headers, *self._extra])

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer the request in *scope* if it is one for the fast path; else pass it on.

        (One function, for speed: it is the code of nearly every request.)
        """
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        variants = self.routes.get(scope["path"])
        if method not in {"GET", "HEAD"} or scope["query_string"] or variants is None:
            await self.app(scope, receive, send)
            return
        request = RequestHeaders.of(scope["headers"])
        try:
            representation = select(variants, accept=request.accept)
        except MalformedHeaderError:
            representation = None  # Litestar answers it: 400
        if representation is None:
            await self.app(scope, receive, send)
            return
        answers = self._answers[id(representation)]
        if none_match(request.if_none_match, representation.etag):
            status, headers, body = 304, answers.not_modified, b""
        else:
            status, headers = 200, answers.full
            body = b"" if method == "HEAD" else representation.body
        start: HTTPResponseStartEvent = {
            "type": "http.response.start",
            "status": status,
            "headers": headers,
        }
        end: HTTPResponseBodyEvent = {
            "type": "http.response.body",
            "body": body,
            "more_body": False,
        }
        await send(start)
        await send(end)


def _all(variants: Iterable[tuple[Representation, ...]]) -> Iterable[Representation]:
    for representations in variants:
        yield from representations
