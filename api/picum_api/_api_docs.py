"""The API's documentation page at ``/schema``: Swagger UI, served by this service, not a CDN.

Swagger UI comes pinned from PyPI (``swagger-ui-py``); its files are served under
``/schema/assets``, so that the page works on a machine with no internet.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import swagger_ui
from litestar.exceptions import NotFoundException
from litestar.static_files import create_static_files_router  # pyright: ignore[reportUnknownVariableType]

from ._http import Representation


if TYPE_CHECKING:
    from litestar.connection import ASGIConnection
    from litestar.handlers import BaseRouteHandler


ASSETS = Path(swagger_ui.__file__).parent / "static"
#: Every file there is, by its name under /schema/assets: nothing else is looked for on disk.
ASSET_NAMES = frozenset(path.relative_to(ASSETS).as_posix() for path in ASSETS.rglob("*"))
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


def documentation() -> tuple[Representation, ...]:
    """Return the documentation page, as a representation like any other."""
    return (Representation.from_body(PAGE, "html", {}),)


def _known_asset(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Answer 404 for any name that is not one of the assets, before the disk is asked.

    Names the file system cannot take (a NUL byte, a name too long) would otherwise be errors.
    """
    name = str(connection.path_params.get("file_path", "")).lstrip("/")
    if name not in ASSET_NAMES:
        raise NotFoundException


assets = create_static_files_router(
    path="/schema/assets", directories=[ASSETS], include_in_schema=False, guards=[_known_asset]
)
