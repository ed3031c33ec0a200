"""Where facts come from: sources, their kinds, revisions, copies, licences and attribution."""

from __future__ import annotations

import enum
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


class SourceKind(enum.Enum):
    """Who speaks in a source: the organisation itself, an independent publisher, an encyclopedia.

    An encyclopedia (Wikipedia) is written by its contributors about the organisation; an
    independent publisher is any other body (an agency, a network, a journal). A copy of a
    document is no kind of its own: the source is the original, read in a copy (`Copy`).
    """

    ORGANISATION = "organisation"
    INDEPENDENT = "independent"
    ENCYCLOPEDIA = "encyclopedia"


@attrs.frozen(kw_only=True)
class Copy:
    """Where a source was read when not at its own address: a copy of it, and the day read.

    `title` and `publisher` are the copy's own (a document-sharing site's, say), `None` where
    they add nothing; `accessed` is the day the copy was read.
    """

    url: str = attrs.field(validator=_constraints.url)
    title: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    publisher: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    accessed: date


_UNCHECKABLE = (
    "say which version of the document was read: give its revision, the date it"
    " states (revision_date), the date it was read (accessed) or the copy it was read in (read_in)"
)


def _version_is_named(instance: Source, value: Copy | None) -> Iterator[_constraints.Finding]:
    if (
        value is None
        and instance.revision is None
        and instance.revision_date is None
        and instance.accessed is None
    ):
        yield "", _UNCHECKABLE


_VERSIONS = ("revision", "revision_date", "accessed", "read_in")
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
    date the document states for itself: its version, publication or update, and only where
    it states one), `accessed` (the day it was read at `url`) and `read_in` (the copy it was
    read in, with the day read). `kind` says who speaks in it (`None`: not said, as in older
    files). A copy is recorded as its original: `title`, `publisher` and `revision_date` are
    the original's, as the copy gives them, and `read_in` says where it was read. `note` says
    what a reader should know to find it, such as a permanent link that could not be found.
    `licence` and `attribution` are `None` where the source states none.
    """

    id: str = attrs.field(validator=_constraints.slug)
    title: str = attrs.field(validator=_constraints.text)
    publisher: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    kind: SourceKind | None = None
    url: str = attrs.field(validator=_constraints.url)
    revision: str | None = attrs.field(default=None, validator=_constraints.optional_url)
    revision_date: date | None = None
    accessed: date | None = None
    read_in: Copy | None = attrs.field(default=None, validator=_checkable)
    licence: Licence | None = None
    attribution: str | None = attrs.field(default=None, validator=_constraints.optional_text)
    note: str | None = attrs.field(default=None, validator=_constraints.optional_text)

    @property
    def read_on(self) -> date | None:
        """The day the source was read: at its address (`accessed`), or in its copy (`read_in`)."""
        return self.accessed or (self.read_in.accessed if self.read_in else None)
