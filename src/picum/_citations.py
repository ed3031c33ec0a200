"""Bibliographic citations, modelled on CSL: names, ISBNs, and corrections to a source's wording."""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING

import attrs

from . import _constraints, _provenance


if TYPE_CHECKING:
    from collections.abc import Iterator


class CitationType(enum.Enum):
    """The kind of work cited, with CSL's names for it."""

    BOOK = "book"
    CHAPTER = "chapter"
    ARTICLE_JOURNAL = "article-journal"
    REPORT = "report"
    WEBPAGE = "webpage"


@attrs.frozen(kw_only=True)
class Name:
    """A person's name, split as CSL splits it: family name, then given names (if known)."""

    family: str = attrs.field(validator=_constraints.text)
    given: str | None = attrs.field(default=None, validator=_constraints.optional_text)

    def __str__(self) -> str:
        return self.family if self.given is None else f"{self.given} {self.family}"


# One implementation per job. Reading, checking and converting ISBNs is a few lines of
# arithmetic, here, on the load path: python-stdnum costs a sixth of `picum.load()` to import
# (it imports ssl and pydoc). Hyphenating needs the ISBN agency's table of ranges, which
# python-stdnum keeps up to date: it is imported for that alone, where a reference is written.
# Tests check the arithmetic against python-stdnum.
ISBN_10_DIGITS = "[0-9]{9}[0-9X]"
ISBN_13_DIGITS = "97[89][0-9]{10}"
_ISBN_DIGITS = re.compile(f"{ISBN_10_DIGITS}|{ISBN_13_DIGITS}")


def _compact(written: str) -> str:
    """Return an ISBN as written without its hyphens and spaces, the X of a check digit upper."""
    return written.replace("-", "").replace(" ", "").upper()


def _ean_check_digit(body: str) -> str:
    return str(-sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(body)) % 10)


def isbn_problem(compact: str) -> str | None:
    """Say what is wrong with *compact* as an ISBN-10 or ISBN-13 of bare digits, if anything."""
    if _ISBN_DIGITS.fullmatch(compact) is None:
        return "it is not 10 or 13 digits (978 or 979 first, for 13)"
    if len(compact) == 13:
        valid = _ean_check_digit(compact[:12]) == compact[12]
    else:
        valid = (
            sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(compact)) % 11 == 0
        )
    return None if valid else "its check digit is wrong"


def isbn_13_of(isbn_10: str) -> str:
    """Return the ISBN-13 of a valid ISBN-10 of bare digits."""
    body = f"978{isbn_10[:9]}"
    return body + _ean_check_digit(body)


def isbn_10_of(isbn_13: str) -> str | None:
    """Return the ISBN-10 of a valid ISBN-13 of bare digits, or `None` (979 ones have none)."""
    if not isbn_13.startswith("978"):
        return None
    body = isbn_13[3:12]
    check = -sum((10 - index) * int(digit) for index, digit in enumerate(body)) % 11
    return body + ("X" if check == 10 else str(check))


def _isbn_of_length(length: int, pattern: str) -> _constraints.Constraint:
    """Check an ISBN of *length* bare digits; JSON Schema can say its form, not its check digit."""

    @_constraints.constraint({"pattern": pattern})
    def check(value: str) -> Iterator[_constraints.Finding]:
        compact = _compact(value)
        if problem := isbn_problem(compact):
            yield "", f"{value!r} is not a valid ISBN: {problem}"
        elif len(compact) != length:
            yield "", f"{value!r} is not an ISBN-{length}"
        elif compact != value:
            yield "", f"write ISBNs as bare digits: {compact!r}"

    return check


_ISBN_13 = _isbn_of_length(13, f"^{ISBN_13_DIGITS}{_constraints.END}")
_ISBN_10 = _isbn_of_length(10, f"^{ISBN_10_DIGITS}{_constraints.END}").optional()


@_constraints.Rule
def _same_book_as_isbn_13(instance: Isbn, value: str | None) -> Iterator[_constraints.Finding]:
    if value is not None and isbn_13_of(value) != instance.isbn_13:
        yield "", f"{value!r} and {instance.isbn_13!r} are different books"


@attrs.frozen(kw_only=True)
class Isbn:
    """A book's ISBN-13, and its ISBN-10 where it has one, as bare digits (the normal form).

    Make one from any written form with `Isbn.from_string`:

    >>> Isbn.from_string("ISBN 0-521-85490-3")
    Isbn(isbn_13='9780521854900', isbn_10='0521854903')
    """

    isbn_13: str = attrs.field(validator=_ISBN_13)
    isbn_10: str | None = attrs.field(default=None, validator=_same_book_as_isbn_13.on(_ISBN_10))

    @classmethod
    def from_string(cls, text: str) -> Isbn:
        """Validate an ISBN-10 or ISBN-13 written in any usual way, and normalise it.

        Raises `ValueError` if *text* is no valid ISBN.
        """
        compact = _compact(text.strip().removeprefix("ISBN").strip())
        if problem := isbn_problem(compact):
            raise ValueError(f"{text!r} is not a valid ISBN: {problem}")
        if len(compact) == 13:
            return cls(isbn_13=compact, isbn_10=isbn_10_of(compact))
        return cls(isbn_13=isbn_13_of(compact), isbn_10=compact)

    def formatted(self) -> str:
        """Return the ISBN-13 hyphenated by its registration groups, as printed on books.

        >>> Isbn.from_string("0521854903").formatted()
        '978-0-521-85490-0'
        """
        from stdnum import isbn as stdnum_isbn  # noqa: PLC0415 - see above: hyphenation only

        return str(stdnum_isbn.format(self.isbn_13))


@attrs.frozen(kw_only=True)
class Correction:
    """A field a source got wrong: what it said, why the recorded value differs, and who says so.

    `sources` name the sources that support the recorded value (not the one that got it wrong).
    """

    field: str = attrs.field(validator=_constraints.text)
    as_given: str = attrs.field(validator=_constraints.text)
    note: str = attrs.field(validator=_constraints.text)
    sources: tuple[str, ...] = _provenance.sources()


# A Correction may only name a field of the Citation it corrects: a rule on the citation's list
# of corrections, since a Correction alone does not know what it corrects.
@_constraints.constraint({})
def _correctable(value: tuple[Correction, ...]) -> Iterator[_constraints.Finding]:
    known = {field.name for field in attrs.fields(Citation)}
    for index, correction in enumerate(value):
        if correction.field not in known:
            yield f"[{index}].field", f"a citation has no field {correction.field!r}"


@attrs.frozen(kw_only=True)
class Citation:
    """A work that supports facts of the profile, with CSL's fields, cited by its `id`.

    `as_given` keeps the citation in the words of the source that gave it; `corrections` say
    where the recorded fields differ from those words, why, and on which sources. `sources`
    name where the citation and its recorded fields come from.
    """

    id: str = attrs.field(validator=_constraints.slug)
    type: CitationType
    title: str = attrs.field(validator=_constraints.text)
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    issued: int | None = None
    publisher: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    publisher_place: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    page: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    isbn: Isbn | None = None
    as_given: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    corrections: tuple[Correction, ...] = attrs.field(default=(), validator=_correctable)
    sources: tuple[str, ...] = _provenance.sources()
