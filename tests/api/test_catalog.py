"""The catalog of representations: pages made on request are kept within a budget of bytes."""

from __future__ import annotations

import attrs
import pytest

from picum import Organisation
from picum_api import _catalog
from picum_api._catalog import DEFAULT_LIMIT, LINKS, Catalog


@pytest.fixture
def catalog(profile: Organisation) -> Catalog:
    """A catalog of the bundled profile with 300 activities: many pages to ask for."""
    activities = tuple(
        attrs.evolve(profile.activities[0], id=f"activity-{number}") for number in range(300)
    )
    # Other activities than the sources' lists name: no lists.
    return Catalog(attrs.evolve(profile, activities=activities, activities_statements=()))


def test_pages_are_kept_within_their_budget(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """However many pages clients ask for, the pages kept hold no more bytes than the budget."""
    monkeypatch.setattr(_catalog, "PAGE_CACHE_BYTES", 20_000)

    for offset in range(100):
        catalog.page(LINKS.activities, offset, 10)

    kept, size = catalog.pages_kept
    assert (True, True) == (0 < size <= 20_000, kept < 100)


def test_the_page_asked_for_last_is_kept_longest(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page asked for again outlives pages asked for once before it."""
    monkeypatch.setattr(_catalog, "PAGE_CACHE_BYTES", 20_000)
    favourite = catalog.page(LINKS.activities, 0, 10)

    for offset in range(1, 100):
        catalog.page(LINKS.activities, offset, 10)
        assert favourite is catalog.page(LINKS.activities, 0, 10)


def test_a_page_larger_than_the_budget_is_still_served(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page larger than the whole budget is made, served and kept alone."""
    monkeypatch.setattr(_catalog, "PAGE_CACHE_BYTES", 100)
    catalog.page(LINKS.activities, 1, 10)

    page = catalog.page(LINKS.activities, 0, 300)

    assert (1, page) == (catalog.pages_kept[0], catalog.page(LINKS.activities, 0, 300))


def test_first_pages_are_kept_whatever_clients_ask(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first page of each list, made at start-up, is never dropped."""
    first = catalog.page(LINKS.activities, 0, DEFAULT_LIMIT)
    monkeypatch.setattr(_catalog, "PAGE_CACHE_BYTES", 100)

    for offset in range(1, 50):
        catalog.page(LINKS.activities, offset, DEFAULT_LIMIT)

    assert first is catalog.page(LINKS.activities, 0, DEFAULT_LIMIT)
