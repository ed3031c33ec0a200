"""The wire format: one cattrs converter between the model and JSON, and strict on the way in.

JSON, UTF-8, keys named as the model's fields in declaration order. Reading is strict: unknown
keys, missing fields, wrong types and invalid values are all errors, none is coerced, and every
error of a document is reported with its JSON path: the first `MAX_LISTED_PROBLEMS`, the others
counted, in memory that does not grow with their number.
"""

from __future__ import annotations

import enum
import itertools
import json
import re
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast, get_args, get_origin

import attrs
import cattrs
import orjson
from cattrs.errors import ClassValidationError, IterableValidationError, IterableValidationNote
from cattrs.gen import make_dict_structure_fn, override

from . import format1
from ._answers import AnswerValue
from ._constraints import Constraint, constraint_of
from ._errors import MAX_LISTED_PROBLEMS, FieldError, Problem, Problems, ValidationError
from ._json import is_object
from ._organisation import FORMAT, Organisation
from ._provenance import ProvenanceError, reference_problems
from ._values import Country, Place, Quantity, UncertainDate


if TYPE_CHECKING:
    from collections.abc import Callable


T = TypeVar("T")

_JSON_TYPES: dict[type, str] = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "true or false",
    int: "a number",
    float: "a number",
    type(None): "null",
}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _json_type(value: object) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def _expected(what: str, value: object) -> NoReturn:
    raise TypeError(f"expected {what}, got {_json_type(value)}")


def _exactly(type_: type[T], what: str) -> Callable[[object, object], T]:
    """Structure a JSON scalar only if it is of *type_* already: no coercion, no bool for int."""

    def structure(value: object, _: object) -> T:
        if isinstance(value, type_) and type(value) is type_:
            return value
        _expected(what, value)

    return structure


def _structure_date(value: object, _: object) -> date:
    if not isinstance(value, str):
        _expected("a date as a string (YYYY-MM-DD)", value)
    if _ISO_DATE.fullmatch(value) is None:
        raise ValueError(f"{value!r} is not a date written YYYY-MM-DD")
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a date: {exc}") from None


def _structure_country(value: object, _: object) -> Country:
    if not isinstance(value, str):
        _expected("an ISO 3166-1 alpha-2 country code", value)
    try:
        return Country(code=value)
    except FieldError as exc:
        raise ValueError(exc.message) from None


def _enum_hook(type_: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    values = {member.value: member for member in type_}
    choices = ", ".join(repr(value) for value in values)

    def structure(value: object, _: object) -> enum.Enum:
        if not isinstance(value, str):
            _expected(f"one of {choices}", value)
        if value not in values:
            raise ValueError(f"{value!r} is not one of {choices}")
        return values[value]

    return structure


def _answer_value_hook(converter: cattrs.Converter) -> Callable[[object, object], AnswerValue]:
    """Structure the value of an answer by its shape: a list of ids, a count, a date or a place.

    Each of these has a field the others lack (``amount``, ``edtf``), so the shape alone says
    which it is; a value of none of them is reported as that type's problems.
    """

    def structure(value: object, _: object) -> AnswerValue:
        type_: type[AnswerValue]
        if isinstance(value, list):
            type_ = tuple[str, ...]
        elif not is_object(value):
            _expected("an object (a count, a date or a place) or an array of ids", value)
        elif "amount" in value:
            type_ = Quantity
        elif "edtf" in value:
            type_ = UncertainDate
        else:
            type_ = Place
        structured: AnswerValue = converter.structure(value, type_)
        return structured

    return structure


def _is_homogeneous_tuple(type_: object) -> bool:
    args = get_args(type_)
    return get_origin(type_) is tuple and len(args) == 2 and args[1] is Ellipsis


def _array_hook(
    type_: Any, converter: cattrs.Converter
) -> Callable[[object, object], tuple[Any, ...]]:
    """Structure a JSON array, and only an array, into a tuple: strings are not lists of letters.

    The problems of its items are collected as `Problems`: an array of a million wrong items
    keeps a hundred of them, not a million exceptions, and is not checked past its hundredth
    problem.
    """
    (item_type, _) = get_args(type_)
    structure_item = converter.get_structure_hook(item_type)

    def structure(value: object, _: object) -> tuple[Any, ...]:
        if not isinstance(value, list):
            _expected("an array", value)
        listed = cast("list[object]", value)
        items: list[Any] = []
        problems = Problems()
        for index, item in enumerate(listed):
            try:
                items.append(structure_item(item, item_type))
            except Exception as exc:  # noqa: BLE001 - as cattrs does: every item's problem is one
                _collect(exc, f"$[{index}]", problems)
                if problems.full and index + 1 < len(listed):
                    # Counting the problems of the rest would cost as much as checking them.
                    problems.stop()
                    break
        if problems.count:
            raise problems.error()
        return tuple(items)

    return structure


def _checked(
    converter: cattrs.Converter, field: attrs.Attribute[Any], constraint: Constraint
) -> Callable[[object, Any], Any]:
    """Structure a field's value, then check its constraint: a problem is the field's own.

    cattrs collects the problems of every field of an object, so a field that breaks its
    constraint is reported beside fields of the wrong type, where the object cannot be made.
    """
    structure_value = converter.get_structure_hook(field.type)

    def structure(value: object, type_: Any) -> Any:
        structured = structure_value(value, type_)
        findings = constraint.problems(structured)
        first = next(findings, None)
        if first is not None:
            problems = Problems()
            problems.take(
                Problem(path=f"${where}", message=message)
                for where, message in itertools.chain([first], findings)
            )
            raise problems.error()
        return structured

    return structure


def _object_hook(type_: type[Any], converter: cattrs.Converter) -> Callable[[object, object], Any]:
    """Structure a JSON object, and only an object, into an attrs class, reporting its problems."""
    attrs.resolve_types(type_)
    checks = {
        field.name: override(struct_hook=_checked(converter, field, constraint))
        for field in attrs.fields(type_)
        if (constraint := constraint_of(field)) is not None
    }
    # cattrs takes the overrides as keyword arguments named after the fields; type checkers
    # cannot tell them from its own keyword arguments.
    # Unknown keys are found here, not by cattrs, which would report them all as one set.
    fields = make_dict_structure_fn(
        type_, converter, _cattrs_forbid_extra_keys=False, **cast("Any", checks)
    )
    known = frozenset(field.name for field in attrs.fields(type_))
    unknown = "unknown field; the fields here are " + ", ".join(
        field.name for field in attrs.fields(type_)
    )

    def structure(value: object, cls: object) -> Any:
        if not is_object(value):
            _expected("an object", value)
        if value.keys() <= known:
            return fields(value, cls)
        problems = Problems()
        try:
            fields({key: value[key] for key in known if key in value}, cls)
        except ClassValidationError as exc:
            _collect(exc, "$", problems)
        _add_unknown_keys(value, known, unknown, problems)
        raise problems.error()

    return structure


def _add_unknown_keys(
    value: dict[str, object], known: frozenset[str], message: str, problems: Problems
) -> None:
    """Add a problem for each key of *value* not in *known*, making at most a hundred of them."""
    keys = (key for key in value if key not in known)
    listed = [
        Problem(path=f"$.{key}", message=message)
        for key in itertools.islice(keys, 0, MAX_LISTED_PROBLEMS)
    ]
    problems.extend(listed)
    problems.add_unlisted(sum(1 for _ in keys))


def make_converter() -> cattrs.Converter:
    """Make the converter that is picum's wire format, for every type of the model.

    `unstructure` gives plain JSON data (dicts in field order, lists, strings, numbers, ``None``);
    `structure` takes it back, strictly, raising cattrs' validation errors, which `loads` turns
    into a `picum.ValidationError`.
    """
    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(str, _exactly(str, "a string"))
    converter.register_structure_hook(int, _exactly(int, "an integer"))
    converter.register_structure_hook(bool, _exactly(bool, "true or false"))
    converter.register_structure_hook(date, _structure_date)
    converter.register_unstructure_hook(date, date.isoformat)
    converter.register_structure_hook(Country, _structure_country)
    converter.register_unstructure_hook(Country, lambda country: country.code)
    converter.register_structure_hook_factory(
        lambda type_: isinstance(type_, type) and issubclass(type_, enum.Enum), _enum_hook
    )
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _array_hook)
    converter.register_structure_hook_factory(
        lambda type_: attrs.has(type_) and type_ is not Country, _object_hook
    )
    converter.register_structure_hook(AnswerValue, _answer_value_hook(converter))
    return converter


_CONVERTER = make_converter()


def dumps(value: object, *, pretty: bool = False) -> bytes:
    """Encode any value of the model in the wire format: UTF-8 JSON bytes.

    *pretty* indents by two spaces and ends with a newline, as the bundled data file is written.

    >>> from picum import Quantity, Qualifier
    >>> dumps(Quantity(amount=100, qualifier=Qualifier.MORE_THAN))
    b'{"amount":100,"qualifier":"more_than"}'
    """
    option = orjson.OPT_INDENT_2 | orjson.OPT_APPEND_NEWLINE if pretty else 0
    return orjson.dumps(_CONVERTER.unstructure(value), option=option)


class _DuplicateKeyError(ValueError):
    pass


def _object_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # dict() first, and a set of the keys only where one repeats: a large object costs less.
    result = dict(pairs)
    if len(result) < len(pairs):
        counts = Counter(key for key, _ in pairs)
        key = next(key for key, count in counts.items() if count > 1)
        raise _DuplicateKeyError(f"key {key!r} appears twice in one object")
    return result


def _no_constant(name: str) -> NoReturn:
    raise ValueError(f"{name} is not a JSON number")


#: Python's own limit on converting digits to an integer, which json would otherwise report
#: with advice for programmers.
_MAX_INTEGER_DIGITS = 4300


def _integer(text: str) -> int:
    digits = len(text.removeprefix("-"))
    if digits > _MAX_INTEGER_DIGITS:
        raise ValueError(
            f"a number of {digits:,} digits; integers have {_MAX_INTEGER_DIGITS:,} digits at most"
        )
    return int(text)


def _parse(data: bytes | str) -> object:
    try:
        text = data if isinstance(data, str) else data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            [Problem(path="$", message=f"not UTF-8 text: {exc.reason} at byte {exc.start}")]
        ) from None
    try:
        return json.loads(
            text, object_pairs_hook=_object_pairs, parse_constant=_no_constant, parse_int=_integer
        )
    except json.JSONDecodeError as exc:
        # Some of json's messages end with "at" ("Unterminated string starting at").
        where = f"at line {exc.lineno}, column {exc.colno}"
        message = f"not valid JSON: {exc.msg.removesuffix(' at')} {where}"
    except RecursionError:
        message = "not valid here: JSON nested too deeply"
    except ValueError as exc:
        message = f"not valid JSON: {exc}"
    raise ValidationError([Problem(path="$", message=message)])


def _collect(exc: BaseException, path: str, problems: Problems) -> None:
    """Add the problems that *exc*, raised structuring the value at *path*, stands for."""
    if problems.full:
        problems.add_unlisted(_count(exc))
        if _stopped(exc):
            problems.stop()
    elif isinstance(exc, ClassValidationError | IterableValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            step = (
                f"[{note.index}]" if isinstance(note, IterableValidationNote) else f".{note.name}"
            )
            _collect(inner, path + step, problems)
        for inner in without:
            _collect(inner, path, problems)
    elif isinstance(exc, ValidationError):
        problems.extend(
            Problem(path=path + problem.path.removeprefix("$"), message=problem.message)
            for problem in exc.errors
        )
        problems.add_unlisted(exc.count - len(exc.errors))
        if exc.stopped:
            problems.stop()
    elif isinstance(exc, KeyError):
        problems.add(Problem(path=path, message="required field missing"))
    else:
        problems.add(Problem(path=path, message=str(exc)))


def _count(exc: BaseException) -> int:
    """Count the problems *exc* stands for, as `_collect` would add them, without making them."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        return sum(map(_count, exc.exceptions))
    if isinstance(exc, ValidationError):
        return exc.count
    return 1


def _stopped(exc: BaseException) -> bool:
    """Tell whether checking stopped in the value *exc* was raised for, as `_collect` would."""
    if isinstance(exc, ClassValidationError | IterableValidationError):
        return any(map(_stopped, exc.exceptions))
    return isinstance(exc, ValidationError) and exc.stopped


def loads(data: bytes | str, type_: type[T]) -> T:
    """Decode a value of the model from the wire format; the inverse of `dumps`.

    Raises `picum.ValidationError` listing the problems of the document (the first 100, all
    counted), each with its JSON path.

    >>> from picum import Quantity
    >>> loads(b'{"amount": 25, "qualifier": "approximately"}', Quantity)
    Quantity(amount=25, qualifier=<Qualifier.APPROXIMATELY: 'approximately'>)
    """
    document = _parse(data)
    problems = Problems()
    if type_ is Organisation:
        document = _without_schema_reference(document, problems)
        if format_of(document) == 1:
            old = _structure(document, format1.Organisation, problems)
            return cast("T", format1.upgrade(old))
    return _structure(document, type_, problems)


def format_of(document: object) -> int:
    """Return the wire format picum reads a profile document as: 1 without a ``format`` key.

    A format 1 (2016-era) profile has no ``format`` key; any other document is read as the
    current format, `FORMAT`, whose loading reports a ``format`` of another value.

    >>> format_of({"format": 2, "id": "picum"}), format_of({"id": "picum"})
    (2, 1)
    """
    return 1 if is_object(document) and "format" not in document else FORMAT


def _structure(document: object, type_: type[T], problems: Problems) -> T:
    """Structure *document* as *type_*, or raise its problems, those of *problems* first."""
    try:
        value = _CONVERTER.structure(document, type_)
    except (ClassValidationError, IterableValidationError, ValueError, TypeError) as exc:
        _collect(exc, "$", problems)
        if (
            not problems.stopped
            and type_ in {Organisation, format1.Organisation}
            and not _references_checked(exc)
        ):
            # The profile could not be made, so its references are checked on the document
            # (unless checking stopped: walking it all is what stopping saves).
            problems.take(reference_problems(document, type_))
    else:
        if not problems.count:
            return value
    raise problems.error() from None


def _references_checked(exc: BaseException) -> bool:
    """Tell whether *exc* is a profile's own `ProvenanceError`: its references were checked."""
    return isinstance(exc, ClassValidationError) and any(
        isinstance(inner, ProvenanceError) for inner in exc.exceptions
    )


#: The key of a profile file that gives the address of its JSON Schema, for editors.
SCHEMA_REFERENCE = "$schema"


def _without_schema_reference(document: object, problems: Problems) -> object:
    """Return a profile document without its `SCHEMA_REFERENCE`, which is for editors, not data.

    The reference must be a string; anything else is a problem of the document.
    """
    if not is_object(document) or SCHEMA_REFERENCE not in document:
        return document
    rest = dict(document)
    reference = rest.pop(SCHEMA_REFERENCE)
    if not isinstance(reference, str):
        problems.add(
            Problem(
                path=f"$.{SCHEMA_REFERENCE}",
                message="expected the address of a JSON Schema (a string),"
                f" got {_json_type(reference)}",
            )
        )
    return rest
