"""The organisation's areas of activity."""

from __future__ import annotations

import attrs

from . import _constraints, _provenance


@attrs.frozen(kw_only=True)
class Activity:
    """One area of the organisation's work, in the source's words, with a stable `id`."""

    id: str = attrs.field(validator=_constraints.slug)
    title: str = attrs.field(validator=_constraints.text)
    description: str = attrs.field(validator=_constraints.text)
    sources: tuple[str, ...] = _provenance.sources()
