"""`picum.Catalogue`: profiles in memory, their links resolved both ways, found by name and kind."""

from __future__ import annotations

import json
import shutil
from typing import TYPE_CHECKING

import attrs
import pytest

import picum
from picum import Catalogue, CatalogueError, MembershipLink, OrganisationType, Rank, formats
from picum._catalogue import fold

from .profiles import EXAMPLE, EXAMPLE_PROFILE, SCRIPTS, UNLINKED_PICUM, linked, named


if TYPE_CHECKING:
    from pathlib import Path


PICUM = picum.loads(UNLINKED_PICUM, picum.Organisation)


def test_the_bundled_catalogue_states_kok_a_member_of_picum_twice() -> None:
    """Where both profiles state one membership, both links stand, each with its own sources."""
    catalogue = Catalogue.bundled()

    stated = [
        (link.member, link.stated_by, link.statement, link.sources)
        for link in catalogue.members("picum")
        if link.member == "kok"
    ]

    assert [
        ("kok", "kok", "$.network_memberships.items[0]", ("kok-picum-annual-report-2020",)),
        ("kok", "picum", "$.members.items[0]", ("kok-picum-annual-report-2020",)),
    ] == stated


def test_a_network_is_linked_to_its_member_that_names_it() -> None:
    """A membership one profile states is among the network's members and the member's networks."""
    member = linked(named("shelter", "Shelter"), "alliance")
    network = named("alliance", "Alliance")

    catalogue = Catalogue.from_profiles([member, network])

    expected = (
        MembershipLink(
            member="shelter",
            network="alliance",
            stated_by="shelter",
            statement="$.network_memberships.items[0]",
            rank=Rank.NORMAL,
            since=member.network_memberships.items[0].since,  # type: ignore[union-attr]
            sources=("annual-report-2024",),
        ),
    )
    assert (expected, expected, (), ()) == (
        catalogue.members("alliance"),
        catalogue.memberships("shelter"),
        catalogue.members("shelter"),
        catalogue.memberships("alliance"),
    )


def test_profiles_are_held_in_the_order_of_their_ids() -> None:
    """A catalogue's profiles are listed by id, whatever the order given."""
    catalogue = Catalogue.from_profiles([named("b", "B"), named("a", "A"), named("c", "C")])

    assert ["a", "b", "c"] == list(catalogue.profiles)


def test_two_profiles_with_one_id_are_refused_at_the_second() -> None:
    """The second profile with an id is refused at its `id`, naming the first."""
    with pytest.raises(picum.ValidationError) as caught:
        Catalogue.from_profiles([named("a", "A"), named("b", "B"), named("a", "C")])

    assert ["$[2].id: 'a' is the id of profile $[0] too"] == [
        str(problem) for problem in caught.value.errors
    ]


def test_a_link_to_an_id_the_catalogue_lacks_is_refused_at_its_path() -> None:
    """A link to no profile of the catalogue is refused at its JSON path, in its profile."""
    with pytest.raises(picum.ValidationError) as caught:
        Catalogue.from_profiles([named("a", "A"), linked(named("b", "B"), "gcm")])

    assert [
        (
            "$[1].network_memberships.items[0].organisation:"
            " no profile of the catalogue has the id 'gcm'"
        )
    ] == [str(problem) for problem in caught.value.errors]


def test_a_folder_reads_as_the_same_catalogue_as_its_profiles(tmp_path: Path) -> None:
    """A folder of valid profile files gives the catalogue of their profiles."""
    (tmp_path / "picum.json").write_bytes(UNLINKED_PICUM)
    shutil.copy(EXAMPLE_PROFILE, tmp_path / "example.json")

    assert Catalogue.from_profiles([PICUM, EXAMPLE]) == Catalogue.from_folder(tmp_path)


def test_a_folder_with_problems_lists_every_one_under_its_files(tmp_path: Path) -> None:
    """An invalid folder raises `picum.CatalogueError`, each problem under the files concerned."""
    (tmp_path / "a.json").write_bytes(UNLINKED_PICUM)
    (tmp_path / "b.json").write_bytes(UNLINKED_PICUM)
    document = json.loads(EXAMPLE_PROFILE.read_bytes())
    document["id"] = 42
    (tmp_path / "c.json").write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(CatalogueError) as caught:
        Catalogue.from_folder(tmp_path)

    assert [
        "2 problems in the catalogue",
        f"{tmp_path / 'a.json'} and {tmp_path / 'b.json'}: both are the profile of 'picum'",
        f"{tmp_path / 'c.json'}: 1 problem",
        "  $.id: expected a string, got a number",
    ] == str(caught.value).splitlines()


def test_a_folder_without_profile_files_is_no_catalogue(tmp_path: Path) -> None:
    """A folder with no profile file raises `picum.CatalogueError` saying so."""
    with pytest.raises(CatalogueError) as caught:
        Catalogue.from_folder(tmp_path)

    assert [f"{tmp_path}: no profile files (*.json), so no catalogue"] == [
        f"{problem.files[0]}: {problem.message}" for problem in caught.value.problems
    ]


def test_a_catalogue_error_lists_the_first_hundred_problems_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    """Past `picum.MAX_LISTED_PROBLEMS`, problems are counted, not kept."""
    for number in range(picum.MAX_LISTED_PROBLEMS + 2):
        (tmp_path / f"{number:03}.json").write_text("{}", encoding="utf-8")

    with pytest.raises(CatalogueError) as caught:
        Catalogue.from_folder(tmp_path)

    assert (picum.MAX_LISTED_PROBLEMS, picum.MAX_LISTED_PROBLEMS + 2, "and 2 more") == (
        len(caught.value.problems),
        caught.value.count,
        str(caught.value).splitlines()[-1],
    )


def test_the_links_of_an_id_the_catalogue_lacks_are_a_key_error() -> None:
    """Asking for the members of an id the catalogue lacks raises `KeyError`."""
    with pytest.raises(KeyError):
        Catalogue.from_profiles([EXAMPLE]).members("picum")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("coopération", ["french"]),
        ("COOPERATION", ["french"]),
        ("picum", ["french"]),
        ("φορουμ", ["greek"]),
        ("ΕΦΜ", ["greek"]),
        ("содействие", ["russian"]),
        ("連帯", ["japanese"]),
        ("移住", ["japanese"]),
        ("nevladnich", ["czech"]),
        ("  la   coopération ", ["french"]),
        ("o", ["czech", "french"]),
        ("nowhere", []),
    ],
)
def test_a_search_finds_a_name_in_any_script_accents_and_case_ignored(
    text: str, expected: list[str]
) -> None:
    """A search finds the text anywhere in a name or acronym, in any script, spaces or not."""
    assert expected == [org.id for org in SCRIPTS.find(text)]


def test_a_search_without_text_finds_every_profile() -> None:
    """With no criterion, `find` gives every profile, in the order of their ids."""
    assert list(SCRIPTS.profiles.values()) == list(SCRIPTS.find())


def test_a_search_by_type_finds_that_type_only() -> None:
    """`type_` keeps the profiles of that type of organisation."""
    catalogue = Catalogue.from_profiles([PICUM, EXAMPLE])

    assert (["example-shelter-network"], ["picum"]) == (
        [org.id for org in catalogue.find(type_=OrganisationType.CONSORTIUM)],
        [org.id for org in catalogue.find(type_=PICUM.identity.type)],
    )


def test_a_search_by_country_finds_the_profiles_seated_there() -> None:
    """`country` keeps the profiles whose seat is in it; a profile with no seat is in none."""
    catalogue = Catalogue.from_profiles([PICUM, EXAMPLE])

    assert (["picum"], []) == (
        [org.id for org in catalogue.find(country="BE")],
        [org.id for org in catalogue.find(country="FR")],
    )


def test_the_default_of_a_catalogue_of_one_is_its_profile() -> None:
    """A catalogue of one profile needs no default: it is its profile."""
    assert EXAMPLE == Catalogue.from_profiles([EXAMPLE]).default()


def test_the_default_is_the_profile_named() -> None:
    """The default named is the catalogue's profile of that id."""
    assert PICUM == Catalogue.from_profiles([EXAMPLE, PICUM]).default("picum")


@pytest.mark.parametrize(
    ("default", "said"),
    [(None, "name one"), ("nowhere", "not 'nowhere'")],
)
def test_a_default_must_be_named_and_known(default: str | None, said: str) -> None:
    """A larger catalogue needs its default named, and one it has; the error names its ids."""
    catalogue = Catalogue.from_profiles(named(f"org-{n:02}", f"Org {n}") for n in range(22))
    some = ", ".join(f"org-{n:02}" for n in range(20))

    with pytest.raises(ValueError, match="the default organisation") as caught:
        catalogue.default(default)

    assert f"the default organisation is one of the catalogue's ({some}, and 2 more): {said}" == (
        str(caught.value)
    )


@pytest.mark.parametrize(
    ("written", "typed"),
    [
        ("Łódź", "lodz"),
        ("København", "kobenhavn"),
        ("Đorđević", "dordevic"),
        ("Sığınmacılar", "siginmacilar"),
        ("Ħal Far", "hal far"),
        ("Æbeltoft", "aebeltoft"),
        ("Œuvre", "oeuvre"),
        ("Þór", "thor"),
        ("l’Homme", "l'homme"),
        ("Médecins‐du‐Monde", "medecins-du-monde"),
        ("Foo\u200bBar", "foobar"),
        ("Straße", "strasse"),
        ("ＫＯＫ", "kok"),
        ("ΣΩΣ", "σωσ"),
    ],
)
def test_a_name_is_found_as_people_type_it(written: str, typed: str) -> None:
    """Letters with strokes and ligatures, typographic marks and invisible ones fold as typed."""
    assert fold(typed) == fold(written)


def test_links_are_in_the_order_of_the_profiles_that_state_them_whatever_the_order_given() -> None:
    """The links of a catalogue do not depend on the order its profiles were given in."""
    bundled = Catalogue.bundled()
    reversed_ = Catalogue.from_profiles(reversed(list(bundled.profiles.values())))

    assert [bundled.members(id_) for id_ in bundled.profiles] == [
        reversed_.members(id_) for id_ in bundled.profiles
    ]


def test_a_catalogues_profiles_cannot_be_changed() -> None:
    """A catalogue's mapping of profiles is read-only."""
    with pytest.raises(TypeError):
        Catalogue.bundled().profiles["x"] = EXAMPLE  # type: ignore[index]


def test_json_ld_names_the_members_only_their_own_profiles_state() -> None:
    """In a catalogue, a network's JSON-LD names the member whose profile states the link."""
    shelter = linked(named("shelter", "Shelter"), "alliance")
    catalogue = Catalogue.from_profiles([shelter, named("alliance", "Alliance")])

    node = formats.jsonld(catalogue.profiles["alliance"], dated=True, catalogue=catalogue)

    assert [
        {"@type": "Organization", "name": "Shelter", "url": "https://example.org/shelter-network/"}
    ] == (node["@graph"][0]["member"])


def test_json_ld_leaves_out_a_link_known_to_be_wrong() -> None:
    """A deprecated membership one profile states is named in neither profile's JSON-LD."""
    shelter = linked(named("shelter", "Shelter"), "alliance")
    memberships = shelter.network_memberships
    assert memberships is not None
    wrong = attrs.evolve(memberships.items[0], rank=Rank.DEPRECATED, reason="Never was.")
    shelter = attrs.evolve(shelter, network_memberships=attrs.evolve(memberships, items=(wrong,)))
    catalogue = Catalogue.from_profiles([shelter, named("alliance", "Alliance")])

    alliance, shelter_node = (
        formats.jsonld(org, dated=True, catalogue=catalogue)["@graph"][0]
        for org in catalogue.profiles.values()
    )

    assert (False, False) == ("member" in alliance, "memberOf" in shelter_node)


def test_a_catalogue_names_each_profile_with_its_website() -> None:
    """A profile's name and website's address, as a link to it says them."""
    catalogue = Catalogue.bundled()
    picum_profile = catalogue.profiles["picum"]

    entry = catalogue.entry("picum")
    assert (picum_profile.identity.name, picum_profile.website.url) == (  # type: ignore[union-attr]
        entry.name,
        entry.website,
    )
