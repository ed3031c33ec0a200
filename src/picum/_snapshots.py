"""A profile as its sources knew it at a date: the statements and milestones dated by then.

`as_of` answers "how many members did the sources give in 2018?" with the same types and the
same rule (`picum.preferred`) as today's answer: only the statements it keeps differ.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ._memberships import Members
from ._organisation import History, Newsletter, Organisation
from ._statements import ActivitiesStatement, PlaceStatement, QuantityStatement, preferred


if TYPE_CHECKING:
    from datetime import date

    from ._values import UncertainDate


def as_of(profile: Organisation, day: date) -> Organisation:
    """Return *profile* as its sources knew it on *day*: what was dated, and known, by then.

    - A statement is kept where its `as_of` may mean *day* or earlier: its first day is *day*
      or before (``2016`` counts from 1 January 2016; an interval open at its start, from
      always). Each fact's value is then the `picum.preferred` of the statements kept, so a
      count a source gave for 2019 is no answer for 2017.
    - A statement with no `as_of` is left out: the sources do not say when it held, so it
      cannot be said to have held on *day*. A fact left with no statement is unknown (`None`
      for the headquarters).
    - A milestone is kept where its date may be *day* or earlier.
    - The areas of activity, where the profile has lists of them (`activities_statements`),
      are those of the preferred list among the lists known by *day*, and none if no list is;
      a list that names an area the preferred one does not is left out of the view (the
      activities are the preferred list). A profile without such lists keeps its activities.
    - Every other fact (the name, the aim, the sources and citations) is kept as it is: the
      sources do not date them.

    >>> import datetime, picum
    >>> org = picum.load()
    >>> as_of(org, datetime.date(2016, 10, 31)).members.ordinary.amount
    107
    >>> as_of(org, datetime.date(2016, 10, 30)).members.ordinary is None
    True
    """
    history = profile.history
    headquarters = profile.headquarters
    if headquarters is not None:
        places = _known(headquarters.place_statements, day)
        headquarters = attrs.evolve(headquarters, place_statements=places) if places else None
    activities, lists = profile.activities, profile.activities_statements
    if lists:
        lists = _known(lists, day)
        areas = preferred(lists).value if lists else ()
        lists = tuple(listed for listed in lists if set(listed.value) <= set(areas))
        by_id = {activity.id: activity for activity in activities}
        activities = tuple(by_id[id_] for id_ in areas)
    return attrs.evolve(
        profile,
        activities=activities,
        activities_statements=lists,
        members=profile.members and _kept_statements(profile.members, day),
        newsletter=profile.newsletter and _kept_statements(profile.newsletter, day),
        headquarters=headquarters,
        history=history and _milestones_by(history, day),
    )


def days_of_change(profile: Organisation) -> tuple[date, ...]:
    """Return the days on which `as_of` views of *profile* change, in order, each once.

    Each is the first day a dated statement or milestone is known on: the view at any day is
    the view at the last of these on or before it (or, before them all, at `datetime.date.min`),
    so a service can keep one view per span between them.

    >>> import picum
    >>> days_of_change(picum.load())[:2]
    (datetime.date(1995, 1, 1), datetime.date(2000, 11, 1))
    """
    dated = [
        *(milestone.date for milestone in (profile.history.milestones if profile.history else ())),
        *(statement.as_of for statement in profile.activities_statements),
        *(
            statement.as_of
            for fact in (profile.members, profile.newsletter, profile.headquarters)
            if fact is not None
            for field in attrs.fields(type(fact))
            if field.name.endswith("_statements")
            for statement in getattr(fact, field.name)
        ),
    ]
    return tuple(sorted({_first_day(as_of) for as_of in dated if as_of is not None}))


def _first_day(as_of: UncertainDate) -> date:
    """Give the first day *as_of* may mean (for an interval open at its start, the first)."""
    return as_of.earliest or dt.date.min


def _known_by(as_of: UncertainDate | None, day: date) -> bool:
    return as_of is not None and _first_day(as_of) <= day


#: A fact whose values are statements.
_Fact = TypeVar("_Fact", Members, Newsletter)
_Dated = TypeVar("_Dated", PlaceStatement, QuantityStatement, ActivitiesStatement)


def _kept_statements(fact: _Fact, day: date) -> _Fact:
    """Keep, in each of *fact*'s statement lists (``…_statements``), those known by *day*."""
    kept: dict[str, Any] = {
        field.name: _known(getattr(fact, field.name), day)
        for field in attrs.fields(type(fact))
        if field.name.endswith("_statements")
    }
    return attrs.evolve(fact, **kept)


def _known(statements: tuple[_Dated, ...], day: date) -> tuple[_Dated, ...]:
    return tuple(statement for statement in statements if _known_by(statement.as_of, day))


def _milestones_by(history: History, day: date) -> History:
    return attrs.evolve(
        history,
        milestones=tuple(
            milestone for milestone in history.milestones if _known_by(milestone.date, day)
        ),
    )
