"""The representations of one profile: every version's, and answers made on request kept within a budget."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from picum import Organisation
from picum_api import _representations
from picum_api._query import DEFAULT_LIMIT
from picum_api._representations import Representations
from picum_api._versions import V1, V2


ACTIVITIES = V2.links.activities


@pytest.fixture
def representations(profile: Organisation) -> Representations:
    """The representations of the bundled profile with 300 activities: many pages to ask for."""
    activities = tuple(
        attrs.evolve(profile.activities[0], id=f"activity-{number}") for number in range(300)
    )
    # Other activities than the sources' lists name: no lists.
    return Representations(attrs.evolve(profile, activities=activities, activities_statements=()))


def test_pages_are_kept_within_their_budget(
    representations: Representations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However many pages clients ask for, the pages kept hold no more bytes than the budget."""
    monkeypatch.setattr(_representations, "PAGE_CACHE_BYTES", 20_000)

    for offset in range(100):
        representations.page(ACTIVITIES, offset, 10)

    kept, size = representations.kept
    assert (True, True) == (0 < size <= 20_000, kept < 100)


def test_the_page_asked_for_last_is_kept_longest(
    representations: Representations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page asked for again outlives pages asked for once before it."""
    monkeypatch.setattr(_representations, "PAGE_CACHE_BYTES", 20_000)
    favourite = representations.page(ACTIVITIES, 0, 10)

    for offset in range(1, 100):
        representations.page(ACTIVITIES, offset, 10)
        assert favourite is representations.page(ACTIVITIES, 0, 10)


def test_a_page_larger_than_the_budget_is_still_served(
    representations: Representations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page larger than the whole budget is made, served and kept alone."""
    monkeypatch.setattr(_representations, "PAGE_CACHE_BYTES", 100)
    representations.page(ACTIVITIES, 1, 10)

    page = representations.page(ACTIVITIES, 0, 300)

    assert (1, page) == (representations.kept[0], representations.page(ACTIVITIES, 0, 300))


def test_first_pages_are_kept_whatever_clients_ask(
    representations: Representations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first page of each list, made at start-up, is never dropped."""
    first = representations.page(ACTIVITIES, 0, DEFAULT_LIMIT)
    monkeypatch.setattr(_representations, "PAGE_CACHE_BYTES", 100)

    for offset in range(1, 50):
        representations.page(ACTIVITIES, offset, DEFAULT_LIMIT)

    assert first is representations.page(ACTIVITIES, 0, DEFAULT_LIMIT)


def test_views_at_a_date_share_the_budget(
    representations: Representations, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Views of the profile at dates are kept with the pages, within the same budget."""
    monkeypatch.setattr(_representations, "PAGE_CACHE_BYTES", 20_000)
    edition = representations.editions[V2.prefix]

    for offset in range(1, 100):
        representations.page(ACTIVITIES, offset, 10)
    view = representations.organisation_as_of(edition, dt.date(2020, 1, 1))

    kept, size = representations.kept
    assert (True, True, view) == (
        size <= 20_000 or kept == 1,
        kept < 100,
        representations.organisation_as_of(edition, dt.date(2020, 1, 1)),
    )


def test_days_with_the_same_statements_share_one_view(representations: Representations) -> None:
    """Two days on which the sources knew the same statements get the very same view."""
    edition = representations.editions[V2.prefix]

    first = representations.organisation_as_of(edition, dt.date(2017, 1, 1))

    assert first is representations.organisation_as_of(edition, dt.date(2020, 9, 15))


def test_a_version_with_a_successor_links_to_the_same_resource_there(profile: Organisation) -> None:
    """Every /v1 representation links to its /v2 twin; /v2 has no successor yet."""
    representations = Representations(profile)
    activity = profile.activities[0].id
    v1 = representations.editions[V1.prefix].activities[activity][0].headers["Link"]
    v2 = representations.editions[V2.prefix].activities[activity][0].headers["Link"]

    licence = f'<{profile.licence.url}>; rel="license"'
    assert (
        f'{licence}, </v2/activities/{activity}>; rel="successor-version"',
        licence,
    ) == (v1, v2)


def test_a_deprecated_version_says_so_and_when_it_ends(profile: Organisation) -> None:
    """A version once deprecated sends Deprecation (RFC 9745) and Sunset (RFC 8594)."""
    deprecated = attrs.evolve(
        V1,
        deprecated=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
        sunset=dt.datetime(2028, 1, 1, tzinfo=dt.UTC),
    )
    representations = Representations(profile, versions=(deprecated, V2))

    headers = representations.editions[V1.prefix].organisation[0].headers

    expected = ("@1798761600", "Sat, 01 Jan 2028 00:00:00 GMT")
    assert expected == (headers["Deprecation"], headers["Sunset"])


def test_a_version_not_deprecated_says_nothing_of_it(profile: Organisation) -> None:
    """Neither Deprecation nor Sunset is sent by a version in good standing."""
    headers = Representations(profile).editions[V1.prefix].organisation[0].headers

    assert (None, None) == (headers.get("Deprecation"), headers.get("Sunset"))


def test_the_unversioned_root_answers_as_the_latest_version(profile: Organisation) -> None:
    """The index at / is the latest version's."""
    representations = Representations(profile, versions=(V1, attrs.evolve(V2, number=3)))

    assert b'"api_version":"3"' in representations.home[0].body
