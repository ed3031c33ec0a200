from __future__ import annotations

import pytest

from picum import Activity, Licence, Source
from picum._errors import FieldError


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
    source = Source(id="unodc", title="Civil society database")

    assert (None, None, None, None, None) == (
        source.publisher,
        source.url,
        source.revision_date,
        source.licence,
        source.attribution,
    )
