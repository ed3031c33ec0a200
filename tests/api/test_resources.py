"""Each resource serves what the core's converter writes for it."""

from __future__ import annotations

import json

import attrs
import pytest
from litestar.testing import TestClient

import picum
from picum import Organisation
from picum_api import Service, create_app


Client = TestClient[Service]


def test_organisation_is_the_wire_format_of_the_profile(
    client: Client, profile: Organisation
) -> None:
    """/v1/organisation is the profile in format 1, byte for byte as picum.dumps writes it."""
    response = client.get("/v1/organisation")

    assert (200, "application/json", picum.dumps(picum.format1.downgrade(profile))) == (
        response.status_code,
        response.headers["content-type"],
        response.content,
    )


def test_index_links_every_resource(client: Client) -> None:
    """The index gives the API version, the data revision and a link to every resource, each live."""
    index = client.get("/v1").json()

    assert (
        "1",
        {"organisation", "activities", "memberships", "citations", "sources", "openapi"},
    ) == (
        index["api_version"],
        set(index["links"]),
    )
    assert [200] * 6 == [client.get(link).status_code for link in index["links"].values()]


def test_data_revision_follows_the_profile(profile: Organisation) -> None:
    """The data revision is the same for the same profile, and another for another profile."""
    changed = attrs.evolve(profile, attribution=f"{profile.attribution} Changed.")
    revisions: list[str] = []
    for served in (profile, profile, changed):
        with TestClient(create_app(served)) as client:
            revisions.append(client.get("/v1").json()["data_revision"])

    assert (True, False) == (revisions[0] == revisions[1], revisions[1] == revisions[2])


def test_index_carries_licence_and_attribution(client: Client, profile: Organisation) -> None:
    """The index names the data's licence and how to attribute it."""
    index = client.get("/v1").json()

    assert (profile.licence.url, profile.attribution) == (
        index["licence"]["url"],
        index["attribution"],
    )


def test_activities_page(client: Client, profile: Organisation) -> None:
    """The activities list holds every activity, in order, with the page's bounds."""
    page = client.get("/v1/activities").json()

    assert (5, 0, 50, None) == (page["total"], page["offset"], page["limit"], page["next"])
    assert [json.loads(picum.dumps(activity)) for activity in profile.activities] == page["items"]


def test_pages_link_to_the_next(client: Client) -> None:
    """A page that is not the last links to the next one, which goes on where it stopped."""
    first = client.get("/v1/activities", params={"limit": 2}).json()
    second = client.get(first["next"]).json()

    assert ("/v1/activities?offset=2&limit=2", ["advocacy", "awareness-raising"]) == (
        first["next"],
        [item["id"] for item in second["items"]],
    )


def test_a_page_beyond_the_end_is_empty(client: Client) -> None:
    """Asking past the end of a list gives an empty page, not an error."""
    page = client.get("/v1/sources", params={"offset": 100}).json()

    assert ([], 21, None) == (page["items"], page["total"], page["next"])


@pytest.mark.parametrize(
    ("path", "model_path"),
    [
        ("/v1/activities/advocacy", "activity"),
        ("/v1/citations/craig-lynk-2006", "citation"),
    ],
)
def test_items_by_id(client: Client, profile: Organisation, path: str, model_path: str) -> None:
    """An item's resource is its wire format."""
    item = getattr(profile, model_path)(path.rsplit("/", 1)[1])

    assert picum.dumps(item) == client.get(path).content


@pytest.mark.parametrize(
    ("path", "detail"),
    [
        (
            "/v1/activities/fundraising",
            (
                "no activity 'fundraising'; known activity ids: monitoring-and-reporting,"
                " capacity-building, advocacy, awareness-raising, global-actors-on-international-migration"
            ),
        ),
        (
            "/v1/citations/smith-2020",
            "no citation 'smith-2020'; known citation ids: craig-lynk-2006",
        ),
    ],
)
def test_unknown_ids_are_404_with_the_known_ones(client: Client, path: str, detail: str) -> None:
    """An unknown id is a 404 problem document that lists the ids there are."""
    response = client.get(path)

    assert (404, "application/problem+json", detail) == (
        response.status_code,
        response.headers["content-type"],
        response.json()["detail"],
    )


def test_many_known_ids_are_cut_short(profile: Organisation) -> None:
    """With many items, the 404 lists the first twenty and says where the rest are."""
    activities = tuple(
        attrs.evolve(profile.activities[0], id=f"activity-{number}") for number in range(25)
    )
    many = attrs.evolve(profile, activities=activities, activities_statements=())
    with TestClient(create_app(many)) as client:
        detail = client.get("/v1/activities/nope").json()["detail"]

    assert detail.endswith("activity-19, and 5 more at /v1/activities")


def test_memberships_say_the_list_is_partial(client: Client) -> None:
    """The memberships resource gives the networks pages name, and says the list is partial."""
    page = client.get("/v1/memberships").json()

    assert (
        ["global-coalition-on-migration", "eu-forum-on-the-rights-of-the-child", "social-platform"],
        3,
        "partial",
        ["global", "european"],
    ) == (
        [item["id"] for item in page["items"]],
        page["total"],
        page["completeness"],
        page["scopes"],
    )
    assert "lost from the source" in page["note"]


def test_v1_memberships_keep_format_1s_shape(client: Client) -> None:
    """/v1's networks have format 1's fields (no quote); /v2's quote their sources."""
    v1 = client.get("/v1/memberships").json()["items"][0]
    v2 = client.get("/v2/memberships").json()["items"][0]

    assert (["id", "network", "scope", "since", "until", "url", "sources"], True) == (
        list(v1),
        "PICUM (Treasurer)" in v2["quote"],
    )


def test_v1_sources_keep_format_1s_shape(client: Client) -> None:
    """/v1's sources have no kind or copy; one read in a copy gives the day it was read."""
    v1 = {item["id"]: item for item in client.get("/v1/sources?limit=100").json()["items"]}
    v2 = {item["id"]: item for item in client.get("/v2/sources?limit=100").json()["items"]}
    report = "picum-annual-report-2014"

    assert (False, "2026-12-07", "organisation") == (
        "kind" in v1[report],
        v1[report]["accessed"],
        v2[report]["kind"],
    )


def test_memberships_of_a_profile_without_any_word_on_them(profile: Organisation) -> None:
    """A profile with no word on network memberships says they are not in its sources."""
    with TestClient(create_app(attrs.evolve(profile, network_memberships=None))) as client:
        page = client.get("/v1/memberships").json()

    assert ([], "not_in_source", None) == (page["items"], page["completeness"], page["note"])


@pytest.mark.parametrize("path", ["/organisation", "/activities", "/activities/advocacy", "/"])
def test_unversioned_paths_answer_as_the_latest_version(client: Client, path: str) -> None:
    """The unversioned paths give the very bytes and headers of their /v2 twins."""
    twin = "/v2" if path == "/" else f"/v2{path}"

    unversioned, versioned = client.get(path), client.get(twin)

    assert (versioned.content, versioned.headers["etag"]) == (
        unversioned.content,
        unversioned.headers["etag"],
    )


def test_health(client: Client) -> None:
    """/health says the service is up, and is never cached."""
    response = client.get("/health")

    assert ({"status": "ok"}, "no-store") == (response.json(), response.headers["cache-control"])


def test_another_profile_is_served(profile: Organisation) -> None:
    """create_app serves the profile it is given."""
    other = attrs.evolve(profile, id="other")

    with TestClient(create_app(other)) as client:
        assert "other" == client.get("/v1/organisation").json()["id"]
