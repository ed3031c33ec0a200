"""picum's HTTP API: make the service of a profile, serve it, or export it as static files.

>>> from picum_api import create_app
>>> app = create_app()

Everything a program calls is here: `create_app` (the ASGI application, a `Service`), `serve`
(what ``picum serve`` runs) and `export_static` (what ``picum export-static`` writes, listed as
`ManifestEntry` and `ManifestCoding`). The modules behind them are private, but for the
commands this package adds to ``picum`` (`picum_api.commands`) and their defaults
(`picum_api.settings`).

Importing the package is cheap: Litestar and uvicorn are imported with the first of these names
asked for, so that the commands load without them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Final


if TYPE_CHECKING:
    from ._app import Service, create_app
    from ._serving import serve
    from ._static import ManifestCoding, ManifestEntry, export_static


__all__ = [
    "ManifestCoding",
    "ManifestEntry",
    "Service",
    "create_app",
    "export_static",
    "serve",
]

#: The private module that holds each public name.
_HOMES: Final = {
    "ManifestCoding": "._static",
    "ManifestEntry": "._static",
    "Service": "._app",
    "create_app": "._app",
    "export_static": "._static",
    "serve": "._serving",
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'picum_api' has no attribute {name!r}")
    # Imported here, not above: these modules need the API extra (see above).
    return getattr(importlib.import_module(home, __name__), name)
