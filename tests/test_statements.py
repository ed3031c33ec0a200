"""Statements: a fact's values over time, the preferred one, and format 1 read and written."""

from __future__ import annotations

import json
import types
from typing import TYPE_CHECKING, Union, get_args, get_origin, get_type_hints

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import picum
from picum import (
    ActivitiesStatement,
    FieldError,
    Quantity,
    QuantityStatement,
    Rank,
    UncertainDate,
    format1,
)
from picum._statements import FactHistory, histories, history_of

from .strategies import histories_of, organisations, quantities, texts


if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import date


FORMAT1_2016 = "tests/data/profile-0.1.0.json"
#: The 2016 profile in format 2: the bundled file before it held figures of other sources.
FORMAT2_2016 = "tests/data/profile-2016-format-2.json"

#: Few distinct times, so that ties come often: "2016" and "[2015..2016]" both end 2016-12-31.
as_ofs = st.none() | st.sampled_from(
    ["2016", "2016-10-31", "[2015..2016]", "2019", "2019-06", "2000/..", "2016-12-31"]
).map(lambda edtf: UncertainDate(edtf=edtf))


@st.composite
def statements(draw: st.DrawFn) -> QuantityStatement:
    """Statements of a count with few distinct times and any rank."""
    rank = draw(st.sampled_from(Rank))
    return QuantityStatement(
        value=draw(quantities()),
        as_of=draw(as_ofs),
        rank=rank,
        reason=draw(texts) if rank is Rank.DEPRECATED else None,
        sources=("seed",),
    )


def last_day(statement: QuantityStatement) -> date | None:
    """The day a statement's time ends, as the rule reads it."""
    as_of = statement.as_of
    return None if as_of is None else as_of.latest or as_of.earliest


def by_the_rule(history: Sequence[QuantityStatement]) -> QuantityStatement:
    """The rule of `picum.preferred`, step by step, as docs/data.md states it."""
    standing = [s for s in history if s.rank is not Rank.DEPRECATED] or list(history)
    standing = [s for s in standing if s.rank is Rank.PREFERRED] or standing
    dated = [s for s in standing if last_day(s) is not None]
    if not dated:
        return standing[0]
    latest = max(day for s in dated if (day := last_day(s)) is not None)
    return next(s for s in dated if last_day(s) == latest)


def position(history: Sequence[QuantityStatement], chosen: QuantityStatement) -> int:
    """Where *chosen* itself stands in *history* (equal statements apart)."""
    return next(index for index, statement in enumerate(history) if statement is chosen)


@given(histories_of(statements(), max_size=8))
def test_the_preferred_statement_follows_the_rule(history: tuple[QuantityStatement, ...]) -> None:
    """Over any history (ties, unknown dates, every rank), `preferred` picks what the rule says."""
    assert position(history, by_the_rule(history)) == position(history, picum.preferred(history))


def statement(edtf: str | None, rank: Rank = Rank.NORMAL, amount: int = 1) -> QuantityStatement:
    """A statement of *amount*, at the time *edtf* (or none), of *rank*."""
    return QuantityStatement(
        value=Quantity(amount=amount),
        as_of=None if edtf is None else UncertainDate(edtf=edtf),
        rank=rank,
        reason="superseded" if rank is Rank.DEPRECATED else None,
        sources=("seed",),
    )


def test_an_explicit_preferred_rank_beats_a_later_date() -> None:
    """A statement ranked preferred answers even where a normal one is later."""
    history = (statement("2024", amount=160), statement("2016", Rank.PREFERRED, amount=107))

    assert 107 == picum.preferred(history).value.amount


def test_a_later_date_wins_within_a_rank() -> None:
    """Of two normal statements, the later one answers."""
    history = (statement("2016-10-31", amount=107), statement("2019", amount=150))

    assert 150 == picum.preferred(history).value.amount


def test_dates_compare_by_their_last_possible_day() -> None:
    """A year counts by its last day: 2019 is later than 2019-06-30."""
    history = (statement("2019-06-30", amount=1), statement("2019", amount=2))

    assert 2 == picum.preferred(history).value.amount


def test_an_unknown_date_comes_after_every_known_one() -> None:
    """An undated statement answers only where no statement of its rank is dated."""
    history = (statement(None, amount=180), statement("2016", amount=107))

    assert 107 == picum.preferred(history).value.amount


def test_a_tie_goes_to_the_first_in_the_file() -> None:
    """Two statements of the same rank and last day: the first listed answers."""
    history = (statement("[2015..2016]", amount=1), statement("2016", amount=2))

    assert 1 == picum.preferred(history).value.amount


def test_a_deprecated_statement_answers_only_when_all_are() -> None:
    """Deprecated loses to an undated normal statement, and answers when it is all there is."""
    deprecated = statement("2024", Rank.DEPRECATED, amount=1)

    assert (2, 1) == (
        picum.preferred((deprecated, statement(None, amount=2))).value.amount,
        picum.preferred((deprecated,)).value.amount,
    )


def test_no_statement_has_no_preferred_value() -> None:
    """`preferred` of an empty list raises `ValueError`."""
    with pytest.raises(ValueError, match="no statement"):
        picum.preferred(())


def test_a_deprecated_statement_needs_a_reason() -> None:
    """Deprecating without saying why is a `FieldError` at `reason`."""
    with pytest.raises(FieldError) as caught:
        QuantityStatement(value=Quantity(amount=1), rank=Rank.DEPRECATED, sources=("seed",))

    assert "reason" == caught.value.field


def test_only_a_deprecated_statement_has_a_reason() -> None:
    """A reason on a statement that is not deprecated is a `FieldError` at `reason`."""
    with pytest.raises(FieldError) as caught:
        QuantityStatement(value=Quantity(amount=1), reason="old", sources=("seed",))

    assert "reason" == caught.value.field


def test_the_members_answer_with_the_preferred_statement() -> None:
    """`members.ordinary` is the preferred statement's value; the statements are beside it."""
    members = picum.load().members
    assert members is not None
    history = (*members.ordinary_statements, statement("2099", amount=999))

    assert Quantity(amount=999) == attrs.evolve(members, ordinary_statements=history).ordinary


def test_a_fact_without_statements_is_unknown() -> None:
    """A count no source gives has no statement, and its attribute is `None`."""
    members = picum.load(FORMAT1_2016).members
    assert members is not None

    assert ((), None) == (members.total_statements, members.total)


def test_the_2016_file_migrated_is_the_2016_profile_in_format_2() -> None:
    """The 2016-era file (format 1) reads as the same profile written in format 2."""
    assert picum.load(FORMAT2_2016) == picum.load(FORMAT1_2016)


def _statements(org: picum.Organisation) -> dict[str, tuple[object, ...]]:
    assert org.members is not None
    assert org.newsletter is not None
    assert org.headquarters is not None
    return {
        "total": org.members.total_statements,
        "affiliated": org.members.affiliated_statements,
        "ordinary": org.members.ordinary_statements,
        "countries": org.members.countries_statements,
        "language_count": org.newsletter.language_count_statements,
        "audience": org.newsletter.audience_statements,
        "headquarters": org.headquarters.place_statements,
    }


def test_the_bundled_profile_keeps_every_statement_of_2016() -> None:
    """Each figure of the 2016 profile is still a statement of its fact in the bundled one.

    The bundled statements also quote their sources: a figure is its value, time and sources.
    """

    def figure(statement: object) -> tuple[object, ...]:
        return tuple(getattr(statement, name) for name in ("value", "as_of", "sources"))

    bundled = {fact: set(map(figure, s)) for fact, s in _statements(picum.load()).items()}
    missing = {
        fact: [figure(s) for s in statements if figure(s) not in bundled[fact]]
        for fact, statements in _statements(picum.load(FORMAT1_2016)).items()
    }

    assert {fact: [] for fact in bundled} == missing


def test_a_format_1_fact_becomes_one_statement_dated_by_its_source() -> None:
    """Migrated, a count is one normal statement, on or before the date its source states."""
    members = picum.load(FORMAT1_2016).members
    assert members is not None

    assert (
        QuantityStatement(
            value=Quantity(amount=107),
            as_of=UncertainDate(edtf="[..2016-10-31]"),
            sources=("wikipedia-2016-10-31",),
        ),
    ) == members.ordinary_statements


def test_a_fact_whose_sources_state_no_date_is_migrated_undated() -> None:
    """The headquarters' sources state no date: its statement's time is unknown."""
    headquarters = picum.load(FORMAT1_2016).headquarters
    assert headquarters is not None

    assert [None] == [statement.as_of for statement in headquarters.place_statements]


def test_sources_that_state_different_dates_give_no_date() -> None:
    """A fact whose sources state different dates is migrated with its time unknown."""
    document = json.loads(picum.read_profile_file(FORMAT1_2016))
    document["sources"][1]["revision_date"] = "2020-01-01"
    document["members"]["sources"] = ["wikipedia-2016-10-31", "wikipedia-current"]
    members = picum.loads(json.dumps(document), picum.Organisation).members
    assert members is not None

    assert None is members.ordinary_statements[0].as_of


@given(organisations().map(format1.downgrade))
def test_format_1_reads_back_as_it_was_written(profile: format1.Organisation) -> None:
    """A format 1 profile, migrated and written back in format 1, is unchanged."""
    assert profile == format1.downgrade(format1.upgrade(profile))


def test_format_1_names_the_sources_of_the_preferred_values() -> None:
    """Written in format 1, a fact names its own sources and those of its preferred values."""
    profile = picum.load(FORMAT1_2016)
    assert profile.members is not None
    later = attrs.evolve(profile.members.ordinary_statements[0], sources=("wikipedia-current",))
    members = attrs.evolve(profile.members, ordinary_statements=(later,))
    written = format1.downgrade(attrs.evolve(profile, members=members)).members
    assert written is not None

    assert ("wikipedia-2016-10-31", "wikipedia-current") == written.sources


def test_a_format_1_file_has_its_mistakes_reported_at_its_own_paths() -> None:
    """A mistake in a format 1 file is reported where it is in that file."""
    document = json.loads(picum.read_profile_file(FORMAT1_2016))
    document["members"]["ordinary"]["amount"] = -1

    with pytest.raises(picum.ValidationError) as caught:
        picum.loads(json.dumps(document), picum.Organisation)

    assert ["$.members.ordinary.amount"] == [problem.path for problem in caught.value.errors]


def test_a_format_1_file_with_an_unknown_source_reports_it() -> None:
    """References of a format 1 file are checked as the file's own."""
    document = json.loads(picum.read_profile_file(FORMAT1_2016))
    document["headquarters"]["sources"] = ["nowhere"]

    with pytest.raises(picum.ValidationError) as caught:
        picum.loads(json.dumps(document), picum.Organisation)

    assert ["$.headquarters.sources[0]"] == [problem.path for problem in caught.value.errors]


def test_a_format_1_source_says_which_version_was_read() -> None:
    """Format 1 keeps its own rule: a revision, a date or the day read (it has no copies)."""
    document = json.loads(picum.read_profile_file(FORMAT1_2016))
    document["sources"][0]["revision_date"] = None

    with pytest.raises(picum.ValidationError) as caught:
        picum.loads(json.dumps(document), picum.Organisation)

    assert [("$.sources[0].accessed", True)] == [
        (problem.path, problem.message.startswith("say which version of the document was read"))
        for problem in caught.value.errors
    ]


def test_a_format_1_history_is_founded_once() -> None:
    """Format 1 keeps its own rule: two founding milestones are an error at the second."""
    document = json.loads(picum.read_profile_file(FORMAT1_2016))
    document["history"]["milestones"] = [
        {**document["history"]["milestones"][0], "founding": True},
        {**document["history"]["milestones"][0], "id": "again", "founding": True},
    ]

    with pytest.raises(picum.ValidationError) as caught:
        picum.loads(json.dumps(document), picum.Organisation)

    assert ["$.history.milestones[1].founding"] == [problem.path for problem in caught.value.errors]


@pytest.mark.parametrize("value", [1, 3, "2"])
def test_a_format_key_other_than_the_current_is_an_error(value: object) -> None:
    """`format` is 2 or absent (format 1); any other value is reported at `$.format`."""
    document = json.loads(picum.bundled_profile())
    document["format"] = value

    with pytest.raises(picum.ValidationError) as caught:
        picum.loads(json.dumps(document), picum.Organisation)

    assert ["$.format"] == [problem.path for problem in caught.value.errors]


@pytest.mark.parametrize(
    ("path", "expected"), [(None, picum.FORMAT), (FORMAT1_2016, 1)], ids=["bundled", "2016"]
)
def test_the_format_of_a_file_is_told(path: str | None, expected: int) -> None:
    """`format_of` tells the bundled file (format 2) from the 2016-era file (format 1)."""
    data = picum.bundled_profile() if path is None else picum.read_profile_file(path)

    assert expected == picum.format_of(json.loads(data))


def test_format_1_leaves_out_the_counts_it_has_no_field_for() -> None:
    """Written in format 1, member organisations and individuals go, and their sources too."""
    organisations = QuantityStatement(value=Quantity(amount=160), sources=("wikipedia-current",))
    profile = picum.load(FORMAT1_2016)
    assert profile.members is not None
    members = attrs.evolve(
        profile.members,
        organisations_statements=(organisations,),
        individuals_statements=(organisations,),
    )

    written = format1.downgrade(attrs.evolve(profile, members=members))

    assert format1.downgrade(profile) == written


def test_a_list_of_activities_names_known_activities_only() -> None:
    """A statement that lists an activity the profile lacks is an error at that id."""
    document = json.loads(picum.bundled_profile())
    document["activities_statements"][1]["value"][0] = "nowhere"

    with pytest.raises(picum.ValidationError) as caught:
        picum.loads(json.dumps(document), picum.Organisation)

    assert ["$.activities_statements[1].value[0]"] == [
        problem.path for problem in caught.value.errors
    ]


def test_the_activities_are_the_preferred_list() -> None:
    """Activities in another order than the preferred statement's list are an error."""
    document = json.loads(picum.bundled_profile())
    document["activities"].reverse()

    with pytest.raises(picum.ValidationError) as caught:
        picum.loads(json.dumps(document), picum.Organisation)

    assert ["$.activities_statements"] == [problem.path for problem in caught.value.errors]


def test_a_profile_with_no_activities_has_no_lists_of_them() -> None:
    """A list of activities names one at least: with no activities, there is no list."""
    profile = picum.load(FORMAT1_2016)

    with pytest.raises(FieldError) as caught:
        attrs.evolve(
            profile,
            activities=(),
            activities_statements=(
                ActivitiesStatement(value=("advocacy",), sources=("wikipedia-2016-10-31",)),
            ),
        )

    assert "activities_statements[0].value[0]" == caught.value.field


def test_an_unknown_activity_names_twenty_known_ids_at_most() -> None:
    """A profile of thousands of activities gets a message of twenty ids, and how many more."""
    profile = picum.load(FORMAT1_2016)
    activities = tuple(
        attrs.evolve(profile.activities[0], id=f"activity-{number}") for number in range(30)
    )

    with pytest.raises(FieldError) as caught:
        attrs.evolve(
            profile,
            activities=activities,
            activities_statements=(
                ActivitiesStatement(value=("advocacy",), sources=("wikipedia-2016-10-31",)),
            ),
        )

    named = ", ".join(f"activity-{number}" for number in range(20))
    assert f"no activity 'advocacy'; known ids: {named}, and 10 more" == caught.value.message


def test_an_empty_list_of_activities_is_an_error() -> None:
    """A statement lists one activity at least."""
    with pytest.raises(FieldError) as caught:
        ActivitiesStatement(value=(), sources=("seed",))

    assert "value" == caught.value.field


def test_format_1_gives_the_preferred_list_of_activities_alone() -> None:
    """Written in format 1, the activities are the preferred list; the other lists are left out."""
    profile = picum.load()

    assert picum.load(FORMAT1_2016).activities == format1.downgrade(profile).activities


def test_format_1_leaves_out_a_deprecated_network_membership() -> None:
    """Format 1 states each membership as a fact: one ranked deprecated is not written."""
    profile = picum.load()
    assert profile.network_memberships is not None
    wrong, *standing = profile.network_memberships.items
    deprecated = attrs.evolve(wrong, rank=Rank.DEPRECATED, reason="The page lists it no more.")
    memberships = attrs.evolve(profile.network_memberships, items=(deprecated, *standing))

    written = format1.downgrade(attrs.evolve(profile, network_memberships=memberships))

    assert written.network_memberships is not None
    assert [item.id for item in standing] == [item.id for item in written.network_memberships.items]


def _model_classes() -> list[type]:
    """Every attrs class of the model, `picum.Organisation` and the classes its fields hold."""
    found: list[type] = []

    def visit(type_: object) -> None:
        if get_origin(type_) in {Union, types.UnionType, tuple}:
            for part in get_args(type_):
                visit(part)
        elif isinstance(type_, type) and attrs.has(type_) and type_ not in found:
            found.append(type_)
            for hint in get_type_hints(type_).values():
                visit(hint)

    visit(picum.Organisation)
    return found


def _lists_statements(hint: object) -> bool:
    """Tell whether a field's type is a list of statements: of ranked values (`picum.Rank`).

    A list of ranked items that have no `value` (network memberships, named members) lists
    facts of their own, each ranked, not the values of one fact.
    """
    return (
        get_origin(hint) is tuple
        and attrs.has(item := get_args(hint)[0])
        and get_type_hints(item).get("rank") is Rank
        and "value" in attrs.fields_dict(item)
    )


def test_every_list_of_statements_in_the_model_is_a_declared_history() -> None:
    """Each field of the model that holds statements is declared one (`history_of`), no other."""
    classes = _model_classes()
    expected = [
        (cls.__name__, name)
        for cls in classes
        for name, hint in get_type_hints(cls).items()
        if _lists_statements(hint)
    ]

    assert expected == [
        (cls.__name__, history.field) for cls in classes for history in histories(cls)
    ]


def test_each_history_is_named_after_its_fact_beside_the_attribute_that_answers() -> None:
    """A history is named ``{fact}_statements`` (the wire format), beside an attribute *fact*.

    The attribute answers for the fact: `Members.organisations`, `History.founded`, ...
    """
    declared = [(cls, history) for cls in _model_classes() for history in histories(cls)]

    assert [(f"{history.fact}_statements", True) for _, history in declared] == [
        (history.field, hasattr(cls, history.fact)) for cls, history in declared
    ]


def test_a_history_is_found_by_its_declaration_not_by_its_name() -> None:
    """A field declared with `history_of` is a history, whatever its name; others are not."""

    @attrs.frozen(kw_only=True)
    class Counts:
        counted: tuple[QuantityStatement, ...] = history_of("count")
        other_statements: tuple[QuantityStatement, ...] = ()

    assert (FactHistory(fact="count", field="counted"),) == histories(Counts)


def test_the_histories_of_an_instance_give_its_statements() -> None:
    """`histories` of an instance are its class's, and each gives the instance's statements."""
    members = picum.load().members
    assert members is not None

    assert (histories(picum.Members), members.organisations_statements) == (
        histories(members),
        histories(members)[3].statements(members),
    )
