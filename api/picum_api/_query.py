"""A request's query: the parameters each resource takes, declared once, read once for both paths.

The handlers (`_resources`) and the fast path (`_fast`, through `_resources.query_reader`) read a
query with `Takes.read`; the OpenAPI document's query parameters are made from the same
declarations (`_openapi.query_parameter`). The rules, as the docs give them ("Query
parameters" in the HTTP API's page):

1. A parameter a resource does not take is ignored, whatever its value; names are
   case-sensitive.
2. The query is split at ``&``, and each field at its first ``=`` (a field without one is a
   name with an empty value); names and values are percent-decoded (UTF-8), ``+`` is a space.
3. Each parameter is read from its last value: ``offset`` and ``limit`` as whole numbers within
   their bounds, ``format`` as a format of the resource, ``as_of`` as a day, ``type`` as a type
   of organisation, ``country`` as an ISO 3166-1 alpha-2 code, ``q`` as text of at most
   `MAX_SEARCH` characters. ``null`` (in any case) passes this rule as no value, for ``format``,
   ``as_of``, ``type`` and ``country``; rule 4 refuses it. An empty ``q`` searches for nothing:
   it finds every profile.
4. Every value given must have the parameter's form, the last and the others: ``offset`` and
   ``limit`` in the digits 0 to 9, ``format`` a format of the resource, ``type`` a type of
   organisation, ``country`` a code, ``q`` at most `MAX_SEARCH` characters, ``as_of`` a day
   written ``YYYY-MM-DD``, and given once.

A query that breaks rule 3 gets a 400 naming each parameter wrong (``limit: Expected `int` <=
500; format: ...``); one that keeps it and breaks rule 4, a 400 naming a value wrong: the
format's first, else the day's, the offset's, the limit's.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import functools
import re
import urllib.parse
from collections.abc import Callable
from typing import Any, Final

import attrs
import iso3166

from picum import OrganisationType


#: The items of a page, unless ``limit`` says otherwise, and at most.
DEFAULT_LIMIT: Final = 50
MAX_LIMIT: Final = 500
#: Far beyond any list, and within the 64-bit integers that JSON consumers can count on.
MAX_OFFSET: Final = 1_000_000_000
#: The longest text a search (``q``) looks for, in characters: far beyond any name.
MAX_SEARCH: Final = 200


# A number as JSON writes one: a whole number may come as 1e2 or 1.0 (refused by rule 4).
_NUMBER = re.compile(
    r"(?P<sign>-?)(?P<digits>(?:0|[1-9][0-9]*)(?:\.[0-9]+)?)(?:[eE](?P<exponent>[+-]?[0-9]+))?"
)
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _whole_number(minimum: int, maximum: int) -> Callable[[str], int]:
    """Read a whole number within bounds, in the words Litestar used (rule 3)."""

    def whole_number(value: str) -> int:
        match = _NUMBER.fullmatch(value)
        number = None if match is None else _exactly(match)
        if number is None or number != number.to_integral_value():
            raise ValueError("Expected `int`, got `str`")
        if number < minimum:
            raise ValueError(f"Expected `int` >= {minimum}")
        if number > maximum:
            raise ValueError(f"Expected `int` <= {maximum}")
        return int(number)

    return whole_number


def _exactly(number: re.Match[str]) -> decimal.Decimal:
    """Give the value of a *number* `_NUMBER` matched, exactly, whatever its length.

    A Decimal holds any number of digits (``int()`` refuses over 4,300) and exponents up to
    10**18; beyond, the number is 0, or further from 0 than any bound (a huge exponent), or no
    whole number (a tiny one), which is all a reader needs to know.
    """
    try:
        return decimal.Decimal(number[0])
    except decimal.InvalidOperation:
        if not number["digits"].strip("0."):
            return decimal.Decimal(0)
        if number["exponent"].startswith("-"):
            return decimal.Decimal("0.5")
        return decimal.Decimal(f"{number['sign']}1e999999999")


def _day(value: str) -> dt.date | None:
    """Read a day, ``YYYY-MM-DD``, or ``null`` in any case (rule 3)."""
    if value.lower() == "null":
        return None
    if _DAY.fullmatch(value):
        with contextlib.suppress(ValueError):  # not a day of the calendar: 2016-02-30
            return dt.date.fromisoformat(value)
    raise ValueError("Invalid RFC3339 encoded date")


def _one_of(choices: tuple[str, ...]) -> Callable[[str], str | None]:
    """Read one of *choices*, or ``null`` in any case (rule 3)."""

    def one_of(value: str) -> str | None:
        if value.lower() == "null":
            return None
        if value not in choices:
            raise ValueError(f"Invalid enum value {value!r}")
        return value

    return one_of


def _country(value: str) -> str | None:
    """Read a country's ISO 3166-1 alpha-2 code, or ``null`` in any case (rule 3)."""
    if value.lower() == "null":
        return None
    if value not in iso3166.countries_by_alpha2:
        raise ValueError(f"Expected an ISO 3166-1 alpha-2 country code, got {value!r}")
    return value


def _text(value: str) -> str | None:
    """Read the text of a search, at most `MAX_SEARCH` characters (rule 3); empty: none."""
    if problem := _short_texts([value]):
        raise ValueError(problem)
    return value or None


def _short_texts(values: list[str]) -> str | None:
    """Say which of *values* is over `MAX_SEARCH` characters, if one is (rule 4)."""
    for value in values:
        if len(value) > MAX_SEARCH:
            return f"Expected at most {MAX_SEARCH} characters, got {len(value)}"
    return None


def _in_digits(values: list[str]) -> str | None:
    """Say which of *values* is not in the digits 0 to 9, if one is (rule 4)."""
    for value in values:
        if not (value.isascii() and value.isdigit()):
            return f"Expected `int` in digits, got {value!r}"
    return None


def _a_day_once(values: list[str]) -> str | None:
    """Say why *values* are not one day written ``YYYY-MM-DD``, if they are not (rule 4)."""
    if len(values) > 1:
        return f"give it once, not {len(values)} times"
    if not _DAY.fullmatch(values[0]):
        return f"Expected a day, YYYY-MM-DD, got {values[0]!r}"
    return None


def _each_one_of(choices: tuple[str, ...]) -> Callable[[list[str]], str | None]:
    """Say which of a parameter's values is none of *choices*, if one is (rule 4)."""

    def each_one_of(values: list[str]) -> str | None:
        for value in values:
            if value not in choices:
                return f"Invalid enum value {value!r}"
        return None

    return each_one_of


@attrs.frozen(kw_only=True)
class QueryParameter:
    """A query parameter: its name, what its value is read as, and how it is documented.

    `value` reads the last value given (`None`: no value), or raises `ValueError` saying why
    not (rule 3); `form` checks every value given (rule 4). The rest is its JSON Schema in the
    OpenAPI document (`_openapi.query_parameter`): `choices` its values, where they are a few.
    """

    name: str
    value: Callable[[str], object]
    #: Says why the values given (all of them) do not have the parameter's form, if they don't.
    form: Callable[[list[str]], str | None]
    description: str
    #: ``integer`` or ``string``.
    type: str
    choices: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    default: int | None = None
    #: A JSON Schema format: ``date``.
    format: str | None = None
    #: The most characters a value may have.
    max_length: int | None = None

    @classmethod
    def whole_number(
        cls, name: str, minimum: int, maximum: int, *, default: int, description: str
    ) -> QueryParameter:
        """Declare a parameter whose value is a whole number from *minimum* to *maximum*."""
        return cls(
            name=name,
            value=_whole_number(minimum, maximum),
            form=_in_digits,
            description=description,
            type="integer",
            minimum=minimum,
            maximum=maximum,
            default=default,
        )


OFFSET: Final = QueryParameter.whole_number(
    "offset", 0, MAX_OFFSET, default=0, description="How many items to skip."
)
LIMIT: Final = QueryParameter.whole_number(
    "limit", 1, MAX_LIMIT, default=DEFAULT_LIMIT, description="How many items to give at most."
)
AS_OF: Final = QueryParameter(
    name="as_of",
    value=_day,
    form=_a_day_once,
    description=(
        "A day (YYYY-MM-DD): the profile as its sources knew it then. Each fact holds the"
        " statements known by that day (from the last day their date may mean, or for an"
        " undated one its sources' date, else the day they were read), and its value is the"
        " chosen of those; milestones after the day are left out."
    ),
    type="string",
    format="date",
)
#: The types of organisation, as the wire format writes them.
_TYPES = tuple(type_.value for type_ in OrganisationType)
TYPE: Final = QueryParameter(
    name="type",
    value=_one_of(_TYPES),
    form=_each_one_of(_TYPES),
    description="Only the organisations of this type (`identity.type`).",
    type="string",
    choices=_TYPES,
)
_COUNTRIES = tuple(sorted(iso3166.countries_by_alpha2))
COUNTRY: Final = QueryParameter(
    name="country",
    value=_country,
    form=_each_one_of(_COUNTRIES),
    description=(
        "Only the organisations seated in this country (ISO 3166-1 alpha-2 code, such as BE),"
        " as the preferred statement of their headquarters says."
    ),
    type="string",
    choices=_COUNTRIES,
)
SEARCH: Final = QueryParameter(
    name="q",
    value=_text,
    form=_short_texts,
    description=(
        "Only the organisations whose name or acronym holds this text, anywhere, in any"
        " script; case and accents are ignored."
    ),
    type="string",
    max_length=MAX_SEARCH,
)
#: How each format is named where a resource offers it, in the ``format`` parameter's words.
_FORMAT_NAMES = {"json": "json", "jsonld": "jsonld", "csl": "csl (CSL-JSON)", "bibtex": "bibtex"}


@functools.cache
def _format(formats: tuple[str, ...]) -> QueryParameter:
    """Declare the ``format`` of a resource in *formats*, the default first (once for each)."""
    if formats == ("json", "jsonld"):
        named = "json or jsonld (schema.org)"
    else:
        named = ", ".join(_FORMAT_NAMES[format_] for format_ in formats)
    return QueryParameter(
        name="format",
        value=_one_of(formats),
        form=_each_one_of(formats),
        description=f"The format, for clients that cannot set Accept: {named}.",
        type="string",
        choices=formats,
    )


class QueryError(ValueError):
    """A query the resource cannot answer: `detail` names each parameter wrong, and why."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.detail = "; ".join(f"{name}: {why}" for name, why in problems)
        super().__init__(self.detail)


@attrs.frozen(kw_only=True)
class Query:
    """What a request's query asks of a resource: a page, a format, a day (`None`: not asked)."""

    offset: int = 0
    limit: int = DEFAULT_LIMIT
    format: str | None = None
    as_of: dt.date | None = None
    q: str | None = None
    type: str | None = None
    country: str | None = None


@attrs.frozen(kw_only=True)
class Takes:
    """The query parameters a resource takes: pages, formats, days.

    *formats* are the resource's formats, the default first; it takes a ``format`` where it
    has more than one.
    """

    formats: tuple[str, ...] = ("json",)
    paged: bool = False
    dated: bool = False
    #: Whether it finds organisations by text, type and country (``q``, ``type``, ``country``).
    searched: bool = False

    @property
    def parameters(self) -> tuple[QueryParameter, ...]:
        """The parameters it takes, in the order the OpenAPI document lists them."""
        return (
            *((OFFSET, LIMIT) if self.paged else ()),
            *((_format(self.formats),) if len(self.formats) > 1 else ()),
            *((AS_OF,) if self.dated else ()),
            *((SEARCH, TYPE, COUNTRY) if self.searched else ()),
        )

    def read(self, query: bytes) -> Query:
        """Read *query* (as it came, percent-encoded) by the rules above; raise `QueryError`."""
        taken = {parameter.name: parameter for parameter in self.parameters}
        given: dict[str, list[str]] = {}
        # Decoded as Litestar's own parser does: Latin-1 bytes, then percent-encoded UTF-8.
        for name, value in urllib.parse.parse_qsl(
            query.decode("latin-1"), keep_blank_values=True, separator="&"
        ):
            if name in taken:
                given.setdefault(name, []).append(value)
        values: dict[str, Any] = {}
        problems: list[tuple[str, str]] = []
        for name, given_values in given.items():
            try:
                values[name] = taken[name].value(given_values[-1])
            except ValueError as error:
                problems.append((name, str(error)))
        if problems:
            order = list(taken)
            raise QueryError(sorted(problems, key=lambda problem: order.index(problem[0])))
        for name in _FORMS_CHECKED:
            if name in given and (problem := taken[name].form(given[name])):
                raise QueryError([(name, problem)])
        # What is not given (or null) keeps `Query`'s default, the one the parameter declares.
        return Query(**{name: value for name, value in values.items() if value is not None})


#: The order rule 4 is checked in, the first value refused named: the order the handlers
#: checked the forms in, before there was one reader.
_FORMS_CHECKED = ("format", "as_of", "offset", "limit", "q", "type", "country")


#: What each kind of resource takes in its query, its formats included.
DATA: Final = Takes()
PAGED: Final = Takes(paged=True)
CITABLE: Final = Takes(formats=("json", "csl", "bibtex"))
PAGED_CITABLE: Final = Takes(formats=("json", "csl", "bibtex"), paged=True)
ANSWERS: Final = Takes(dated=True)
#: A list of the catalogue's organisations, and one of them.
SEARCHED: Final = Takes(paged=True, searched=True)
ORGANISATION: Final = Takes(formats=("json", "jsonld"), dated=True)
