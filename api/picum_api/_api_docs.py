"""The API's documentation page at ``/schema``: Swagger UI, served by this service, not a CDN.

Swagger UI comes pinned from PyPI (``swagger-ui-py``); the files the page loads are served under
``/schema/assets``, so that the page works on a machine with no internet. They are answered as
every other representation is (`Representation`: ETag, 304, br and gzip where they pay, `HEAD`),
each made when first asked for, once per process, in a worker thread: the 1.5 MB script takes
most of a second to compress, which neither a worker's start nor its other clients wait for.
"""

from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import swagger_ui
from litestar import Request, Response, Router, route
from litestar.exceptions import NotFoundException
from litestar.params import FromPath  # noqa: TC002 - Litestar reads the annotations at run time

from ._http import FAST, Representation, Variants, respond
from ._page_policy import page_headers


if TYPE_CHECKING:
    from litestar.connection import ASGIConnection
    from litestar.handlers import BaseRouteHandler


ASSETS = Path(swagger_ui.__file__).parent / "static"
#: The files the page loads, by their name under /schema/assets, with their format: nothing else
#: is served, nor looked for on disk.
ASSET_FORMATS = {"swagger-ui.css": "css", "swagger-ui-bundle.js": "js"}
PAGE = b"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>picum API documentation</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/schema/assets/swagger-ui.css">
</head>
<body>
<main id="swagger-ui"><h1>picum API documentation</h1><p>The documentation needs
JavaScript; the OpenAPI document itself is at
<a href="/schema/openapi.json">/schema/openapi.json</a>.</p></main>
<script src="/schema/assets/swagger-ui-bundle.js"></script>
<script>
SwaggerUIBundle({
  url: "/schema/openapi.json", dom_id: "#swagger-ui", deepLinking: true, validatorUrl: null
});
</script>
</body>
</html>
"""


def documentation() -> Variants:
    """Return the documentation page, as a representation like any other."""
    # Swagger UI's script and styles come from here, and so does the document it reads; its
    # styles draw icons as data: URLs, which every page may show.
    headers = page_headers(PAGE, from_here=("script-src", "style-src", "connect-src"))
    return (Representation.from_body(PAGE, "html", headers),)


_MAKING = threading.Lock()


@functools.cache
def _asset(name: str) -> Variants:
    """Read and encode the asset *name*, once: its compressed forms at the fast levels."""
    # Swagger UI's script is over a megabyte, past `BEST_UP_TO`: its levels are the fast ones
    # whatever is asked; the styles take them too, so that no asset costs a second.
    return (
        Representation.from_body(
            (ASSETS / name).read_bytes(), ASSET_FORMATS[name], {}, compression=FAST
        ),
    )


def asset_variants(name: str) -> Variants:
    """Give the asset *name* as a representation, made when first asked for (in one thread)."""
    with _MAKING:
        return _asset(name)


def _known_asset(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Answer 404 for any name that is not one of the assets, whatever the method (OPTIONS too)."""
    if connection.path_params.get("name") not in ASSET_FORMATS:
        raise NotFoundException


@route(
    "/{name:str}",
    http_method=["GET", "HEAD"],
    # Made in a worker thread: compressing the script the first time takes most of a second,
    # which the event loop, and every other client, would otherwise wait for.
    sync_to_thread=True,
)
def asset(request: Request[Any, Any, Any], name: FromPath[str]) -> Response[bytes]:
    """One of the files the documentation page loads."""
    return respond(request, asset_variants(name))


#: The assets, under /schema/assets; a name that is none of them is a 404 for every method.
assets = Router(
    "/schema/assets", route_handlers=[asset], guards=[_known_asset], include_in_schema=False
)
