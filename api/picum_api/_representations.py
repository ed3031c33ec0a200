"""Every response body of the API and its ETag, encoded once, when the app is made.

Bodies are what the core's converter writes (`picum.dumps`): the API has no serializer of its own.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import picum
from picum import Organisation

from ._documents import (
    ActivityPage,
    CitationPage,
    Health,
    Index,
    Links,
    MembershipPage,
    Page,
    SourcePage,
)
from ._http import JSON, Representation


if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


API_VERSION = "1"
V1 = "/v1"
LINKS = Links(
    organisation=f"{V1}/organisation",
    activities=f"{V1}/activities",
    memberships=f"{V1}/memberships",
    citations=f"{V1}/citations",
    sources=f"{V1}/sources",
    openapi="/schema/openapi.json",
)
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
#: Far beyond any list, and within the 64-bit integers that JSON consumers can count on.
MAX_OFFSET = 1_000_000_000
_PAGE_CACHE_SIZE = 256


class Catalog:
    """The representations of one profile: built once, then only looked up.

    Pages of lists beyond the first are encoded when first asked for, and kept in a bounded
    cache: each costs work in proportion to its length, never to the length of the list.
    """

    def __init__(self, org: Organisation) -> None:
        self.org = org
        self.licence_link = {"Link": f'<{org.licence.url}>; rel="license"'}
        self.organisation = self.represent(org)
        self.data_revision = self.organisation.etag.strip('"')
        self.index = self.represent(
            Index(
                api_version=API_VERSION,
                data_revision=self.data_revision,
                links=LINKS,
                licence=org.licence,
                attribution=org.attribution,
            )
        )
        self.health = Representation.from_body(
            picum.dumps(Health(status="ok")), JSON, {"Cache-Control": "no-store"}
        )
        self.activities = {activity.id: self.represent(activity) for activity in org.activities}
        self.citations = {citation.id: self.represent(citation) for citation in org.citations}
        self._lists: dict[str, tuple[Sequence[Any], Callable[..., Page]]] = {
            LINKS.activities: (org.activities, ActivityPage),
            LINKS.citations: (org.citations, CitationPage),
            LINKS.sources: (org.sources, SourcePage),
            LINKS.memberships: self._memberships(),
        }
        self.page = functools.lru_cache(maxsize=_PAGE_CACHE_SIZE)(self._page)
        for path in self._lists:
            self.page(path, 0, DEFAULT_LIMIT)

    def represent(self, value: object) -> Representation:
        """Encode *value* in the wire format, with the licence of the data in a Link header."""
        return Representation.from_body(picum.dumps(value), JSON, self.licence_link)

    def _memberships(self) -> tuple[Sequence[Any], Callable[..., Page]]:
        memberships = self.org.network_memberships
        if memberships is None:
            unknown = functools.partial(
                MembershipPage,
                scopes=(),
                completeness=picum.Completeness.NOT_IN_SOURCE,
                note=None,
                sources=(),
            )
            return (), unknown
        known = functools.partial(
            MembershipPage,
            scopes=memberships.scopes,
            completeness=memberships.completeness,
            note=memberships.note,
            sources=memberships.sources,
        )
        return memberships.items, known

    def _page(self, path: str, offset: int, limit: int) -> Representation:
        items, make_page = self._lists[path]
        end = offset + limit
        return self.represent(
            make_page(
                total=len(items),
                offset=offset,
                limit=limit,
                next=f"{path}?offset={end}&limit={limit}" if end < len(items) else None,
                licence=self.org.licence,
                attribution=self.org.attribution,
                items=tuple(items[offset:end]),
            )
        )
