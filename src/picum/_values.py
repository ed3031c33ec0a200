"""Small values the profile is made of: qualified quantities, uncertain dates, countries, places."""

from __future__ import annotations

import calendar
import enum
import re
from datetime import date
from typing import TYPE_CHECKING

import attrs
import iso3166

from . import _constraints


if TYPE_CHECKING:
    from collections.abc import Iterator


class Qualifier(enum.Enum):
    """How a source qualifies a number: exactly, about, more than or at least."""

    EXACT = "exact"
    APPROXIMATELY = "approximately"
    MORE_THAN = "more_than"
    AT_LEAST = "at_least"


_QUALIFIER_WORDS = {
    Qualifier.EXACT: "",
    Qualifier.APPROXIMATELY: "about ",
    Qualifier.MORE_THAN: "more than ",
    Qualifier.AT_LEAST: "at least ",
}


@attrs.frozen(kw_only=True)
class Quantity:
    """A count as the source gives it, with its qualifier kept.

    >>> str(Quantity(amount=2400, qualifier=Qualifier.MORE_THAN))
    'more than 2,400'
    """

    amount: int = attrs.field(validator=_constraints.non_negative)
    qualifier: Qualifier = Qualifier.EXACT

    def __str__(self) -> str:
        return f"{_QUALIFIER_WORDS[self.qualifier]}{self.amount:,}"


class Completeness(enum.Enum):
    """How much of a list the source gives: all of it, part of it, or none (lost or never given)."""

    COMPLETE = "complete"
    PARTIAL = "partial"
    NOT_IN_SOURCE = "not_in_source"


_EDTF_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?[?~%]?")
_OPEN = ".."
_UNKNOWN = ""
_SET_SEPARATOR = re.compile(", ?")
_QUALIFIERS = re.compile("[?~%]")
# A date, or a range of dates open at one end at most: what _date_bounds then reads strictly.
_SET_ELEMENT = re.compile(r"[0-9-]+|[0-9-]*\.\.[0-9-]*")


def _date_bounds(text: str) -> tuple[date, date]:
    """Return the first and last day an EDTF date (level 0, or level 1 qualified) may mean."""
    match = _EDTF_DATE.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not an EDTF date such as 1999, 2000-11 or 2000-11-20?")
    if match[1] == "0000":
        raise ValueError(f"{text!r}: picum reads years from 0001 on")
    year = int(match[1])
    if match[2] is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(match[2])
    if not 1 <= month <= 12:
        raise ValueError(f"{text!r} has no month {month:02}")
    last_day = calendar.monthrange(year, month)[1]
    if match[3] is None:
        return date(year, month, 1), date(year, month, last_day)
    day = int(match[3])
    if not 1 <= day <= last_day:
        raise ValueError(f"{text!r} has no day {day:02} in that month")
    return date(year, month, day), date(year, month, day)


def _interval_bounds(
    text: str, start: str, end: str, separator: str
) -> tuple[date | None, date | None]:
    open_ends = {_OPEN, _UNKNOWN} if separator == "/" else {_UNKNOWN}
    if start in open_ends and end in open_ends:
        raise ValueError(f"{text!r} is a range with neither a start nor an end")
    if separator == _OPEN and start and end and len(start) != len(end):
        raise ValueError(f"{text!r}: the ends of a range in a set are of one precision")
    earliest = None if start in open_ends else _date_bounds(start)[0]
    latest = None if end in open_ends else _date_bounds(end)[1]
    if earliest is not None and latest is not None and earliest > latest:
        raise ValueError(f"{text!r} ends before it starts")
    return earliest, latest


def _one_of_bounds(text: str) -> tuple[date | None, date | None]:
    """Bounds of an EDTF "one of a set" (``[1995..1999]``, ``[1667, 1670..1672]``)."""
    if _QUALIFIERS.search(text):
        raise ValueError(f"{text!r}: picum reads sets of plain dates, without ?, ~ or %")
    elements = _SET_SEPARATOR.split(text[1:-1])
    if not all(_SET_ELEMENT.fullmatch(element) for element in elements):
        raise ValueError(f"{text!r} is not an EDTF set such as [1995..1999] or [1667, 1670..1672]")
    if len(elements) == 1 and _OPEN not in elements[0]:
        raise ValueError(f"{text!r} is a set of one date: write the date alone")
    if any(element.startswith(_OPEN) for element in elements[1:]) or any(
        element.endswith(_OPEN) for element in elements[:-1]
    ):
        raise ValueError(f"{text!r}: only a set's first range may open its start, its last its end")
    bounds = [
        _interval_bounds(text, element.partition(_OPEN)[0], element.partition(_OPEN)[2], _OPEN)
        if _OPEN in element
        else _date_bounds(element)
        for element in elements
    ]
    starts, ends = [start for start, _ in bounds], [end for _, end in bounds]
    if None in starts and None in ends:
        raise ValueError(f"{text!r} is a set open at both ends")
    return (
        None if None in starts else min(filter(None, starts)),
        None if None in ends else max(filter(None, ends)),
    )


def edtf_bounds(text: str) -> tuple[date | None, date | None]:
    """Return the earliest and latest day an EDTF date, interval or set may mean (`None`: open).

    picum reads EDTF level 0 dates and intervals, with the level 1 qualifiers ``?`` (uncertain),
    ``~`` (approximate) and ``%`` (both), open (``..``) or unknown (empty) interval ends, and the
    level 2 "one of a set" (``[1995..1999]``: a single time, one of those years). Dates are
    checked against the calendar and an interval or range must not end before it starts; a
    ``ValueError`` says what is wrong otherwise.

    An interval (``1995/1999``) lasts from its start to its end; a set (``[1995..1999]``) is one
    time somewhere between them. Either way the bounds are the first and last day it may mean:

    >>> edtf_bounds("[1995..1999]")
    (datetime.date(1995, 1, 1), datetime.date(1999, 12, 31))
    >>> edtf_bounds("2000-11/..")
    (datetime.date(2000, 11, 1), None)
    """
    if text.startswith("[") and text.endswith("]"):
        return _one_of_bounds(text)
    if "/" not in text:
        return _date_bounds(text)
    start, _, end = text.partition("/")
    return _interval_bounds(text, start, end, "/")


# EDTF's grammar is beyond a useful JSON Schema: the schema says it is text, picum reads it.
@_constraints.constraint({"minLength": 1})
def _edtf(value: str) -> Iterator[_constraints.Finding]:
    try:
        edtf_bounds(value)
    except ValueError as exc:
        yield "", str(exc)


@attrs.frozen(kw_only=True)
class UncertainDate:
    """A date or period as precise as the source is, in EDTF, with the source's own words.

    >>> late_1990s = UncertainDate(edtf="[1995..1999]", label="late 1990s")
    >>> late_1990s.earliest.year, late_1990s.latest.year
    (1995, 1999)
    """

    edtf: str = attrs.field(validator=_edtf)
    label: str | None = attrs.field(default=None, validator=_constraints.optional_text)

    @property
    def earliest(self) -> date | None:
        """The first day the date may mean, or `None` where the start is open or unknown."""
        return edtf_bounds(self.edtf)[0]

    @property
    def latest(self) -> date | None:
        """The last day the date may mean, or `None` where the end is open or unknown."""
        return edtf_bounds(self.edtf)[1]

    def __str__(self) -> str:
        return self.label or self.edtf


@_constraints.constraint({"enum": sorted(iso3166.countries_by_alpha2)})
def _alpha_2(value: str) -> Iterator[_constraints.Finding]:
    if value not in iso3166.countries_by_alpha2:
        yield "", f"{value!r} is not an ISO 3166-1 alpha-2 country code"


@attrs.frozen(kw_only=True)
class Country:
    """A country, by its ISO 3166-1 alpha-2 code; on the wire, just the code.

    >>> Country(code="BE").name
    'Belgium'
    """

    code: str = attrs.field(validator=_alpha_2)

    @property
    def name(self) -> str:
        """The country's short English name from ISO 3166-1."""
        return iso3166.countries_by_alpha2[self.code].apolitical_name

    def __str__(self) -> str:
        return self.name


@attrs.frozen(kw_only=True)
class Place:
    """A town or city and its country."""

    locality: str = attrs.field(validator=_constraints.text)
    country: Country
