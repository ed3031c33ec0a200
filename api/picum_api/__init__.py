"""picum's HTTP API: the profile as a versioned, cacheable JSON API, served by Litestar.

>>> from picum_api import create_app
>>> app = create_app()
"""

from __future__ import annotations

from ._app import Service, create_app


__all__ = ["Service", "create_app"]
