"""Content negotiation: JSON by default, JSON-LD for the organisation, CSL-JSON and BibTeX for citations."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

import picum
from picum import Organisation, formats
from picum_api import Service


Client = TestClient[Service]
JSONLD = "application/ld+json"
CSL = "application/vnd.citationstyles.csl+json"
BIBTEX = "application/x-bibtex"


def test_organisation_as_jsonld(client: Client, profile: Organisation) -> None:
    """Accept: application/ld+json gives the schema.org JSON-LD of the profile."""
    response = client.get("/v1/organisation", headers={"Accept": JSONLD})

    assert (JSONLD, picum.dumps(formats.jsonld(profile))) == (
        response.headers["content-type"],
        response.content,
    )


@pytest.mark.parametrize("path", ["/v1/citations", "/v1/citations/craig-lynk-2006"])
def test_citations_as_csl_json(client: Client, profile: Organisation, path: str) -> None:
    """Accept: CSL-JSON gives the citations as CSL-JSON items."""
    response = client.get(path, headers={"Accept": CSL})

    assert (CSL, formats.csl(profile.citations)) == (
        response.headers["content-type"],
        response.json(),
    )


@pytest.mark.parametrize("path", ["/v1/citations", "/v1/citations/craig-lynk-2006"])
def test_citations_as_bibtex(client: Client, profile: Organisation, path: str) -> None:
    """Accept: application/x-bibtex gives BibTeX, as UTF-8 text."""
    response = client.get(path, headers={"Accept": BIBTEX})

    assert (f"{BIBTEX}; charset=utf-8", formats.bibtex(profile.citations)) == (
        response.headers["content-type"],
        response.text,
    )


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*/*", "application/json"),
        ("application/json;q=0.5, application/ld+json", JSONLD),
        ("application/ld+json;q=0.5, application/json", "application/json"),
        ("application/json;q=0, */*", JSONLD),
        ("text/html, application/*;q=0.2", "application/json"),
    ],
)
def test_quality_values_choose(client: Client, accept: str, expected: str) -> None:
    """Quality values and specificity choose the representation; JSON wins ties."""
    response = client.get("/v1/organisation", headers={"Accept": accept})

    assert expected == response.headers["content-type"]


@pytest.mark.parametrize(
    ("path", "format_", "media_type"),
    [
        ("/v1/organisation", "jsonld", JSONLD),
        ("/v1/organisation", "json", "application/json"),
        ("/v1/citations", "csl", CSL),
        ("/v1/citations/craig-lynk-2006", "bibtex", f"{BIBTEX}; charset=utf-8"),
    ],
)
def test_format_parameter(client: Client, path: str, format_: str, media_type: str) -> None:
    """`?format=` chooses the representation for clients that cannot set Accept, over Accept."""
    response = client.get(path, params={"format": format_}, headers={"Accept": "text/html"})

    assert (200, media_type) == (response.status_code, response.headers["content-type"])


def test_an_unknown_format_is_400(client: Client) -> None:
    """A format the resource does not have is a 400 naming the parameter."""
    response = client.get("/v1/organisation", params={"format": "bibtex"})

    assert (400, "format") == (response.status_code, response.json()["detail"].split(":")[0])


def test_each_representation_has_its_own_etag(client: Client) -> None:
    """Every representation of a resource has its own ETag; each answers 304 to its own only."""
    etags = {
        accept: client.get("/v1/citations", headers={"Accept": accept}).headers["etag"]
        for accept in ("application/json", CSL, BIBTEX)
    }
    statuses = [
        client.get(
            "/v1/citations", headers={"Accept": accept, "If-None-Match": etags[CSL]}
        ).status_code
        for accept in ("application/json", CSL, BIBTEX)
    ]

    assert (3, [200, 304, 200]) == (len(set(etags.values())), statuses)


def test_negotiated_responses_vary_by_accept(client: Client) -> None:
    """Caches are told that the representation depends on Accept and Accept-Encoding."""
    assert (
        "Accept, Accept-Encoding"
        == client.get("/v1/citations", headers={"Accept": BIBTEX}).headers["vary"]
    )


def test_406_lists_what_is_available(client: Client) -> None:
    """An Accept that refuses every representation gets a 406 listing them."""
    response = client.get("/v1/citations/craig-lynk-2006", headers={"Accept": "text/html"})

    assert (406, f"available: application/json, {CSL}, {BIBTEX}") == (
        response.status_code,
        response.json()["detail"].split("; ")[-1],
    )


def test_head_of_a_negotiated_representation(client: Client) -> None:
    """HEAD negotiates as GET does."""
    get = client.get("/v1/organisation", headers={"Accept": JSONLD})
    head = client.head("/v1/organisation", headers={"Accept": JSONLD})

    assert (get.headers["etag"], get.headers["content-length"], b"") == (
        head.headers["etag"],
        head.headers["content-length"],
        head.content,
    )


def test_the_openapi_documents_every_format(client: Client) -> None:
    """Each resource documents the media types it serves."""
    paths = client.get("/schema/openapi.json").json()["paths"]

    assert (
        ["application/json", JSONLD],
        ["application/json", CSL, BIBTEX],
        ["application/json"],
    ) == (
        list(paths["/v1/organisation"]["get"]["responses"]["200"]["content"]),
        list(paths["/v1/citations/{citation_id}"]["get"]["responses"]["200"]["content"]),
        list(paths["/v1/activities"]["get"]["responses"]["200"]["content"]),
    )
