"""Where facts come from: sources, their revisions, licences and attribution."""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from . import _validators
from ._errors import FieldError


@attrs.frozen(kw_only=True)
class Licence:
    """A licence, by its SPDX identifier, with its name and the address of its text."""

    spdx_id: str = attrs.field(validator=_validators.text)
    name: str = attrs.field(validator=_validators.text)
    url: str = attrs.field(validator=_validators.url)


def _checkable(instance: Source, attribute: attrs.Attribute[Any], value: date | None) -> None:
    if value is None and instance.revision is None and instance.revision_date is None:
        raise FieldError(
            attribute.name,
            "say which version of the document was read: give its revision, the date it"
            " states (revision_date) or the date it was read (accessed)",
        )


@attrs.frozen(kw_only=True)
class Source:
    """A document that supports facts of the profile; facts name it by its `id`.

    A reader can check every source: it has a `url`, and at least one of `revision` (the
    address of the exact version read, such as a wiki's permanent link), `revision_date` (the
    date the document states for itself: its version, publication or update) and `accessed`
    (the day it was read, for a document that states no date). `note` says what a reader should
    know to find it, such as a permanent link that could not be found. `licence` and
    `attribution` are `None` where the source states none.
    """

    id: str = attrs.field(validator=_validators.slug)
    title: str = attrs.field(validator=_validators.text)
    publisher: str | None = attrs.field(default=None, validator=_validators.optional_text)
    url: str = attrs.field(validator=_validators.url)
    revision: str | None = attrs.field(default=None, validator=_validators.optional_url)
    revision_date: date | None = None
    accessed: date | None = attrs.field(default=None, validator=_checkable)
    licence: Licence | None = None
    attribution: str | None = attrs.field(default=None, validator=_validators.optional_text)
    note: str | None = attrs.field(default=None, validator=_validators.optional_text)
