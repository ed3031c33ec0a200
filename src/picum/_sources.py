"""Where facts come from: sources, their revisions, licences and attribution."""

from __future__ import annotations

from datetime import date

import attrs

from . import _validators


@attrs.frozen(kw_only=True)
class Licence:
    """A licence, by its SPDX identifier, with its name and the address of its text."""

    spdx_id: str = attrs.field(validator=_validators.text)
    name: str = attrs.field(validator=_validators.text)
    url: str = attrs.field(validator=_validators.url)


@attrs.frozen(kw_only=True)
class Source:
    """A document that supports facts of the profile; facts name it by its `id`.

    Only what is known of a source is recorded: `url`, `revision_date`, `licence` and
    `attribution` are `None` where they are not known.
    """

    id: str = attrs.field(validator=_validators.slug)
    title: str = attrs.field(validator=_validators.text)
    publisher: str | None = attrs.field(default=None, validator=_validators.optional_text)
    url: str | None = attrs.field(default=None, validator=_validators.optional_url)
    revision_date: date | None = None
    licence: Licence | None = None
    attribution: str | None = attrs.field(default=None, validator=_validators.optional_text)
