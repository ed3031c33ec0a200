"""Validation errors that say where in a document each problem is."""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs


if TYPE_CHECKING:
    from collections.abc import Iterable


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with a document: where it is, as a JSON path, and what it is.

    >>> str(Problem(path="$.activities[2].title", message="expected a string, got a number"))
    '$.activities[2].title: expected a string, got a number'
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class ValidationError(ValueError):
    """A document or value is not a valid picum profile; `errors` lists every problem found.

    Raised by `picum.load`, `picum.loads` and by the model's constructors (as `FieldError`).
    Each `Problem` of `errors` has the JSON path of what is wrong and a message saying why.
    """

    __module__ = "picum"

    errors: tuple[Problem, ...]

    def __init__(self, errors: Iterable[Problem]) -> None:
        self.errors = tuple(errors)
        count = len(self.errors)
        heading = f"{count} problem{'s' if count != 1 else ''} found"
        super().__init__("\n".join([heading, *(f"  {problem}" for problem in self.errors)]))


class FieldError(ValidationError):
    """A model's constructor rejected the value of one field: a `ValidationError` with one problem.

    `field` names the field (with the item, such as ``sources[1]``, where an item is wrong) and
    `message` says why; `errors` holds the one problem, at ``$.`` and the field.

    >>> import picum
    >>> try:
    ...     picum.Quantity(amount=-1)
    ... except picum.ValidationError as exc:
    ...     print(exc)
    amount: must be 0 or more, not -1
    """

    __module__ = "picum"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__([Problem(path=f"$.{field}", message=message)])

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"
