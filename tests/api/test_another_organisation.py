"""The service publishes any organisation's profile: the fictional example's, end to end.

Nothing in the API, the page or the exports assumes PICUM: served from the example's profile,
no body names PICUM, and each says what the example's profile says.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from bibtexparser.entrypoint import parse_string
from litestar.testing import TestClient

import picum
from picum import Organisation, formats
from picum.cli import main
from picum_api import Service, create_app, export_static
from tests.profiles import EXAMPLE_PROFILE
from tests.rdf import quads

from .compression import DECOMPRESS
from .pages import BROWSER, Page


Client = TestClient[Service]
#: Words of PICUM's profile that nothing served from another profile may say.
PICUM_WORDS = ("PICUM", "Undocumented Migrants", "CC BY-SA 3.0", "picum.org", "Wikipedia")
#: How to read each compressed file of an export, by its extension.
UNCOMPRESS = {".br": DECOMPRESS["br"], ".gz": DECOMPRESS["gzip"]}


@pytest.fixture(scope="module")
def example_app(example_profile: Organisation) -> Service:
    """The API's application on the example's profile."""
    return create_app(example_profile)


@pytest.fixture(scope="module")
def example_client(example_app: Service) -> Iterator[Client]:
    """A client of the example's application, in process."""
    with TestClient(example_app) as client:
        yield client


@pytest.fixture(scope="module")
def example_export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example's API exported to a folder by `picum export-static --data`."""
    directory = tmp_path_factory.mktemp("example-static") / "site"
    assert 0 == main(["export-static", "--data", str(EXAMPLE_PROFILE), str(directory)])
    return directory


def served_bodies(app: Service) -> Iterator[tuple[str, str, bytes]]:
    """Every body the app has made: each resource in each format, and the API's own documents."""
    for url, variants in app.litestar.state.representations.resources():
        for representation in variants:
            yield url, representation.format, representation.body
    yield "/schema/openapi.json", "json", app.litestar.state.openapi[0].body
    yield "/schema", "html", app.litestar.state.documentation[0].body


def test_the_organisation_is_the_examples(
    example_client: Client, example_profile: Organisation
) -> None:
    """`/v1/organisation` is the example's profile in /v1's wire format, format 1."""
    response = example_client.get("/v1/organisation")

    assert (200, picum.dumps(picum.format1.downgrade(example_profile))) == (
        response.status_code,
        response.content,
    )


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/v1/activities", "activities"),
        ("/v1/memberships", "network_memberships"),
        ("/v1/citations", "citations"),
        ("/v1/sources", "sources"),
    ],
)
def test_every_list_is_the_examples(
    example_client: Client, example_profile: Organisation, path: str, key: str
) -> None:
    """Each list resource holds the example's own items, in /v1's format (format 1's shape)."""
    expected = json.loads(picum.dumps(getattr(picum.format1.downgrade(example_profile), key)))
    items = expected["items"] if key == "network_memberships" else expected

    assert items == example_client.get(path).json()["items"]


def test_every_item_is_served(example_client: Client, example_profile: Organisation) -> None:
    """Each activity and citation of the example has its own resource."""
    paths = [f"/v1/activities/{activity.id}" for activity in example_profile.activities]
    paths += [f"/v1/citations/{citation.id}" for citation in example_profile.citations]

    assert [200] * len(paths) == [example_client.get(path).status_code for path in paths]


def test_the_index_and_health_answer(example_client: Client) -> None:
    """The index of v1 and the liveness check answer as for any profile."""
    assert [200, 200] == [example_client.get(path).status_code for path in ("/v1", "/health")]


def test_the_licence_link_is_the_examples(example_client: Client) -> None:
    """Each answer links to the example's licence, CC BY 4.0, not PICUM's."""
    link = example_client.get("/v2/organisation").headers["link"]

    assert '<https://creativecommons.org/licenses/by/4.0/>; rel="license"' == link


def test_the_page_shows_the_example(example_client: Client) -> None:
    """The page is the example's: its name as the heading, its kind, its networks' scopes."""
    page = Page(example_client.get("/", headers=BROWSER).text)

    for words in [
        "Example Shelter Network (fictional)",
        "A consortium.",
        "Members: 12, as of 31 March 2025",
        "Exampletown and the villages around it (fictional places)",
        "A quarterly newsletter on news from the network's shelters, in en",
        "Example National Housing Alliance (fictional) (national)",
        "Exampletown Shelter Forum (fictional) (local)",
        "2012: The network is founded",
        "Creative Commons Attribution 4.0 International",
    ]:
        assert words in page.words
    assert ["h1"] == page.headings[:1]


def test_the_jsonld_is_a_consortium(example_client: Client) -> None:
    """The JSON-LD types the example as a schema.org Consortium, founded in 2012, with no alias."""
    document: dict[str, Any] = example_client.get(
        "/v1/organisation", headers={"Accept": "application/ld+json"}
    ).json()
    values = {(q["predicate"]["value"], q["object"]["value"]) for q in quads(document)}

    assert {
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "https://schema.org/Consortium"),
        ("https://schema.org/foundingDate", "2012"),
    } <= values
    assert "https://schema.org/alternateName" not in {predicate for predicate, _ in values}


def test_the_citations_in_csl_and_bibtex(
    example_client: Client, example_profile: Organisation
) -> None:
    """CSL-JSON and BibTeX of the example's citations: its report, as a report."""
    csl = example_client.get("/v1/citations", params={"format": "csl"}).json()
    bibtex = parse_string(example_client.get("/v1/citations", params={"format": "bibtex"}).text)

    assert (formats.csl(example_profile.citations), ["techreport"]) == (
        csl,
        [entry.entry_type for entry in bibtex.entries],
    )


def test_nothing_served_names_picum(example_app: Service) -> None:
    """No body the service makes of another profile says anything of PICUM's."""
    assert [] == [
        (url, format_, words)
        for url, format_, body in served_bodies(example_app)
        for words in PICUM_WORDS
        if words in body.decode()
    ]


def test_the_static_export_is_the_examples(
    example_export: Path, example_profile: Organisation
) -> None:
    """The export of the example holds its profile, its licence, and nothing of PICUM's.

    Its compressed files are read decompressed.
    """
    manifest = json.loads((example_export / "manifest.json").read_bytes())
    texts = {
        path: UNCOMPRESS.get(path.suffix, bytes)(path.read_bytes()).decode()
        for path in example_export.rglob("*")
        if path.is_file()
    }

    assert (picum.dumps(picum.format1.downgrade(example_profile)), "CC-BY-4.0", []) == (
        (example_export / "v1" / "organisation.json").read_bytes(),
        manifest["licence"]["spdx_id"],
        [
            (path.name, words)
            for path, text in texts.items()
            for words in PICUM_WORDS
            if words in text
        ],
    )


def test_export_static_refuses_an_invalid_profile_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An invalid profile file is reported as `validate` does, and nothing is exported: exit 1."""
    data = tmp_path / "profile.json"
    data.write_text("{}", encoding="utf-8")

    code = main(["export-static", "--data", str(data), str(tmp_path / "site")])

    assert (1, False) == (code, (tmp_path / "site").exists())
    assert capsys.readouterr().out.startswith(f"{data}: ")


def test_the_bundled_profile_is_exported_without_data(
    tmp_path: Path, profile: Organisation
) -> None:
    """Without --data, `picum export-static` exports the bundled profile, as before."""
    assert 0 == main(["export-static", str(tmp_path / "site")])

    assert (
        picum.dumps(picum.format1.downgrade(profile))
        == (tmp_path / "site" / "v1" / "organisation.json").read_bytes()
    )


def test_the_export_function_takes_the_example(
    tmp_path: Path, example_profile: Organisation
) -> None:
    """`export_static` given the example's profile writes the same files as the command."""
    entries = export_static(tmp_path / "site", example_profile)

    assert "/v1/activities/advice-line" in {entry["url"] for entry in entries}
