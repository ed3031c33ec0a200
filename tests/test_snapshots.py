"""`picum.as_of`: a profile as its sources knew it at a date."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import attrs
from hypothesis import given
from hypothesis import strategies as st

import picum
from picum import ActivitiesStatement, Quantity, QuantityStatement, UncertainDate
from picum._statements import histories

from .strategies import organisations


if TYPE_CHECKING:
    from collections.abc import Iterator

    from picum._statements import Statement


def _statements(org: picum.Organisation) -> Iterator[Statement]:
    """Every statement of *org*, fact by fact."""
    for fact in (org.members, org.newsletter, org.headquarters):
        if fact is not None:
            for history in histories(fact):
                yield from history.statements(fact)


def _with_ordinary(*statements: QuantityStatement) -> picum.Organisation:
    org = picum.load()
    assert org.members is not None
    return attrs.evolve(org, members=attrs.evolve(org.members, ordinary_statements=statements))


def _count(amount: int, edtf: str | None) -> QuantityStatement:
    as_of = None if edtf is None else UncertainDate(edtf=edtf)
    return QuantityStatement(
        value=Quantity(amount=amount), as_of=as_of, sources=("wikipedia-2016-10-31",)
    )


def test_the_2016_figures_are_known_from_their_date() -> None:
    """The bundled members figures, dated 31 October 2016, answer from that day on."""
    org = picum.load()
    before = picum.as_of(org, dt.date(2016, 10, 30)).members
    on_the_day = picum.as_of(org, dt.date(2016, 10, 31)).members
    assert before is not None
    assert on_the_day is not None
    assert (None, org.members and org.members.ordinary) == (
        before.ordinary,
        on_the_day.ordinary,
    )


def test_a_later_figure_answers_only_from_its_date() -> None:
    """Of a 2016 and a 2019 count, 2019's is known from the last day 2019 may mean, not before."""
    org = _with_ordinary(_count(107, "2016-10-31"), _count(160, "2019"))
    answers = [
        picum.as_of(org, day).members.ordinary  # type: ignore[union-attr]
        for day in (dt.date(2019, 12, 30), dt.date(2019, 12, 31))
    ]
    assert [Quantity(amount=107), Quantity(amount=160)] == answers


def test_undated_figures_are_known_from_their_sources_date() -> None:
    """A statement without `as_of` is known from the date its source states (the seed's version)."""
    org = _with_ordinary(_count(150, None))
    answers = [
        picum.as_of(org, day).members.ordinary  # type: ignore[union-attr]
        for day in (dt.date(2016, 10, 30), dt.date(2016, 10, 31))
    ]
    assert [None, Quantity(amount=150)] == answers


def test_a_figure_whose_sources_give_no_day_is_in_no_view() -> None:
    """A source known by its permanent link alone dates nothing: no dated view has its figure."""
    org = picum.load()
    linked = picum.Source(
        id="linked", title="t", url="https://w.example", revision="https://w.example/1"
    )
    count = QuantityStatement(value=Quantity(amount=9), sources=("linked",))
    org = attrs.evolve(org, sources=(*org.sources, linked))
    assert org.members is not None
    org = attrs.evolve(org, members=attrs.evolve(org.members, total_statements=(count,)))
    members = picum.as_of(org, dt.date.max).members
    assert members is not None
    assert (None, ()) == (picum.known_on(org, count), members.total_statements)


def test_the_headquarters_known_in_2026_are_those_of_2012_until_read() -> None:
    """Early in 2026 only the address printed in March 2012 is known; the others from their reading."""
    org = picum.load()
    headquarters = picum.as_of(org, dt.date(2026, 1, 1)).headquarters
    assert headquarters is not None
    assert ["Rue du Congrès 37-41"] == [
        statement.street_address for statement in headquarters.place_statements
    ]


def test_a_profile_without_headquarters_has_none_on_any_day() -> None:
    """Where the sources give no seat, no view has one."""
    org = attrs.evolve(picum.load(), headquarters=None)

    assert None is picum.as_of(org, dt.date(2026, 1, 1)).headquarters


def test_an_interval_open_at_its_start_counts_from_its_end() -> None:
    """``../2000`` may mean any day up to 2000: it is known from the last day of 2000."""
    org = _with_ordinary(_count(3, "../2000"))
    answers = [
        picum.as_of(org, day).members.ordinary  # type: ignore[union-attr]
        for day in (dt.date(2000, 12, 30), dt.date(2000, 12, 31))
    ]
    assert [None, Quantity(amount=3)] == answers


def test_milestones_after_the_date_are_left_out() -> None:
    """In 2000, before November, the late-1990s initiative had happened, the office not yet."""
    history = picum.as_of(picum.load(), dt.date(2000, 10, 31)).history
    assert history is not None
    assert ["initiative"] == [milestone.id for milestone in history.milestones]


@given(organisations(), st.dates(), st.dates())
def test_a_later_date_knows_everything_an_earlier_one_knew(
    org: picum.Organisation, day: dt.date, other: dt.date
) -> None:
    """What the sources knew at a date, they still knew at any later date."""
    earlier, later = sorted((day, other))
    known_earlier = list(_statements(picum.as_of(org, earlier)))
    known_later = list(_statements(picum.as_of(org, later)))
    assert [] == [statement for statement in known_earlier if statement not in known_later]


@given(organisations())
def test_the_last_day_there_is_knows_every_dated_statement(org: picum.Organisation) -> None:
    """At the end of time, every statement known on a day is known, and no other."""
    expected = [
        statement for statement in _statements(org) if picum.known_on(org, statement) is not None
    ]
    assert expected == list(_statements(picum.as_of(org, dt.date.max)))


@given(organisations(), st.dates())
def test_a_view_is_a_profile_the_wire_format_keeps(org: picum.Organisation, day: dt.date) -> None:
    """The profile as known at a date is a valid profile: it survives the round trip."""
    view = picum.as_of(org, day)
    assert view == picum.loads(picum.dumps(view), picum.Organisation)


def test_areas_of_activity_are_the_preferred_list_known_by_the_day() -> None:
    """Before the seed's dated list, no list of areas was known; from its day, its five are."""
    org = picum.load()
    before = picum.as_of(org, dt.date(2016, 10, 30))
    on_the_day = picum.as_of(org, dt.date(2016, 10, 31))

    assert ((), [activity.id for activity in org.activities]) == (
        before.activities,
        [activity.id for activity in on_the_day.activities],
    )


def test_a_list_naming_areas_the_preferred_one_does_not_is_left_out() -> None:
    """A view's activities are its preferred list; an older list naming others is not in it."""
    org = picum.load()
    ids = [activity.id for activity in org.activities]

    def listed(edtf: str, *chosen: str) -> ActivitiesStatement:
        return ActivitiesStatement(
            value=chosen, as_of=UncertainDate(edtf=edtf), sources=("wikipedia-2016-10-31",)
        )

    history = (listed("2020", *ids), listed("2016", ids[0], ids[1]), listed("2015", ids[0], ids[2]))
    view = picum.as_of(attrs.evolve(org, activities_statements=history), dt.date(2017, 1, 1))

    assert ([ids[0], ids[1]], (history[1],)) == (
        [activity.id for activity in view.activities],
        view.activities_statements,
    )


@given(organisations(), st.dates())
def test_a_view_is_the_view_at_the_last_day_of_change(
    org: picum.Organisation, day: dt.date
) -> None:
    """Between two days of change, every day sees the same profile: that of the first of them."""
    changes = [change for change in picum.days_of_change(org) if change <= day]

    assert picum.as_of(org, changes[-1] if changes else dt.date.min) == picum.as_of(org, day)


def test_the_days_of_change_are_the_first_days_of_what_is_dated() -> None:
    """The bundled profile changes when its milestones begin and its statements are known."""
    assert (dt.date(1995, 1, 1), dt.date(2026, 11, 30), dt.date(2026, 12, 7)) == (
        picum.days_of_change(picum.load())[0],
        picum.days_of_change(picum.load())[-2],
        picum.days_of_change(picum.load())[-1],
    )
