from __future__ import annotations

import attrs
import pytest

from picum import Newsletter, Organisation
from picum._errors import FieldError


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
