"""Format 1, the 2016-era wire format: one plain value per fact, and no ``format`` key.

`picum.loads` reads a format 1 profile with these classes and `upgrade`s it to the current
model; `downgrade` writes the current model back in format 1's shape, each fact as its
preferred value, which is what the HTTP API's ``/v1`` serves. The classes keep format 1's names,
so that its JSON Schema (``picum.json_schema(format=1)``) is the one published for it.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from . import _constraints, _provenance
from ._activities import Activity
from ._choice import choose
from ._citations import Citation
from ._memberships import Members as CurrentMembers
from ._memberships import NetworkMembership as CurrentNetworkMembership
from ._memberships import NetworkMemberships as CurrentNetworkMemberships
from ._memberships import Scope
from ._organisation import Aim, Frequency, Identity, Link, language_tags
from ._organisation import Headquarters as CurrentHeadquarters
from ._organisation import History as CurrentHistory
from ._organisation import Milestone as CurrentMilestone
from ._organisation import Newsletter as CurrentNewsletter
from ._organisation import Organisation as CurrentOrganisation
from ._sources import Licence
from ._sources import Source as CurrentSource
from ._statements import PlaceStatement, QuantityStatement, standing
from ._values import Completeness, Country, Place, Quantity, UncertainDate


if TYPE_CHECKING:
    from collections.abc import Iterator

    from ._choice import Choice


_T = TypeVar("_T", bound=attrs.AttrsInstance)


_UNCHECKABLE = (
    "say which version of the document was read: give its revision, the date it"
    " states (revision_date) or the date it was read (accessed)"
)


def _version_is_named(instance: Source, value: date | None) -> Iterator[_constraints.Finding]:
    if value is None and instance.revision is None and instance.revision_date is None:
        yield "", _UNCHECKABLE


_VERSIONS = ("revision", "revision_date", "accessed")
# One of them, at least, is there and not null.
_checkable = _constraints.Rule(_version_is_named).said(
    {
        "anyOf": [
            {"required": [name], "properties": {name: {"not": {"type": "null"}}}}
            for name in _VERSIONS
        ]
    }
)


@attrs.frozen(kw_only=True)
class Source:
    """A document that supports facts of the profile; facts name it by its `id`.

    A reader can check every source: it has a `url`, and at least one of `revision` (the
    address of the exact version read, such as a wiki's permanent link), `revision_date` (the
    date the document states for itself: its version, publication or update) and `accessed`
    (the day it was read, for a document that states no date). `note` says what a reader should
    know to find it, such as a permanent link that could not be found. `licence` and
    `attribution` are `None` where the source states none.
    """

    id: str = attrs.field(validator=_constraints.slug)
    title: str = attrs.field(validator=_constraints.text)
    publisher: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    url: str = attrs.field(validator=_constraints.url)
    revision: str | None = attrs.field(default=None, validator=_constraints.optional_url)
    revision_date: date | None = None
    accessed: date | None = attrs.field(default=None, validator=_checkable)
    licence: Licence | None = None
    attribution: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    note: str | None = attrs.field(default=None, validator=_constraints.optional_text)


@attrs.frozen(kw_only=True)
class Milestone:
    """A dated event in the organisation's history.

    `founding` marks the event that founded the organisation, and only where its sources say
    so: an initiative to found it, or an office opening, is not its founding.
    """

    id: str = attrs.field(validator=_constraints.slug)
    date: UncertainDate
    title: str = attrs.field(validator=_constraints.text)
    description: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    place: Place | None = None
    founding: bool = False
    sources: tuple[str, ...] = _provenance.sources()


# JSON Schema cannot count the items with a property true; picum.loads checks it.
@_constraints.constraint({})
def _one_founding(value: tuple[Milestone, ...]) -> Iterator[_constraints.Finding]:
    foundings = [index for index, milestone in enumerate(value) if milestone.founding]
    if len(foundings) > 1:
        yield (
            f"[{foundings[1]}].founding",
            f"an organisation is founded once; milestones[{foundings[0]}] is its founding",
        )


@attrs.frozen(kw_only=True)
class History:
    """How the organisation came to be: the story, who took the initiative, and milestones.

    `initiator_countries` are the countries of those who took the initiative to create the
    organisation, which is not where it was founded. At most one milestone is its `founding`;
    where none is, the founding date is unknown.
    """

    summary: str = attrs.field(validator=_constraints.text)
    initiator_countries: tuple[Country, ...] = ()
    milestones: tuple[Milestone, ...] = attrs.field(default=(), validator=_one_founding)
    sources: tuple[str, ...] = _provenance.sources()


@attrs.frozen(kw_only=True)
class NetworkMembership:
    """The organisation's membership of one network, dated where the source dates it."""

    id: str = attrs.field(validator=_constraints.slug)
    network: str = attrs.field(validator=_constraints.text)
    scope: Scope
    since: UncertainDate | None = None
    until: UncertainDate | None = None
    url: str | None = attrs.field(default=None, validator=_constraints.optional_url)
    sources: tuple[str, ...] = _provenance.sources()


@attrs.frozen(kw_only=True)
class NetworkMemberships:
    """The networks the organisation belongs to, and how much of that list the sources give.

    `scopes` records the kinds of network the source names even where its list is lost;
    `completeness` and `note` say so plainly rather than leave an empty list unexplained.
    """

    scopes: tuple[Scope, ...] = ()
    items: tuple[NetworkMembership, ...] = ()
    completeness: Completeness
    note: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    sources: tuple[str, ...] = _provenance.sources()


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


#: The types of the current model that have a namesake here, in format 1: a JSON Schema or an
#: OpenAPI document that holds both formats names these otherwise (`picum.json_schema_definitions`).
NAMESAKES: tuple[type, ...] = (
    CurrentOrganisation,
    CurrentMembers,
    CurrentNewsletter,
    CurrentHeadquarters,
    CurrentHistory,
    CurrentMilestone,
    CurrentNetworkMembership,
    CurrentNetworkMemberships,
    CurrentSource,
)


def _as_of(source_ids: tuple[str, ...], sources: tuple[Source, ...]) -> UncertainDate | None:
    """Return the days up to the date a fact's sources all state for themselves, if one."""
    dates = {source.revision_date for source in sources if source.id in source_ids}
    if len(dates) != 1:
        return None
    (day,) = dates
    return None if day is None else UncertainDate(edtf=f"[..{day.isoformat()}]")


def _as(type_: type[_T], value: attrs.AttrsInstance, **changes: object) -> _T:
    """Return *value* as a *type_* of the other format: the fields they share, and *changes*."""
    names = attrs.fields_dict(type_)
    shared = {
        name: item for name, item in attrs.asdict(value, recurse=False).items() if name in names
    }
    return type_(**{**shared, **changes})


def _upgraded_history(history: History) -> CurrentHistory:
    milestones = tuple(_as(CurrentMilestone, milestone) for milestone in history.milestones)
    return _as(CurrentHistory, history, milestones=milestones)


def _upgraded_networks(networks: NetworkMemberships) -> CurrentNetworkMemberships:
    items = tuple(_as(CurrentNetworkMembership, item) for item in networks.items)
    return _as(CurrentNetworkMemberships, networks, items=items)


def upgrade(profile: Organisation) -> CurrentOrganisation:
    """Return a format 1 profile in the current model: each fact one statement, ranked normal.

    A statement's sources are its fact's; its `as_of` is one of the days up to the date those
    sources state for themselves (``[..2016-10-31]``: the figure held on that day or before),
    where they all state the same one, and unknown otherwise (a date read, `accessed`, is not
    when a fact held). A source's kind is unknown (`None`): format 1 does not say it.
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
        "history": profile.history and _upgraded_history(profile.history),
        "newsletter": newsletter,
        "network_memberships": profile.network_memberships
        and _upgraded_networks(profile.network_memberships),
        "headquarters": headquarters,
        "sources": tuple(_as(CurrentSource, source) for source in profile.sources),
    }
    return CurrentOrganisation(**fields)


def _with(sources: tuple[str, ...], *chosen: Choice[QuantityStatement] | None) -> tuple[str, ...]:
    """Return *sources*, then those of each of the *chosen* statements, each once."""
    return tuple(
        dict.fromkeys([*sources, *(id_ for c in chosen if c for id_ in c.statement.sources)])
    )


def _value(chosen: Choice[QuantityStatement] | None) -> Quantity | None:
    return chosen.statement.value if chosen else None


def _downgraded_source(source: CurrentSource) -> Source:
    """Return *source* in format 1: the day read is the day it was read, in a copy or not."""
    return _as(Source, source, accessed=source.read_on)


def _downgraded_members(profile: CurrentOrganisation, members: CurrentMembers) -> Members:
    total, affiliated, ordinary, countries = (
        choose(profile, members.total_statements),
        choose(profile, members.affiliated_statements),
        choose(profile, members.ordinary_statements),
        choose(profile, members.countries_statements),
    )
    return Members(
        total=_value(total),
        affiliated=_value(affiliated),
        ordinary=_value(ordinary),
        countries=_value(countries),
        area=members.area,
        sources=_with(members.sources, total, affiliated, ordinary, countries),
        citations=members.citations,
    )


def _downgraded_newsletter(
    profile: CurrentOrganisation, newsletter: CurrentNewsletter
) -> Newsletter:
    language_count = choose(profile, newsletter.language_count_statements)
    audience = choose(profile, newsletter.audience_statements)
    return Newsletter(
        frequency=newsletter.frequency,
        topic=newsletter.topic,
        language_count=_value(language_count),
        languages=newsletter.languages,
        languages_completeness=newsletter.languages_completeness,
        audience=_value(audience),
        audience_description=newsletter.audience_description,
        sources=_with(newsletter.sources, language_count, audience),
    )


def _downgraded_history(history: CurrentHistory) -> History:
    milestones = tuple(_as(Milestone, milestone) for milestone in history.milestones)
    return _as(History, history, milestones=milestones)


def _downgraded_networks(networks: CurrentNetworkMemberships) -> NetworkMemberships:
    # Format 1 states each membership as a fact: one known to be wrong is left out.
    items = tuple(_as(NetworkMembership, item) for item in standing(networks.items))
    return _as(NetworkMemberships, networks, items=items)


def downgrade(profile: CurrentOrganisation) -> Organisation:
    """Return a profile in format 1's shape: each fact its chosen value (`picum.choose`).

    The activities are the preferred list; which areas other sources list is left out, and
    so are what format 1 has no place for: the founding statements, the identifiers, the
    quotes, a source's kind and the copy it was read in (its `accessed` is the day it was read,
    in the copy or not), the members named and the links to other profiles. A network
    membership ranked deprecated is left out: format 1 has no rank to say it is wrong.

    A fact's sources are its own and those of the chosen statements, so that format 1 names
    every source of what it says. For a profile with one statement per fact from a format 1
    file, ``downgrade(upgrade(profile)) == profile``.
    """
    current = profile.headquarters
    # A headquarters has a place statement or more: its choice is never None.
    place = current and choose(profile, current.place_statements)
    headquarters = place and Headquarters(
        place=place.statement.value, sources=place.statement.sources
    )
    fields: dict[str, Any] = {
        **attrs.asdict(profile, recurse=False),
        "members": profile.members and _downgraded_members(profile, profile.members),
        "history": profile.history and _downgraded_history(profile.history),
        "newsletter": profile.newsletter and _downgraded_newsletter(profile, profile.newsletter),
        "network_memberships": profile.network_memberships
        and _downgraded_networks(profile.network_memberships),
        "headquarters": headquarters,
        "sources": tuple(map(_downgraded_source, profile.sources)),
    }
    del fields["format"], fields["activities_statements"], fields["identifiers"]
    return Organisation(**fields)
