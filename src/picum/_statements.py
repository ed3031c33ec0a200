"""Statements: a fact's values over time, each with the time it holds, its sources and a rank.

A fact that changes over time (how many members, where the seat is) holds one statement per
value a source gives: the value, the time the source says it holds (`as_of`, in EDTF, or
`None` where the source gives none), the sources, a `Rank`, the source's own words around the
value (`quote`) and a note. `preferred` picks the one value a reader asking "how many?" gets,
by the statements' own dates; `picum.choose` also weighs their sources' dates and says why.
The others stay one attribute away, as history: a field declared with `history_of`, which
`histories` lists.
"""

from __future__ import annotations

import enum
import functools
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs

from . import _constraints, _provenance
from ._values import Place, Quantity, UncertainDate


if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence


class Rank(enum.Enum):
    """How a statement stands against the others of its fact, as in Wikidata.

    `PREFERRED` is chosen before any other, and may say why (`reason`, as Wikidata's "reason
    for preferred rank"); `DEPRECATED` (with a `reason`) is known to be wrong or superseded and
    is never chosen while another statement is not.
    """

    PREFERRED = "preferred"
    NORMAL = "normal"
    DEPRECATED = "deprecated"


_DEPRECATED_SAYS_WHY = "a deprecated statement says why it is deprecated: give a reason"
_NORMAL_HAS_NO_REASON = (
    "only a preferred or deprecated statement has a reason; this one is ranked normal"
)


def _reason_matches_rank(instance: _Ranked, value: str | None) -> Iterator[_constraints.Finding]:
    if instance.rank is Rank.DEPRECATED and value is None:
        yield "", _DEPRECATED_SAYS_WHY
    elif instance.rank is Rank.NORMAL and value is not None:
        yield "", _NORMAL_HAS_NO_REASON


# A reason is text where the rank is deprecated, text or null where it is preferred, and null
# (or left out) where it is normal, which is the rank left out.
_reason = (
    _constraints.Rule(_reason_matches_rank)
    .on(_constraints.optional_text)
    .said(
        {
            "if": {"required": ["rank"], "properties": {"rank": {"const": "deprecated"}}},
            "then": {"required": ["reason"], "properties": {"reason": {"type": "string"}}},
            "else": {
                "if": {"required": ["rank"], "properties": {"rank": {"const": "preferred"}}},
                "then": {"properties": {"reason": {"type": ["string", "null"]}}},
                "else": {"properties": {"reason": {"type": "null"}}},
            },
        }
    )
)


def reason() -> Any:
    """Declare a `reason`: why a statement has its `Rank`, required where it is deprecated."""
    return attrs.field(default=None, validator=_reason)


def quote() -> Any:
    """Declare a `quote`: the source's own words around a fact, verbatim, or `None`."""
    return attrs.field(default=None, validator=_constraints.optional_text)


@attrs.frozen(kw_only=True)
class QuantityStatement:
    """A count as its sources give it at one time (`as_of`; `None`: they do not say), ranked.

    `reason` says why a deprecated statement is deprecated (required) or why a preferred one
    is preferred (optional), and is `None` for a normal one; `quote` gives the source's own
    words around the value, verbatim and in its language (`None`: not kept); `note` says what
    else a reader should know of the statement.
    """

    value: Quantity
    as_of: UncertainDate | None = None
    rank: Rank = Rank.NORMAL
    reason: str | None = reason()
    quote: str | None = quote()
    note: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    sources: tuple[str, ...] = _provenance.sources()


@attrs.frozen(kw_only=True)
class PlaceStatement:
    """A place as its sources give it at one time (`as_of`; `None`: they do not say), ranked.

    `street_address` and `postal_code` give the address in the place where the sources give
    one, and are `None` otherwise (as Wikidata qualifies a headquarters location with them).
    `reason` says why a deprecated statement is deprecated (required) or why a preferred one
    is preferred (optional), and is `None` for a normal one; `quote` gives the source's own
    words around the value, verbatim and in its language (`None`: not kept); `note` says what
    else a reader should know of the statement.
    """

    value: Place
    street_address: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    postal_code: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    as_of: UncertainDate | None = None
    rank: Rank = Rank.NORMAL
    reason: str | None = reason()
    quote: str | None = quote()
    note: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    sources: tuple[str, ...] = _provenance.sources()


@_constraints.constraint(
    {"uniqueItems": True, "minItems": 1, "items": {"pattern": _constraints.SLUG_PATTERN}}
)
def _activity_ids(value: Sequence[str]) -> Iterator[_constraints.Finding]:
    yield from _constraints.non_empty.problems(value)
    yield from _constraints.references.problems(value)


@attrs.frozen(kw_only=True)
class ActivitiesStatement:
    """The areas of activity a source lists at one time (`as_of`; `None`: it does not say), ranked.

    `value` names the profile's activities by id, in the source's order: one or more, each once.
    `reason` says why a deprecated statement is deprecated (required) or why a preferred one
    is preferred (optional), and is `None` for a normal one; `quote` gives the source's own
    words around the value, verbatim and in its language (`None`: not kept); `note` says what
    else a reader should know of the statement.
    """

    value: tuple[str, ...] = attrs.field(validator=_activity_ids)
    as_of: UncertainDate | None = None
    rank: Rank = Rank.NORMAL
    reason: str | None = reason()
    quote: str | None = quote()
    note: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    sources: tuple[str, ...] = _provenance.sources()


@attrs.frozen(kw_only=True)
class DateStatement:
    """A date as its sources give it (such as when the organisation was founded), ranked.

    `value` is the date, as precise as the source is; `as_of` is when the source says the
    date was so, which for a date of the past is seldom given (`None`). `reason`, `quote` and
    `note` are as in `QuantityStatement`.
    """

    value: UncertainDate
    as_of: UncertainDate | None = None
    rank: Rank = Rank.NORMAL
    reason: str | None = reason()
    quote: str | None = quote()
    note: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    sources: tuple[str, ...] = _provenance.sources()


#: A statement of any fact.
Statement = QuantityStatement | PlaceStatement | ActivitiesStatement | DateStatement

_HISTORY_KEY = "picum.history"


def history_of(fact: str, *, validator: Any = None, required: bool = False) -> Any:
    """Declare a fact's history: the field that holds *fact*'s statements, as `histories` lists.

    *fact* names what the statements answer for, the attribute beside them that gives the
    preferred value (``organisations`` for ``organisations_statements``); the field is named
    after it, ``{fact}_statements``, in the wire format. *validator* is the field's; a field
    not *required* is empty by default (the sources do not say).
    """
    return attrs.field(
        default=attrs.NOTHING if required else (),
        validator=validator,
        metadata={_HISTORY_KEY: fact},
    )


@attrs.frozen(kw_only=True)
class FactHistory:
    """A field declared with `history_of`: the fact it is the history of, and the field's name."""

    fact: str
    field: str

    def statements(self, holder: object) -> tuple[Statement, ...]:
        """Return the statements of this fact in *holder*, an instance of the class declaring it."""
        statements: tuple[Statement, ...] = getattr(holder, self.field)
        return statements


def histories(model: object) -> tuple[FactHistory, ...]:
    """Return the histories of facts a model class (or an instance of it) declares, in its order.

    Only the class's own fields count: a fact held by one of its fields (the members' counts,
    for the organisation) is listed by that field's class.

    >>> import picum
    >>> [(history.fact, history.field) for history in histories(picum.Newsletter)]
    [('language_count', 'language_count_statements'), ('audience', 'audience_statements')]
    """
    return _declared_histories(model if isinstance(model, type) else type(model))


@functools.cache
def _declared_histories(type_: type) -> tuple[FactHistory, ...]:
    """Scan *type_*'s fields once: `as_of` asks for every object of a profile."""
    return tuple(
        FactHistory(fact=field.metadata[_HISTORY_KEY], field=field.name)
        for field in attrs.fields(type_)
        if _HISTORY_KEY in field.metadata
    )


class _HasRank(Protocol):
    @property
    def rank(self) -> Rank: ...


_H = TypeVar("_H", bound=_HasRank)


def standing(items: Iterable[_H]) -> list[_H]:
    """Give the *items* that stand, in order: all but those known to be wrong (deprecated).

    A membership, a named member or a link known to be wrong is said in no output for people
    or for format 1 (which has no rank): the data keeps it, with its reason, and nothing else.
    """
    return [item for item in items if item.rank is not Rank.DEPRECATED]


class _Ranked(Protocol):
    @property
    def as_of(self) -> UncertainDate | None: ...

    @property
    def rank(self) -> Rank: ...


_S = TypeVar("_S", bound=_Ranked)
_V_co = TypeVar("_V_co", covariant=True)


class _Valued(_Ranked, Protocol[_V_co]):
    @property
    def value(self) -> _V_co: ...


def _latest_day(as_of: UncertainDate | None) -> date | None:
    """Return the last day *as_of* may mean; an interval open at its end counts by its start."""
    if as_of is None:
        return None
    return as_of.latest or as_of.earliest


def _standing(entry: tuple[int, _Ranked]) -> tuple[bool, bool, bool, date, int]:
    """Order statements as `preferred` says: the one that answers is the greatest."""
    index, statement = entry
    day = _latest_day(statement.as_of)
    return (
        statement.rank is not Rank.DEPRECATED,
        statement.rank is Rank.PREFERRED,
        day is not None,
        day or date.min,
        -index,
    )


def preferred(statements: Sequence[_S]) -> _S:
    """Return the statement that answers for its fact, by picum's one rule.

    1. A statement ranked preferred comes before any other; a deprecated one comes only where
       every statement is deprecated.
    2. Within a rank, the latest `as_of` comes first, compared by the last day it may mean
       (``2019`` by 31 December 2019, ``[1995..1999]`` by 31 December 1999; an interval open
       at its end, ``2000/..``, by its start); a statement with no `as_of` comes after every
       dated one.
    3. Of statements still tied, the first in the list (the data file's order) is chosen.

    Raises `ValueError` for an empty list; a profile's facts always hold a statement.

    >>> from picum import Quantity
    >>> old = QuantityStatement(
    ...     value=Quantity(amount=107), as_of=UncertainDate(edtf="2016"), sources=("a",)
    ... )
    >>> undated = QuantityStatement(value=Quantity(amount=150), sources=("b",))
    >>> preferred([undated, old]).value.amount
    107
    """
    if not statements:
        raise ValueError("a fact with no statement has no preferred value")
    _, chosen = max(enumerate(statements), key=_standing)
    return chosen


def preferred_value(statements: Sequence[_Valued[_V_co]]) -> _V_co | None:
    """Return the value of the `preferred` statement, or `None` where there is none (unknown)."""
    return preferred(statements).value if statements else None
