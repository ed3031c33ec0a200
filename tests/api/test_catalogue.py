"""A catalogue's resources: its organisations found, each one's profile, its members and networks."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Any

import attrs
import httpx
import pytest
from litestar.testing import TestClient

import picum
from picum import formats
from picum_api import create_app
from picum_api._catalogue import CatalogueRepresentations
from tests.profiles import EXAMPLE, SCRIPTS, linked, named

from .pages import BROWSER, Page
from .servers import running


if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Iterator
    from pathlib import Path

    from picum_api import Service
    from picum_api._http import Variants


BUNDLED = picum.Catalogue.bundled()


@pytest.fixture(scope="module")
def scripts() -> Iterator[TestClient[Service]]:
    """A client of a catalogue of organisations named in five scripts, the French one's default."""
    with TestClient(create_app(SCRIPTS, default="french")) as client:
        yield client


def ids(page: dict[str, Any]) -> list[str]:
    """The ids of the organisations a page of the catalogue lists."""
    return [item["id"] for item in page["items"]]


def test_the_bundled_catalogue_lists_its_organisations_by_id(client: TestClient[Service]) -> None:
    """`/v2/organisations` lists every organisation of the catalogue, in the order of their ids."""
    page = client.get("/v2/organisations").json()

    assert (5, list(BUNDLED.profiles)) == (page["total"], ids(page))


def test_an_organisation_of_the_list_says_who_it_is_and_where_its_profile_is(
    client: TestClient[Service],
) -> None:
    """Each organisation listed gives its name, acronym, type, seat's country, address, licence."""
    kok = BUNDLED.profiles["kok"]
    page = client.get("/v2/organisations", params={"q": "KOK"}).json()

    assert [
        {
            "id": "kok",
            "name": kok.identity.name,
            "acronym": "KOK",
            "type": "non_governmental_organisation",
            "country": "DE",
            "url": "/v2/organisations/kok",
            "licence": picum.make_converter().unstructure(kok.licence),
            "attribution": kok.attribution,
        }
    ] == page["items"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "Coopération"}, ["french"]),
        ({"q": "ΦΟΡΟΥΜ"}, ["greek"]),
        ({"q": "содействие"}, ["russian"]),
        ({"q": "連帯"}, ["japanese"]),
        ({"q": "nevladnich"}, ["czech"]),
        ({"q": ""}, ["czech", "french", "greek", "japanese", "russian"]),
        ({"q": "nowhere"}, []),
    ],
)
def test_a_search_finds_names_in_any_script(
    scripts: TestClient[Service], query: dict[str, str], expected: list[str]
) -> None:
    """`q` finds a text anywhere in a name or acronym, in any script, case and accents ignored."""
    assert expected == ids(scripts.get("/v2/organisations", params=query).json())


def test_organisations_are_found_by_type_and_by_the_country_of_their_seat(
    client: TestClient[Service],
) -> None:
    """`type` and `country` keep the organisations of a type, or seated in a country."""
    assert (
        ["global-coalition-on-migration", "konsorcium", "social-platform"],
        ["picum", "social-platform"],
        ["social-platform"],
    ) == (
        ids(client.get("/v2/organisations?type=consortium").json()),
        ids(client.get("/v2/organisations?country=BE").json()),
        ids(client.get("/v2/organisations?country=BE&type=consortium").json()),
    )


def test_the_pages_of_a_search_link_to_the_next_with_the_same_search(
    client: TestClient[Service],
) -> None:
    """A page of a search links to the next page of the same search, until the last."""
    first = client.get("/v2/organisations?type=consortium&limit=2").json()
    second = client.get(first["next"]).json()

    assert (
        "/v2/organisations?type=consortium&offset=2&limit=2",
        ["global-coalition-on-migration", "konsorcium"],
        ["social-platform"],
        None,
    ) == (first["next"], ids(first), ids(second), second["next"])


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("type=charity", "type: Invalid enum value 'charity'"),
        ("country=XX", "country: Expected an ISO 3166-1 alpha-2 country code, got 'XX'"),
        ("country=be", "country: Expected an ISO 3166-1 alpha-2 country code, got 'be'"),
        ("q=" + "a" * 201, "q: Expected at most 200 characters, got 201"),
        ("type=null&type=ngo", "type: Invalid enum value 'ngo'"),
        ("type=", "type: Invalid enum value ''"),
        ("country=", "country: Expected an ISO 3166-1 alpha-2 country code, got ''"),
    ],
)
def test_a_search_the_catalogue_cannot_read_is_refused_naming_the_parameter(
    client: TestClient[Service], query: str, detail: str
) -> None:
    """A type, a country or a text a search cannot take gets 400 naming the parameter."""
    response = client.get(f"/v2/organisations?{query}")

    assert (400, detail) == (response.status_code, response.json()["detail"])


def test_an_organisation_is_its_profile_in_the_wire_format(client: TestClient[Service]) -> None:
    """`/v2/organisations/{id}` is the organisation's profile, as picum's converter writes it."""
    response = client.get("/v2/organisations/kok")

    kok = BUNDLED.profiles["kok"]
    assert (picum.dumps(kok), f'<{kok.licence.url}>; rel="license"') == (
        response.content,
        response.headers["Link"],
    )


def test_an_organisation_is_served_as_json_ld_with_its_dates(client: TestClient[Service]) -> None:
    """`format=jsonld` gives the organisation's profile as version 2's JSON-LD, dated."""
    response = client.get("/v2/organisations/social-platform?format=jsonld")

    assert picum.dumps(formats.jsonld(BUNDLED.profiles["social-platform"], dated=True)) == (
        response.content
    )


def test_an_organisation_is_served_as_its_sources_knew_it_on_a_day(
    client: TestClient[Service],
) -> None:
    """`as_of` gives the organisation's profile as its sources knew it on a day."""
    response = client.get("/v2/organisations/picum?as_of=2010-01-01")

    expected = picum.as_of(BUNDLED.profiles["picum"], dt.date(2010, 1, 1))
    assert (picum.dumps(expected), True) == (
        response.content,
        response.content != picum.dumps(BUNDLED.profiles["picum"]),
    )


def test_the_default_organisation_is_served_as_a_profile_alone_is(
    client: TestClient[Service],
) -> None:
    """The catalogue's default organisation is at /v2/organisation, as a profile alone is."""
    with TestClient(create_app(picum.load())) as alone:
        assert alone.get("/v2/organisation").content == client.get("/v2/organisation").content


@pytest.mark.parametrize("path", ["", "/members", "/memberships"])
def test_an_id_the_catalogue_lacks_is_not_found_naming_its_ids(
    client: TestClient[Service], path: str
) -> None:
    """An organisation the catalogue lacks gets 404, naming the ids it has."""
    response = client.get(f"/v2/organisations/unheard-of{path}")

    assert (
        404,
        (
            "no organisation 'unheard-of'; known organisation ids: global-coalition-on-migration,"
            " kok, konsorcium, picum, social-platform"
        ),
    ) == (response.status_code, response.json()["detail"])


def test_a_membership_both_profiles_state_is_listed_twice_each_with_its_profile(
    client: TestClient[Service],
) -> None:
    """PICUM's members in the catalogue: KOK twice (in KOK's words and in PICUM's), the Consortium."""
    page = client.get("/v2/organisations/picum/members").json()

    assert (
        [("kok", "kok"), ("konsorcium", "konsorcium"), ("kok", "picum")],
        ["kok", "konsorcium", "picum"],
    ) == (
        [(link["member"], link["stated_by"]) for link in page["items"]],
        [profile["organisation"] for profile in page["stated_by"]],
    )


def test_the_networks_of_an_organisation_are_paged_with_their_statements(
    client: TestClient[Service],
) -> None:
    """An organisation's networks in the catalogue are paged; a page names the profiles stating it."""
    first = client.get("/v2/organisations/picum/memberships?limit=1").json()
    second = client.get(first["next"]).json()

    assert (
        4,
        [("global-coalition-on-migration", "global-coalition-on-migration")],
        [("global-coalition-on-migration", "picum")],
        ["picum"],
    ) == (
        first["total"],
        [(link["network"], link["stated_by"]) for link in first["items"]],
        [(link["network"], link["stated_by"]) for link in second["items"]],
        [profile["organisation"] for profile in second["stated_by"]],
    )


def test_a_profile_alone_serves_no_catalogue() -> None:
    """An app made for one profile has no list of organisations: it is not a catalogue."""
    with TestClient(create_app(picum.load())) as alone:
        assert 404 == alone.get("/v2/organisations").status_code


def test_a_catalogue_of_one_profile_serves_it_by_default() -> None:
    """A catalogue of one profile needs no default: its profile is served at /v2/organisation."""
    with TestClient(create_app(picum.Catalogue.from_profiles([EXAMPLE]))) as client:
        assert picum.dumps(EXAMPLE) == client.get("/v2/organisation").content


def test_a_default_the_catalogue_lacks_is_refused() -> None:
    """A default organisation the catalogue lacks is refused, naming the catalogue's ids."""
    catalogue = picum.Catalogue.from_profiles([EXAMPLE, named("other", "Other")])

    with pytest.raises(ValueError, match=r"\(example-shelter-network, other\): not 'picum'"):
        create_app(catalogue, default="picum")


def test_an_organisation_at_days_between_two_changes_is_made_once() -> None:
    """Days that see one view of a profile share it: one kept, not one per day."""
    app = create_app()
    representations = app.litestar.state.representations
    with TestClient(app) as client:
        first = client.get("/v2/organisations/picum?as_of=2000-01-01")
        kept = representations.kept[0]
        second = client.get("/v2/organisations/picum?as_of=2000-01-02")

    assert (first.content, kept) == (second.content, representations.kept[0])


def test_the_search_of_a_text_and_of_its_fold_share_their_pages() -> None:
    """``PICUM`` and `` picum`` find the same: one page is made for both."""
    app = create_app()
    representations = app.litestar.state.representations
    with TestClient(app) as client:
        client.get("/v2/organisations", params={"q": "PICUM"})
        kept = representations.kept[0]
        client.get("/v2/organisations", params={"q": " picum"})

    assert kept == representations.kept[0]


@pytest.mark.parametrize(
    ("data", "default"),
    [(None, "nowhere"), (picum.load(), "kok")],
    ids=["bundled", "profile"],
)
def test_a_default_that_is_not_served_is_refused(
    data: picum.Organisation | None, default: str
) -> None:
    """The bundled catalogue's default must be one of its own; a profile alone is its own."""
    with pytest.raises(ValueError, match=repr(default)):
        create_app(data, default=default)


def test_the_bundled_catalogue_serves_the_default_named() -> None:
    """The bundled catalogue serves the organisation named default as a profile alone is."""
    with TestClient(create_app(default="kok")) as client:
        assert picum.dumps(BUNDLED.profiles["kok"]) == client.get("/v2/organisation").content


def test_a_page_of_the_catalogue_is_made_once_and_kept(client: TestClient[Service]) -> None:
    """A search asked again with the ETag of its answer gets 304: the same bytes are kept."""
    first = client.get("/v2/organisations?q=platform")
    etag = first.headers["ETag"]
    again = client.get("/v2/organisations?q=platform", headers={"If-None-Match": etag})

    assert 304 == again.status_code


def test_picum_serve_serves_a_catalogues_folder_with_two_workers(tmp_path: Path) -> None:
    """`picum serve --data DIR --default ID --workers 2`: each worker serves the catalogue."""
    (tmp_path / "shelter.json").write_bytes(picum.dumps(linked(named("shelter", "Shelter"), "a")))
    (tmp_path / "alliance.json").write_bytes(picum.dumps(named("a", "Alliance")))

    with running("--data", str(tmp_path), "--default", "a", "--workers", "2") as server:
        found = httpx.get(f"{server.base}/v2/organisations?q=shelter").json()
        members = httpx.get(f"{server.base}/v2/organisations/a/members").json()
        default = httpx.get(f"{server.base}/v2/organisation").json()

    assert (["shelter"], ["shelter"], "a") == (
        ids(found),
        [link["member"] for link in members["items"]],
        default["id"],
    )


def test_the_page_links_the_networks_the_catalogue_has_to_their_pages(
    client: TestClient[Service],
) -> None:
    """On PICUM's page, a network with a profile links to its page; one without is named only."""
    page = Page(client.get("/", headers=BROWSER).text)

    assert (True, True, True) == (
        "/v2/organisations/social-platform" in page.links,
        "/v2/organisations/global-coalition-on-migration" in page.links,
        "EU Forum on the Rights of the Child (european)" in page.words,
    )


def test_the_page_lists_the_links_both_ways_and_who_states_each(
    client: TestClient[Service],
) -> None:
    """PICUM's page lists KOK among its members twice: as KOK's profile says, as PICUM's says."""
    page = Page(client.get("/", headers=BROWSER).text)
    kok = BUNDLED.profiles["kok"].identity.name

    assert (True, True) == (
        f"{kok}: its profile says so, in the words KOK is also a member of PICUM." in page.words,
        f"{kok}: this profile says so" in page.words,
    )


def test_each_organisation_has_its_page_for_people(client: TestClient[Service]) -> None:
    """`/v2/organisations/{id}` asked for as HTML is the organisation's page, linking back."""
    response = client.get("/v2/organisations/kok", headers=BROWSER)
    page = Page(response.text)

    assert ("text/html; charset=utf-8", True, True, True) == (
        response.headers["Content-Type"],
        "default-src 'none'" in response.headers["Content-Security-Policy"],
        BUNDLED.profiles["kok"].identity.name in page.words,
        "/v2/organisations/picum" in page.links,
    )


def test_a_profile_alone_has_a_page_without_catalogue_links() -> None:
    """The page of a profile served alone names its networks, links to no catalogue page."""
    with TestClient(create_app(picum.load())) as alone:
        page = Page(alone.get("/", headers=BROWSER).text)

    assert ([], False) == (
        [link for link in page.links if link.startswith("/v2/organisations")],
        "In the catalogue" in page.words,
    )


def test_a_link_known_to_be_wrong_is_not_on_the_page() -> None:
    """A deprecated membership is not listed among the catalogue's links on either page."""
    shelter = linked(named("shelter", "Shelter"), "alliance")
    memberships = shelter.network_memberships
    assert memberships is not None
    wrong = attrs.evolve(
        memberships.items[0], rank=picum.Rank.DEPRECATED, reason="The alliance says otherwise."
    )
    shelter = attrs.evolve(shelter, network_memberships=attrs.evolve(memberships, items=(wrong,)))
    catalogue = picum.Catalogue.from_profiles([shelter, named("alliance", "Alliance")])

    with TestClient(create_app(catalogue, default="alliance")) as client:
        pages = [
            Page(client.get(path, headers=BROWSER).text)
            for path in ("/", "/v2/organisations/shelter")
        ]

    assert [False, False] == ["In the catalogue" in page.words for page in pages]


def jsonld_node(client: TestClient[Service], id_: str) -> dict[str, Any]:
    """The organisation's node in the JSON-LD of its profile in the catalogue."""
    document = client.get(f"/v2/organisations/{id_}?format=jsonld").json()
    node: dict[str, Any] = document["@graph"][0]
    return node


def test_json_ld_says_the_links_both_ways_each_once(client: TestClient[Service]) -> None:
    """PICUM's JSON-LD names KOK (stated by both) once, and the Consortium (stated by it alone)."""
    node = jsonld_node(client, "picum")
    konsorcium = BUNDLED.profiles["konsorcium"]
    named = {
        "@type": "Organization",
        "name": konsorcium.identity.name,
        "url": konsorcium.website.url if konsorcium.website else None,
    }

    assert (2, True) == (len(node["member"]), named in node["member"])


def test_json_ld_gives_addresses_under_the_public_url() -> None:
    """Told its public URL, the service gives each linked organisation its address as `@id`."""
    with TestClient(create_app(public_url="https://example.org/data/")) as client:
        node = jsonld_node(client, "picum")
        default = client.get("/v2/organisation?format=jsonld").json()["@graph"][0]

    expected = "https://example.org/data/v2/organisations/"
    assert (
        f"{expected}picum",
        f"{expected}picum",
        [f"{expected}global-coalition-on-migration", None, f"{expected}social-platform"],
    ) == (
        node["@id"],
        default["@id"],
        [network.get("@id") for network in node["memberOf"]],
    )


def test_version_1_says_no_catalogue_links() -> None:
    """`/v1`'s JSON-LD is format 1's: the catalogue adds nothing to it, nor addresses."""
    with TestClient(create_app(public_url="https://example.org")) as client:
        body = client.get("/v1/organisation?format=jsonld").content

    assert picum.dumps(formats.jsonld(picum.load())) == body


@pytest.mark.parametrize(
    ("data", "public_url", "said"),
    [
        (None, "ftp://example.org", "not 'ftp://example.org'"),
        (None, "https://example.org/?x=1", "http(s)://host[/path]"),
        (None, "https://", "not 'https://'"),
        (picum.load(), "https://example.org", "the addresses of a catalogue's organisations"),
    ],
)
def test_a_public_url_must_be_a_sites_for_a_catalogue(
    data: picum.Organisation | None, public_url: str, said: str
) -> None:
    """A public URL is an http(s) site's, with no query or fragment, and a catalogue's."""
    with pytest.raises(ValueError, match=re.escape(said)):
        create_app(data, public_url=public_url)


def _made_for(accept: str | None, format_: str | None = None) -> list[tuple[str, str]]:
    """What a profile of the catalogue makes to answer *accept* and *format_*: the keys kept."""
    kept: list[tuple[str, str]] = []

    def keep(key: Hashable, make: Callable[[], Variants]) -> Variants:
        kept.append(key)  # type: ignore[arg-type]
        return make()

    made = CatalogueRepresentations(picum.Catalogue.bundled(), keep)
    made.profile_for("kok", None, accept=accept, format_=format_)
    return kept


@pytest.mark.parametrize(
    ("accept", "format_", "expected"),
    [
        ("application/json", None, [("profile", "kok")]),
        (None, None, [("profile", "kok")]),
        ("application/ld+json", None, [("profile", "kok")]),
        ("text/html,application/xhtml+xml,*/*;q=0.8", None, [("page", "kok")]),
        ("text/html", "jsonld", [("profile", "kok")]),
        ("image/png", None, [("profile", "kok"), ("page", "kok")]),
        ("json", None, [("profile", "kok"), ("page", "kok")]),
    ],
    ids=["JSON", "no Accept", "JSON-LD", "a browser's", "format", "refused", "unreadable"],
)
def test_a_profile_makes_only_what_may_be_sent(
    accept: str | None, format_: str | None, expected: list[tuple[str, str]]
) -> None:
    """Data asked for makes no page, a page no data; what is refused or unreadable, all."""
    assert expected == _made_for(accept, format_)
