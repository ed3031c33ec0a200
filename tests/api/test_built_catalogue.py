"""A built catalogue served: the same answers as the catalogue's folder, from one SQLite file."""

from __future__ import annotations

from typing import TYPE_CHECKING

import httpx
import pytest
from litestar.testing import TestClient

import picum
from picum_api import create_app
from tests.profiles import built, linked, named

from .servers import running


if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from picum_api import Service


BUNDLED = picum.Catalogue.bundled()


@pytest.fixture(scope="module")
def held() -> Iterator[TestClient[Service]]:
    """A client of the bundled catalogue held in memory, PICUM its default."""
    with TestClient(create_app(BUNDLED, default="picum")) as client:
        yield client


@pytest.fixture(scope="module")
def opened(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient[Service]]:
    """A client of the bundled catalogue built, then opened from its file, PICUM its default."""
    catalogue = built(BUNDLED, tmp_path_factory.mktemp("built"))
    with TestClient(create_app(catalogue, default="picum")) as client:
        yield client


#: Every kind of the catalogue's requests: lists, searches, filters, pages, profiles at a day,
#: links, the default, and ids the catalogue lacks.
PATHS = [
    "/v2/organisations",
    "/v2/organisations?q=PLATFORM",
    "/v2/organisations?q=ko",
    "/v2/organisations?q=%C3%A9",
    "/v2/organisations?type=consortium&country=BE",
    "/v2/organisations?limit=2&offset=2",
    *(f"/v2/organisations/{id_}" for id_ in BUNDLED.profiles),
    *(f"/v2/organisations/{id_}?as_of=2012-06-01" for id_ in BUNDLED.profiles),
    *(f"/v2/organisations/{id_}/members" for id_ in BUNDLED.profiles),
    *(f"/v2/organisations/{id_}/memberships?limit=1" for id_ in BUNDLED.profiles),
    "/v2/organisations/nowhere",
    "/v2/organisations/nowhere/members",
    "/v2/organisation",
    "/",
]


@pytest.mark.parametrize("accept", ["application/json", "application/ld+json", "text/html"])
@pytest.mark.parametrize("path", PATHS)
def test_a_built_catalogue_answers_as_its_folder_does(
    held: TestClient[Service], opened: TestClient[Service], path: str, accept: str
) -> None:
    """Status, type, ETag and bytes are those of the catalogue held in memory, for each kind."""

    def answer(client: TestClient[Service]) -> tuple[int, str | None, str | None, bytes]:
        response = client.get(path, headers={"Accept": accept})
        headers = response.headers
        return (
            response.status_code,
            headers.get("Content-Type"),
            headers.get("ETag"),
            response.content,
        )

    assert answer(held) == answer(opened)


def test_picum_serve_serves_a_built_catalogue_with_two_workers(tmp_path: Path) -> None:
    """`picum serve --data FILE --default ID --workers 2`: each worker opens the file built."""
    catalogue = picum.Catalogue.from_profiles(
        [linked(named("shelter", "Shelter"), "a"), named("a", "Alliance")]
    )
    output = tmp_path / "catalogue.sqlite"
    picum.write_built_catalogue(catalogue, output)

    with running("--data", str(output), "--default", "a", "--workers", "2") as server:
        found = [
            httpx.get(f"{server.base}/v2/organisations?q=shel").json()["items"][0]["id"]
            for _ in range(4)
        ]
        members = httpx.get(f"{server.base}/v2/organisations/a/members").json()
        default = httpx.get(f"{server.base}/v2/organisation").json()

    assert (["shelter"] * 4, ["shelter"], "a") == (
        found,
        [link["member"] for link in members["items"]],
        default["id"],
    )
