"""Provenance checks over a whole profile: every id is unique and every reference resolves.

They work on the profile as plain data (the wire format's dicts and lists), so that the loader can
report them for a document that has other problems too, and the model can report them for a
profile built in Python.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._errors import Problem
from ._json import Array, is_array, is_object


if TYPE_CHECKING:
    from collections.abc import Iterator


#: Fields that list the ids of the profile's `sources` and `citations`.
REFERENCE_FIELDS = ("sources", "citations")

# Profiles nest a handful of levels; anything deeper is malformed, and reported as such by the
# converter, so the walk need not follow it (nor recurse without bound).
_MAX_DEPTH = 16


def _id_of(entry: object) -> str | None:
    id_ = entry.get("id") if is_object(entry) else None
    return id_ if isinstance(id_, str) else None


def _ids(listing: object) -> set[str]:
    if not is_array(listing):
        return set()
    return {id_ for id_ in map(_id_of, listing) if id_ is not None}


def _duplicate_ids(listing: Array, path: str) -> Iterator[Problem]:
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


def _unknown(refs: Array, path: str, kind: str, known: set[str]) -> Iterator[Problem]:
    listed = ", ".join(sorted(known)) or "none"
    for index, ref in enumerate(refs):
        if isinstance(ref, str) and ref not in known:
            yield Problem(
                path=f"{path}[{index}]", message=f"no {kind} {ref!r}; known ids: {listed}"
            )


def _walk(node: object, path: str, known: dict[str, set[str]], depth: int) -> Iterator[Problem]:
    if depth > _MAX_DEPTH:
        return
    if is_object(node):
        for key, value in node.items():
            child = f"{path}.{key}"
            if key in known and is_array(value):
                yield from _unknown(value, child, key.removesuffix("s"), known[key])
            else:
                yield from _walk(value, child, known, depth + 1)
    elif is_array(node):
        yield from _duplicate_ids(node, path)
        for index, item in enumerate(node):
            yield from _walk(item, f"{path}[{index}]", known, depth + 1)


def reference_problems(document: object) -> list[Problem]:
    """List duplicate ids and references to unknown sources or citations in a profile document.

    >>> doc = {"sources": [{"id": "seed"}], "aim": {"sources": ["seed", "blog"]}}
    >>> [str(problem) for problem in reference_problems(doc)]
    ["$.aim.sources[1]: no source 'blog'; known ids: seed"]
    """
    if not is_object(document):
        return []
    known = {field: _ids(document.get(field)) for field in REFERENCE_FIELDS}
    problems: list[Problem] = []
    for key, value in document.items():
        problems.extend(_walk(value, f"$.{key}", known, depth=1))
    return problems
