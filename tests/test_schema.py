"""The published JSON Schema describes the wire format: picum's output always conforms."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import given
from hypothesis import strategies as st
from jsonschema.exceptions import ValidationError as SchemaError

import picum

from .strategies import EVERY_TYPE


SCHEMA = picum.json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def errors_of(validator: jsonschema.Draft202012Validator, instance: Any) -> list[SchemaError]:
    """Every error of *instance* against *validator*'s schema."""
    return list(validator.iter_errors(instance))  # pyright: ignore[reportUnknownMemberType]


def keyword_of(error: SchemaError) -> str:
    """The keyword that failed, looking inside the non-null branch of a nullable value."""
    return keyword_of(error.context[0]) if error.context else str(error.validator)


def validator_for(type_: type[Any]) -> jsonschema.Draft202012Validator:
    """A validator of the schema of one type of the model."""
    return jsonschema.Draft202012Validator(
        {"$ref": f"#/$defs/{type_.__name__}", "$defs": SCHEMA["$defs"]}
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
        (("activities", 0, "id"), "Advocacy", "pattern"),
        (("activities", 0, "sources"), [], "minItems"),
        (("members", "ordinary", "amount"), -1, "minimum"),
        (("members", "ordinary", "qualifier"), "roughly", "enum"),
        (("history", "initiator_countries", 0), "XX", "enum"),
        (("citations", 0, "isbn", "isbn_13"), "978-0-521-85490-0", "pattern"),
        (("website", "url"), "picum.org", "pattern"),
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

    errors = errors_of(VALIDATOR, document)
    assert (1, keyword) == (len(errors), keyword_of(errors[0]))


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
