"""A JSON Schema (2020-12) of the wire format, derived from the model's types and validators.

The schema describes what `picum.dumps` writes and `picum.loads` accepts: every key, its type,
which keys are required, and the constraints the validators check that JSON Schema can say
(ids are slugs, text is non-empty, counts are not negative, ...). Checks that need the whole
profile, such as references resolving, are beyond JSON Schema and stay with `picum.loads`.
"""

from __future__ import annotations

import enum
import inspect
import types
from datetime import date
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin, get_type_hints

import attrs

from . import _constraints, format1
from ._organisation import FORMAT, Organisation
from ._values import Country
from ._wire import SCHEMA_REFERENCE


if TYPE_CHECKING:
    from collections.abc import Callable, Mapping


JSONSchema = dict[str, Any]

_SCALARS: dict[object, JSONSchema] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    date: {"type": "string", "format": "date"},
}


def _constraints_of(type_: type, field: attrs.Attribute[Any]) -> JSONSchema:
    """Return the JSON Schema of a field's declared constraint; every validator declares one."""
    constraint = _constraints.constraint_of(field)
    if constraint is None and not isinstance(field.validator, _constraints.Rule | None):
        raise TypeError(
            f"{type_.__name__}.{field.name}: its validator declares no JSON Schema;"
            " make it a picum._constraints.Constraint (or a Rule)"
        )
    return dict(constraint.schema) if constraint else {}


def _description(type_: type) -> str:
    return (inspect.getdoc(type_) or "").split("\n\n")[0].replace("\n", " ")


class _Definitions:
    def __init__(self, ref_prefix: str, names: Mapping[type, str]) -> None:
        self.ref_prefix = ref_prefix
        self.names = names
        self.schemas: dict[str, JSONSchema] = {}
        self._types: dict[str, type] = {}

    def ref(self, type_: type, make: Callable[[str], JSONSchema]) -> JSONSchema:
        name = self.names.get(type_, type_.__name__)
        named = self._types.setdefault(name, type_)
        if named is not type_:
            raise TypeError(
                f"{named.__module__}.{named.__qualname__} and {type_.__module__}."
                f"{type_.__qualname__} are both named {name!r}: name one otherwise (names=)"
            )
        if name not in self.schemas:
            self.schemas[name] = {}  # a placeholder, so that recursive types end
            self.schemas[name] = make(name)
        return {"$ref": f"{self.ref_prefix}{name}"}

    def of(self, type_: object) -> JSONSchema:
        if type_ in _SCALARS:
            return dict(_SCALARS[type_])
        if type_ is Country:
            return self.ref(Country, self._country)
        if isinstance(type_, type) and issubclass(type_, enum.Enum):
            return self.ref(type_, lambda name: self._enum(name, type_))
        if isinstance(type_, type) and attrs.has(type_):
            return self.ref(type_, lambda name: self._object(name, type_))
        args = get_args(type_)
        if get_origin(type_) is tuple:
            return {"type": "array", "items": self.of(args[0])}
        if get_origin(type_) in {Union, types.UnionType}:
            null = [{"type": "null"}] if type(None) in args else []
            return {"anyOf": [self.of(arg) for arg in args if arg is not type(None)] + null}
        raise TypeError(f"no JSON Schema for {type_!r}")

    def _country(self, name: str) -> JSONSchema:
        return {
            "title": name,
            "description": _description(Country),
            "type": "string",
            **_constraints_of(Country, attrs.fields(Country).code),
        }

    def _enum(self, name: str, type_: type[enum.Enum]) -> JSONSchema:
        return {
            "title": name,
            "description": _description(type_),
            "type": "string",
            "enum": [member.value for member in type_],
        }

    def _object(self, name: str, type_: type) -> JSONSchema:
        hints = get_type_hints(type_)
        properties: dict[str, JSONSchema] = {}
        for field in attrs.fields(type_):
            schema = self.of(hints[field.name])
            properties[field.name] = _constrain(schema, _constraints_of(type_, field))
        rules = [
            dict(field.validator.object_schema)
            for field in attrs.fields(type_)
            if isinstance(field.validator, _constraints.Rule) and field.validator.object_schema
        ]
        return {
            "title": name,
            "description": _description(type_),
            "type": "object",
            "properties": properties,
            "required": [
                field.name for field in attrs.fields(type_) if field.default is attrs.NOTHING
            ],
            "additionalProperties": False,
            **({"allOf": rules} if rules else {}),
        }


def _constrain(schema: JSONSchema, constraints: JSONSchema) -> JSONSchema:
    """Apply *constraints* to *schema*, or to its non-null branch where it may be null."""
    if not constraints:
        return schema
    if "anyOf" in schema:
        value, null = schema["anyOf"]
        return {"anyOf": [_constrain(value, constraints), null]}
    items = constraints.get("items")
    constrained = {**schema, **{key: value for key, value in constraints.items() if key != "items"}}
    if items:
        constrained["items"] = {**schema["items"], **items}
    return constrained


def json_schema_definitions(
    *types_: type, ref_prefix: str = "#/$defs/", names: Mapping[type, str] | None = None
) -> dict[str, JSONSchema]:
    """Return JSON Schemas of *types_* (default: the profile) and of every type they use, by name.

    They refer to each other as ``{ref_prefix}{name}``: pass ``"#/components/schemas/"`` to use
    them as OpenAPI components. A type is named by its class name, or as *names* says: two
    types of one name (`Organisation` and `picum.format1.Organisation`) raise `TypeError`
    unless *names* names one of them otherwise.
    """
    definitions = _Definitions(ref_prefix, names or {})
    for type_ in types_ or (Organisation,):
        definitions.of(type_)
    return definitions.schemas


def json_schema(format: int = FORMAT) -> JSONSchema:  # noqa: A002 - the wire format's own word
    """Return the JSON Schema document of a profile file in wire format *format* (1 or 2).

    Format 2 is the current one (`picum.FORMAT`); format 1 is the 2016-era format that
    `picum.loads` also reads (`picum.format1`).

    A profile file may name the address of this document in a ``$schema`` key, so that editors
    check and complete it as it is typed; picum reads past the key (it is not data).

    >>> schema = json_schema()
    >>> schema["$ref"], schema["$defs"]["Quantity"]["required"]
    ('#/$defs/Organisation', ['amount'])
    >>> schema["$defs"]["Organisation"]["properties"]["$schema"]["type"]
    'string'
    """
    if format not in {1, FORMAT}:
        raise ValueError(f"picum has wire formats 1 and {FORMAT}, not {format}")
    definitions = json_schema_definitions(
        Organisation if format == FORMAT else format1.Organisation
    )
    profile = definitions["Organisation"]
    profile["properties"] = {
        SCHEMA_REFERENCE: {
            "description": "The address of this JSON Schema, for editors; not part of the data.",
            "type": "string",
        },
        **profile["properties"],
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"picum organisation profile, format {format}",
        "$ref": "#/$defs/Organisation",
        "$defs": definitions,
    }
