"""The headers every answer carries, and a preflight's: declared once, encoded once.

Every answer of the service, whichever layer sends it (`_limits`, `_conformance`, the fast
path, Litestar, the server's protocol), ends with `EVERY_ANSWER`, as raw ASGI headers
(`RAW_EVERY_ANSWER`); an export's host configuration (`_static_hosts`) writes the same. The
layers make their headers with `raw`, the one encoding of a header dict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final


if TYPE_CHECKING:
    from collections.abc import Mapping

#: Raw ASGI headers: names in lower case, names and values in Latin-1 (RFC 9110, 5.5).
RawHeaders = list[tuple[bytes, bytes]]

#: Headers of every answer, whatever it is: CORS open for reading, and no content sniffing.
#: They are the same for every request, Origin or not, so that no answer varies on Origin.
EVERY_ANSWER: Final = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Expose-Headers": "ETag, Link, Deprecation, Sunset",
    "X-Content-Type-Options": "nosniff",
}
#: What answers a CORS preflight (any OPTIONS a route answers): GET and HEAD, conditional ones
#: too, from any origin. A browser refuses what is not listed; the server need not.
PREFLIGHT: Final = {
    "Access-Control-Allow-Methods": "GET, HEAD",
    "Access-Control-Allow-Headers": "Accept, If-None-Match, If-Match",
    "Access-Control-Max-Age": "600",
}


def raw(headers: Mapping[str, str]) -> RawHeaders:
    """Encode *headers* as ASGI sends them.

    >>> raw({"Content-Type": "application/json"})
    [(b'content-type', b'application/json')]
    """
    return [
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers.items()
    ]


RAW_EVERY_ANSWER: Final = raw(EVERY_ANSWER)
RAW_PREFLIGHT: Final = raw(PREFLIGHT)
