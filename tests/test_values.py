from __future__ import annotations

from datetime import date

import pytest

from picum import Completeness, Country, FieldError, Qualifier, Quantity, UncertainDate, edtf_bounds


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        (Qualifier.EXACT, "2,400"),
        (Qualifier.APPROXIMATELY, "about 2,400"),
        (Qualifier.MORE_THAN, "more than 2,400"),
        (Qualifier.AT_LEAST, "at least 2,400"),
    ],
)
def test_quantity_reads_as_the_source_says_it(qualifier: Qualifier, expected: str) -> None:
    """A quantity prints with its qualifier in words."""
    assert expected == str(Quantity(amount=2400, qualifier=qualifier))


def test_quantity_is_exact_unless_qualified() -> None:
    """Without a qualifier, a quantity is exact."""
    assert Qualifier.EXACT == Quantity(amount=107).qualifier


def test_quantity_rejects_negative_amounts() -> None:
    """A count cannot be negative; the error names the field."""
    with pytest.raises(FieldError, match="amount: must be 0 or more"):
        Quantity(amount=-1)


@pytest.mark.parametrize(
    ("edtf", "earliest", "latest"),
    [
        ("1999", date(1999, 1, 1), date(1999, 12, 31)),
        ("2000-11", date(2000, 11, 1), date(2000, 11, 30)),
        ("2000-02", date(2000, 2, 1), date(2000, 2, 29)),
        ("2016-10-31", date(2016, 10, 31), date(2016, 10, 31)),
        ("2000-11?", date(2000, 11, 1), date(2000, 11, 30)),
        ("1995~", date(1995, 1, 1), date(1995, 12, 31)),
        ("1995%", date(1995, 1, 1), date(1995, 12, 31)),
        ("1995/1999", date(1995, 1, 1), date(1999, 12, 31)),
        ("1995~/1999-06", date(1995, 1, 1), date(1999, 6, 30)),
        ("2000/2000-01", date(2000, 1, 1), date(2000, 1, 31)),
        ("2000-11/..", date(2000, 11, 1), None),
        ("2000-11/", date(2000, 11, 1), None),
        ("../1999", None, date(1999, 12, 31)),
        ("/1999", None, date(1999, 12, 31)),
        ("[1995..1999]", date(1995, 1, 1), date(1999, 12, 31)),
        ("[1667, 1668, 1670..1672]", date(1667, 1, 1), date(1672, 12, 31)),
        ("[1999,1995]", date(1995, 1, 1), date(1999, 12, 31)),
        ("[..1760-12-03]", None, date(1760, 12, 3)),
        ("[..1760, 1765]", None, date(1765, 12, 31)),
        ("[1760-12..]", date(1760, 12, 1), None),
    ],
)
def test_edtf_bounds(edtf: str, earliest: date | None, latest: date | None) -> None:
    """An EDTF date, interval or set may mean any day from its earliest to its latest."""
    assert (earliest, latest) == edtf_bounds(edtf)


@pytest.mark.parametrize(
    ("edtf", "reason"),
    [
        ("late 1990s", "not an EDTF date"),
        ("199", "not an EDTF date"),
        ("1999-1", "not an EDTF date"),
        ("1999??", "not an EDTF date"),
        ("0000", "from 0001 on"),
        ("1999-13", "has no month 13"),
        ("1999-00", "has no month 00"),
        ("2001-02-29", "has no day 29"),
        ("2001-04-00", "has no day 00"),
        ("1999/1995", "ends before it starts"),
        ("../..", "neither a start nor an end"),
        ("/", "neither a start nor an end"),
        ("1995/1999/2000", "not an EDTF date"),
        ("[1995]", "a set of one date"),
        ("[]", "not an EDTF set"),
        ("[..]", "neither a start nor an end"),
        ("[1995~..1999]", "without \\?, ~ or %"),
        ("[1995, 1996?]", "without \\?, ~ or %"),
        ("[2000-01..2000]", "of one precision"),
        ("[1999..1995]", "ends before it starts"),
        ("[ 1995..1999]", "not an EDTF set"),
        ("[1995..1999..2000]", "not an EDTF set"),
        ("[1995/1999]", "not an EDTF set"),
        ("[1995,]", "not an EDTF set"),
        ("[1995, ..1999]", "only a set's first range may open its start"),
        ("[1995.., 1999]", "only a set's first range may open its start"),
        ("[..1995, 1997..]", "open at both ends"),
    ],
)
def test_edtf_rejects(edtf: str, reason: str) -> None:
    """Malformed dates, impossible days and backward intervals are errors that say why."""
    with pytest.raises(ValueError, match=reason):
        edtf_bounds(edtf)


def test_uncertain_date_bounds() -> None:
    """An uncertain date knows the first and last day it may mean."""
    span = UncertainDate(edtf="1995/1999", label="1995 to 1999")

    assert (date(1995, 1, 1), date(1999, 12, 31)) == (span.earliest, span.latest)


def test_uncertain_date_reads_as_the_source_says_it() -> None:
    """An uncertain date prints in the source's words, or as EDTF where there are none."""
    assert ["1995 to 1999", "1995/1999"] == [
        str(UncertainDate(edtf="1995/1999", label="1995 to 1999")),
        str(UncertainDate(edtf="1995/1999")),
    ]


def test_uncertain_date_rejects_bad_edtf() -> None:
    """An invalid EDTF string is an error on the `edtf` field."""
    with pytest.raises(FieldError, match="edtf: 'late 1990s' is not an EDTF date"):
        UncertainDate(edtf="late 1990s")


def test_country_name() -> None:
    """A country knows its ISO 3166-1 name and prints as it."""
    assert ("Netherlands", "Germany") == (Country(code="NL").name, str(Country(code="DE")))


@pytest.mark.parametrize("code", ["XX", "be", "BEL", ""])
def test_country_rejects_what_is_no_alpha_2_code(code: str) -> None:
    """Only upper-case ISO 3166-1 alpha-2 codes name countries."""
    with pytest.raises(FieldError, match="not an ISO 3166-1 alpha-2 country code"):
        Country(code=code)


def test_completeness_values() -> None:
    """Completeness has the three wire values the data uses."""
    assert ["complete", "partial", "not_in_source"] == [c.value for c in Completeness]
