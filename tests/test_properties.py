"""Properties of the wire format over generated values and generated or mutated documents."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import picum
from picum import Organisation
from picum._json import is_array, is_object

from .strategies import EVERY_TYPE


if TYPE_CHECKING:
    from collections.abc import Iterator


FIELD_NAMES = sorted(
    {field.name for type_ in EVERY_TYPE if attrs.has(type_) for field in attrs.fields(type_)}
)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
    | st.sampled_from(
        ["exact", "BE", "1995/1999", "2016-10-31", "wikipedia-2016-10-31", "9780521854900"]
    )
)
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=5), children, max_size=5)
    ),
    max_leaves=20,
)


def load_or_error(data: bytes | str) -> Organisation | picum.ValidationError:
    """The profile *data* holds, or the `ValidationError` it gives: any other exception escapes."""
    try:
        return picum.loads(data, Organisation)
    except picum.ValidationError as exc:
        return exc


@pytest.mark.parametrize("type_", list(EVERY_TYPE), ids=lambda type_: type_.__name__)
@given(data=st.data())
def test_round_trip(type_: type[Any], data: st.DataObject) -> None:
    """Every value of every type reads back equal from its wire format."""
    value = data.draw(EVERY_TYPE[type_])

    assert value == picum.loads(picum.dumps(value), type_)


@given(json_values)
def test_random_documents_give_a_profile_or_a_validation_error(document: object) -> None:
    """Any JSON document gives a profile or `picum.ValidationError`, never another exception."""
    load_or_error(json.dumps(document))


@given(st.binary())
def test_random_bytes_give_a_validation_error(data: bytes) -> None:
    """Bytes that are no profile give `picum.ValidationError`, never another exception."""
    result = load_or_error(data)

    assert isinstance(result, picum.ValidationError)


def paths(node: object, path: str = "$") -> Iterator[tuple[str, object]]:
    """Every node of a JSON document, with its path."""
    yield path, node
    if is_object(node):
        for key, value in node.items():
            yield from paths(value, f"{path}.{key}")
    elif is_array(node):
        for index, value in enumerate(node):
            yield from paths(value, f"{path}[{index}]")


def replace(document: Any, path: str, new: object) -> Any:
    """A copy of *document* with the node at *path* replaced by *new* (`...`: removed)."""
    copy = json.loads(json.dumps(document))
    steps = path.removeprefix("$").replace("[", ".[").split(".")[1:]
    parent, last = copy, steps.pop()
    for step in steps:
        parent = parent[int(step[1:-1])] if step.startswith("[") else parent[step]
    key: Any = int(last[1:-1]) if last.startswith("[") else last
    if new is ...:
        del parent[key]
    else:
        parent[key] = new
    return copy


BUNDLED = json.loads(picum.bundled_profile())
BUNDLED_PATHS = [path for path, _ in paths(BUNDLED)][1:]


@given(st.sampled_from(BUNDLED_PATHS), json_values | st.just(...))
def test_mutated_profiles_give_a_profile_or_a_validation_error(path: str, new: object) -> None:
    """A profile with any node replaced or removed still loads, or gives `ValidationError`."""
    result = load_or_error(json.dumps(replace(BUNDLED, path, new)))

    if isinstance(result, Organisation):
        assert result == picum.loads(picum.dumps(result), Organisation)


@pytest.mark.parametrize("path", [path for path, node in paths(BUNDLED) if isinstance(node, str)])
def test_a_number_for_any_string_is_reported_at_its_path(path: str) -> None:
    """Where the bundled profile has text, a number is an error reported at that very path."""
    result = load_or_error(json.dumps(replace(BUNDLED, path, 7)))

    assert isinstance(result, picum.ValidationError)
    assert path in [problem.path for problem in result.errors]


@pytest.mark.parametrize("path", [path for path, node in paths(BUNDLED) if isinstance(node, dict)])
def test_an_unknown_key_anywhere_is_reported_at_its_path(path: str) -> None:
    """Every object of the profile rejects a key the model does not know, at its path."""
    document = replace(BUNDLED, f"{path}.colour" if path != "$" else "$.colour", "red")

    result = load_or_error(json.dumps(document))

    assert isinstance(result, picum.ValidationError)
    assert [f"{path}.colour"] == [problem.path for problem in result.errors]
