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


#: How many problems a `ValidationError` lists at most; it counts the others.
MAX_LISTED_PROBLEMS = 100


class Problems:
    """Problems as they are found: the first `MAX_LISTED_PROBLEMS` kept, every one counted.

    What it holds does not grow with the number of problems, so that a document with millions
    of them costs no more memory than one with a hundred. Once `full`, a finder may count its
    problems (`add_unlisted`) without making them, or stop looking (`stop`) where counting
    would cost as much as checking: `stopped` then says that the count is a lower bound.
    """

    def __init__(self) -> None:
        self.listed: list[Problem] = []
        self.count = 0
        self.stopped = False

    def stop(self) -> None:
        """Record that the finder stopped looking: more problems may lie beyond those counted."""
        self.stopped = True

    @property
    def full(self) -> bool:
        """Tell whether `MAX_LISTED_PROBLEMS` are kept: any more are only counted."""
        return len(self.listed) >= MAX_LISTED_PROBLEMS

    def add(self, problem: Problem) -> None:
        """Count *problem*, and keep it if fewer than `MAX_LISTED_PROBLEMS` are kept."""
        self.count += 1
        if not self.full:
            self.listed.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        """Add each of *problems*, in order."""
        for problem in problems:
            self.add(problem)

    def take(self, problems: Iterable[Problem]) -> None:
        """Add each of *problems* until `full`, then `stop` if there are more: none is made past it.

        For problems that cost as much to count as to find, such as those of the items of a list.
        """
        iterator = iter(problems)
        for problem in iterator:
            self.add(problem)
            if self.full:
                if next(iterator, None) is not None:
                    self.stop()
                return

    def add_unlisted(self, count: int) -> None:
        """Count *count* more problems, found after those added and not to be listed."""
        self.count += count

    def error(self) -> ValidationError:
        """Return the `ValidationError` that lists these problems and counts them all."""
        return ValidationError(
            self.listed, more=self.count - len(self.listed), stopped=self.stopped
        )


def plural(number: int, noun: str) -> str:
    """Say how many of *noun* there are: ``1 problem``, ``2 problems``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


class ValidationError(ValueError):
    """A document or value is not a valid picum profile; `errors` lists its problems.

    Raised by `picum.load`, `picum.loads` and by the model's constructors (as `FieldError`).
    Each `Problem` of `errors` has the JSON path of what is wrong and a message saying why.
    `errors` lists the first `MAX_LISTED_PROBLEMS` problems found, in the order found; `count`
    is how many were found in all (``count - len(errors)`` are counted, not listed). A loader
    stops collecting past the bound, so that a document with millions of problems is reported
    in memory that does not grow with their number; where only checking could count them (the
    items of an array), it stops checking, so that time does not grow with them either, and
    `stopped` is true: `count` is then how many were found before it stopped, a lower bound.

    >>> import picum
    >>> exc = picum.ValidationError(
    ...     [picum.Problem(path=f"$.k{n}", message="unknown field") for n in range(102)]
    ... )
    >>> len(exc.errors), exc.count, str(exc).splitlines()[-1]
    (100, 102, '  and 2 more')
    """

    __module__ = "picum"

    errors: tuple[Problem, ...]
    count: int
    stopped: bool

    def __init__(self, errors: Iterable[Problem], *, more: int = 0, stopped: bool = False) -> None:
        """Keep the first of *errors* (`MAX_LISTED_PROBLEMS`), counting the rest and *more*."""
        found = Problems()
        found.extend(errors)
        self.errors = tuple(found.listed)
        self.count = found.count + more
        self.stopped = stopped
        super().__init__("\n".join([f"{self.counted()} found", *self.details()]))

    def counted(self) -> str:
        """Say how many problems were found: "3 problems", or "at least 150" where it `stopped`."""
        counted = plural(self.count, "problem")
        return f"at least {counted}" if self.stopped else counted

    def details(self) -> list[str]:
        """Return the lines that list the problems, indented, then those of `unlisted`.

        >>> import picum
        >>> picum.ValidationError([picum.Problem(path="$.id", message="not a slug")]).details()
        ['  $.id: not a slug']
        """
        return [*(f"  {problem}" for problem in self.errors), *self.unlisted()]

    def unlisted(self) -> list[str]:
        """Return the lines that say what `errors` does not list: how many more, and if it stopped.

        >>> import picum
        >>> problems = [picum.Problem(path=f"$[{n}]", message="not an object") for n in range(101)]
        >>> picum.ValidationError(problems, stopped=True).unlisted()
        ['  and 1 more', '  and maybe others: checking stopped after the first 100 problems']
        """
        lines: list[str] = []
        if self.count > len(self.errors):
            lines.append(f"  and {self.count - len(self.errors)} more")
        if self.stopped:
            stop = f"checking stopped after the first {MAX_LISTED_PROBLEMS} problems"
            lines.append(f"  and maybe others: {stop}")
        return lines


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
