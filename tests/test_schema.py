"""The published JSON Schema describes the wire format: picum's output always conforms."""

from __future__ import annotations

import json
import re
from typing import Any

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema.exceptions import ValidationError as SchemaError

import picum
from picum._json import is_array, is_object

from .strategies import EVERY_TYPE, organisations


SCHEMA = picum.json_schema()
# Formats are assertions here ("date" is a date), as they are for picum's loader.
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def errors_of(validator: jsonschema.Draft202012Validator, instance: Any) -> list[SchemaError]:
    """Every error of *instance* against *validator*'s schema."""
    return list(validator.iter_errors(instance))  # pyright: ignore[reportUnknownMemberType]


def keyword_of(error: SchemaError) -> str:
    """The keyword that failed, looking inside the non-null branch of a nullable value."""
    return keyword_of(error.context[0]) if error.context else str(error.validator)


def validator_for(type_: type[Any]) -> jsonschema.Draft202012Validator:
    """A validator of the schema of one type of the model: the profile's, or its own (`Answer`)."""
    definitions = SCHEMA["$defs"]
    if type_.__name__ not in definitions:
        definitions = picum.json_schema_definitions(type_)
    return jsonschema.Draft202012Validator(
        {"$ref": f"#/$defs/{type_.__name__}", "$defs": definitions}
    )


def test_the_schema_is_valid_json_schema() -> None:
    """The document is a valid JSON Schema 2020-12."""
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_the_bundled_profile_conforms() -> None:
    """The bundled profile file is valid against the schema."""
    assert [] == errors_of(VALIDATOR, json.loads(picum.bundled_profile()))


@pytest.mark.parametrize("type_", list(EVERY_TYPE), ids=lambda type_: type_.__name__)
@given(data=st.data())
def test_every_value_conforms(type_: type[Any], data: st.DataObject) -> None:
    """The wire format of any value of any type is valid against that type's schema."""
    value = data.draw(EVERY_TYPE[type_])

    assert [] == errors_of(validator_for(type_), json.loads(picum.dumps(value)))


@pytest.mark.parametrize(
    ("path", "value", "keyword"),
    [
        (("activities", 0, "title"), 7, "type"),
        (("activities", 0, "title"), "", "minLength"),
        (("activities", 0, "title"), " x", "pattern"),
        (("activities", 0, "title"), "   ", "pattern"),
        (("newsletter", "languages"), ["en", "English"], "pattern"),
        (("activities", 0, "id"), "Advocacy", "pattern"),
        (("activities", 0, "sources"), [], "minItems"),
        (("members", "ordinary_statements", 0, "value", "amount"), -1, "minimum"),
        (("members", "ordinary_statements", 0, "value", "qualifier"), "roughly", "enum"),
        (("history", "initiator_countries", 0), "XX", "enum"),
        (("citations", 0, "isbn", "isbn_13"), "978-0-521-85490-0", "pattern"),
        (("website", "url"), "picum.org", "pattern"),
        # A final new line: Python's `$` would let it through.
        (("activities", 0, "title"), "x\n", "pattern"),
        (("activities", 0, "id"), "advocacy\n", "pattern"),
        (("newsletter", "languages"), ["en\n"], "pattern"),
        (("citations", 0, "isbn", "isbn_13"), "9780521854900\n", "pattern"),
        (("website", "url"), "https://picum.org\n", "pattern"),
    ],
)
def test_the_schema_rejects_what_picum_rejects(
    path: tuple[str | int, ...], value: object, keyword: str
) -> None:
    """The constraints of the validators that JSON Schema can say, it says."""
    document = json.loads(picum.bundled_profile())
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value

    assert keyword in {keyword_of(error) for error in errors_of(VALIDATOR, document)}


def test_unknown_keys_are_not_allowed() -> None:
    """Every object of the schema forbids keys the model does not know."""
    document = json.loads(picum.bundled_profile())
    document["aim"]["colour"] = "red"

    assert ["additionalProperties"] == [error.validator for error in errors_of(VALIDATOR, document)]


def test_definitions_refer_with_the_prefix_asked_for() -> None:
    """Definitions made for OpenAPI refer to each other as OpenAPI components."""
    definitions = picum.json_schema_definitions(picum.Quantity, ref_prefix="#/components/schemas/")

    assert {"$ref": "#/components/schemas/Qualifier"} == definitions["Quantity"]["properties"][
        "qualifier"
    ]


def test_only_model_types_have_a_schema() -> None:
    """Asking for the schema of a type the wire format does not know is a TypeError."""
    with pytest.raises(TypeError, match="no JSON Schema for"):
        picum.json_schema_definitions(complex)


Path = tuple[str | int, ...]


def _places(node: object, path: Path = ()) -> list[Path]:
    """Every place of a document that holds a value: each key of an object, each item of a list."""
    places: list[Path] = [path] if path else []
    if is_object(node):
        for key, value in node.items():
            places += _places(value, (*path, key))
    elif is_array(node):
        for index, item in enumerate(node):
            places += _places(item, (*path, index))
    return places


#: Places whose rules need more than the value, which no JSON Schema says: references that must
#: resolve, ids that must be unique, the one founding, a correction's field, the activities
#: that are the preferred list of them, and values the schema says only in part (EDTF's
#: grammar, ISBN check digits).
_BEYOND_THE_SCHEMA = re.compile(
    r"""(?:.*\.)?(?:sources|citations)(?:\.\d+)?
      | (?:.*\.)?id
      | .*\.founding
      | citations\.\d+\.corrections(?:\.\d+(?:\.field)?)?
      | .*\.(?:edtf|date)
      | citations\.\d+\.isbn(?:\..*)?
      | citations\.\d+\.(?:editors|authors)
      | history\.milestones(?:\.\d+)?
      | activities(?:\.\d+)?
      | activities_statements(?:\.\d+(?:\.value(?:\.\d+)?)?)?
    """,
    re.VERBOSE,
)
_BUNDLED = json.loads(picum.bundled_profile())
_PLACES = [
    place
    for place in _places(_BUNDLED)
    if not _BEYOND_THE_SCHEMA.fullmatch(".".join(map(str, place)))
]
_TRICKY_TEXT = st.sampled_from(
    [
        *["", " ", "   ", "x", " x", "x ", "a\nb", "\n", "Advocacy", "a--b", "en", "EN", "BE"],
        *["XX", "https://example.org/a", "http://", "picum.org", "http://a b", "more_than"],
        *["x\n", "0\n", "en\n", "https://example.org/\n"],
    ]
)
_VALUES = st.one_of(
    _TRICKY_TEXT,
    st.text(max_size=3),
    st.integers(-2, 2),
    st.booleans(),
    st.none(),
    st.lists(_TRICKY_TEXT, max_size=2),
    st.dictionaries(_TRICKY_TEXT, _TRICKY_TEXT, max_size=1),
)


@settings(max_examples=500)
@given(st.sampled_from(_PLACES), _VALUES)
def test_the_schema_and_the_loader_agree(place: Path, value: object) -> None:
    """With one value of a valid profile changed, the schema and `picum.loads` agree on validity."""
    document = json.loads(picum.bundled_profile())
    parent = document
    for step in place[:-1]:
        parent = parent[step]
    parent[place[-1]] = value
    try:
        picum.loads(json.dumps(document), picum.Organisation)
    except picum.ValidationError:
        loads = False
    else:
        loads = True

    assert loads == (not errors_of(VALIDATOR, document))


def test_every_validator_declares_its_schema() -> None:
    """A validator that is not a declared constraint or rule has no schema: that is an error."""

    @attrs.frozen
    class Undeclared:
        name: str = attrs.field(validator=lambda _instance, _attribute, _value: None)

    with pytest.raises(TypeError, match=r"Undeclared\.name: its validator declares no JSON Schema"):
        picum.json_schema_definitions(Undeclared)


FORMAT_1 = jsonschema.Draft202012Validator(
    picum.json_schema(format=1), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def test_the_2016_file_conforms_to_the_schema_of_format_1() -> None:
    """The 2016-era profile file is valid against format 1's schema, and not format 2's."""
    document = json.loads(picum.read_profile_file("tests/data/profile-0.1.0.json"))

    assert ([], True) == (errors_of(FORMAT_1, document), bool(errors_of(VALIDATOR, document)))


@given(organisations())
def test_format_1_as_written_conforms_to_its_schema(profile: picum.Organisation) -> None:
    """Any profile written in format 1's shape is valid against format 1's schema."""
    document = json.loads(picum.dumps(picum.format1.downgrade(profile)))

    assert [] == errors_of(FORMAT_1, document)


def test_there_is_no_schema_of_an_unknown_format() -> None:
    """Asking for the schema of a format picum does not have is a `ValueError`."""
    with pytest.raises(ValueError, match="formats 1 and 2"):
        picum.json_schema(format=3)


def test_two_types_of_one_name_are_refused() -> None:
    """The current and the 2016-era `Organisation` cannot share a definition's name."""
    with pytest.raises(TypeError, match="both named 'Organisation'"):
        picum.json_schema_definitions(picum.Organisation, picum.format1.Organisation)


def test_a_type_is_named_as_asked() -> None:
    """`names` gives a type another name: its definition, its title and the references to it."""
    definitions = picum.json_schema_definitions(
        picum.format1.Organisation,
        picum.Organisation,
        names={type_: f"{type_.__name__}2" for type_ in picum.format1.NAMESAKES},
    )
    expected = ("Organisation2", {"anyOf": [{"$ref": "#/$defs/Members2"}, {"type": "null"}]})
    assert expected == (
        definitions["Organisation2"]["title"],
        definitions["Organisation2"]["properties"]["members"],
    )
