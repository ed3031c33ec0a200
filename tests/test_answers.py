"""`picum.answers`: for each fact with statements, the statement chosen, why, and from when."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import picum
from picum import Answer, Quantity, Rank, UncertainDate


@pytest.fixture(scope="module")
def org() -> picum.Organisation:
    """The bundled profile."""
    return picum.load()


def _answer(org: picum.Organisation, fact: str) -> Answer:
    return next(answer for answer in picum.answers(org) if answer.fact == fact)


def test_the_member_organisations_are_the_curators_choice(org: picum.Organisation) -> None:
    """164 member organisations, from PICUM's members page, preferred with the curator's reason."""
    chosen = org.members.organisations_statements[2] if org.members else None
    assert chosen is not None
    expected = Answer(
        fact="members.organisations",
        index=2,
        value=Quantity(amount=164),
        as_of=None,
        rank=Rank.PREFERRED,
        reason=chosen.reason or "",
        by_curator=True,
        known_on=dt.date(2026, 11, 30),
        quote=chosen.quote,
        sources=("picum-members-page",),
    )

    assert expected == _answer(org, "members.organisations")


def test_the_founding_is_2001(org: picum.Organisation) -> None:
    """The founding answer is 2001, from PICUM's About page."""
    answer = _answer(org, "history.founded")

    assert (UncertainDate(edtf="2001"), ("picum-about-page",)) == (answer.value, answer.sources)


def test_a_rule_chosen_answer_says_the_day_it_is_known_on(org: picum.Organisation) -> None:
    """The ordinary members are the rule's choice, known on the day the seed's article held."""
    answer = _answer(org, "members.ordinary")

    assert (False, "the statement known latest (known on 2016-10-31)", dt.date(2016, 10, 31)) == (
        answer.by_curator,
        answer.reason,
        answer.known_on,
    )


def test_every_fact_with_statements_has_one_answer_in_the_wire_formats_order(
    org: picum.Organisation,
) -> None:
    """One answer per fact the bundled profile has statements for, in the order of its fields."""
    expected = [
        "members.total",
        "members.affiliated",
        "members.ordinary",
        "members.organisations",
        "members.individuals",
        "members.countries",
        "history.founded",
        "activities",
        "newsletter.language_count",
        "newsletter.audience",
        "headquarters.place",
    ]

    assert expected == [answer.fact for answer in picum.answers(org)]


def test_a_fact_without_statements_has_no_answer(org: picum.Organisation) -> None:
    """Members without counts of members, no newsletter, no history: their facts are absent."""
    assert org.members is not None
    members = attrs.evolve(
        org.members,
        total_statements=(),
        affiliated_statements=(),
        ordinary_statements=(),
        organisations_statements=(),
        individuals_statements=(),
    )
    bare = attrs.evolve(org, members=members, newsletter=None, history=None)

    assert ["members.countries", "activities", "headquarters.place"] == [
        answer.fact for answer in picum.answers(bare)
    ]


def test_every_answer_reads_back_as_it_was_written(org: picum.Organisation) -> None:
    """Answers of each kind of value (counts, a date, a place, lists of ids) survive the wire."""
    written = picum.answers(org)

    assert list(written) == [picum.loads(picum.dumps(answer), Answer) for answer in written]


def test_the_bundled_answers_have_every_kind_of_value(org: picum.Organisation) -> None:
    """The bundled profile answers with counts, a date, a place and a list of ids."""
    kinds = {type(answer.value) for answer in picum.answers(org)}

    assert {Quantity, UncertainDate, picum.Place, tuple} == kinds


def test_a_value_of_no_kind_is_reported_at_its_path(org: picum.Organisation) -> None:
    """An answer whose value is a number is refused, naming `$.value`."""
    document = picum.dumps(_answer(org, "members.total")).replace(
        b'"value":{"amount":180,"qualifier":"more_than"}', b'"value":180'
    )

    with pytest.raises(picum.ValidationError) as raised:
        picum.loads(document, Answer)

    assert ["$.value"] == [problem.path for problem in raised.value.errors]


def test_an_unknown_fact_is_reported_at_its_path(org: picum.Organisation) -> None:
    """An answer for a fact the model has no statements for is refused, naming `$.fact`."""
    document = picum.dumps(_answer(org, "members.total")).replace(
        b'"fact":"members.total"', b'"fact":"members.ghosts"'
    )

    with pytest.raises(picum.ValidationError) as raised:
        picum.loads(document, Answer)

    assert [("$.fact", True)] == [
        (problem.path, problem.message.startswith("'members.ghosts' is not one of members.total"))
        for problem in raised.value.errors
    ]
