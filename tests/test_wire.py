from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

import picum
from picum import Country, Organisation, Quantity, Source, UncertainDate


def problems_of(data: bytes | str, type_: type[Any] = Organisation) -> list[str]:
    """The problems picum reports for *data*, as text."""
    with pytest.raises(picum.ValidationError) as caught:
        picum.loads(data, type_)
    return [str(problem) for problem in caught.value.errors]


#: The ids of the bundled profile's sources, as a message about an unknown one lists them.
_SOURCE_IDS = sorted(source.id for source in picum.load().sources)
#: How a message names the bundled profile's 21 source ids: the first 20, then how many more.
KNOWN_SOURCE_IDS = ", ".join(_SOURCE_IDS[:20]) + f", and {len(_SOURCE_IDS) - 20} more"


def bundled_document() -> Any:
    """The bundled profile, as plain JSON data to spoil."""
    return json.loads(picum.bundled_profile())


def test_dumps_keys_in_declaration_order() -> None:
    """Keys appear in the order the model declares its fields."""
    source = Source(
        id="seed", title="PICUM", url="https://w.example", revision_date=date(2016, 10, 31)
    )

    assert list(json.loads(picum.dumps(source))) == [
        "id",
        "title",
        "publisher",
        "kind",
        "url",
        "revision",
        "revision_date",
        "accessed",
        "read_in",
        "licence",
        "attribution",
        "note",
    ]


def test_dumps_is_compact_utf8() -> None:
    """Text is written as UTF-8, not escaped, and compactly unless asked to be pretty."""
    assert b'{"edtf":"2000-11","label":"novembre 2000 \xc3\xa0 Bruxelles"}' == picum.dumps(
        UncertainDate(edtf="2000-11", label="novembre 2000 à Bruxelles")
    )


def test_dumps_pretty() -> None:
    """Pretty output is indented by two spaces and ends with a newline."""
    assert b'{\n  "amount": 7,\n  "qualifier": "exact"\n}\n' == picum.dumps(
        Quantity(amount=7), pretty=True
    )


def test_countries_are_codes_on_the_wire() -> None:
    """A country is written as its alpha-2 code, and read back from it."""
    assert (b'"BE"', Country(code="BE")) == (
        picum.dumps(Country(code="BE")),
        picum.loads(b'"BE"', Country),
    )


def test_dates_are_iso_on_the_wire() -> None:
    """A date is written YYYY-MM-DD."""
    assert b'"2016-10-31"' == picum.dumps(date(2016, 10, 31))


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (b'{"amount": "7"}', "$.amount: expected an integer, got a string"),
        (b'{"amount": 7.0}', "$.amount: expected an integer, got a number"),
        (b'{"amount": true}', "$.amount: expected an integer, got true or false"),
        (b'{"amount": 7, "qualifier": "roughly"}', "$.qualifier: 'roughly' is not one of"),
        (b'{"amount": 7, "qualifier": 1}', "$.qualifier: expected one of"),
        (
            b'{"amount": 7, "unit": "people"}',
            "$.unit: unknown field; the fields here are amount, qualifier",
        ),
        (b"{}", "$.amount: required field missing"),
        (b"[7]", "$: expected an object, got an array"),
        (b'{"amount": -7}', "$.amount: must be 0 or more, not -7"),
    ],
)
def test_loads_is_strict(document: bytes, expected: str) -> None:
    """Wrong types, unknown values and keys, and missing fields are errors; nothing is coerced."""
    (problem,) = problems_of(document, Quantity)

    assert problem.startswith(expected)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        (
            b'{"id": "s", "title": 7, "url": "https://w.example", "accessed": "2026-11-29"}',
            "$.title: expected a string, got a number",
        ),
        (
            b'{"id": "s", "title": "t", "url": "https://w.example", "revision_date": "20161031"}',
            "$.revision_date: '20161031' is not a date written YYYY-MM-DD",
        ),
        (
            b'{"id": "s", "title": "t", "url": "https://w.example", "revision_date": "2016-02-30"}',
            "$.revision_date: '2016-02-30' is not a date: day is out of range for month",
        ),
        (
            b'{"id": "s", "title": "t", "url": "https://w.example", "revision_date": 2016}',
            "$.revision_date: expected a date as a string (YYYY-MM-DD), got a number",
        ),
        (
            b'{"id": "s", "title": "t", "url": "https://w.example", "accessed": "2026-11-29", "licence": "CC-BY-SA-3.0"}',
            "$.licence: expected an object, got a string",
        ),
        (
            b'{"id": "s", "title": "t", "url": "picum.org", "accessed": "2026-11-29"}',
            "$.url: 'picum.org' is not an absolute http(s) URL",
        ),
        (
            b'{"id": "S", "title": "t", "url": "https://w.example", "accessed": "2026-11-29"}',
            "$.id: 'S' is not an id: use lower-case letters and digits joined by '-'",
        ),
        (
            b'{"id": "s", "title": "t", "accessed": "2026-11-29"}',
            "$.url: required field missing",
        ),
        (
            b'{"id": "s", "title": "t", "url": "https://w.example"}',
            (
                "$.read_in: say which version of the document was read: give its revision,"
                " the date it states (revision_date), the date it was read (accessed) or the"
                " copy it was read in (read_in)"
            ),
        ),
        (
            b'{"id": "s", "title": "t", "url": "https://w.example", "revision": "w.example/1"}',
            "$.revision: 'w.example/1' is not an absolute http(s) URL",
        ),
    ],
)
def test_loads_reports_the_path_of_a_bad_field(document: bytes, expected: str) -> None:
    """Each problem names the field it is in."""
    assert [expected] == problems_of(document, Source)


def test_a_string_is_not_a_list_of_letters() -> None:
    """Where an array belongs, a string is an error, not a sequence of characters."""
    document = b'{"id": "a", "title": "t", "description": "d", "sources": "seed"}'

    assert ["$.sources: expected an array, got a string"] == problems_of(document, picum.Activity)


def test_a_bad_country_code_is_reported_where_it_is() -> None:
    """A country code is checked at its own path, without a `.code` of its own."""
    assert ["$: 'XX' is not an ISO 3166-1 alpha-2 country code"] == problems_of(b'"XX"', Country)


def test_a_country_must_be_a_string() -> None:
    """A country is written as a code, not as an object."""
    assert ["$: expected an ISO 3166-1 alpha-2 country code, got an object"] == problems_of(
        b'{"code": "BE"}', Country
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "$: not valid JSON: Expecting value at line 1, column 1"),
        (b'{"id": ', "$: not valid JSON: Expecting value at line 1, column 8"),
        (b'{"id": "a", "id": "b"}', "$: not valid JSON: key 'id' appears twice in one object"),
        (b"NaN", "$: not valid JSON: NaN is not a JSON number"),
        (b'"\xff"', "$: not UTF-8 text: invalid start byte at byte 1"),
        (b'{"id": "a', "$: not valid JSON: Unterminated string starting at line 1, column 8"),
        (
            b"9" * 5000,
            "$: not valid JSON: a number of 5,000 digits; integers have 4,300 digits at most",
        ),
        (b"-" + b"9" * 4300, "$: expected an object, got a number"),
        ("[" * 100_000, "$: not valid here: JSON nested too deeply"),
    ],
)
def test_loads_rejects_what_is_not_json(data: bytes | str, expected: str) -> None:
    """Bytes that are not one UTF-8 JSON document are one problem at the root."""
    assert [expected] == problems_of(data)


def test_every_problem_of_a_document_is_reported() -> None:
    """Mistakes of every kind, all over a profile, are all listed, each with its path."""
    document = bundled_document()
    document["activities"][2]["title"] = 42
    document["activities"][0]["colour"] = "red"
    del document["identity"]["name"]
    document["history"]["initiator_countries"][1] = "XX"
    document["aim"]["sources"] = ["blog"]
    document["activities"][1]["id"] = "advocacy"

    problems = problems_of(json.dumps(document))

    assert [
        "$.identity.name: required field missing",
        "$.history.initiator_countries[1]: 'XX' is not an ISO 3166-1 alpha-2 country code",
        "$.activities[0].colour: unknown field; the fields here are id, title, description, sources",
        "$.activities[2].title: expected a string, got a number",
        (f"$.aim.sources[0]: no source 'blog'; known ids: {KNOWN_SOURCE_IDS}"),
        "$.activities[2].id: id 'advocacy' is already used by $.activities[1]",
    ] == problems


def test_reference_problems_alone_are_reported_once() -> None:
    """A document whose only mistakes are references lists each once."""
    document = bundled_document()
    document["citations"][0]["sources"] = ["seed"]

    assert [
        (f"$.citations[0].sources[0]: no source 'seed'; known ids: {KNOWN_SOURCE_IDS}")
    ] == problems_of(json.dumps(document))


def test_validation_error_message_lists_problems() -> None:
    """The error's text counts the problems and lists each on its own line."""
    with pytest.raises(picum.ValidationError) as caught:
        picum.loads(b'{"amount": "7", "qualifier": "roughly"}', Quantity)

    assert str(caught.value).splitlines() == [
        "2 problems found",
        "  $.amount: expected an integer, got a string",
        "  $.qualifier: 'roughly' is not one of 'exact', 'approximately', 'more_than', 'at_least'",
    ]


def test_converter_unstructures_to_plain_json_data() -> None:
    """The converter gives dicts, lists and scalars, ready for any JSON encoder."""
    converter = picum.make_converter()

    assert {"edtf": "1995/1999", "label": "1995 to 1999"} == converter.unstructure(
        UncertainDate(edtf="1995/1999", label="1995 to 1999")
    )


def test_a_wrong_type_does_not_hide_invalid_values_beside_it() -> None:
    """An object whose field has a wrong type still reports its other fields' invalid values.

    Problems are listed in the order of the document's fields.
    """
    document = bundled_document()
    document["id"] = "Not A Slug"
    document["activities"][0]["id"] = "Bad Id"
    document["activities"][0]["title"] = 5

    assert [
        "$.id: 'Not A Slug' is not an id: use lower-case letters and digits joined by '-'",
        "$.activities[0].id: 'Bad Id' is not an id: use lower-case letters and digits joined by '-'",
        "$.activities[0].title: expected a string, got a number",
    ] == problems_of(json.dumps(document))


def test_a_check_that_needs_a_failed_field_is_not_guessed() -> None:
    """A field whose check depends on a field that failed is not reported on its own."""
    assert ["$.isbn_13: expected a string, got a number"] == problems_of(
        b'{"isbn_13": 9780521854900, "isbn_10": "0521854903"}', picum.Isbn
    )
