"""Where facts come from: sources, their revisions, licences and attribution."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import attrs

from . import _constraints


if TYPE_CHECKING:
    from collections.abc import Iterator


@attrs.frozen(kw_only=True)
class Licence:
    """A licence, by its SPDX identifier, with its name and the address of its text."""

    spdx_id: str = attrs.field(validator=_constraints.text)
    name: str = attrs.field(validator=_constraints.text)
    url: str = attrs.field(validator=_constraints.url)


_UNCHECKABLE = (
    "say which version of the document was read: give its revision, the date it"
    " states (revision_date) or the date it was read (accessed)"
)


def _version_is_named(instance: Source, value: date | None) -> Iterator[_constraints.Finding]:
    if value is None and instance.revision is None and instance.revision_date is None:
        yield "", _UNCHECKABLE


_VERSIONS = ("revision", "revision_date", "accessed")
# One of them, at least, is there and not null.
_checkable = _constraints.Rule(_version_is_named).said(
    {
        "anyOf": [
            {"required": [name], "properties": {name: {"not": {"type": "null"}}}}
            for name in _VERSIONS
        ]
    }
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

    id: str = attrs.field(validator=_constraints.slug)
    title: str = attrs.field(validator=_constraints.text)
    publisher: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    url: str = attrs.field(validator=_constraints.url)
    revision: str | None = attrs.field(default=None, validator=_constraints.optional_url)
    revision_date: date | None = None
    accessed: date | None = attrs.field(default=None, validator=_checkable)
    licence: Licence | None = None
    attribution: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    note: str | None = attrs.field(default=None, validator=_constraints.optional_text)
