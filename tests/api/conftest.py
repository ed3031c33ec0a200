"""Fixtures for the API: the app on the bundled profile, and a client for it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from picum_api import Service, create_app


@pytest.fixture(scope="session")
def app() -> Service:
    """The API's application on the bundled profile."""
    return create_app()


@pytest.fixture(scope="session")
def client(app: Service) -> Iterator[TestClient[Service]]:
    """A client of the application, in process."""
    with TestClient(app) as client:
        yield client
