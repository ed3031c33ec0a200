"""Bibliographic citations, modelled on CSL: names, ISBNs, and corrections to a source's wording."""

from __future__ import annotations

import enum
import re
from typing import Any

import attrs

from . import _validators
from ._errors import FieldError


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

    family: str = attrs.field(validator=_validators.text)
    given: str | None = attrs.field(default=None, validator=_validators.optional_text)

    def __str__(self) -> str:
        return self.family if self.given is None else f"{self.given} {self.family}"


# Checking a normalised ISBN is two lines of arithmetic; python-stdnum, which reads any written
# form and hyphenates, costs a sixth of `picum.load()` to import (it imports ssl and pydoc), so
# it is imported only where it is needed. Tests check these functions against it.
_ISBN_DIGITS = re.compile(r"[0-9]{9}[0-9X]|97[89][0-9]{10}")


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


def _isbn_of_length(length: int) -> Any:
    def check(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
        compact = value.replace("-", "").replace(" ", "")
        if problem := isbn_problem(compact):
            raise FieldError(attribute.name, f"{value!r} is not a valid ISBN: {problem}")
        if len(compact) != length:
            raise FieldError(attribute.name, f"{value!r} is not an ISBN-{length}")
        if compact != value:
            raise FieldError(attribute.name, f"write ISBNs as bare digits: {compact!r}")

    return check


def _same_book_as_isbn_13(
    instance: Isbn, attribute: attrs.Attribute[Any], value: str | None
) -> None:
    if value is None:
        return
    _isbn_of_length(10)(instance, attribute, value)
    if isbn_13_of(value) != instance.isbn_13:
        raise FieldError(attribute.name, f"{value!r} and {instance.isbn_13!r} are different books")


@attrs.frozen(kw_only=True)
class Isbn:
    """A book's ISBN-13, and its ISBN-10 where it has one, as bare digits (the normal form).

    Make one from any written form with `Isbn.from_string`:

    >>> Isbn.from_string("ISBN 0-521-85490-3")
    Isbn(isbn_13='9780521854900', isbn_10='0521854903')
    """

    isbn_13: str = attrs.field(validator=_isbn_of_length(13))
    isbn_10: str | None = attrs.field(default=None, validator=_same_book_as_isbn_13)

    @classmethod
    def from_string(cls, text: str) -> Isbn:
        """Validate an ISBN-10 or ISBN-13 written in any usual way, and normalise it.

        Raises `ValueError` if *text* is no valid ISBN.
        """
        from stdnum import isbn as stdnum_isbn  # noqa: PLC0415 - see above
        from stdnum.exceptions import ValidationError as NumberError  # noqa: PLC0415

        try:
            compact = stdnum_isbn.validate(text.removeprefix("ISBN").strip())
        except NumberError as exc:
            raise ValueError(f"{text!r} is not a valid ISBN: {exc}") from None
        if len(compact) == 13:
            isbn_10 = stdnum_isbn.to_isbn10(compact) if compact.startswith("978") else None
            return cls(isbn_13=compact, isbn_10=isbn_10)
        return cls(isbn_13=stdnum_isbn.to_isbn13(compact), isbn_10=compact)

    def formatted(self) -> str:
        """Return the ISBN-13 hyphenated by its registration groups, as printed on books.

        >>> Isbn.from_string("0521854903").formatted()
        '978-0-521-85490-0'
        """
        from stdnum import isbn as stdnum_isbn  # noqa: PLC0415 - see above

        return str(stdnum_isbn.format(self.isbn_13))


@attrs.frozen(kw_only=True)
class Correction:
    """A field a source got wrong: what it said, why the recorded value differs, and who says so.

    `sources` name the sources that support the recorded value (not the one that got it wrong).
    """

    field: str = attrs.field(validator=_validators.text)
    as_given: str = attrs.field(validator=_validators.text)
    note: str = attrs.field(validator=_validators.text)
    sources: tuple[str, ...] = attrs.field(validator=_validators.supported)


def _correctable(
    _instance: object, attribute: attrs.Attribute[Any], value: tuple[Correction, ...]
) -> None:
    known = {field.name for field in attrs.fields(Citation)}
    for index, correction in enumerate(value):
        if correction.field not in known:
            raise FieldError(
                f"{attribute.name}[{index}].field", f"a citation has no field {correction.field!r}"
            )


@attrs.frozen(kw_only=True)
class Citation:
    """A work that supports facts of the profile, with CSL's fields, cited by its `id`.

    `as_given` keeps the citation in the words of the source that gave it; `corrections` say
    where the recorded fields differ from those words, why, and on which sources. `sources`
    name where the citation and its recorded fields come from.
    """

    id: str = attrs.field(validator=_validators.slug)
    type: CitationType
    title: str = attrs.field(validator=_validators.text)
    authors: tuple[Name, ...] = ()
    editors: tuple[Name, ...] = ()
    issued: int | None = None
    publisher: str | None = attrs.field(default=None, validator=_validators.optional_text)
    publisher_place: str | None = attrs.field(default=None, validator=_validators.optional_text)
    page: str | None = attrs.field(default=None, validator=_validators.optional_text)
    isbn: Isbn | None = None
    as_given: str | None = attrs.field(default=None, validator=_validators.optional_text)
    corrections: tuple[Correction, ...] = attrs.field(default=(), validator=_correctable)
    sources: tuple[str, ...] = attrs.field(validator=_validators.supported)
