from __future__ import annotations

import attrs
import pytest

from picum import FieldError, Newsletter, Organisation


def test_a_profile_needs_a_source(profile: Organisation) -> None:
    """A profile without any source is an error on its `sources`."""
    with pytest.raises(FieldError, match="sources: must not be empty"):
        attrs.evolve(profile, sources=())


@pytest.mark.parametrize("tag", ["English", "e", "en_GB", "en-"])
def test_newsletter_languages_are_language_tags(profile: Organisation, tag: str) -> None:
    """Newsletter languages are BCP 47 tags; anything else is an error at its index."""
    newsletter: Newsletter | None = profile.newsletter
    assert newsletter is not None

    with pytest.raises(FieldError, match=r"languages\[1\]: .* is not a BCP 47 language tag"):
        attrs.evolve(newsletter, languages=("en", tag))


def test_an_organisation_is_founded_once(profile: Organisation) -> None:
    """Two founding milestones are an error at the second."""
    history = profile.history
    assert history is not None
    first, second = (attrs.evolve(milestone, founding=True) for milestone in history.milestones[:2])

    with pytest.raises(FieldError) as caught:
        attrs.evolve(history, milestones=(first, second))

    assert (
        "milestones[1].founding: an organisation is founded once; milestones[0] is its founding"
        == str(caught.value)
    )


def test_founded_is_the_founding_milestones_date(profile: Organisation) -> None:
    """A founding milestone's date comes before the founding statements; without either, None."""
    history = profile.history
    assert history is not None
    founding = attrs.evolve(history.milestones[1], founding=True)

    assert ("2001", "2000-11", None) == (
        getattr(history.founded, "edtf", None),
        getattr(attrs.evolve(history, milestones=(founding,)).founded, "edtf", None),
        attrs.evolve(history, milestones=(), founded_statements=()).founded,
    )
