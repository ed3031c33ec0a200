"""The static export: any plain file server over it gives the bytes the live API gives."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import attrs
import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

import picum
from picum import Organisation
from picum_api.static import export_static

from .test_server import free_port


Client = TestClient[Litestar]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled profile's API, exported to a folder."""
    directory = tmp_path_factory.mktemp("static")
    export_static(directory)
    return directory


@pytest.fixture(scope="module")
def static_server(exported: Path) -> Iterator[str]:
    """`python -m http.server` over the export; its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(exported),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{base}/manifest.json", timeout=1)
            break
        except httpx.TransportError:
            time.sleep(0.05)
    yield base
    process.terminate()
    process.wait(timeout=10)


def manifest(exported: Path) -> list[dict[str, str]]:
    """The export's list of files."""
    entries: list[dict[str, str]] = json.loads((exported / "manifest.json").read_bytes())["files"]
    return entries


def test_the_manifest_gives_the_datas_licence(exported: Path, profile: Organisation) -> None:
    """The manifest carries the profile's licence and attribution beside the list of files."""
    document = json.loads((exported / "manifest.json").read_bytes())

    assert (json.loads(picum.dumps(profile.licence)), profile.attribution) == (
        document["licence"],
        document["attribution"],
    )


def test_a_licence_notice_sits_beside_the_files(exported: Path, profile: Organisation) -> None:
    """`LICENSE` names the licence, its address and the attribution, for files that travel alone."""
    notice = (exported / "LICENSE").read_text(encoding="utf-8")

    assert [True, True, True] == [
        words in notice
        for words in (profile.licence.name, profile.licence.url, profile.attribution)
    ]


def test_the_exported_jsonld_claims_no_founding(exported: Path) -> None:
    """The exported schema.org document has no founding date or place: no source states one."""
    ngo = json.loads((exported / "v1" / "organisation.jsonld").read_bytes())["@graph"][0]

    assert set() == {"foundingDate", "foundingLocation"} & set(ngo)


def test_every_resource_and_representation_is_exported(exported: Path) -> None:
    """The export holds each resource of /v1 in each of its formats, and the OpenAPI document."""
    assert {
        ("/", "text/html"),
        ("/", "application/json"),
        ("/v1", "application/json"),
        ("/v1/organisation", "application/json"),
        ("/v1/organisation", "application/ld+json"),
        ("/v1/activities", "application/json"),
        ("/v1/activities/advocacy", "application/json"),
        ("/v1/memberships", "application/json"),
        ("/v1/citations", "application/x-bibtex"),
        ("/v1/citations/craig-lynk-2006", "application/vnd.citationstyles.csl+json"),
        ("/v1/sources", "application/json"),
        ("/schema/openapi.json", "application/json"),
    } <= {(entry["url"], entry["media_type"]) for entry in manifest(exported)}
    assert 20 == len(manifest(exported))


def test_a_static_server_gives_the_live_bytes(
    exported: Path, static_server: str, client: Client
) -> None:
    """For every file, the static server's bytes are the live API's, and so is the ETag."""
    for entry in manifest(exported):
        live = client.get(entry["url"], headers={"Accept": entry["media_type"]})
        static = httpx.get(f"{static_server}/{entry['file']}")

        assert (200, live.content, live.headers["etag"]) == (
            static.status_code,
            static.content,
            entry["etag"],
        )


def test_long_lists_are_exported_page_by_page(tmp_path: Path, profile: Organisation) -> None:
    """Lists longer than a page are exported a page per file, named after the page's query."""
    activities = tuple(
        attrs.evolve(profile.activities[0], id=f"activity-{number}") for number in range(120)
    )

    entries = export_static(tmp_path, attrs.evolve(profile, activities=activities))

    assert [
        "v1/activities.json",
        "v1/activities.offset-50.limit-50.json",
        "v1/activities.offset-100.limit-50.json",
    ] == [entry["file"] for entry in entries if entry["url"].split("?")[0] == "/v1/activities"]
