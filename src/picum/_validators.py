"""attrs validators shared by the model: text, slugs, URLs and references by id."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ._errors import FieldError


if TYPE_CHECKING:
    from collections.abc import Sequence

    import attrs


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _encodable(attribute: attrs.Attribute[Any], value: str) -> None:
    try:
        value.encode()
    except UnicodeEncodeError:
        # JSON can escape half a surrogate pair ("\\ud800"); UTF-8 cannot encode one.
        raise FieldError(
            attribute.name, "must be Unicode text, not half a surrogate pair"
        ) from None


def text(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Reject empty text, text with surrounding white space, and text that is not Unicode."""
    if not value.strip():
        raise FieldError(attribute.name, "must not be empty")
    if value != value.strip():
        raise FieldError(attribute.name, "must not start or end with white space")
    _encodable(attribute, value)


def optional_text(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """Like `text`, but `None` (the fact is missing) is allowed."""
    if value is not None:
        text(instance, attribute, value)


def is_slug(value: str) -> bool:
    """Tell whether *value* is a stable id: lower-case words of letters and digits joined by "-".

    >>> is_slug("capacity-building"), is_slug("Capacity building")
    (True, False)
    """
    return _SLUG.fullmatch(value) is not None


def slug(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Reject ids that are not slugs."""
    if not is_slug(value):
        raise FieldError(
            attribute.name,
            f"{value!r} is not an id: use lower-case letters and digits joined by '-'",
        )


def references(_instance: object, attribute: attrs.Attribute[Any], value: Sequence[str]) -> None:
    """Reject a list of ids that holds a non-slug or the same id twice.

    Whether each id names something that exists is checked by the organisation: it knows them all.
    """
    for index, ref in enumerate(value):
        if not is_slug(ref):
            raise FieldError(f"{attribute.name}[{index}]", f"{ref!r} is not an id")
        if ref in value[:index]:
            raise FieldError(f"{attribute.name}[{index}]", f"{ref!r} is listed twice")


def supported(_instance: object, attribute: attrs.Attribute[Any], value: Sequence[str]) -> None:
    """Reject a fact that names no source: every fact says where it comes from."""
    if not value:
        raise FieldError(attribute.name, "must name at least one source")
    references(_instance, attribute, value)


def url(_instance: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """Reject anything but an absolute http(s) URL."""
    _encodable(attribute, value)
    try:
        parts = urlsplit(value)
    except ValueError:
        parts = urlsplit("")
    if parts.scheme not in {"http", "https"} or not parts.netloc or value != value.strip():
        raise FieldError(attribute.name, f"{value!r} is not an absolute http(s) URL")


def optional_url(instance: object, attribute: attrs.Attribute[Any], value: str | None) -> None:
    """Like `url`, but `None` (the fact is missing) is allowed."""
    if value is not None:
        url(instance, attribute, value)


def non_empty(_instance: object, attribute: attrs.Attribute[Any], value: Sequence[object]) -> None:
    """Reject an empty list."""
    if not value:
        raise FieldError(attribute.name, "must not be empty")


def non_negative(_instance: object, attribute: attrs.Attribute[Any], value: int) -> None:
    """Reject negative counts."""
    if value < 0:
        raise FieldError(attribute.name, f"must be 0 or more, not {value}")
