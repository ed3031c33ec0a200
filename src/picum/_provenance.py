"""Provenance: the fields that name sources and citations by id, and the checks over a profile.

A fact names what supports it in fields declared with `sources()` and `citations()`; those
declarations, not key names, say where the references are. `reference_problems` follows the
model's types through a profile (by a plan made once for each type: only the fields that can
hold a reference or an id are visited), as a document (the wire format's dicts and lists, so
that the loader can report references beside other problems) or as a model object (without
copying it), and reports every duplicate id and every reference to an unknown source or citation.
"""

from __future__ import annotations

import functools
import itertools
import threading
import types
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

import attrs

from . import _constraints
from ._errors import Problem, Problems, ValidationError
from ._json import is_array, is_object


if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence


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


@attrs.frozen(eq=False)
class _Fields:
    """Walk an object's fields that can hold a reference: each a reference field, or a plan."""

    steps: list[tuple[str, Reference | _Walk]]

    def walk(self, node: object, path: str, known: dict[str, _Known]) -> Iterator[Problem]:
        """Yield the problems of *node*'s fields, if it is an object, in their declared order."""
        if not (attrs.has(type(node)) or is_object(node)):
            return
        for name, step in self.steps:
            child = _child(node, name)
            if child is _ABSENT:
                continue
            if isinstance(step, Reference):
                yield from _unknown(_items(child), f"{path}.{name}", step, known[step.listing])
            else:
                yield from step.walk(child, f"{path}.{name}", known)


@attrs.frozen(eq=False)
class _Items:
    """Walk a list: check that its items' ids are distinct (`ids`), and walk each by `item`."""

    ids: bool
    item: _Walk | None

    def walk(self, node: object, path: str, known: dict[str, _Known]) -> Iterator[Problem]:
        """Yield the duplicate ids of the list *node*, then each item's problems."""
        items = _items(node)
        if self.ids:
            yield from _duplicate_ids(items, path)
        if self.item is not None:
            for index, item in enumerate(items):
                yield from self.item.walk(item, f"{path}[{index}]", known)


@attrs.frozen(eq=False)
class _Options:
    """Walk a value by the plan of each of a union's types that can hold references."""

    options: tuple[_Fields | _Items, ...]

    def walk(self, node: object, path: str, known: dict[str, _Known]) -> Iterator[Problem]:
        """Yield *node*'s problems as each option finds them."""
        for option in self.options:
            yield from option.walk(node, path, known)


_Walk = _Fields | _Items | _Options
#: How to walk a value of a type: `None` where it can hold no reference and no id.
_Plan = _Walk | None
#: The plan of each type walked so far: made once, as a type's fields are the same for each
#: value (following them anew for every value was half the time of loading a profile).
_PLANS: dict[Any, _Plan] = {}
_PLANNING = threading.Lock()


def _plan(type_: Any) -> _Plan:
    """Return how to walk a value of *type_*: `None` where no reference or id can be in it."""
    try:
        return _PLANS[type_]
    except KeyError:
        pass
    with _PLANNING:
        made: dict[Any, _Plan] = dict(_PLANS)
        plan = _make_plan(type_, made)
        # Published whole: another thread never meets a plan whose fields are being made.
        _PLANS.update(made)
        return plan


def _make_plan(type_: Any, made: dict[Any, _Plan]) -> _Plan:
    if type_ in made:
        return made[type_]
    plan: _Plan = None
    origin = get_origin(type_)
    if origin in {Union, types.UnionType}:
        options = tuple(
            option
            for option in (_make_plan(arg, made) for arg in get_args(type_))
            if isinstance(option, _Fields | _Items)
        )
        plan = options[0] if len(options) == 1 else _Options(options) if options else None
    elif origin is tuple:
        (item_type, _) = get_args(type_)
        item = _make_plan(item_type, made)
        ids = attrs.has(item_type) and "id" in attrs.fields_dict(item_type)
        plan = _Items(ids=ids, item=item) if ids or item else None
    elif isinstance(type_, type) and attrs.has(type_):
        steps: list[tuple[str, Reference | _Walk]] = []
        made[type_] = _Fields(steps=steps)  # before its fields: a type that holds itself finds it
        attrs.resolve_types(type_)
        for field in attrs.fields(type_):
            step = reference_of(field) or _make_plan(field.type, made)
            if step is not None:
                steps.append((field.name, step))
        plan = made[type_] if steps else None
    made[type_] = plan
    return plan


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
    plan = _plan(type_)
    return iter(()) if plan is None else plan.walk(profile, "$", known)


class ProvenanceError(ValidationError):
    """A profile names sources or citations it does not have, uses an id twice, or links to itself.

    Raised by the constructor of a profile (`picum.Organisation`, `picum.format1.Organisation`)
    as a `picum.ValidationError`, once every field is valid.
    """


def check_references(profile: object, type_: type, *, more: Iterable[Problem] = ()) -> None:
    """Raise `ProvenanceError` listing the `reference_problems` of a profile object, if any.

    *more* are the problems of its references its caller found (a link to itself), listed
    after them. It stops looking at the hundredth problem (`picum.ValidationError.stopped`).
    """
    found = Problems()
    found.take(itertools.chain(reference_problems(profile, type_), more))
    if found.count:
        raise ProvenanceError(found.listed, stopped=found.stopped)
