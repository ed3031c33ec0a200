"""The profiles bundled beside PICUM's: the organisations public pages link PICUM to."""

from __future__ import annotations

from pathlib import Path

import pytest

import picum


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
