"""Who belongs to the organisation, and the networks the organisation belongs to."""

from __future__ import annotations

import enum

import attrs

from . import _constraints, _provenance
from ._statements import QuantityStatement, preferred
from ._values import Completeness, Quantity, UncertainDate


@attrs.frozen(kw_only=True)
class Members:
    """The organisation's own members, counted as the sources count them, over time.

    Each count is a fact with its statements (`ordinary_statements`, ...), one per figure a
    source gives; `ordinary`, `affiliated` and `countries` are the preferred figures
    (`picum.preferred`). `sources` and `citations` support the `area`, and the members as a
    whole; each statement names its own.
    """

    affiliated_statements: tuple[QuantityStatement, ...] = attrs.field(
        validator=_constraints.non_empty
    )
    ordinary_statements: tuple[QuantityStatement, ...] = attrs.field(
        validator=_constraints.non_empty
    )
    countries_statements: tuple[QuantityStatement, ...] = attrs.field(
        validator=_constraints.non_empty
    )
    area: str = attrs.field(validator=_constraints.text)
    sources: tuple[str, ...] = _provenance.sources()
    citations: tuple[str, ...] = _provenance.citations()

    @property
    def affiliated(self) -> Quantity:
        """The preferred count of affiliated members."""
        return preferred(self.affiliated_statements).value

    @property
    def ordinary(self) -> Quantity:
        """The preferred count of ordinary members."""
        return preferred(self.ordinary_statements).value

    @property
    def countries(self) -> Quantity:
        """The preferred count of the countries the members are in."""
        return preferred(self.countries_statements).value


class Scope(enum.Enum):
    """Where a network works."""

    GLOBAL = "global"
    EUROPEAN = "european"


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
