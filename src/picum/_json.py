"""Type guards for plain JSON data, as `json.loads` and `attrs.asdict` give it."""

from __future__ import annotations

from typing import TypeAlias, TypeGuard


Array: TypeAlias = list[object] | tuple[object, ...]


def is_object(node: object) -> TypeGuard[dict[str, object]]:
    """Tell whether *node* is a JSON object."""
    return isinstance(node, dict)


def is_array(node: object) -> TypeGuard[Array]:
    """Tell whether *node* is a JSON array (a list, or a tuple where `attrs.asdict` keeps one)."""
    return isinstance(node, list | tuple)
