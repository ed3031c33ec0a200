"""Constraints on the model's field values, each declared once.

A `Constraint` is both the attrs validator of a field and the JSON Schema fragment that says the
same thing, so that the model, the wire format (which checks every field of a document, even
where others fail) and the published schema cannot drift apart. Where JSON Schema can say only
part of a rule (an ISBN's check digit), the schema says that part, a comment at the declaration
says so, and the loader checks the rest. A `Rule` needs the whole object (two fields that must
agree): it runs when the object is made, and says what JSON Schema can say of it, if anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from ._errors import FieldError


#: Where in a value a problem is ("" for the value itself, "[2]" for its third item), and what.
Finding = tuple[str, str]


@attrs.frozen
class Constraint:
    """A rule for one field's value: an attrs validator, with the JSON Schema that says it.

    `check` yields a `Finding` for each problem of a value; the validator raises the first as a
    `picum.FieldError` at the field (or at its item). `schema` is the JSON Schema fragment for
    the value, as much of `check` as JSON Schema can say.
    """

    check: Callable[[Any], Iterator[Finding]]
    schema: Mapping[str, Any]

    def problems(self, value: Any) -> Iterator[Finding]:
        """Yield what is wrong with *value*, if anything."""
        return self.check(value)

    def optional(self) -> Constraint:
        """Return the same constraint on a value that may also be `None` (the fact is missing)."""

        def check(value: Any) -> Iterator[Finding]:
            if value is not None:
                yield from self.check(value)

        return Constraint(check=check, schema=self.schema)

    def __call__(self, _instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        for where, message in self.problems(value):
            raise FieldError(f"{attribute.name}{where}", message)


@attrs.frozen
class Rule:
    """A rule that needs the whole object, such as two fields that must agree.

    It runs as the object is made, once every field has a value. A field's own `constraint`, if
    it has one, is checked first (and is what the schema says of the field). Where JSON Schema
    can say the rule of the whole object, `object_schema` says it; elsewhere it is ``None``.
    """

    check: Callable[[Any, Any], Iterator[Finding]]
    constraint: Constraint | None = None
    object_schema: Mapping[str, Any] | None = None

    def on(self, constraint: Constraint) -> Rule:
        """Return this rule, for a field that also has its own *constraint*."""
        return attrs.evolve(self, constraint=constraint)

    def said(self, object_schema: Mapping[str, Any]) -> Rule:
        """Return this rule, with the JSON Schema that says it of the whole object."""
        return attrs.evolve(self, object_schema=object_schema)

    def __call__(self, instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
        if self.constraint is not None:
            self.constraint(instance, attribute, value)
        for where, message in self.check(instance, value):
            raise FieldError(f"{attribute.name}{where}", message)


def _no_finding(_instance: object, _value: object) -> Iterator[Finding]:
    return iter(())


def required_on_the_wire(name: str, constraint: Constraint) -> Rule:
    """Make the validator of a field *name* that Python may leave out but the wire format may not.

    It checks the field's own *constraint*; the JSON Schema of the object requires the field.
    Said of the field itself, not of the whole object as a `Rule` says more, so that client
    generators, which cannot merge a property's type across ``allOf``, read it.
    """
    return Rule(check=_no_finding, constraint=constraint, object_schema={"required": [name]})


def constraint_of(field: attrs.Attribute[Any]) -> Constraint | None:
    """Return the constraint a field declares on its own value, if any."""
    validator = field.validator
    if isinstance(validator, Rule):
        return validator.constraint
    return validator if isinstance(validator, Constraint) else None


def constraint(
    schema: Mapping[str, Any],
) -> Callable[[Callable[[Any], Iterator[Finding]]], Constraint]:
    """Declare a `Constraint` by decorating its check, with its JSON Schema fragment."""

    def declare(check: Callable[[Any], Iterator[Finding]]) -> Constraint:
        return Constraint(check=check, schema=schema)

    return declare


def _encoding_problem(value: str) -> Iterator[Finding]:
    try:
        value.encode()
    except UnicodeEncodeError:
        # JSON can escape half a surrogate pair ("\\ud800"); UTF-8 cannot encode one.
        yield "", "must be Unicode text, not half a surrogate pair"


#: The end of the text, for ECMA-262's regular expressions (JSON Schema's) and Python's alike:
#: Python's ``$`` also matches before a final new line, so a validator written in Python would
#: take ``"x\n"`` where the loader refuses it.
END = r"(?![\s\S])"
#: Text: not empty, no white space at either end (any inside, new lines included).
TEXT_PATTERN = rf"^\S(?:[\s\S]*\S)?{END}"


@constraint({"minLength": 1, "pattern": TEXT_PATTERN})
def text(value: str) -> Iterator[Finding]:
    """Reject empty text, text with surrounding white space, and text that is not Unicode."""
    if not value.strip():
        yield "", "must not be empty"
    elif value != value.strip():
        yield "", "must not start or end with white space"
    else:
        yield from _encoding_problem(value)


optional_text = text.optional()

SLUG_PATTERN = rf"^[a-z0-9]+(?:-[a-z0-9]+)*{END}"
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(value: str) -> bool:
    """Tell whether *value* is a stable id: lower-case words of letters and digits joined by "-".

    >>> is_slug("capacity-building"), is_slug("Capacity building")
    (True, False)
    """
    return _SLUG.fullmatch(value) is not None


@constraint({"pattern": SLUG_PATTERN})
def slug(value: str) -> Iterator[Finding]:
    """Reject ids that are not slugs."""
    if not is_slug(value):
        yield "", f"{value!r} is not an id: use lower-case letters and digits joined by '-'"


optional_slug = slug.optional()


def _reference_problems(value: Sequence[str]) -> Iterator[Finding]:
    for index, ref in enumerate(value):
        if not is_slug(ref):
            yield f"[{index}]", f"{ref!r} is not an id"
        elif ref in value[:index]:
            yield f"[{index}]", f"{ref!r} is listed twice"


@constraint({"uniqueItems": True, "items": {"pattern": SLUG_PATTERN}})
def references(value: Sequence[str]) -> Iterator[Finding]:
    """Reject a list of ids that holds a non-slug or the same id twice.

    Whether each id names something that exists is checked by the organisation: it knows them all.
    """
    yield from _reference_problems(value)


@constraint({"uniqueItems": True, "minItems": 1, "items": {"pattern": SLUG_PATTERN}})
def supported(value: Sequence[str]) -> Iterator[Finding]:
    """Reject a fact that names no source: every fact says where it comes from."""
    if not value:
        yield "", "must name at least one source"
    yield from _reference_problems(value)


URL_PATTERN = rf"^https?://[^\s/?#\[\]@]+[^\s]*{END}"
_URL = re.compile(URL_PATTERN)


@constraint({"format": "uri", "pattern": URL_PATTERN})
def url(value: str) -> Iterator[Finding]:
    """Reject anything but an absolute http(s) URL."""
    encoding = list(_encoding_problem(value))
    if encoding:
        yield from encoding
    elif _URL.fullmatch(value) is None:
        yield "", f"{value!r} is not an absolute http(s) URL"


optional_url = url.optional()


@constraint({"minItems": 1})
def non_empty(value: Sequence[object]) -> Iterator[Finding]:
    """Reject an empty list."""
    if not value:
        yield "", "must not be empty"


@constraint({"minimum": 0})
def non_negative(value: int) -> Iterator[Finding]:
    """Reject negative counts."""
    if value < 0:
        yield "", f"must be 0 or more, not {value}"


def pattern(regex: str, what: str) -> Constraint:
    """Make a constraint that text matches *regex* (a JSON Schema pattern): *what* it must be."""
    compiled = re.compile(regex)

    @constraint({"pattern": regex})
    def check(value: str) -> Iterator[Finding]:
        if compiled.fullmatch(value) is None:
            yield "", f"{value!r} is not {what}"

    return check


def each(item: Constraint) -> Constraint:
    """Make a constraint on every item of a list, reported at the item."""

    def check(value: Sequence[Any]) -> Iterator[Finding]:
        for index, element in enumerate(value):
            for where, message in item.problems(element):
                yield f"[{index}]{where}", message

    return Constraint(check=check, schema={"items": dict(item.schema)})
