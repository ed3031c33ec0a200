"""The query rules (`_query`): one reader, the same answers on the fast path and through Litestar."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest
from litestar.testing import TestClient

from picum_api._query import SEARCHED, Query, QueryError, Takes


if TYPE_CHECKING:
    from picum_api import Service

    Client = TestClient[Service]

PAGED_CITABLE = Takes(formats=("json", "csl", "bibtex"), paged=True)
DATED = Takes(formats=("json", "jsonld"), dated=True)


def _problem(read: Takes, query: str) -> str:
    with pytest.raises(QueryError) as raised:
        read.read(query.encode())
    return raised.value.detail


def test_a_parameter_the_resource_does_not_take_is_ignored() -> None:
    """Rule 1: unknown names, names in another case, parameters of other resources, any value."""
    expected = Query()

    actual = Takes().read(b"x=%ZZ&LIMIT=0&limit=ten&format=xml&as_of=never")

    assert expected == actual


def test_names_and_values_are_percent_decoded() -> None:
    """Rule 2: ``%6Cimit=%32`` is ``limit=2``; ``+`` is a space."""
    assert (Query(limit=2), "limit: Expected `int`, got `str`") == (
        PAGED_CITABLE.read(b"%6Cimit=%32"),
        _problem(PAGED_CITABLE, "limit=+2"),
    )


def test_a_byte_sent_unencoded_is_read_as_latin_1() -> None:
    """Rule 2: a byte over 127 in the query as it came is a Latin-1 character, not an error."""
    with pytest.raises(QueryError) as raised:
        PAGED_CITABLE.read(b"format=\xff")

    assert "format: Invalid enum value '\xff'" == raised.value.detail


def test_the_last_value_is_read() -> None:
    """Rule 3: a parameter given more than once is read from its last value."""
    expected = Query(offset=3, limit=2, format="csl")

    actual = PAGED_CITABLE.read(b"limit=0&offset=1&format=json&limit=2&format=csl&offset=3")

    assert expected == actual


def test_a_day_is_read() -> None:
    """Rule 3: ``as_of`` is a day of the calendar."""
    assert Query(as_of=dt.date(2016, 2, 29)) == DATED.read(b"as_of=2016-02-29")


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("limit=0", "limit: Expected `int` >= 1"),
        ("limit=501", "limit: Expected `int` <= 500"),
        ("limit=" + "9" * 7_000, "limit: Expected `int` <= 500"),
        ("limit=1e1000000000000000000", "limit: Expected `int` <= 500"),
        ("limit=-1e1000000000000000000", "limit: Expected `int` >= 1"),
        ("offset=1e-99999999999999999999999", "offset: Expected `int`, got `str`"),
        ("offset=-1", "offset: Expected `int` >= 0"),
        ("limit=01", "limit: Expected `int`, got `str`"),
        ("limit=1.5", "limit: Expected `int`, got `str`"),
        ("limit=", "limit: Expected `int`, got `str`"),
        ("limit=null", "limit: Expected `int`, got `str`"),
        ("format=xml", "format: Invalid enum value 'xml'"),
        ("format=", "format: Invalid enum value ''"),
    ],
)
def test_a_last_value_that_cannot_be_read_is_named(query: str, detail: str) -> None:
    """Rule 3: the parameter whose last value cannot be read is named, with why."""
    assert detail == _problem(PAGED_CITABLE, query)


def test_every_parameter_whose_last_value_cannot_be_read_is_named_in_order() -> None:
    """Rule 3: all of them, in the order the resource lists them, whatever the query's."""
    expected = "offset: Expected `int`, got `str`; limit: Expected `int` >= 1; format: Invalid enum value 'x'"

    actual = _problem(PAGED_CITABLE, "format=x&limit=0&offset=a")

    assert expected == actual


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("as_of=2016-02-30", "as_of: Invalid RFC3339 encoded date"),
        ("as_of=2016-1-1", "as_of: Invalid RFC3339 encoded date"),
        ("as_of=20160101", "as_of: Invalid RFC3339 encoded date"),
        ("as_of=", "as_of: Invalid RFC3339 encoded date"),
        ("as_of=\u0662\u0660\u0661\u0666-01-01", "as_of: Invalid RFC3339 encoded date"),
    ],
)
def test_a_day_that_cannot_be_read_is_named(query: str, detail: str) -> None:
    """Rule 3: a day is ``YYYY-MM-DD`` in ASCII digits, and a day of the calendar."""
    assert detail == _problem(DATED, query)


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("limit=1e2", "limit: Expected `int` in digits, got '1e2'"),
        ("limit=1.0", "limit: Expected `int` in digits, got '1.0'"),
        ("offset=-0", "offset: Expected `int` in digits, got '-0'"),
        (
            "offset=0e1000000000000000000",
            "offset: Expected `int` in digits, got '0e1000000000000000000'",
        ),
        ("limit=ten&limit=2", "limit: Expected `int` in digits, got 'ten'"),
        ("offset=1&offset=x&offset=2", "offset: Expected `int` in digits, got 'x'"),
        ("format=xml&format=csl", "format: Invalid enum value 'xml'"),
        ("format=null", "format: Invalid enum value 'null'"),
    ],
)
def test_every_value_must_have_its_form(query: str, detail: str) -> None:
    """Rule 4: a value that is not in digits, or not a format, is named, last or not."""
    assert detail == _problem(PAGED_CITABLE, query)


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("as_of=2016-01-01&as_of=2016-01-01", "as_of: give it once, not 2 times"),
        ("as_of=NULL", "as_of: Expected a day, YYYY-MM-DD, got 'NULL'"),
        ("format=Null&as_of=2016-01-01", "format: Invalid enum value 'Null'"),
    ],
)
def test_a_day_is_given_once_and_as_a_day(query: str, detail: str) -> None:
    """Rule 4: ``as_of`` once, ``YYYY-MM-DD``; ``null`` in any case is no format and no day."""
    assert detail == _problem(DATED, query)


def test_what_each_resource_takes_is_listed_in_order() -> None:
    """Pages, then a format where there are several, then a day: as the OpenAPI lists them."""
    expected = [
        [],
        ["offset", "limit"],
        ["format"],
        ["offset", "limit", "format"],
        ["format", "as_of"],
        ["offset", "limit", "q", "type", "country"],
    ]

    actual = [
        [parameter.name for parameter in takes.parameters]
        for takes in (
            Takes(),
            Takes(paged=True),
            Takes(formats=("json", "csl", "bibtex")),
            PAGED_CITABLE,
            DATED,
            SEARCHED,
        )
    ]

    assert expected == actual


def test_a_search_reads_its_text_type_and_country() -> None:
    """A search's text is percent-decoded, as any value is; a type and a country are read."""
    expected = Query(q="café à Liège", type="consortium", country="BE")

    actual = SEARCHED.read(b"q=caf%C3%A9+%C3%A0%20Li%C3%A8ge&type=consortium&country=BE")

    assert expected == actual


@pytest.mark.parametrize(
    ("query", "detail"),
    [
        ("type=NULL", "type: Invalid enum value 'NULL'"),
        ("country=null", "country: Invalid enum value 'null'"),
        ("country=Null&type=null", "type: Invalid enum value 'null'"),
        (
            "q=" + "x" * 201 + "&country=xx",
            "q: Expected at most 200 characters, got 201; country: Expected an ISO 3166-1 alpha-2 country code, got 'xx'",
        ),
    ],
)
def test_a_search_names_the_type_or_country_it_cannot_take(query: str, detail: str) -> None:
    """Rules 3 and 4 for a search: ``null`` is no type and no country, and refused as a format is."""
    assert detail == _problem(SEARCHED, query)


def test_an_empty_search_is_no_search() -> None:
    """An empty ``q`` looks for nothing: the query finds every organisation."""
    assert Query() == SEARCHED.read(b"q=")


@pytest.fixture
def both(client: Client, slow: Client) -> tuple[Client, Client]:
    """The client of the app with its fast path, and the one of the app without."""
    return client, slow


#: Each parameter of each kind of resource: two values it takes, and one it refuses.
PARAMETERS = [
    ("/v2/activities", "offset", "0", "1", "ten"),
    ("/v2/activities", "limit", "1", "2", "1e2"),
    ("/activities", "limit", "3", "2", "0"),
    ("/v1/memberships", "limit", "3", "2", "0"),
    ("/v2/citations", "format", "json", "csl", "xml"),
    ("/v2/citations", "limit", "1", "2", "501"),
    ("/v2/citations/craig-lynk-2006", "format", "bibtex", "csl", "null"),
    ("/v1/sources", "offset", "1", "2", "-1"),
    ("/v2/sources", "limit", "1", "2", "1e1000000000000000000"),
    ("/v2/sources", "format", "bibtex", "json", "JSON"),
    ("/v1/organisation", "format", "json", "jsonld", "csl"),
    ("/v2/organisation", "format", "jsonld", "json", ""),
    ("/organisation", "format", "jsonld", "json", "bibtex"),
    ("/v2/organisation", "as_of", "2016-01-01", "2020-06-15", "2016-02-30"),
    ("/v2/organisation/answers", "as_of", "2016-01-01", "2020-06-15", "yesterday"),
    ("/v2/organisations", "q", "platform", "KOK", "x" * 201),
    ("/v2/organisations", "type", "consortium", "non_governmental_organisation", "NGO"),
    ("/v2/organisations", "country", "BE", "DE", "be"),
    ("/v2/organisations", "limit", "1", "2", "0"),
    ("/v2/organisations/kok", "format", "jsonld", "json", "csl"),
    ("/v2/organisations/picum", "as_of", "2016-01-01", "2020-06-15", "2016-13-01"),
    ("/v2/organisations/picum/members", "offset", "1", "2", "-1"),
]
#: How each parameter is sent: once, twice, refused, percent-encoded, beside others.
CASES = [
    "once",
    "repeated",
    "refused",
    "an earlier value refused",
    "percent-encoded",
    "beside unknown ones",
]


def _query(case: str, name: str, values: tuple[str, str, str]) -> str:
    """Make the query of *case*, with a parameter's two values it takes and one it refuses."""
    first, second, bad = values
    queries = {
        "once": f"{name}={second}",
        "repeated": f"{name}={first}&{name}={second}",
        "refused": f"{name}={bad}",
        "an earlier value refused": f"{name}={bad}&{name}={second}",
        "percent-encoded": "".join(f"%{byte:02X}" for byte in name.encode())
        + "="
        + "".join(f"%{byte:02X}" for byte in second.encode()),
        "beside unknown ones": f"x={bad}&{name}={second}&{name.upper()}={bad}",
    }
    return queries[case]


def _answer(client: Client, url: str) -> tuple[int, str, bytes]:
    response = client.get(url, headers={"Accept-Encoding": "identity"})
    detail = response.json()["detail"] if response.status_code >= 400 else ""
    return response.status_code, detail, b"" if detail else response.content


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(
    ("path", "name", "first", "second", "bad"),
    PARAMETERS,
    ids=[f"{path}?{name}" for path, name, *_ in PARAMETERS],
)
def test_each_parameter_gets_the_documented_answer_on_both_paths(  # noqa: PLR0913, PLR0917 - a row
    both: tuple[Client, Client], path: str, name: str, first: str, second: str, bad: str, case: str
) -> None:
    """Repeated, refused, encoded or beside others: both paths answer as the rules say.

    The value is read from the last one given (``as_of`` must be given once); a value without
    its parameter's form is a 400 naming the parameter wherever it is, one out of bounds only
    where it is the last; encoding and unknown parameters change nothing.
    """
    url = f"{path}?{_query(case, name, (first, second, bad))}"
    plain = _answer(both[0], f"{path}?{name}={second}")
    in_form = name in {"offset", "limit"} and bad.isascii() and bad.isdigit()
    if case == "repeated" and name == "as_of":
        expected = (400, "as_of: give it once, not 2 times", b"")
    elif case == "refused" or (case == "an earlier value refused" and not in_form):
        expected = (400, name, b"")
    else:
        expected = plain

    answers = [_answer(client, url) for client in both]

    assert [expected, expected] == [
        (status, detail.partition(":")[0] if detail and expected[1] == name else detail, body)
        for status, detail, body in answers
    ]
    assert (200, b"") != (plain[0], plain[2])
