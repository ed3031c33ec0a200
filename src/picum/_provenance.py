"""Provenance: the fields that name sources and citations by id, and the checks over a profile.

A fact names what supports it in fields declared with `sources()` and `citations()`; those
declarations, not key names, say where the references are. `reference_problems` follows the
model's types through a profile, as a document (the wire format's dicts and lists, so that the
loader can report references beside other problems) or as a model object (without copying it),
and reports every duplicate id and every reference to an unknown source or citation.
"""

from __future__ import annotations

import functools
import types
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

import attrs

from . import _constraints
from ._errors import Problem, Problems, ValidationError
from ._json import is_array, is_object


if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence


@attrs.frozen
class Reference:
    """What a reference field names: the profile's list it refers to (`listing`), and its noun."""

    listing: str
    noun: str


_METADATA_KEY = "picum.references"
SOURCES = Reference(listing="sources", noun="source")
CITATIONS = Reference(listing="citations", noun="citation")


def sources() -> Any:
    """Declare a fact's `sources`: the ids of the profile's sources that support it, one or more."""
    return attrs.field(validator=_constraints.supported, metadata={_METADATA_KEY: SOURCES})


def citations() -> Any:
    """Declare a fact's `citations`: the ids of the profile's citations that support it, if any."""
    return attrs.field(
        default=(), validator=_constraints.references, metadata={_METADATA_KEY: CITATIONS}
    )


def reference_of(field: attrs.Attribute[Any]) -> Reference | None:
    """Return what a field refers to, if it is a reference field."""
    reference: Reference | None = field.metadata.get(_METADATA_KEY)
    return reference


_ABSENT = object()


def _child(node: object, name: str) -> object:
    """Return a field of a document's object or of a model object; `_ABSENT` if there is none."""
    if is_object(node):
        return node.get(name, _ABSENT)
    return getattr(node, name, _ABSENT) if attrs.has(type(node)) else _ABSENT


def _items(node: object) -> Sequence[object]:
    return node if is_array(node) else ()


def _id_of(entry: object) -> str | None:
    id_ = _child(entry, "id")
    return id_ if isinstance(id_, str) else None


def _duplicate_ids(listing: Sequence[object], path: str) -> Iterator[Problem]:
    first_seen: dict[str, int] = {}
    for index, id_ in enumerate(map(_id_of, listing)):
        if id_ is None:
            continue
        if id_ in first_seen:
            yield Problem(
                path=f"{path}[{index}].id",
                message=f"id {id_!r} is already used by {path}[{first_seen[id_]}]",
            )
        else:
            first_seen[id_] = index


#: How many ids a message names at most: a profile may have thousands.
IDS_NAMED = 20


def some_ids(ids: Sequence[str]) -> str:
    """Name the first `IDS_NAMED` of *ids*, and say how many more there are.

    >>> some_ids([f"s{n}" for n in range(22)]).endswith("s19, and 2 more")
    True
    """
    named = ", ".join(ids[:IDS_NAMED]) or "none"
    more = len(ids) - IDS_NAMED
    return f"{named}, and {more} more" if more > 0 else named


class _Known:
    """The ids of one of a profile's lists, and their names for messages, made once if needed."""

    def __init__(self, ids: set[str]) -> None:
        self.ids = ids

    @functools.cached_property
    def named(self) -> str:
        # Sorting thousands of ids for each field would make a check of a valid profile
        # quadratic: only a problem needs them, and then once.
        return some_ids(sorted(self.ids))


def _unknown(
    refs: Sequence[object], path: str, reference: Reference, known: _Known
) -> Iterator[Problem]:
    for index, ref in enumerate(refs):
        if isinstance(ref, str) and ref not in known.ids:
            yield Problem(
                path=f"{path}[{index}]",
                message=f"no {reference.noun} {ref!r}; known ids: {known.named}",
            )


def _walk(node: object, type_: Any, path: str, known: dict[str, _Known]) -> Iterator[Problem]:
    """Follow *type_* through *node*: its reference fields, and lists of things with ids."""
    origin = get_origin(type_)
    if origin in {Union, types.UnionType}:
        for option in get_args(type_):
            yield from _walk(node, option, path, known)
    elif origin is tuple:
        items = _items(node)
        (item_type, _) = get_args(type_)
        if attrs.has(item_type) and "id" in attrs.fields_dict(item_type):
            yield from _duplicate_ids(items, path)
        for index, item in enumerate(items):
            yield from _walk(item, item_type, f"{path}[{index}]", known)
    elif (
        isinstance(type_, type) and attrs.has(type_) and (attrs.has(type(node)) or is_object(node))
    ):
        attrs.resolve_types(type_)
        for field in attrs.fields(type_):
            child = _child(node, field.name)
            if child is _ABSENT:
                continue
            reference = reference_of(field)
            if reference is not None:
                yield from _unknown(
                    _items(child), f"{path}.{field.name}", reference, known[reference.listing]
                )
            else:
                yield from _walk(child, field.type, f"{path}.{field.name}", known)


def reference_problems(profile: object, type_: type) -> Iterator[Problem]:
    """Yield the duplicate ids and references to unknown sources or citations of a profile.

    *profile* is an organisation, or its document in the wire format (whatever else is wrong
    with it); *type_* is `picum.Organisation`, whose declarations say where references are.

    >>> import picum
    >>> doc = {"sources": [{"id": "seed"}], "aim": {"sources": ["seed", "blog"]}}
    >>> [str(problem) for problem in reference_problems(doc, picum.Organisation)]
    ["$.aim.sources[1]: no source 'blog'; known ids: seed"]
    """
    known = {
        reference.listing: _Known(
            {id_ for id_ in map(_id_of, _items(_child(profile, reference.listing))) if id_}
        )
        for reference in (SOURCES, CITATIONS)
    }
    return _walk(profile, type_, "$", known)


class ProvenanceError(ValidationError):
    """A profile names sources or citations it does not have, or uses an id twice.

    Raised by the constructor of a profile (`picum.Organisation`, `picum.format1.Organisation`)
    as a `picum.ValidationError`, once every field is valid.
    """


def check_references(profile: object, type_: type) -> None:
    """Raise `ProvenanceError` listing the `reference_problems` of a profile object, if any.

    It stops looking at the hundredth problem (`picum.ValidationError.stopped`).
    """
    found = Problems()
    found.take(reference_problems(profile, type_))
    if found.count:
        raise ProvenanceError(found.listed, stopped=found.stopped)
