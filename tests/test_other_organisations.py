"""The model fits organisations other than PICUM, and files written before it did still load."""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest

import picum
from picum import (
    Members,
    OrganisationType,
    Qualifier,
    Quantity,
    QuantityStatement,
    Scope,
    formats,
)
from picum._summary import summary
from picum.formats import text
from picum.formats.jsonld import SCHEMA_ORG_TYPES


PROFILE_0_1_0 = Path(__file__).parent / "data" / "profile-0.1.0.json"
#: The 2016 profile in format 2: the bundled file before it held figures of other sources.
PROFILE_2016_FORMAT_2 = Path(__file__).parent / "data" / "profile-2016-format-2.json"


def test_a_profile_file_of_picum_0_1_0_loads_as_the_2016_profile() -> None:
    """The file as picum 0.1.0 wrote it (no member total) loads as the 2016 profile in format 2."""
    assert picum.load(PROFILE_2016_FORMAT_2) == picum.load(PROFILE_0_1_0)


def test_the_example_uses_kinds_and_scopes_picum_does_not(
    profile: picum.Organisation, example_profile: picum.Organisation
) -> None:
    """The example organisation is another kind, in networks of other scopes, with no acronym."""
    assert profile.network_memberships is not None
    assert example_profile.network_memberships is not None
    example_scopes = {item.scope for item in example_profile.network_memberships.items}

    assert (OrganisationType.CONSORTIUM, None, {Scope.NATIONAL, Scope.LOCAL}, set()) == (
        example_profile.identity.type,
        example_profile.identity.acronym,
        example_scopes,
        example_scopes & set(profile.network_memberships.scopes),
    )


@pytest.mark.parametrize("type_", list(OrganisationType), ids=lambda type_: type_.value)
def test_every_kind_of_organisation_has_words_and_a_schema_org_type(
    example_profile: picum.Organisation, type_: OrganisationType
) -> None:
    """Each kind is named in words, and its JSON-LD node has its schema.org type."""
    identity = attrs.evolve(example_profile.identity, type=type_)
    typed = attrs.evolve(example_profile, identity=identity)

    node, _ = formats.jsonld(typed)["@graph"]

    assert (True, SCHEMA_ORG_TYPES[type_]) == (bool(text.type_name(type_)), node["@type"])


def stated(count: Quantity) -> tuple[QuantityStatement, ...]:
    """One statement of *count*, from source "s"."""
    return (QuantityStatement(value=count, sources=("s",)),)


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        (Members(sources=("s",)), "members"),
        (Members(total_statements=stated(Quantity(amount=12)), sources=("s",)), "12 members"),
        (
            Members(
                total_statements=stated(Quantity(amount=300, qualifier=Qualifier.AT_LEAST)),
                ordinary_statements=stated(Quantity(amount=107)),
                sources=("s",),
            ),
            "at least 300 members; 107 ordinary members",
        ),
        (
            Members(
                countries_statements=stated(Quantity(amount=3)), area="the Benelux", sources=("s",)
            ),
            "members, in 3 countries (the Benelux)",
        ),
        (
            Members(countries_statements=stated(Quantity(amount=4)), sources=("s",)),
            "members, in 4 countries",
        ),
    ],
)
def test_members_are_said_as_far_as_counted(members: Members, expected: str) -> None:
    """The members' phrase says only the counts and places given."""
    assert expected == text.members_sentence(members)


def test_a_newsletter_without_counts_lists_its_languages(
    example_profile: picum.Organisation,
) -> None:
    """A newsletter whose languages are not counted and whose audience is unknown says so little."""
    assert "Newsletter\n  quarterly, on news from the network's shelters\n  languages: en\n\n" in (
        summary(example_profile)
    )


def test_jsonld_of_uncounted_members_has_no_counts(example_profile: picum.Organisation) -> None:
    """Members the sources do not count give no count in the JSON-LD, and the rest stays."""
    org = attrs.evolve(example_profile, members=Members(area="Exampletown", sources=("website",)))

    node, _ = formats.jsonld(org)["@graph"]

    assert ("Consortium", False) == (node["@type"], "additionalProperty" in node)
