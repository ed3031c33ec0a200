"""The API's documentation page at ``/schema``: Swagger UI, served by this service, not a CDN.

Swagger UI comes pinned from PyPI (``swagger-ui-py``); its files are served under
``/schema/assets``, so that the page works on a machine with no internet.
"""

from __future__ import annotations

from pathlib import Path

import swagger_ui
from litestar.static_files import create_static_files_router  # pyright: ignore[reportUnknownVariableType]

from ._http import Representation


ASSETS = Path(swagger_ui.__file__).parent / "static"
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


def page() -> tuple[Representation, ...]:
    """Return the documentation page, as a representation like any other."""
    return (Representation.from_body(PAGE, "html", {}),)


assets = create_static_files_router(
    path="/schema/assets", directories=[ASSETS], include_in_schema=False
)
