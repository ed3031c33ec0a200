"""The organisation profile, the aggregate that holds every fact, and the facts of its own."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Protocol, TypeVar

import attrs

from . import _constraints, _provenance
from ._activities import Activity
from ._citations import Citation
from ._errors import Problem
from ._memberships import Members, NetworkMemberships
from ._sources import Licence, Source
from ._statements import (
    ActivitiesStatement,
    DateStatement,
    PlaceStatement,
    QuantityStatement,
    history_of,
    preferred,
    preferred_value,
    quote,
)
from ._values import Completeness, Country, Place, Quantity, UncertainDate


if TYPE_CHECKING:
    from collections.abc import Iterator


class OrganisationType(enum.Enum):
    """The kind of organisation, one of a documented set of schema.org's `Organization` types.

    Each value stands for the schema.org type named beside it, which the JSON-LD of the profile
    uses; `ORGANISATION` (schema.org's ``Organization`` itself) is for a kind the set lacks.
    """

    ORGANISATION = "organisation"  # Organization
    NON_GOVERNMENTAL_ORGANISATION = "non_governmental_organisation"  # NGO
    GOVERNMENT_ORGANISATION = "government_organisation"  # GovernmentOrganization
    EDUCATIONAL_ORGANISATION = "educational_organisation"  # EducationalOrganization
    RESEARCH_ORGANISATION = "research_organisation"  # ResearchOrganization
    MEDICAL_ORGANISATION = "medical_organisation"  # MedicalOrganization
    NEWS_MEDIA_ORGANISATION = "news_media_organisation"  # NewsMediaOrganization
    CORPORATION = "corporation"  # Corporation
    CONSORTIUM = "consortium"  # Consortium
    WORKERS_UNION = "workers_union"  # WorkersUnion
    POLITICAL_PARTY = "political_party"  # PoliticalParty
    SPORTS_ORGANISATION = "sports_organisation"  # SportsOrganization


@attrs.frozen(kw_only=True)
class Identity:
    """What the organisation is called and what kind of organisation it is.

    `acronym` is `None` for an organisation that goes by its name alone.
    """

    acronym: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    name: str = attrs.field(validator=_constraints.text)
    type: OrganisationType
    sources: tuple[str, ...] = _provenance.sources()
    citations: tuple[str, ...] = _provenance.citations()


@attrs.frozen(kw_only=True)
class Dialogue:
    """The dialogue the organisation seeks with others beyond its aim, and what supports it."""

    text: str = attrs.field(validator=_constraints.text)
    sources: tuple[str, ...] = _provenance.sources()
    citations: tuple[str, ...] = _provenance.citations()


@attrs.frozen(kw_only=True)
class Aim:
    """What the organisation sets out to do.

    `sources` and `citations` support the `statement`; the `dialogue` names its own, since a
    source may support one and not the other.
    """

    statement: str = attrs.field(validator=_constraints.text)
    dialogue: Dialogue | None = None
    sources: tuple[str, ...] = _provenance.sources()
    citations: tuple[str, ...] = _provenance.citations()


@attrs.frozen(kw_only=True)
class Milestone:
    """A dated event in the organisation's history.

    `founding` marks the event that founded the organisation, and only where its sources say
    so: an initiative to found it, or an office opening, is not its founding. `quote` gives
    the source's own words about the event, verbatim (`None`: not kept).
    """

    id: str = attrs.field(validator=_constraints.slug)
    date: UncertainDate
    title: str = attrs.field(validator=_constraints.text)
    description: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    place: Place | None = None
    founding: bool = False
    quote: str | None = quote()
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
    organisation, which is not where it was founded. At most one milestone is its `founding`.
    `founded_statements` give the founding date as each source gives it (the year, say, where
    no source tells the event); where there are none and no milestone is the founding, the
    founding date is unknown.
    """

    summary: str = attrs.field(validator=_constraints.text)
    initiator_countries: tuple[Country, ...] = ()
    milestones: tuple[Milestone, ...] = attrs.field(default=(), validator=_one_founding)
    founded_statements: tuple[DateStatement, ...] = history_of("founded")
    sources: tuple[str, ...] = _provenance.sources()

    @property
    def founded(self) -> UncertainDate | None:
        """When the organisation was founded, as precisely as the sources say; `None` if unknown.

        It is the date of the founding milestone, failing that the preferred of
        `founded_statements` (`picum.preferred`).
        """
        return next(
            (milestone.date for milestone in self.milestones if milestone.founding),
            preferred_value(self.founded_statements),
        )


class Frequency(enum.Enum):
    """How often a publication appears."""

    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    IRREGULAR = "irregular"


language_tags = _constraints.each(
    _constraints.pattern(
        rf"^[a-z]{{2,3}}(?:-[A-Za-z0-9]{{1,8}})*{_constraints.END}", "a BCP 47 language tag"
    )
)


@attrs.frozen(kw_only=True)
class Newsletter:
    """The organisation's newsletter: how often, on what, in how many languages, to whom.

    `languages` lists BCP 47 tags as far as the sources name them; `languages_completeness`
    says whether they name them all. The counts of languages and of readers are facts with
    statements (`audience_statements`, ...), none where the sources do not say;
    `language_count` and `audience` are the preferred figures (`picum.preferred`), or `None`.
    `audience_description` (who the readers are) is `None` where the sources do not say.
    `sources` support the rest.
    """

    frequency: Frequency
    topic: str = attrs.field(validator=_constraints.text)
    language_count_statements: tuple[QuantityStatement, ...] = history_of("language_count")
    languages: tuple[str, ...] = attrs.field(default=(), validator=language_tags)
    languages_completeness: Completeness
    audience_statements: tuple[QuantityStatement, ...] = history_of("audience")
    audience_description: str | None = attrs.field(
        default=None, validator=_constraints.optional_text
    )
    sources: tuple[str, ...] = _provenance.sources()

    @property
    def language_count(self) -> Quantity | None:
        """The preferred count of the newsletter's languages, or `None` where none is given."""
        return preferred_value(self.language_count_statements)

    @property
    def audience(self) -> Quantity | None:
        """The preferred count of the newsletter's readers, or `None` where none is given."""
        return preferred_value(self.audience_statements)


@attrs.frozen(kw_only=True)
class Headquarters:
    """Where the organisation is based, over time: `place` is the preferred statement's place."""

    place_statements: tuple[PlaceStatement, ...] = history_of(
        "place", validator=_constraints.non_empty, required=True
    )

    @property
    def place(self) -> Place:
        """The preferred place of the headquarters."""
        return preferred(self.place_statements).value


@attrs.frozen(kw_only=True)
class Identifier:
    """The organisation's entry in a register, by the register's code for it.

    `register` names the register (such as the EU Transparency Register) and `value` is the
    code it gives; `url` is the entry's address where it has one; `registered` is the date of
    the first registration where a source gives it; `quote` gives the source's own words
    around the code, verbatim (`None`: not kept).
    """

    id: str = attrs.field(validator=_constraints.slug)
    register: str = attrs.field(validator=_constraints.text)
    value: str = attrs.field(validator=_constraints.text)
    url: str | None = attrs.field(default=None, validator=_constraints.optional_url)
    registered: UncertainDate | None = None
    quote: str | None = quote()
    sources: tuple[str, ...] = _provenance.sources()


@attrs.frozen(kw_only=True)
class Link:
    """A web page about the organisation: its website, or another page worth following."""

    title: str = attrs.field(validator=_constraints.text)
    url: str = attrs.field(validator=_constraints.url)
    sources: tuple[str, ...] = _provenance.sources()


def _lists_of_activities(
    instance: Organisation, value: tuple[ActivitiesStatement, ...]
) -> Iterator[_constraints.Finding]:
    known = [activity.id for activity in instance.activities]
    for index, statement in enumerate(value):
        for position, id_ in enumerate(statement.value):
            if id_ not in known:
                yield (
                    f"[{index}].value[{position}]",
                    f"no activity {id_!r}; known ids: {_provenance.some_ids(known)}",
                )
    if value and preferred(value).value != tuple(known):
        names = ", ".join(preferred(value).value)
        yield "", f"`activities` must be the list the preferred statement names, in order: {names}"


# JSON Schema cannot compare a statement's ids with the activities; picum.loads checks it.
_activity_lists = _constraints.Rule(_lists_of_activities)


#: The version of the wire format picum writes: an organisation's `format`.
FORMAT = 2


@_constraints.constraint({"const": FORMAT})
def _is_current_format(value: int) -> Iterator[_constraints.Finding]:
    if value != FORMAT:
        yield (
            "",
            (
                f"picum reads format {FORMAT}, and format 1 (2016-era) files, which have no"
                f" format key; not format {value}"
            ),
        )


# A file of the current format says so; one without the key is read as format 1.
_current_format = _constraints.required_on_the_wire("format", _is_current_format)


@attrs.frozen(kw_only=True)
class Organisation:
    """An organisation's profile: every fact, the citations and sources behind it, the licence.

    Every fact names its sources by id; building a profile with a duplicate id or an unknown
    reference raises `picum.ValidationError` listing each one. Facts the sources lack are `None`
    (or an empty list with a note saying why). `format` is the wire format's version, `FORMAT`.

    `activities` are the areas of activity the preferred list names (`picum.preferred`), in its
    order; `activities_statements` say which of them each source lists, and when, where the
    sources give lists that differ (none: `activities` alone say what the sources give).
    """

    format: int = attrs.field(default=FORMAT, validator=_current_format)
    id: str = attrs.field(validator=_constraints.slug)
    identity: Identity
    aim: Aim
    members: Members | None = None
    history: History | None = None
    activities: tuple[Activity, ...] = ()
    activities_statements: tuple[ActivitiesStatement, ...] = history_of(
        "activities", validator=_activity_lists
    )
    newsletter: Newsletter | None = None
    network_memberships: NetworkMemberships | None = None
    headquarters: Headquarters | None = None
    identifiers: tuple[Identifier, ...] = ()
    website: Link | None = None
    external_links: tuple[Link, ...] = ()
    citations: tuple[Citation, ...] = ()
    sources: tuple[Source, ...] = attrs.field(validator=_constraints.non_empty)
    licence: Licence
    attribution: str = attrs.field(validator=_constraints.text)

    def __attrs_post_init__(self) -> None:
        itself = (
            Problem(
                path=where, message=f"{id_!r} is this profile's own id: it cannot link to itself"
            )
            for where, id_ in self.profile_links()
            if id_ == self.id
        )
        _provenance.check_references(self, Organisation, more=itself)

    def profile_links(self) -> tuple[tuple[str, str], ...]:
        """Return this profile's links to other profiles: each one's JSON path, and the id it names.

        They are the network memberships (`NetworkMembership.organisation`) and the named
        members (`Member.organisation`) that name another profile by its id, in the order of
        the profile file. A catalogue checks that it holds each (`picum validate DIR`).

        >>> import picum
        >>> [id_ for _, id_ in picum.load().profile_links()]
        ['global-coalition-on-migration', 'social-platform', 'kok']
        """
        networks = self.network_memberships.items if self.network_memberships else ()
        members = self.members.items if self.members else ()
        return (
            *(
                (f"$.network_memberships.items[{index}].organisation", item.organisation)
                for index, item in enumerate(networks)
                if item.organisation is not None
            ),
            *(
                (f"$.members.items[{index}].organisation", item.organisation)
                for index, item in enumerate(members)
                if item.organisation is not None
            ),
        )

    def activity(self, id_: str) -> Activity:
        """Return the activity with this id; `KeyError` if there is none."""
        return _find(self.activities, id_)

    def citation(self, id_: str) -> Citation:
        """Return the citation with this id; `KeyError` if there is none."""
        return _find(self.citations, id_)

    def source(self, id_: str) -> Source:
        """Return the source with this id; `KeyError` if there is none."""
        return _find(self.sources, id_)


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_T = TypeVar("_T", bound=_Identified)


def _find(items: tuple[_T, ...], id_: str) -> _T:
    for item in items:
        if item.id == id_:
            return item
    raise KeyError(id_)
