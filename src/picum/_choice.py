"""The answer for a fact: which statement a reader gets, from what day it is known, and why.

A statement is known from a day (`known_on`): the last day its `as_of` may mean, failing that
the date its sources state for themselves (publication or update), failing that the day they
were read. `choose` picks the statement that answers for a fact by one written rule on that
day, unless a curator marked one preferred, and says which it was and why; `picum.as_of`
counts statements from the same day.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

import attrs

from ._statements import Rank


if TYPE_CHECKING:
    from collections.abc import Sequence

    from ._organisation import Organisation
    from ._values import UncertainDate


class _Statement(Protocol):
    @property
    def as_of(self) -> UncertainDate | None: ...

    @property
    def rank(self) -> Rank: ...

    @property
    def reason(self) -> str | None: ...

    @property
    def sources(self) -> tuple[str, ...]: ...


S = TypeVar("S", bound=_Statement)


@attrs.frozen(kw_only=True)
class Choice(Generic[S]):
    """The statement that answers for a fact, and why.

    `reason` is the curator's, where a curator marked the statement preferred (`by_curator`),
    and otherwise the written rule in words; `known_on` is the day the statement is known from
    (`picum.known_on`), `None` where neither it nor its sources give a day.
    """

    statement: S
    reason: str
    by_curator: bool
    known_on: date | None


def known_on(profile: Organisation, statement: _Statement) -> date | None:
    """Return the day *statement* is known from: when, at the latest, its figure held.

    It is the last day the statement's `as_of` may mean (``[..2016-10-31]``: 31 October 2016;
    ``2015-05``: 31 May 2015; an interval open at its end, ``2000/..``, counts by its start).
    A statement the sources do not date is known from the earliest day one of its sources
    gives: the date the source states for itself (`Source.revision_date`: published or
    updated), failing that the day it was read (`Source.read_on`). `None` where no source gives
    a day (a source known only by a permanent link).

    >>> import picum
    >>> org = picum.load()
    >>> known_on(org, org.members.ordinary_statements[0])
    datetime.date(2016, 10, 31)
    """
    if statement.as_of is not None:
        return statement.as_of.latest or statement.as_of.earliest
    days = [
        day
        for source in map(profile.source, statement.sources)
        if (day := source.revision_date or source.read_on) is not None
    ]
    return min(days, default=None)


def _standing(entry: tuple[int, date | None, _Statement]) -> tuple[bool, bool, bool, date, int]:
    """Order statements as `choose` says: the one that answers is the greatest."""
    index, day, statement = entry
    return (
        statement.rank is not Rank.DEPRECATED,
        statement.rank is Rank.PREFERRED,
        day is not None,
        day or date.min,
        -index,
    )


_BY_CURATOR = "marked preferred by the curator"
_THE_RULE = "the statement known latest (known on {day})"
_THE_RULE_UNDATED = "the first statement: none is known on a day"
_ALL_DEPRECATED = "every statement is deprecated; this one comes first by the rule"


def choose(profile: Organisation, statements: Sequence[S]) -> Choice[S] | None:
    """Return the statement of *statements* that answers for their fact, and why; `None` if none.

    1. A statement ranked preferred comes before any other, and its `reason` is the curator's;
       a deprecated one comes only where every statement is deprecated.
    2. Within a rank, the statement known latest (`known_on`) comes first; one known on no day
       comes after every other.
    3. Of statements still tied, the first in the list (the data file's order) is chosen.

    >>> import picum
    >>> org = picum.load()
    >>> choose(org, org.members.ordinary_statements).reason
    'the statement known latest (known on 2016-10-31)'
    """
    if not statements:
        return None
    _, day, chosen = max(
        (
            (index, known_on(profile, statement), statement)
            for index, statement in enumerate(statements)
        ),
        key=_standing,
    )
    if chosen.rank is Rank.PREFERRED:
        return Choice(
            statement=chosen, reason=chosen.reason or _BY_CURATOR, by_curator=True, known_on=day
        )
    if chosen.rank is Rank.DEPRECATED:
        reason = _ALL_DEPRECATED
    elif day is None:
        reason = _THE_RULE_UNDATED
    else:
        reason = _THE_RULE.format(day=day.isoformat())
    return Choice(statement=chosen, reason=reason, by_curator=False, known_on=day)
