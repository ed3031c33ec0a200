from __future__ import annotations

from datetime import date

import attrs

from picum import (
    Aim,
    Citation,
    CitationType,
    Completeness,
    Frequency,
    History,
    Identity,
    Licence,
    Link,
    Member,
    Members,
    Milestone,
    Name,
    NetworkMembership,
    NetworkMemberships,
    Newsletter,
    Organisation,
    OrganisationType,
    Quantity,
    QuantityStatement,
    Rank,
    Scope,
    Source,
    UncertainDate,
)
from picum._summary import summary


def minimal() -> Organisation:
    """A profile with only what every profile must have."""
    return Organisation(
        id="example",
        identity=Identity(
            acronym="EX",
            name="Example",
            type=OrganisationType.NON_GOVERNMENTAL_ORGANISATION,
            sources=("register",),
        ),
        aim=Aim(statement="To be an example.", sources=("register",)),
        sources=(
            Source(
                id="register",
                title="Register",
                url="https://register.example",
                accessed=date(2026, 11, 29),
            ),
        ),
        licence=Licence(
            spdx_id="CC0-1.0",
            name="CC0 1.0",
            url="https://creativecommons.org/publicdomain/zero/1.0/",
        ),
        attribution="Example data.",
    )


def test_a_minimal_profile_says_only_what_it_has() -> None:
    """Missing parts leave no empty headings behind."""
    assert (
        "EX: Example\n"
        "Non-governmental organisation\n"
        "\n"
        "Aim\n"
        "  To be an example.\n"
        "\n"
        "Sources\n"
        "  [register] Register, read 2026-11-29, https://register.example\n"
        "\n"
        "Licence: CC0 1.0 <https://creativecommons.org/publicdomain/zero/1.0/>\n"
        "Attribution: Example data.\n"
    ) == summary(minimal())


def test_named_networks_and_languages_are_listed() -> None:
    """Listed network memberships and newsletter languages are shown, with any gap said."""
    org = attrs.evolve(
        minimal(),
        newsletter=Newsletter(
            frequency=Frequency.QUARTERLY,
            topic="News",
            language_count_statements=(
                QuantityStatement(value=Quantity(amount=2), sources=("register",)),
            ),
            languages=("en", "fr"),
            languages_completeness=Completeness.COMPLETE,
            audience_statements=(
                QuantityStatement(value=Quantity(amount=10), sources=("register",)),
            ),
            audience_description="readers",
            sources=("register",),
        ),
        network_memberships=NetworkMemberships(
            items=(
                NetworkMembership(
                    id="net", network="A Network", scope=Scope.GLOBAL, sources=("register",)
                ),
            ),
            completeness=Completeness.COMPLETE,
            sources=("register",),
        ),
    )

    text = summary(org)

    assert "  in 2 languages (en, fr)\n" in text
    assert "Network memberships\n  A Network (global)\n\n" in text


def test_partly_named_languages_say_so() -> None:
    """Languages named in part are listed, with the gap said."""
    newsletter = Newsletter(
        frequency=Frequency.MONTHLY,
        topic="News",
        language_count_statements=(
            QuantityStatement(value=Quantity(amount=7), sources=("register",)),
        ),
        languages=("en",),
        languages_completeness=Completeness.PARTIAL,
        audience_statements=(QuantityStatement(value=Quantity(amount=10), sources=("register",)),),
        audience_description="readers",
        sources=("register",),
    )

    assert "  in 7 languages (en; not all named by the sources)\n" in summary(
        attrs.evolve(minimal(), newsletter=newsletter)
    )


def test_sparse_citations_and_undated_milestones() -> None:
    """A citation by authors with few details, a milestone without a place, a plain link."""
    org = attrs.evolve(
        minimal(),
        history=History(
            summary="It began.",
            milestones=(
                Milestone(
                    id="start",
                    date=UncertainDate(edtf="2001"),
                    title="Start",
                    sources=("register",),
                ),
            ),
            sources=("register",),
        ),
        external_links=(Link(title="Elsewhere", url="https://example.org", sources=("register",)),),
        citations=(
            Citation(
                id="doe",
                type=CitationType.REPORT,
                title="A report",
                authors=(Name(family="Doe"),),
                publisher="Press",
                sources=("register",),
            ),
        ),
    )

    text = summary(org)

    assert "History\n  It began.\n  2001: Start\n" in text
    assert "Link: Elsewhere <https://example.org>\n" in text
    assert "Citations\n  [doe] Doe. A report. Press.\n\n" in text


def test_a_source_shows_the_version_read() -> None:
    """A source is listed by its permanent link where it has one, with its date and its note."""
    source = Source(
        id="wiki",
        title="Example",
        url="https://wiki.example/Example",
        revision="https://wiki.example/?oldid=42",
        revision_date=date(2016, 10, 31),
        note="The version of that day.",
    )

    assert (
        "  [wiki] Example, dated 2016-10-31, https://wiki.example/?oldid=42\n"
        "    The version of that day.\n"
    ) in summary(attrs.evolve(minimal(), sources=(*minimal().sources, source)))


def test_members_without_figures_say_no_reasons() -> None:
    """Members the sources describe but do not count get no "why" lines."""
    org = attrs.evolve(minimal(), members=Members(area="Exampleland", sources=("register",)))

    assert ("  members, in Exampleland\n", False) == (
        summary(org).split("Members\n")[1].split("\n\n")[0] + "\n",
        "why it is the answer" in summary(org),
    )


def test_a_deprecated_network_membership_is_not_listed() -> None:
    """A network membership known to be wrong (deprecated) is not said, as in every output."""
    org = attrs.evolve(
        minimal(),
        network_memberships=NetworkMemberships(
            items=(
                NetworkMembership(
                    id="net", network="A Network", scope=Scope.GLOBAL, sources=("register",)
                ),
                NetworkMembership(
                    id="left",
                    network="A Network It Left",
                    scope=Scope.GLOBAL,
                    rank=Rank.DEPRECATED,
                    reason="Its page lists it no more.",
                    sources=("register",),
                ),
            ),
            completeness=Completeness.COMPLETE,
            sources=("register",),
        ),
    )

    assert ["  A Network (global)"] == [
        line for line in summary(org).splitlines() if "Network (" in line
    ]


def test_members_named_without_counts_are_listed_and_no_count_is_made_up() -> None:
    """Members a source names are listed; with no count, no sentence of counts is said."""
    named = Member(id="ngo", name="An NGO", sources=("register",))
    left = Member(
        id="gone",
        name="An NGO That Left",
        rank=Rank.DEPRECATED,
        reason="Its page says it left.",
        sources=("register",),
    )
    org = attrs.evolve(minimal(), members=Members(items=(named, left), sources=("register",)))

    shown = summary(org).splitlines()

    assert ["Members", "  a member a source names: An NGO"] == shown[
        shown.index("Members") : shown.index("Members") + 2
    ]
    assert "That Left" not in summary(org)
