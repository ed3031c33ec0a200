"""The OpenAPI document describes the API truthfully; schemathesis checks it in `nox -s contract`."""

from __future__ import annotations

from typing import Any

import pytest
from litestar.testing import TestClient

import picum
from picum_api import Service


Client = TestClient[Service]


@pytest.fixture(scope="module")
def openapi(client: Client) -> dict[str, Any]:
    """The served OpenAPI document."""
    document: dict[str, Any] = client.get("/schema/openapi.json").json()
    return document


def test_it_is_openapi_3_1(openapi: dict[str, Any]) -> None:
    """The document is OpenAPI 3.1, versioned as the package is."""
    assert ("3.1.0", picum.__version__) == (openapi["openapi"], openapi["info"]["version"])


def test_every_resource_is_documented_for_get_and_head(openapi: dict[str, Any]) -> None:
    """Each resource of v1 and v2, the catalogue's, and /health, is documented for GET and HEAD."""
    resources = [
        "",
        "/organisation",
        "/activities",
        "/activities/{activity_id}",
        "/memberships",
        "/citations",
        "/citations/{citation_id}",
        "/sources",
    ]
    expected = {f"/v{version}{path}": {"get", "head"} for version in (1, 2) for path in resources}
    # The answers for each fact, and the catalogue, are version 2's alone.
    expected["/v2/organisation/answers"] = {"get", "head"}
    for path in ("", "/{organisation_id}", "/{organisation_id}/members"):
        expected[f"/v2/organisations{path}"] = {"get", "head"}
    expected["/v2/organisations/{organisation_id}/memberships"] = {"get", "head"}
    assert expected | {"/health": {"get", "head"}} == {
        path: set(item) for path, item in openapi["paths"].items()
    }


def test_bodies_are_described_by_the_cores_schema(openapi: dict[str, Any]) -> None:
    """The components are the core's JSON Schema of /v1's wire format, format 1, as it is."""
    core = picum.json_schema_definitions(
        picum.format1.Organisation, ref_prefix="#/components/schemas/"
    )

    assert core["Organisation"] == openapi["components"]["schemas"]["Organisation"]


def test_v2_bodies_are_the_current_formats_under_names_of_their_own(
    openapi: dict[str, Any],
) -> None:
    """/v2's organisation is the core's current schema, named apart from /v1's same-named types."""
    names: dict[type, str] = {type_: f"{type_.__name__}V2" for type_ in picum.format1.NAMESAKES}
    core = picum.json_schema_definitions(
        picum.Organisation, ref_prefix="#/components/schemas/", names=names
    )
    documented = openapi["paths"]["/v2/organisation"]["get"]["responses"]["200"]["content"]

    assert (core["OrganisationV2"], "#/components/schemas/OrganisationV2") == (
        openapi["components"]["schemas"]["OrganisationV2"],
        documented["application/json"]["schema"]["$ref"],
    )


def test_as_of_is_documented_as_a_day_on_v2_only(openapi: dict[str, Any]) -> None:
    """`as_of` is an optional date of /v2/organisation; /v1 does not take it."""
    parameters = {
        version: {
            parameter["name"]: parameter
            for parameter in openapi["paths"][f"{version}/organisation"]["get"]["parameters"]
        }
        for version in ("/v1", "/v2")
    }
    as_of = parameters["/v2"]["as_of"]

    assert (False, "query", False, {"type": "string", "format": "date"}) == (
        "as_of" in parameters["/v1"],
        as_of["in"],
        as_of["required"],
        {key: as_of["schema"][key] for key in ("type", "format")},
    )


def test_the_answer_for_each_fact_is_documented_with_its_body(openapi: dict[str, Any]) -> None:
    """/v2/organisation/answers' 200 is the Answers component, a list of the core's `Answer`."""
    core = picum.json_schema_definitions(picum.Answer, ref_prefix="#/components/schemas/")
    documented = openapi["paths"]["/v2/organisation/answers"]["get"]["responses"]["200"]
    schemas = openapi["components"]["schemas"]

    assert (
        "#/components/schemas/Answers",
        {"type": "array", "items": {"$ref": "#/components/schemas/Answer"}},
        core["Answer"],
    ) == (
        documented["content"]["application/json"]["schema"]["$ref"],
        schemas["Answers"]["properties"]["items"],
        schemas["Answer"],
    )


def test_answers_are_documented(openapi: dict[str, Any]) -> None:
    """An item's operation documents 200, 304, 400, 404, 406, 412, 414 and 431, errors as problems."""
    responses = openapi["paths"]["/v1/activities/{activity_id}"]["get"]["responses"]

    assert ["200", "304", "400", "404", "406", "412", "414", "431"] == sorted(responses)
    assert {"application/problem+json"} == set(responses["404"]["content"])
    assert {"ETag", "Cache-Control", "Vary", "Link", "Content-Encoding"} == set(
        responses["200"]["headers"]
    )


def test_docs_page(client: Client) -> None:
    """/schema is a page of API documentation that reads the served document."""
    response = client.get("/schema")

    assert (200, "text/html; charset=utf-8") == (
        response.status_code,
        response.headers["content-type"],
    )
    assert "/schema/openapi.json" in response.text


def test_head_is_documented_without_a_body(client: Client) -> None:
    """HEAD answers are documented with their headers and no content; their GET twins keep it."""
    paths = client.get("/schema/openapi.json").json()["paths"]

    assert ([], True, True) == (
        [
            (path, status)
            for path, item in paths.items()
            for status, response in item.get("head", {}).get("responses", {}).items()
            if "content" in response
        ],
        all("content" in item["get"]["responses"]["200"] for item in paths.values()),
        "ETag" in paths["/v1/organisation"]["head"]["responses"]["200"]["headers"],
    )


def test_optional_query_parameters_are_never_null(openapi: dict[str, Any]) -> None:
    """A format is documented as absent or one of its values: a query string cannot say null."""
    assert {
        f"/v{version}{path}": {"type": "string", "enum": formats}
        for version in (1, 2)
        for path, formats in (
            ("/organisation", ["json", "jsonld"]),
            ("/citations", ["json", "csl", "bibtex"]),
            ("/citations/{citation_id}", ["json", "csl", "bibtex"]),
        )
    } | {
        "/v2/sources": {"type": "string", "enum": ["json", "csl", "bibtex"]},
        "/v2/organisations/{organisation_id}": {"type": "string", "enum": ["json", "jsonld"]},
    } == {
        path: {key: schema[key] for key in ("type", "enum")}
        for path, item in openapi["paths"].items()
        for operation in item.values()
        for parameter in operation["parameters"]
        if parameter["name"] == "format"
        for schema in [parameter["schema"]]
    }


def test_health_documents_what_it_answers(openapi: dict[str, Any]) -> None:
    """/health documents If-None-Match (304), If-Match (412), Accept-Encoding, 400, 406, 414, 431."""
    operation = openapi["paths"]["/health"]["get"]

    assert (
        ["Accept-Encoding", "If-Match", "If-None-Match"],
        ["200", "304", "400", "406", "412", "414", "431"],
    ) == (
        sorted(parameter["name"] for parameter in operation["parameters"]),
        sorted(operation["responses"]),
    )
