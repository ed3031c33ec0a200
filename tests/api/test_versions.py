"""/v2 beside /v1: statements, the profile at a date, and what each version tells its clients."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

import picum
from picum import formats


if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from litestar.testing import TestClient

    from picum_api import Service

    Client = TestClient[Service]


def test_v2_serves_the_profile_in_the_current_wire_format(client: Client) -> None:
    """/v2/organisation is what the core's converter writes of the profile: statements too."""
    assert picum.dumps(picum.load()) == client.get("/v2/organisation").content


def test_v1_serves_the_preferred_values_in_the_2016_format(client: Client) -> None:
    """/v1/organisation is the profile as format 1 writes it: no statements, no format key."""
    assert picum.dumps(picum.format1.downgrade(picum.load())) == (
        client.get("/v1/organisation").content
    )


@pytest.mark.parametrize("version", ["1", "2"])
def test_each_index_names_its_version_and_links_within_it(client: Client, version: str) -> None:
    """/vN's index says version N and links to /vN's resources."""
    index = client.get(f"/v{version}").json()

    assert (version, f"/v{version}/organisation") == (
        index["api_version"],
        index["links"]["organisation"],
    )


def test_as_of_gives_the_profile_as_its_sources_knew_it(client: Client) -> None:
    """?as_of=DAY answers with `picum.as_of` of the profile, in the wire format."""
    day = dt.date(2016, 10, 31)

    response = client.get("/v2/organisation", params={"as_of": day.isoformat()})

    assert picum.dumps(picum.as_of(picum.load(), day)) == response.content


def test_before_the_first_dated_figure_the_counts_are_unknown(client: Client) -> None:
    """Before the end of May 2015 (the 2014 report's figures), no count of members is known."""
    members = client.get("/v2/organisation", params={"as_of": "2015-05-30"}).json()["members"]

    assert ([], []) == (members["ordinary_statements"], members["countries_statements"])


def test_as_of_in_json_ld_too(client: Client) -> None:
    """The view at a date is offered in JSON-LD, like the profile."""
    day = dt.date(2016, 10, 30)

    response = client.get("/v2/organisation", params={"as_of": day.isoformat(), "format": "jsonld"})

    catalogue = picum.Catalogue.bundled()
    expected = picum.dumps(
        formats.jsonld(picum.as_of(picum.load(), day), dated=True, catalogue=catalogue)
    )
    assert ("application/ld+json", expected) == (response.headers["content-type"], response.content)


def test_a_view_at_a_date_is_cacheable_and_conditional(client: Client) -> None:
    """A view has its own strong ETag, and answers 304 to it."""
    first = client.get("/v2/organisation?as_of=2016-10-30")

    again = client.get(
        "/v2/organisation?as_of=2016-10-30", headers={"If-None-Match": first.headers["etag"]}
    )

    assert (304, "public, max-age=300") == (again.status_code, first.headers["cache-control"])


@pytest.mark.parametrize(
    "value",
    [
        "2016",
        "2016-13-01",
        "2016-02-30",
        "20161031",
        "2016-10-31T00:00",
        "",
        "+2016-10-31",
        "null",
        "２０１６-10-31",
    ],
)
def test_as_of_is_a_day_or_a_400_naming_it(client: Client, value: str) -> None:
    """Anything but a calendar day (YYYY-MM-DD) is a 400 problem that names `as_of`."""
    response = client.get("/v2/organisation", params={"as_of": value})

    assert (400, "application/problem+json", True) == (
        response.status_code,
        response.headers["content-type"],
        response.json()["detail"].startswith("as_of: "),
    )


def test_as_of_given_twice_is_refused(client: Client) -> None:
    """Two days are no answer: the request is a 400, not the first day's view."""
    response = client.get("/v2/organisation?as_of=2016-10-31&as_of=2010-01-01")

    assert (400, "as_of: give it once, not 2 times") == (
        response.status_code,
        response.json()["detail"],
    )


def test_v1_has_no_as_of(client: Client) -> None:
    """/v1 keeps its contract: as_of is no parameter of it, and changes nothing there."""
    assert client.get("/v1/organisation").content == (
        client.get("/v1/organisation?as_of=2000-01-01").content
    )


def test_v1_points_to_its_successor(client: Client) -> None:
    """Each /v1 answer links to the same resource in /v2 (successor-version, RFC 5829)."""
    link = client.get("/v1/citations?offset=0&limit=1").headers["link"]

    assert link.endswith(', </v2/citations?offset=0&limit=1>; rel="successor-version"')


def _csl(sources: Sequence[picum.Source]) -> bytes:
    return picum.dumps(formats.csl(sources))


def _bibtex(sources: Sequence[picum.Source]) -> bytes:
    return formats.bibtex(sources).encode()


@pytest.mark.parametrize(("format_", "make"), [("csl", _csl), ("bibtex", _bibtex)])
def test_v2_sources_are_citable_works(
    client: Client, format_: str, make: Callable[[Sequence[picum.Source]], bytes]
) -> None:
    """/v2/sources is also CSL-JSON and BibTeX: the sources as web pages one can cite."""
    response = client.get("/v2/sources", params={"format": format_})

    assert make(picum.load().sources[:50]) == response.content


def test_v1_sources_are_json_only(client: Client) -> None:
    """/v1/sources keeps its one format: `format` is no parameter of it, as before."""
    assert client.get("/v1/sources").content == (
        client.get("/v1/sources", params={"format": "csl"}).content
    )


def test_v2_json_ld_dates_the_figures_v1_does_not(client: Client) -> None:
    """/v2's JSON-LD is the dated one (schema.org Observation); /v1's is as before.

    /v2's says the bundled catalogue's links too.
    """
    profile = picum.load()
    catalogue = picum.Catalogue.bundled()

    assert (
        picum.dumps(formats.jsonld(profile, dated=True, catalogue=catalogue)),
        picum.dumps(formats.jsonld(profile)),
    ) == (
        client.get("/v2/organisation?format=jsonld").content,
        client.get("/v1/organisation?format=jsonld").content,
    )
