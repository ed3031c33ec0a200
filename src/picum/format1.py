"""Format 1, the 2016-era wire format: one plain value per fact, and no ``format`` key.

`picum.loads` reads a format 1 profile with these classes and `upgrade`s it to the current
model; `downgrade` writes the current model back in format 1's shape, each fact as its
preferred value, which is what the HTTP API's ``/v1`` serves. The classes keep format 1's names,
so that its JSON Schema (``picum.json_schema(format=1)``) is the one published for it.
"""

from __future__ import annotations

from typing import Any

import attrs

from . import _constraints, _provenance
from ._activities import Activity
from ._citations import Citation
from ._memberships import Members as CurrentMembers
from ._memberships import NetworkMemberships
from ._organisation import Aim, Frequency, History, Identity, Link, language_tags
from ._organisation import Headquarters as CurrentHeadquarters
from ._organisation import Newsletter as CurrentNewsletter
from ._organisation import Organisation as CurrentOrganisation
from ._sources import Licence, Source
from ._statements import PlaceStatement, QuantityStatement, preferred
from ._values import Completeness, Place, Quantity, UncertainDate


@attrs.frozen(kw_only=True)
class Members:
    """The organisation's own members, counted as the source counts them.

    `total` counts every member; `affiliated` and `ordinary` count members of those two kinds,
    for an organisation that has them (PICUM, for one). `countries` counts the countries the
    members are in, and `area` says where they are in words. Each is `None` where the sources
    do not say.
    """

    total: Quantity | None = None
    affiliated: Quantity | None = None
    ordinary: Quantity | None = None
    countries: Quantity | None = None
    area: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    sources: tuple[str, ...] = _provenance.sources()
    citations: tuple[str, ...] = _provenance.citations()


@attrs.frozen(kw_only=True)
class Newsletter:
    """The organisation's newsletter: how often, on what, in how many languages, to whom.

    `languages` lists BCP 47 tags as far as the sources name them; `languages_completeness`
    says whether they name them all. `language_count` (how many languages), `audience` (how
    many readers) and `audience_description` (who they are) are `None` where the sources do
    not say.
    """

    frequency: Frequency
    topic: str = attrs.field(validator=_constraints.text)
    language_count: Quantity | None = None
    languages: tuple[str, ...] = attrs.field(default=(), validator=language_tags)
    languages_completeness: Completeness
    audience: Quantity | None = None
    audience_description: str | None = attrs.field(
        default=None, validator=_constraints.optional_text
    )
    sources: tuple[str, ...] = _provenance.sources()


@attrs.frozen(kw_only=True)
class Headquarters:
    """Where the organisation is based."""

    place: Place
    sources: tuple[str, ...] = _provenance.sources()


@attrs.frozen(kw_only=True)
class Organisation:
    """An organisation's profile: every fact, the citations and sources behind it, the licence.

    Every fact names its sources by id; building a profile with a duplicate id or an unknown
    reference raises `picum.ValidationError` listing each one. Facts the sources lack are `None`
    (or an empty list with a note saying why).
    """

    id: str = attrs.field(validator=_constraints.slug)
    identity: Identity
    aim: Aim
    members: Members | None = None
    history: History | None = None
    activities: tuple[Activity, ...] = ()
    newsletter: Newsletter | None = None
    network_memberships: NetworkMemberships | None = None
    headquarters: Headquarters | None = None
    website: Link | None = None
    external_links: tuple[Link, ...] = ()
    citations: tuple[Citation, ...] = ()
    sources: tuple[Source, ...] = attrs.field(validator=_constraints.non_empty)
    licence: Licence
    attribution: str = attrs.field(validator=_constraints.text)

    def __attrs_post_init__(self) -> None:
        """Check every reference, as the current model's `Organisation` does."""
        _provenance.check_references(self, Organisation)


def _as_of(source_ids: tuple[str, ...], sources: tuple[Source, ...]) -> UncertainDate | None:
    """Return the date a fact's sources all state for themselves, if one and the same."""
    dates = {source.revision_date for source in sources if source.id in source_ids}
    if len(dates) != 1:
        return None
    (day,) = dates
    return None if day is None else UncertainDate(edtf=day.isoformat())


def upgrade(profile: Organisation) -> CurrentOrganisation:
    """Return a format 1 profile in the current model: each fact one statement, ranked normal.

    A statement's sources are its fact's; its `as_of` is the date those sources state for
    themselves (`Source.revision_date`) where they all state the same one, and unknown
    otherwise (a date read, `accessed`, is not when a fact held).
    """

    def statement(
        value: Quantity | None, source_ids: tuple[str, ...]
    ) -> tuple[QuantityStatement, ...]:
        if value is None:
            return ()
        as_of = _as_of(source_ids, profile.sources)
        return (QuantityStatement(value=value, as_of=as_of, sources=source_ids),)

    members = profile.members and CurrentMembers(
        total_statements=statement(profile.members.total, profile.members.sources),
        affiliated_statements=statement(profile.members.affiliated, profile.members.sources),
        ordinary_statements=statement(profile.members.ordinary, profile.members.sources),
        countries_statements=statement(profile.members.countries, profile.members.sources),
        area=profile.members.area,
        sources=profile.members.sources,
        citations=profile.members.citations,
    )
    newsletter = profile.newsletter and CurrentNewsletter(
        frequency=profile.newsletter.frequency,
        topic=profile.newsletter.topic,
        language_count_statements=statement(
            profile.newsletter.language_count, profile.newsletter.sources
        ),
        languages=profile.newsletter.languages,
        languages_completeness=profile.newsletter.languages_completeness,
        audience_statements=statement(profile.newsletter.audience, profile.newsletter.sources),
        audience_description=profile.newsletter.audience_description,
        sources=profile.newsletter.sources,
    )
    headquarters = profile.headquarters and CurrentHeadquarters(
        place_statements=(
            PlaceStatement(
                value=profile.headquarters.place,
                as_of=_as_of(profile.headquarters.sources, profile.sources),
                sources=profile.headquarters.sources,
            ),
        )
    )
    # The other facts are the same objects in both formats.
    fields: dict[str, Any] = {
        **attrs.asdict(profile, recurse=False),
        "members": members,
        "newsletter": newsletter,
        "headquarters": headquarters,
    }
    return CurrentOrganisation(**fields)


def _with(sources: tuple[str, ...], *facts: tuple[QuantityStatement, ...]) -> tuple[str, ...]:
    """Return *sources*, then those of the preferred statement of each of *facts*, each once."""
    chosen = [preferred(statements) for statements in facts if statements]
    return tuple(dict.fromkeys([*sources, *(id_ for s in chosen for id_ in s.sources)]))


def downgrade(profile: CurrentOrganisation) -> Organisation:
    """Return a profile in format 1's shape: each fact its preferred value (`picum.preferred`).

    The activities are the preferred list; which areas other sources list is left out.

    A fact's sources are its own and those of the preferred statements, so that format 1 names
    every source of what it says. For a profile with one statement per fact from a format 1
    file, ``downgrade(upgrade(profile)) == profile``.
    """
    members = profile.members and Members(
        total=profile.members.total,
        affiliated=profile.members.affiliated,
        ordinary=profile.members.ordinary,
        countries=profile.members.countries,
        area=profile.members.area,
        sources=_with(
            profile.members.sources,
            profile.members.total_statements,
            profile.members.affiliated_statements,
            profile.members.ordinary_statements,
            profile.members.countries_statements,
        ),
        citations=profile.members.citations,
    )
    newsletter = profile.newsletter and Newsletter(
        frequency=profile.newsletter.frequency,
        topic=profile.newsletter.topic,
        language_count=profile.newsletter.language_count,
        languages=profile.newsletter.languages,
        languages_completeness=profile.newsletter.languages_completeness,
        audience=profile.newsletter.audience,
        audience_description=profile.newsletter.audience_description,
        sources=_with(
            profile.newsletter.sources,
            profile.newsletter.language_count_statements,
            profile.newsletter.audience_statements,
        ),
    )
    headquarters = profile.headquarters and Headquarters(
        place=profile.headquarters.place,
        sources=preferred(profile.headquarters.place_statements).sources,
    )
    fields: dict[str, Any] = {
        **attrs.asdict(profile, recurse=False),
        "members": members,
        "newsletter": newsletter,
        "headquarters": headquarters,
    }
    del fields["format"], fields["activities_statements"]
    return Organisation(**fields)
