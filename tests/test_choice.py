"""`picum.choose` and `picum.known_on`: the answer for a fact, from what day, and why."""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest

import picum
from picum import FieldError, Quantity, QuantityStatement, Rank, UncertainDate


SEED = "wikipedia-2016-10-31"
#: A source that states no date of its own and was read on 30 November 2026.
MEMBERS_PAGE = "picum-members-page"


@pytest.fixture(scope="module")
def org() -> picum.Organisation:
    """The bundled profile."""
    return picum.load()


def _count(
    amount: int, *sources: str, edtf: str | None = None, **rank: object
) -> QuantityStatement:
    as_of = None if edtf is None else UncertainDate(edtf=edtf)
    return QuantityStatement(
        value=Quantity(amount=amount),
        as_of=as_of,
        sources=sources,
        **rank,  # type: ignore[arg-type]
    )


def test_known_on_is_the_last_day_as_of_may_mean(org: picum.Organisation) -> None:
    """``[..2016-10-31]`` is known on 31 October 2016, ``2015-05`` on 31 May 2015."""
    assert [dt.date(2016, 10, 31), dt.date(2015, 5, 31)] == [
        picum.known_on(org, _count(1, SEED, edtf="[..2016-10-31]")),
        picum.known_on(org, _count(1, SEED, edtf="2015-05")),
    ]


def test_an_interval_open_at_its_end_is_known_from_its_start(org: picum.Organisation) -> None:
    """``2000/..`` has no last day: it is known from its first."""
    assert dt.date(2000, 1, 1) == picum.known_on(org, _count(1, SEED, edtf="2000/.."))


def test_an_undated_statement_is_known_from_its_sources_date_else_the_day_read(
    org: picum.Organisation,
) -> None:
    """Undated: the seed's own date, or the day the members page was read; of both, the earliest."""
    assert [dt.date(2016, 10, 31), dt.date(2026, 11, 30), dt.date(2016, 10, 31)] == [
        picum.known_on(org, _count(1, SEED)),
        picum.known_on(org, _count(1, MEMBERS_PAGE)),
        picum.known_on(org, _count(1, MEMBERS_PAGE, SEED)),
    ]


def test_a_source_read_in_a_copy_dates_by_the_day_the_copy_was_read(
    org: picum.Organisation,
) -> None:
    """The 2014 report states no day of its own: it is known from the day its copy was read."""
    assert dt.date(2026, 12, 7) == picum.known_on(org, _count(1, "picum-annual-report-2014"))


def test_choose_takes_the_statement_known_latest(org: picum.Organisation) -> None:
    """An undated figure read in 2026 answers before one held by 2016, and says why."""
    chosen = picum.choose(
        org, [_count(107, SEED, edtf="[..2016-10-31]"), _count(164, MEMBERS_PAGE)]
    )

    assert (164, "the statement known latest (known on 2026-11-30)", False) == (
        chosen and chosen.statement.value.amount,
        chosen and chosen.reason,
        chosen and chosen.by_curator,
    )


def test_choose_takes_the_curators_preferred_statement_and_its_reason(
    org: picum.Organisation,
) -> None:
    """A preferred statement answers before any known later, with the curator's reason."""
    marked = _count(25, SEED, edtf="[..2016-10-31]", rank=Rank.PREFERRED, reason="checked")
    chosen = picum.choose(org, [_count(164, MEMBERS_PAGE), marked])

    assert (
        picum.Choice(
            statement=marked, reason="checked", by_curator=True, known_on=dt.date(2016, 10, 31)
        )
        == chosen
    )


def test_a_preferred_statement_without_a_reason_says_the_curator_chose_it(
    org: picum.Organisation,
) -> None:
    """A reason beside preferred is optional; the choice then says a curator made it."""
    chosen = picum.choose(org, [_count(1, SEED, rank=Rank.PREFERRED)])

    assert ("marked preferred by the curator", True) == (
        chosen and chosen.reason,
        chosen and chosen.by_curator,
    )


def test_a_deprecated_statement_answers_only_where_all_are(org: picum.Organisation) -> None:
    """Where every statement is deprecated, the rule still answers, and says so."""
    wrong = _count(1, MEMBERS_PAGE, rank=Rank.DEPRECATED, reason="a typo")
    older = _count(2, SEED, rank=Rank.DEPRECATED, reason="superseded")
    chosen = picum.choose(org, [older, wrong])

    assert (wrong, "every statement is deprecated; this one comes first by the rule") == (
        chosen and chosen.statement,
        chosen and chosen.reason,
    )


def test_statements_known_on_no_day_answer_first_in_the_list(org: picum.Organisation) -> None:
    """Sources known by a permanent link alone date nothing: the first statement answers."""
    linked = picum.Source(
        id="linked", title="t", url="https://w.example", revision="https://w.example/1"
    )
    profile = attrs.evolve(org, sources=(*org.sources, linked))
    chosen = picum.choose(profile, [_count(1, "linked"), _count(2, "linked")])

    assert (1, "the first statement: none is known on a day", None) == (
        chosen and chosen.statement.value.amount,
        chosen and chosen.reason,
        chosen and chosen.known_on,
    )


def test_choose_of_no_statement_is_none(org: picum.Organisation) -> None:
    """A fact no source gives has no answer."""
    assert picum.choose(org, []) is None


def test_a_normal_statement_has_no_reason() -> None:
    """A reason stands beside a preferred or a deprecated statement, never a normal one."""
    with pytest.raises(FieldError) as caught:
        _count(1, SEED, reason="because")

    assert (
        "reason: only a preferred or deprecated statement has a reason; this one is ranked normal"
        == str(caught.value)
    )


def test_a_format_2_file_without_the_new_fields_loads() -> None:
    """Older format 2 files, without kinds, copies, quotes or identifiers, still load."""
    document = json.loads(picum.read_profile_file("tests/data/profile-2016-format-2.json"))
    org = picum.loads(json.dumps(document), picum.Organisation)

    assert (None, None, None, ()) == (
        org.sources[0].kind,
        org.sources[0].read_in,
        org.members and org.members.ordinary_statements[0].quote,
        org.identifiers,
    )
