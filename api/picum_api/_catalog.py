"""Every response body of the API and its ETag, encoded once, when the app is made.

Bodies are what the core's converter writes (`picum.dumps`): the API has no serializer of its own.
"""

from __future__ import annotations

import collections
import functools
from typing import TYPE_CHECKING, Any

import picum
from picum import Citation, Organisation, formats

from ._bodies import (
    ActivityPage,
    CitationPage,
    Health,
    Index,
    Links,
    MembershipPage,
    Page,
    SourcePage,
)
from ._http import BEST, FAST, Representation
from ._profile_page import render


if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence


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
#: What the pages made on request may hold, in bytes of their bodies (compressed forms too).
PAGE_CACHE_BYTES = 32 * 1024 * 1024

#: The representations of one resource, the default first.
Variants = tuple[Representation, ...]


class Catalog:
    """The representations of one profile: built once, then only looked up.

    Pages of lists beyond the first are encoded when first asked for, and kept within a budget
    of bytes (`page`): each costs work in proportion to its length, never to the length of the
    list.
    """

    def __init__(self, org: Organisation) -> None:
        self.org = org
        self.licence_link = {"Link": f'<{org.licence.url}>; rel="license"'}
        self.organisation: Variants = (
            # /v1 stays in format 1: each fact its preferred value, as before statements.
            self.represent(picum.format1.downgrade(org)),
            self.encode(picum.dumps(formats.jsonld(org)), "jsonld"),
        )
        self.data_revision = self.organisation[0].etag.strip('"')
        self.index: Variants = (
            self.represent(
                Index(
                    api_version=API_VERSION,
                    data_revision=self.data_revision,
                    links=LINKS,
                    licence=org.licence,
                    attribution=org.attribution,
                )
            ),
        )
        #: The root: the index for programs, the page for people.
        self.home: Variants = (*self.index, self.encode(render(org), "html"))
        self.health: Variants = (
            Representation.from_body(
                picum.dumps(Health(status="ok")), "json", {"Cache-Control": "no-store"}
            ),
        )
        self.activities: dict[str, Variants] = {
            activity.id: (self.represent(activity),) for activity in org.activities
        }
        self.citations: dict[str, Variants] = {
            citation.id: self._citations(citation, (citation,)) for citation in org.citations
        }
        self._lists: dict[str, tuple[Sequence[Any], Callable[..., Page]]] = {
            LINKS.activities: (org.activities, ActivityPage),
            LINKS.citations: (org.citations, CitationPage),
            LINKS.sources: (org.sources, SourcePage),
            LINKS.memberships: self._memberships(),
        }
        #: The first page of each list, made now and kept; the others are made on request.
        self._first = {path: self._page(path, 0, DEFAULT_LIMIT) for path in self._lists}
        self._pages: collections.OrderedDict[tuple[str, int, int], Variants] = (
            collections.OrderedDict()
        )
        self._page_bytes = 0

    def resources(self) -> Iterator[tuple[str, Variants]]:
        """Every resource of the API's data, with its URL: each list page by page."""
        yield "/", self.home
        yield V1, self.index
        yield LINKS.organisation, self.organisation
        for path, (items, _) in self._lists.items():
            for offset in range(0, max(len(items), 1), DEFAULT_LIMIT):
                url = path if offset == 0 else f"{path}?offset={offset}&limit={DEFAULT_LIMIT}"
                yield url, self.page(path, offset, DEFAULT_LIMIT)
        for id_, variants in self.activities.items():
            yield f"{LINKS.activities}/{id_}", variants
        for id_, variants in self.citations.items():
            yield f"{LINKS.citations}/{id_}", variants

    def page(self, path: str, offset: int, limit: int) -> Variants:
        """Give the page of the list at *path*: *limit* items from *offset*, in each format.

        Pages are made when first asked for and kept, the least recently used dropped first
        once they hold more than `PAGE_CACHE_BYTES`; the first page of each list is kept always.
        """
        if (offset, limit) == (0, DEFAULT_LIMIT):
            return self._first[path]
        key = (path, offset, limit)
        variants = self._pages.get(key)
        if variants is not None:
            self._pages.move_to_end(key)
            return variants
        variants = self._page(path, offset, limit)
        self._pages[key] = variants
        self._page_bytes += _size(variants)
        while self._page_bytes > PAGE_CACHE_BYTES and len(self._pages) > 1:
            _, dropped = self._pages.popitem(last=False)
            self._page_bytes -= _size(dropped)
        return variants

    @property
    def pages_kept(self) -> tuple[int, int]:
        """How many pages made on request are kept, and how many bytes their bodies count."""
        return len(self._pages), self._page_bytes

    def encode(
        self, body: bytes, format_: str, compression: tuple[int, int] = BEST
    ) -> Representation:
        """Describe *body* in *format_*, with the licence of the data in a Link header."""
        return Representation.from_body(body, format_, self.licence_link, compression=compression)

    def represent(self, value: object, compression: tuple[int, int] = BEST) -> Representation:
        """Encode *value* in the wire format."""
        return self.encode(picum.dumps(value), "json", compression)

    def _citations(
        self, value: object, citations: Sequence[Citation], compression: tuple[int, int] = BEST
    ) -> Variants:
        """*value* in the wire format, and *citations* as CSL-JSON and as BibTeX."""
        return (
            self.represent(value, compression),
            self.encode(picum.dumps(formats.csl(citations)), "csl", compression),
            self.encode(formats.bibtex(citations).encode(), "bibtex", compression),
        )

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

    def _page(self, path: str, offset: int, limit: int) -> Variants:
        items, make_page = self._lists[path]
        end = offset + limit
        shown = tuple(items[offset:end])
        page = make_page(
            total=len(items),
            offset=offset,
            limit=limit,
            next=f"{path}?offset={end}&limit={limit}" if end < len(items) else None,
            licence=self.org.licence,
            attribution=self.org.attribution,
            items=shown,
        )
        # The first pages are made at start-up, any other when first asked for: quickly, since
        # a client may ask for many. Which levels a page gets depends on the page alone, so that
        # every process (and every export) has the same bytes.
        compression = BEST if (offset, limit) == (0, DEFAULT_LIMIT) else FAST
        if path == LINKS.citations:
            return self._citations(page, shown, compression)
        return (self.represent(page, compression),)


def _size(variants: Variants) -> int:
    """Count the bytes of the bodies of *variants*, their compressed forms included."""
    return sum(
        len(representation.body) + sum(len(coded.body) for coded in representation.codings)
        for representation in variants
    )
