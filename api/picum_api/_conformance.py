"""Refusing, before routing, a request HTTP/1.1 does not let through: by its version, Host, method.

An ASGI layer (`Conformance`) between the fast path and Litestar refuses, with a problem
document, and the connection closed:

- a request of HTTP/2 or later: 505 (this port speaks HTTP/1.1; a later HTTP/1 minor version,
  ``HTTP/1.2``, is answered as 1.1, RFC 9112, 2.3);
- a request line with no version (what HTTP/0.9 sent): 400;
- a request without Host (but of HTTP/1.0, which may omit it), with Host on more than one line,
  or with a Host that is no ``uri-host [":" port]`` of RFC 3986: 400 (RFC 9112, 3.2);
- a method HTTP does not define: 501 (RFC 9110, 9.1). The methods it defines are those RFC 9110
  specifies (`DEFINED_METHODS`), PATCH (RFC 5789) and QUERY: a defined one a resource does not
  allow gets 405 with Allow, from Litestar.

The fast path answers only requests that pass (`conforming_host`), and leaves the others to
this layer: both paths answer alike.
"""

from __future__ import annotations

import ipaddress
import re
from typing import TYPE_CHECKING

from litestar.enums import ScopeType

from ._limits import refuse


if TYPE_CHECKING:
    from collections.abc import Awaitable

    from litestar.types import ASGIApp, HTTPScope, Receive, Scope, Send

#: The methods HTTP defines: RFC 9110's (9.3), PATCH (RFC 5789) and QUERY (the HTTP working
#: group's safe method with a body, which clients and schemathesis send). Any other gets 501.
DEFINED_METHODS = frozenset(
    {"GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH", "QUERY"}
)
# RFC 3986's host (an IP literal in brackets, or a reg-name, IPv4 addresses included) and port.
_HOST = re.compile(
    rb"(?:\[(?P<literal>[^\]]*)\]|(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})*)(?::[0-9]*)?"
)
# RFC 3986's IPvFuture, the other kind of IP literal.
_IP_FUTURE = re.compile(rb"v[0-9A-Fa-f]+\.[A-Za-z0-9\-._~!$&'()*+,;=:]+")


def valid_host(value: bytes) -> bool:
    """Tell whether *value* is a valid Host field value: ``uri-host [":" port]`` (RFC 9112, 3.2).

    An empty value is valid: it is what a client sends for a target with no authority.
    """
    match = _HOST.fullmatch(value)
    if match is None:
        return False
    literal = match["literal"]
    if literal is None or _IP_FUTURE.fullmatch(literal):
        return True
    try:
        ipaddress.IPv6Address(literal.decode("ascii"))
    except ValueError:  # not ASCII (UnicodeDecodeError is one) or no IPv6 address
        return False
    return True


def conforming_host(host: bytes | None, version: str) -> bool:
    """Tell whether a request of HTTP *version* with *host* (`header_lines`' value) may go on.

    *host* is `None` where the request has no Host; Host on several lines comes joined by
    ``", "``, and is refused like any invalid value.
    """
    if host is None:
        return version == "1.0"
    return valid_host(host)


def nonconformity(scope: HTTPScope) -> tuple[int, str] | None:
    """Return the status and detail of a request HTTP/1.1 does not let through, or `None`."""
    version = scope["http_version"]
    if version == "0.9":
        return 400, "the request line has no HTTP version; this server speaks HTTP/1.1"
    if not version.startswith("1."):
        return 505, unsupported_version_detail(version)
    if refused := _host_problem(scope, version):
        return 400, refused
    if scope["method"] not in DEFINED_METHODS:
        return 501, not_defined_detail(scope["method"])
    return None


def unsupported_version_detail(version: str) -> str:
    """Say that HTTP *version* (``2.0``) is not served."""
    return f"HTTP/{version} is not served here; this server speaks HTTP/1.1"


def not_defined_detail(method: str) -> str:
    """Say that *method* is none HTTP defines, and which are."""
    defined = ", ".join(sorted(DEFINED_METHODS))
    return f"{method} is not a method HTTP defines; those it does: {defined}"


def _host_problem(scope: HTTPScope, version: str) -> str | None:
    """Say what is wrong with the Host of a request of HTTP/1 *version*, or `None`."""
    hosts = [value for name, value in scope["headers"] if name == b"host"]
    if not hosts:
        return None if version == "1.0" else f"an HTTP/{version} request must have a Host header"
    if len(hosts) > 1:
        return f"a request must have one Host header, not {len(hosts)}"
    if not valid_host(hosts[0]):
        return f"the Host header {hosts[0].decode('latin-1')!r} is no host and port (RFC 3986)"
    return None


class Conformance:
    """An ASGI layer: refuses a request HTTP/1.1 does not let through; passes the rest to *app*."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    def __call__(self, scope: Scope, receive: Receive, send: Send) -> Awaitable[None]:
        """Refuse the request in *scope* if HTTP/1.1 does not let it through; else pass it on."""
        if scope["type"] == ScopeType.HTTP and (refused := nonconformity(scope)):
            return refuse(scope, send, *refused)
        return self.app(scope, receive, send)
