"""The words for people that the CLI summary and the page share (`picum.formats.text`)."""

from __future__ import annotations

import attrs

from picum import Citation, CitationType, Name, Organisation
from picum.formats import text


def book() -> Citation:
    """A citation with little known of it."""
    return Citation(id="doe", type=CitationType.REPORT, title="A report", sources=("s",))


def test_a_citation_is_one_reference(profile: Organisation) -> None:
    """Editors, title, place and publisher, year, page and hyphenated ISBN, in that order."""
    assert (
        "John D. R. Craig and S. Michael Lynk (eds.). Globalization and the Future of Labour Law."
        " Cambridge: Cambridge University Press. 2006. p. 430. ISBN 978-0-521-85490-0."
    ) == text.reference(profile.citation("craig-lynk-2006"))


def test_authors_stand_where_there_are_no_editors() -> None:
    """A work by authors names them, with no "(eds.)"."""
    authored = attrs.evolve(book(), authors=(Name(family="Doe"), Name(family="Roe", given="Ann")))

    assert "Doe and Ann Roe. A report." == text.reference(authored)


def test_a_place_without_a_publisher_is_said_alone() -> None:
    """A publisher's place is given even where the publisher is not known."""
    assert "A report. Geneva. 1999." == text.reference(
        attrs.evolve(book(), publisher_place="Geneva", issued=1999)
    )


def test_the_parts_say_what_they_are(profile: Organisation) -> None:
    """A page can tell the title from the other parts."""
    assert ["people", "title", "publisher", "issued", "page", "isbn"] == [
        kind for kind, _ in text.reference_parts(profile.citation("craig-lynk-2006"))
    ]
