from __future__ import annotations

from datetime import date

import attrs
import pytest

import picum
from picum import Activity, Organisation, Source, _provenance
from picum._provenance import reference_problems


def test_a_profile_built_with_an_unknown_source_is_rejected(profile: Organisation) -> None:
    """Building a profile whose fact names a source it does not have raises, naming the path."""
    bad = Activity(id="fundraising", title="Fundraising", description="Raising.", sources=("blog",))

    with pytest.raises(picum.ValidationError) as caught:
        attrs.evolve(profile, activities=(*profile.activities, bad), activities_statements=())

    assert ["$.activities[5].sources[0]"] == [problem.path for problem in caught.value.errors]


def test_a_profile_built_with_an_unknown_citation_is_rejected(profile: Organisation) -> None:
    """Citations are referred to by id too, and checked the same way."""
    aim = attrs.evolve(profile.aim, citations=("smith-2020",))

    with pytest.raises(picum.ValidationError) as caught:
        attrs.evolve(profile, aim=aim)

    assert ["$.aim.citations[0]: no citation 'smith-2020'; known ids: craig-lynk-2006"] == [
        str(problem) for problem in caught.value.errors
    ]


def test_a_profile_built_with_duplicate_ids_is_rejected(profile: Organisation) -> None:
    """Two sources with one id are an error at the second."""
    with pytest.raises(picum.ValidationError) as caught:
        attrs.evolve(profile, sources=(*profile.sources, profile.sources[0]))

    second = len(profile.sources)
    assert [
        f"$.sources[{second}].id: id 'wikipedia-2016-10-31' is already used by $.sources[0]"
    ] == [str(problem) for problem in caught.value.errors]


def test_a_profile_without_sources_says_so() -> None:
    """With no sources at all, every reference is unknown and the list says there are none."""
    assert ["$.aim.sources[0]: no source 'seed'; known ids: none"] == [
        str(problem) for problem in reference_problems({"aim": {"sources": ["seed"]}}, Organisation)
    ]


@pytest.mark.parametrize("document", [[], "profile", None, 7])
def test_only_objects_have_references(document: object) -> None:
    """A document that is no JSON object has no references to check."""
    assert [] == list(reference_problems(document, Organisation))


def test_malformed_entries_are_left_to_the_converter() -> None:
    """Entries without a string id, and references that are not strings, are not reference problems."""
    document = {
        "sources": [{"id": 7}, "seed", {"id": "seed"}],
        "activities": [{"id": None, "sources": [7, "seed"]}, {"title": "x"}],
    }

    assert [] == list(reference_problems(document, Organisation))


def test_nesting_deeper_than_any_profile_is_not_followed() -> None:
    """The check stops where no profile nests, so hostile depth cannot exhaust the stack."""
    deep: object = {"sources": ["blog"]}
    for _ in range(5000):
        deep = [deep]

    assert [] == list(reference_problems({"history": deep}, Organisation))


@attrs.frozen(kw_only=True)
class Claim:
    """A model of a test's own, whose references are declared under another name."""

    backing: tuple[str, ...] = _provenance.sources()
    sources: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Claims:
    """A profile of a test's own: claims, and the sources they name."""

    claims: tuple[Claim, ...] = ()
    sources: tuple[Source, ...] = ()


def test_references_are_found_by_declaration_not_by_name() -> None:
    """A field declared as naming sources is checked whatever its name; a mere `sources` is not."""
    document = {
        "claims": [{"backing": ["seed", "blog"], "sources": ["not-a-reference"]}],
        "sources": [{"id": "seed"}],
    }

    assert ["$.claims[0].backing[1]: no source 'blog'; known ids: seed"] == [
        str(problem) for problem in reference_problems(document, Claims)
    ]


def test_a_model_object_is_checked_like_its_document() -> None:
    """The same problems are found in model objects as in their document, without copying them."""
    source = Source(id="seed", title="Seed", url="https://seed.example", accessed=date(2026, 1, 1))
    claims = Claims(claims=(Claim(backing=("seed", "blog")),), sources=(source,))

    assert ["$.claims[0].backing[1]: no source 'blog'; known ids: seed"] == [
        str(problem) for problem in reference_problems(claims, Claims)
    ]


def test_lookups_by_id(profile: Organisation) -> None:
    """Activities, citations and sources can be looked up by id."""
    assert ("Advocacy", 2006, "Wikipedia") == (
        profile.activity("advocacy").title,
        profile.citation("craig-lynk-2006").issued,
        profile.source("wikipedia-2016-10-31").publisher,
    )


def test_lookup_of_an_unknown_id_raises_key_error(profile: Organisation) -> None:
    """Looking up an id that does not exist raises KeyError with the id."""
    with pytest.raises(KeyError, match="fundraising"):
        profile.activity("fundraising")


@attrs.frozen(kw_only=True)
class _Letter:
    """A model type for the tests below: a letter, supported by sources."""

    sources: tuple[str, ...] = _provenance.sources()


@attrs.frozen(kw_only=True)
class _Call:
    """A second kind of message, with citations."""

    citations: tuple[str, ...] = _provenance.citations()


@attrs.frozen(kw_only=True)
class _Thread:
    """A type that holds itself: a message, and the replies to it, each a thread."""

    message: _Letter | _Call | None = None
    replies: tuple[_Thread, ...] = ()


def test_a_union_of_kinds_is_walked_as_each_kind() -> None:
    """A field that may hold either of two types with references has either's checked."""
    document = {
        "sources": [{"id": "seed"}],
        "replies": [{"message": {"sources": ["blog"]}}, {"message": {"citations": ["book"]}}],
    }

    assert [
        "$.replies[0].message.sources[0]: no source 'blog'; known ids: seed",
        "$.replies[1].message.citations[0]: no citation 'book'; known ids: none",
    ] == [str(problem) for problem in reference_problems(document, _Thread)]


def test_a_type_that_holds_itself_is_walked_to_its_depth() -> None:
    """References are followed through a type that holds itself, as deep as the value goes."""
    deepest = _Thread(message=_Letter(sources=("blog",)))
    thread = _Thread(replies=(_Thread(replies=(deepest,)),))

    assert ["$.replies[0].replies[0].message.sources[0]"] == [
        problem.path for problem in reference_problems(thread, _Thread)
    ]
