"""A profile as its sources knew it at a date: the statements known and milestones dated by then.

`as_of` answers "how many members did the sources give in 2018?" with the same types and the
same rule (`picum.choose`) as today's answer: only the statements it keeps differ.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from ._choice import known_on
from ._memberships import Members
from ._organisation import History, Newsletter, Organisation
from ._statements import Statement, histories, preferred


if TYPE_CHECKING:
    from datetime import date

    from ._values import UncertainDate


def as_of(profile: Organisation, day: date) -> Organisation:
    """Return *profile* as its sources knew it on *day*: what was known by then.

    - A statement is kept where it is known by *day*: its `picum.known_on` is *day* or
      before. That is the last day its `as_of` may mean (``[..2016-10-31]``, one of the days up
      to 31 October 2016, counts from 31 October 2016; ``2016`` from 31 December 2016), and
      for a statement its sources do not date, the date they state for themselves, failing
      that the day they were read. Each fact's value is then the `picum.choose` of the
      statements kept, so a count a source gave for 2019 is no answer for 2017.
    - A statement known on no day (its sources give none) is left out. A fact left with no
      statement is unknown (`None` for the headquarters).
    - A milestone is kept where its date may be *day* or earlier; one open at its start
      (``[..2008-09-29]``), from its last day.
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
        places = _known(profile, headquarters.place_statements, day)
        headquarters = attrs.evolve(headquarters, place_statements=places) if places else None
    activities, lists = profile.activities, profile.activities_statements
    if lists:
        lists = _known(profile, lists, day)
        # The activities are the list `preferred` names, which a profile is checked against.
        areas = preferred(lists).value if lists else ()
        lists = tuple(listed for listed in lists if set(listed.value) <= set(areas))
        by_id = {activity.id: activity for activity in activities}
        activities = tuple(by_id[id_] for id_ in areas)
    return attrs.evolve(
        profile,
        activities=activities,
        activities_statements=lists,
        members=profile.members and _kept_statements(profile, profile.members, day),
        newsletter=profile.newsletter and _kept_statements(profile, profile.newsletter, day),
        headquarters=headquarters,
        history=history and _history_by(profile, history, day),
    )


def days_of_change(profile: Organisation) -> tuple[date, ...]:
    """Return the days on which `as_of` views of *profile* change, in order, each once.

    Each is the first day a milestone may mean, or the day a statement is known on
    (`picum.known_on`): the view at any day is the view at the last of these on or before it
    (or, before them all, at `datetime.date.min`), so a service can keep one view per span
    between them.

    >>> import picum
    >>> days_of_change(picum.load())[:2]
    (datetime.date(1995, 1, 1), datetime.date(2000, 11, 1))
    """
    history = profile.history
    milestones = {
        _first_day(milestone.date) for milestone in (history.milestones if history else ())
    }
    holders = (profile, profile.members, profile.newsletter, profile.headquarters, history)
    known = {
        known_on(profile, statement)
        for holder in holders
        if holder is not None
        for declared in histories(holder)
        for statement in declared.statements(holder)
    }
    return tuple(sorted(milestones | {day for day in known if day is not None}))


def _first_day(as_of: UncertainDate) -> date:
    """Give the first day *as_of* may mean, or for one open at its start, its last.

    A date open at its start (``[..2008-09-29]``) may mean any earlier day: it is known from
    its last.
    """
    return as_of.earliest or as_of.latest or dt.date.min


#: A fact whose values are statements.
_Fact = TypeVar("_Fact", Members, Newsletter)
_Dated = TypeVar("_Dated", bound=Statement)


def _kept_statements(profile: Organisation, fact: _Fact, day: date) -> _Fact:
    """Keep, in each of *fact*'s histories (`histories`), the statements known by *day*."""
    kept: dict[str, Any] = {
        declared.field: _known(profile, declared.statements(fact), day)
        for declared in histories(fact)
    }
    return attrs.evolve(fact, **kept)


def _known(profile: Organisation, statements: tuple[_Dated, ...], day: date) -> tuple[_Dated, ...]:
    return tuple(
        statement
        for statement in statements
        if (known := known_on(profile, statement)) is not None and known <= day
    )


def _history_by(profile: Organisation, history: History, day: date) -> History:
    """Keep the milestones that may be *day* or earlier, and the founding statements known by it."""
    return attrs.evolve(
        history,
        milestones=tuple(
            milestone for milestone in history.milestones if _first_day(milestone.date) <= day
        ),
        founded_statements=_known(profile, history.founded_statements, day),
    )
