from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from picum import Activity, FieldError, Licence, Member, NetworkMembership, Rank, Scope, Source


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "title: must not be empty"),
        ("   ", "title: must not be empty"),
        (" Advocacy", "title: must not start or end with white space"),
        ("Advocacy\ud800", "title: must be Unicode text, not half a surrogate pair"),
    ],
)
def test_text_fields_reject(title: str, message: str) -> None:
    """Text must be non-empty, trimmed, and encodable as UTF-8."""
    with pytest.raises(FieldError) as caught:
        Activity(id="advocacy", title=title, description="Influencing.", sources=("seed",))

    assert message == str(caught.value)


@pytest.mark.parametrize("id_", ["Advocacy", "capacity building", "-x", "x-", "a--b", "é"])
def test_ids_must_be_slugs(id_: str) -> None:
    """Ids are lower-case words of ASCII letters and digits joined by single hyphens."""
    with pytest.raises(FieldError, match="is not an id"):
        Activity(id=id_, title="Advocacy", description="Influencing.", sources=("seed",))


@pytest.mark.parametrize(
    ("sources", "message"),
    [
        ((), "sources: must name at least one source"),
        (("Seed",), "sources[0]: 'Seed' is not an id"),
        (("seed", "blog", "seed"), "sources[2]: 'seed' is listed twice"),
    ],
)
def test_references_reject(sources: tuple[str, ...], message: str) -> None:
    """Every fact names at least one source, by valid ids, each once."""
    with pytest.raises(FieldError) as caught:
        Activity(id="advocacy", title="Advocacy", description="Influencing.", sources=sources)

    assert message == str(caught.value)


@pytest.mark.parametrize(
    "url",
    [
        "picum.org",
        "ftp://picum.org",
        "https://",
        "https://picum.org ",
        "http://[::1",
        "https://\ud800",
    ],
)
def test_urls_must_be_absolute_http(url: str) -> None:
    """Addresses are absolute http or https URLs."""
    with pytest.raises(FieldError, match=r"^url: "):
        Licence(spdx_id="CC-BY-SA-3.0", name="CC BY-SA 3.0", url=url)


def test_optional_facts_may_be_missing() -> None:
    """A source records only what is known of it."""
    source = Source(
        id="unodc",
        title="Civil society database",
        url="https://w.example",
        accessed=date(2026, 1, 1),
    )

    assert (None, None, None, None, None, None) == (
        source.publisher,
        source.revision,
        source.revision_date,
        source.licence,
        source.attribution,
        source.note,
    )


def test_a_source_says_which_version_was_read() -> None:
    """A source with no revision, no date of its own and no day read is an error."""
    with pytest.raises(FieldError, match=r"^read_in: say which version of the document was read"):
        Source(id="unodc", title="Civil society database", url="https://w.example")


@pytest.mark.parametrize(
    "version",
    [
        {"revision": "https://w.example/?oldid=1"},
        {"revision_date": date(2016, 10, 31)},
        {"accessed": date(2026, 11, 29)},
    ],
)
def test_any_one_way_of_naming_the_version_will_do(version: dict[str, Any]) -> None:
    """A permanent link, the date the document states, or the day it was read: each suffices."""
    source = Source(id="s", title="S", url="https://w.example", **version)

    assert version == {key: getattr(source, key) for key in version}


@pytest.mark.parametrize("link", ["PICUM", "a network", ""])
def test_a_membership_links_to_a_profile_by_its_id(link: str) -> None:
    """A network membership's `organisation` is a profile's id, or nothing."""
    with pytest.raises(FieldError) as caught:
        NetworkMembership(
            id="net", network="A Network", organisation=link, scope=Scope.GLOBAL, sources=("s",)
        )

    assert "organisation" == caught.value.field


def test_a_deprecated_member_says_why() -> None:
    """A named member ranked deprecated, like any statement, gives its reason."""
    with pytest.raises(FieldError) as caught:
        Member(id="ngo", name="An NGO", rank=Rank.DEPRECATED, sources=("s",))

    assert "reason" == caught.value.field
