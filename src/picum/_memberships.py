"""Who belongs to the organisation, and the networks the organisation belongs to."""

from __future__ import annotations

import enum

import attrs

from . import _constraints, _provenance
from ._statements import QuantityStatement, Rank, history_of, preferred_value, quote, reason
from ._values import Completeness, Quantity, UncertainDate


@attrs.frozen(kw_only=True)
class Member:
    """One organisation a source names as a member of the organisation, ranked like a statement.

    `id` names this statement in the profile; `name` is the member's name as the source gives
    it, and `organisation` the id of the member's own profile where a catalogue holds one
    (`None`: it is named, not linked). `since` and `until` date the membership where the source
    does; `quote` gives the source's own words naming the member, verbatim (`None`: not kept);
    `rank` and `reason` say how the statement stands, as a `picum.QuantityStatement`'s do.
    """

    id: str = attrs.field(validator=_constraints.slug)
    name: str = attrs.field(validator=_constraints.text)
    organisation: str | None = attrs.field(default=None, validator=_constraints.optional_slug)
    since: UncertainDate | None = None
    until: UncertainDate | None = None
    url: str | None = attrs.field(default=None, validator=_constraints.optional_url)
    rank: Rank = Rank.NORMAL
    reason: str | None = reason()
    quote: str | None = quote()
    sources: tuple[str, ...] = _provenance.sources()


@attrs.frozen(kw_only=True)
class Members:
    """The organisation's own members, counted as the sources count them, over time.

    `total` counts every member; `affiliated` and `ordinary` count members of those two kinds,
    for an organisation that has them (PICUM, for one). `organisations` and `individuals` count
    the members that are organisations and those that are people, where a source counts them
    so: a count of one kind is not a count of another unless a source says they are the same.
    `countries` counts the countries the members are in, and `area` says where they are in
    words. Each count is a fact with its statements (`ordinary_statements`, ...), one per
    figure a source gives, none where the sources do not say; `total`, `ordinary`, ... are the
    preferred figures (`picum.preferred`), or `None`. `items` are the member organisations
    the sources name, each a `Member` with its own sources: a few, where the counts say how
    many there are. `sources` and `citations` support the `area`, and the members as a whole;
    each statement names its own.
    """

    total_statements: tuple[QuantityStatement, ...] = history_of("total")
    affiliated_statements: tuple[QuantityStatement, ...] = history_of("affiliated")
    ordinary_statements: tuple[QuantityStatement, ...] = history_of("ordinary")
    organisations_statements: tuple[QuantityStatement, ...] = history_of("organisations")
    individuals_statements: tuple[QuantityStatement, ...] = history_of("individuals")
    countries_statements: tuple[QuantityStatement, ...] = history_of("countries")
    area: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    items: tuple[Member, ...] = ()
    sources: tuple[str, ...] = _provenance.sources()
    citations: tuple[str, ...] = _provenance.citations()

    @property
    def total(self) -> Quantity | None:
        """The preferred count of all members, or `None` where the sources do not say."""
        return preferred_value(self.total_statements)

    @property
    def affiliated(self) -> Quantity | None:
        """The preferred count of affiliated members, or `None` where the sources do not say."""
        return preferred_value(self.affiliated_statements)

    @property
    def ordinary(self) -> Quantity | None:
        """The preferred count of ordinary members, or `None` where the sources do not say."""
        return preferred_value(self.ordinary_statements)

    @property
    def organisations(self) -> Quantity | None:
        """The preferred count of member organisations, or `None` where the sources do not say."""
        return preferred_value(self.organisations_statements)

    @property
    def individuals(self) -> Quantity | None:
        """The preferred count of individual members, or `None` where the sources do not say."""
        return preferred_value(self.individuals_statements)

    @property
    def countries(self) -> Quantity | None:
        """The preferred count of the members' countries, or `None` where the sources do not say."""
        return preferred_value(self.countries_statements)


class Scope(enum.Enum):
    """Where a network works, from one place to the whole world.

    Local: a town, a city or an area within one country. National: one country. Regional:
    several countries of one region of the world other than Europe (such as West Africa or
    Latin America). European: Europe, or the European Union. Global: the world.
    """

    LOCAL = "local"
    NATIONAL = "national"
    REGIONAL = "regional"
    EUROPEAN = "european"
    GLOBAL = "global"


@attrs.frozen(kw_only=True)
class NetworkMembership:
    """The organisation's membership of one network, dated where the source dates it.

    `network` is the network's name as the source gives it, and `organisation` the id of the
    network's own profile where a catalogue holds one (`None`: it is named, not linked).
    `quote` gives the source's own words naming the network, verbatim (`None`: not kept);
    `rank` and `reason` say how the statement stands, as a `picum.QuantityStatement`'s do.
    """

    id: str = attrs.field(validator=_constraints.slug)
    network: str = attrs.field(validator=_constraints.text)
    organisation: str | None = attrs.field(default=None, validator=_constraints.optional_slug)
    scope: Scope
    since: UncertainDate | None = None
    until: UncertainDate | None = None
    url: str | None = attrs.field(default=None, validator=_constraints.optional_url)
    rank: Rank = Rank.NORMAL
    reason: str | None = reason()
    quote: str | None = quote()
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
