"""The profiles bundled beside PICUM's: the organisations public pages link PICUM to."""

from __future__ import annotations

from pathlib import Path

import pytest

import picum
from picum._catalogue import check_profiles, profile_files


DATA = Path(picum.__file__).parent / "data"
LINKED = ("social-platform", "global-coalition-on-migration", "kok", "konsorcium")


@pytest.fixture(params=LINKED)
def profile_file(request: pytest.FixtureRequest) -> Path:
    """The file of one of the profiles linked to PICUM."""
    name: str = request.param
    return DATA / f"{name}.json"


def test_a_linked_profile_file_is_the_wire_format_of_what_it_holds(profile_file: Path) -> None:
    """The file is byte for byte what picum writes for the profile it holds."""
    assert picum.dumps(picum.load(profile_file), pretty=True) == profile_file.read_bytes()


def test_a_linked_profile_links_to_picum_alone(profile_file: Path) -> None:
    """The profile has one link to another profile, and it names PICUM's id."""
    assert ["picum"] == [id_ for _, id_ in picum.load(profile_file).profile_links()]


def test_every_membership_of_a_linked_profile_quotes_a_source(profile_file: Path) -> None:
    """Each network membership and each named member has a non-empty quote and a source."""
    org = picum.load(profile_file)
    networks = org.network_memberships.items if org.network_memberships else ()
    members = org.members.items if org.members else ()
    statements: list[picum.NetworkMembership | picum.Member] = [*networks, *members]
    assert statements
    assert [] == [
        statement.id
        for statement in statements
        if not (statement.quote and statement.quote.strip() and statement.sources)
    ]


def test_the_bundled_folder_is_a_valid_catalogue_whose_links_resolve() -> None:
    """PICUM's profile and those linked to it make a catalogue: every file valid, every link held."""
    files = profile_files(DATA)

    assert (sorted(["picum", *LINKED]), []) == (
        sorted(picum.load(path).id for path in files),
        list(check_profiles(files)),
    )


def test_picum_and_kok_each_state_kok_s_membership_with_their_own_source() -> None:
    """The one link both sides state stands twice: in KOK's profile and in PICUM's, each sourced."""
    kok, org = picum.load(DATA / "kok.json"), picum.load()
    assert kok.network_memberships is not None
    assert org.members is not None

    assert (
        [("picum", ("kok-picum-annual-report-2020",))],
        [("kok", ("kok-picum-annual-report-2020",))],
    ) == (
        [(m.organisation, m.sources) for m in kok.network_memberships.items if m.organisation],
        [(m.organisation, m.sources) for m in org.members.items],
    )
