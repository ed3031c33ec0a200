"""The API's fixtures: the app with and without its fast path, clients, an export, a server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from picum_api import Service, create_app, export_static

from .servers import Server, start_server, stop


@pytest.fixture(scope="session")
def app() -> Service:
    """The API's application on the bundled profile."""
    return create_app()


@pytest.fixture(scope="session")
def client(app: Service) -> Iterator[TestClient[Service]]:
    """A client of the application, in process."""
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="session")
def slow_app() -> Service:
    """The API's application without its fast path: every request goes through Litestar."""
    return create_app(fast_path=False)


@pytest.fixture(scope="session")
def slow(slow_app: Service) -> Iterator[TestClient[Service]]:
    """A client of the application without its fast path, in process."""
    with TestClient(slow_app) as client:
        yield client


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled profile's API, exported to a folder once: read it, or copy it to change it."""
    site = tmp_path_factory.mktemp("export") / "site"
    export_static(site)
    return site


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    """A `picum serve` started as the README does, shared by the tests that leave it as it was.

    Tests that change a server's settings, or could leave it unable to serve, start their own.
    """
    server, process = start_server()
    yield server
    assert 0 == stop(process)
