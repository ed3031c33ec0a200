"""picum's HTTP API: the profile as a versioned, cacheable JSON API, served by Litestar.

>>> from picum_api import create_app
>>> app = create_app()

Importing the package is cheap: Litestar is imported with `create_app` (or `Service`), so that
the commands it adds to ``picum`` (`picum_api.commands`) load without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from ._app import Service, create_app


__all__ = ["Service", "create_app"]


def __getattr__(name: str) -> object:
    if name in __all__:
        from . import _app  # noqa: PLC0415 - see above

        return getattr(_app, name)
    raise AttributeError(f"module 'picum_api' has no attribute {name!r}")
