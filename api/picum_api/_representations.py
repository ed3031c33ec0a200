"""Every response body of the API and its ETag, encoded once, when the app is made.

Bodies are what the core's converter writes (`picum.dumps`): the API has no serializer of its own.
"""

from __future__ import annotations

import bisect
import collections
import email.utils
import functools
import urllib.parse
from typing import TYPE_CHECKING, Any

import picum
from picum import Citation, Organisation, Source, formats

from ._bodies import (
    ActivityPage,
    Answers,
    CitationPage,
    Health,
    Index,
    IndexV2,
    Page,
)
from ._http import BEST, FAST, Representation, Variants
from ._memory import SLOT, footprint
from ._page_policy import page_headers
from ._profile_page import render
from ._query import DEFAULT_LIMIT
from ._versions import VERSIONS, ApiVersion


if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence


#: What the pages and views made on request may cost the process, in bytes: their bodies
#: (compressed forms too), headers, keys and the objects that hold them (`_memory.footprint`).
PAGE_CACHE_BYTES = 32 * 1024 * 1024


class Representations:
    """The representations of one profile, in every version of the API: built once, looked up.

    `editions` holds each version's (`Edition`), by prefix; `latest` is the newest. Pages of
    lists beyond the first, and views of the profile at a date, are encoded when first asked
    for, and kept within a budget of memory (`page`, `organisation_as_of`, `PAGE_CACHE_BYTES`):
    each costs work in proportion to its length, never to the length of the list.
    """

    def __init__(
        self,
        org: Organisation,
        versions: Sequence[ApiVersion] = VERSIONS,
        *,
        catalogue: picum.Catalogue | None = None,
        address: Callable[[str], str] | None = None,
    ) -> None:
        self.org = org
        successors = [*versions[1:], None]
        self.editions = {
            version.prefix: Edition(org, version, successor, catalogue=catalogue, address=address)
            for version, successor in zip(versions, successors, strict=True)
        }
        #: The paths of the lists (read page by page), with the edition each is of.
        self.list_editions = {
            path: edition for edition in self.editions.values() for path in edition.lists
        }
        #: The latest version: the unversioned paths answer as it does.
        self.latest = self.editions[versions[-1].prefix]
        #: The root: the index for programs, the page for people.
        page = render(org, catalogue, address)
        self.home: Variants = (
            *self.latest.index,
            self.latest.encode(page, "html", headers=page_headers(page)),
        )
        self.health: Variants = (
            Representation.from_body(
                picum.dumps(Health(status="ok")), "json", {"Cache-Control": "no-store"}
            ),
        )
        self._days_of_change = picum.days_of_change(org)
        #: What was made on request, with what it costs (`footprint`), the least recently used
        #: first.
        self._kept: collections.OrderedDict[Hashable, tuple[Variants, int]] = (
            collections.OrderedDict()
        )
        self._kept_bytes = 0

    def resources(self) -> Iterator[tuple[str, Variants]]:
        """Every resource of the API's data, with its URL, version by version."""
        yield "/", self.home
        for edition in self.editions.values():
            yield from edition.resources(self.page)

    @property
    def dated(self) -> frozenset[str]:
        """The paths that take ``as_of``: their views at a day are made on request, not exported."""
        return frozenset(path for edition in self.editions.values() for path in edition.dated)

    def page(self, path: str, offset: int, limit: int) -> Variants:
        """Give the page of the list at *path*: *limit* items from *offset*, in each format.

        Pages are made when first asked for and kept (`kept`); the first page of each list
        is kept always.
        """
        edition = self.list_editions[path]
        if (offset, limit) == (0, DEFAULT_LIMIT):
            return edition.first[path]
        return self.keep((path, offset, limit), lambda: edition.page(path, offset, limit))

    def organisation_as_of(self, edition: Edition, day: dt.date) -> Variants:
        """Give *edition*'s organisation as its sources knew it on *day* (`picum.as_of`).

        Views are made when first asked for and kept (`kept`), one per span between two of
        the profile's days of change (`picum.days_of_change`).
        """
        return self._as_of(edition, day, "organisation", edition.organisation_of)

    def answers_as_of(self, edition: Edition, day: dt.date) -> Variants:
        """Give *edition*'s answers for the facts as their sources knew them on *day*.

        Made and kept as `organisation_as_of` makes and keeps views of the organisation.
        """
        return self._as_of(edition, day, "answers", edition.answers_of)

    def _as_of(
        self,
        edition: Edition,
        day: dt.date,
        resource: str,
        make: Callable[[Organisation], Variants],
    ) -> Variants:
        """Give the *resource* *make* makes of the profile as its sources knew it on *day*."""
        # Every day between two days of change sees the same view: keep one per span, and
        # make it only when it is first asked for.
        span = bisect.bisect_right(self._days_of_change, day)
        return self.keep(
            (edition.version.prefix, resource, span),
            lambda: make(picum.as_of(self.org, day)),
        )

    def keep(self, key: Hashable, make: Callable[[], Variants]) -> Variants:
        """Give what *make* makes for *key*, made once and kept while it is recently used.

        What is kept costs at most `PAGE_CACHE_BYTES` in all, counted by `footprint` (the
        least recently used goes first), but always the latest.
        """
        kept = self._kept.get(key)
        if kept is not None:
            self._kept.move_to_end(key)
            return kept[0]
        variants = make()
        cost = footprint(key, variants) + SLOT
        self._kept[key] = variants, cost
        self._kept_bytes += cost
        while self._kept_bytes > PAGE_CACHE_BYTES and len(self._kept) > 1:
            _, (_, dropped) = self._kept.popitem(last=False)
            self._kept_bytes -= dropped
        return variants

    @property
    def kept(self) -> tuple[int, int]:
        """How many answers made on request are kept, and how many bytes they cost in all."""
        return len(self._kept), self._kept_bytes


class Edition:
    """The representations of one profile in one version of the API."""

    def __init__(
        self,
        org: Organisation,
        version: ApiVersion,
        successor: ApiVersion | None,
        *,
        catalogue: picum.Catalogue | None = None,
        address: Callable[[str], str] | None = None,
    ) -> None:
        self.org = org
        self._jsonld = functools.partial(version.jsonld_of, catalogue=catalogue, address=address)
        self.version = version
        self.successor = successor
        self.links = version.links
        self.organisation = self.organisation_of(org)
        #: The answer for each fact, in a version that serves them (`ApiVersion.answers`).
        self.answers = self.answers_of(org) if version.answers else ()
        #: The paths that take ``as_of`` (`Representations.organisation_as_of` and
        #: `Representations.answers_as_of`): the organisation's since version 2, and the answers'.
        self.dated = tuple(
            path
            for path, dated in (
                (self.links.organisation, version.dated),
                (version.answers_path, version.answers),
            )
            if dated
        )
        self.data_revision = self.organisation[0].etag.strip('"')
        # A version with answers links to them: its index is of a type of its own.
        index = (
            IndexV2(
                api_version=str(version.number),
                data_revision=self.data_revision,
                links=version.links_v2,
                licence=org.licence,
                attribution=org.attribution,
            )
            if version.answers
            else Index(
                api_version=str(version.number),
                data_revision=self.data_revision,
                links=self.links,
                licence=org.licence,
                attribution=org.attribution,
            )
        )
        self.index: Variants = (self.represent(index, url=version.prefix),)
        self.activities: dict[str, Variants] = {
            activity.id: (self.represent(activity, url=f"{self.links.activities}/{activity.id}"),)
            for activity in org.activities
        }
        self.citations: dict[str, Variants] = {
            citation.id: self._citations(
                citation, (citation,), url=f"{self.links.citations}/{citation.id}"
            )
            for citation in org.citations
        }
        shown = picum.format1.downgrade(org) if version.format1_lists else org
        self.lists: dict[str, tuple[Sequence[Any], Callable[..., Page]]] = {
            self.links.activities: (org.activities, ActivityPage),
            self.links.citations: (org.citations, CitationPage),
            # Version 1 lists its sources and networks in format 1's shape.
            self.links.sources: (shown.sources, version.sources_page),
            self.links.memberships: self._memberships(shown.network_memberships),
        }
        #: The first page of each list, made now and kept; the others are made on request.
        self.first = {path: self.page(path, 0, DEFAULT_LIMIT) for path in self.lists}

    def resources(
        self, page: Callable[[str, int, int], Variants]
    ) -> Iterator[tuple[str, Variants]]:
        """Every resource of this version, with its URL: each list page by page, from *page*."""
        yield self.version.prefix, self.index
        yield self.links.organisation, self.organisation
        if self.answers:
            yield self.version.answers_path, self.answers
        for path, (items, _) in self.lists.items():
            for offset in range(0, max(len(items), 1), DEFAULT_LIMIT):
                yield page_url(path, offset, DEFAULT_LIMIT), page(path, offset, DEFAULT_LIMIT)
        for id_, variants in self.activities.items():
            yield f"{self.links.activities}/{id_}", variants
        for id_, variants in self.citations.items():
            yield f"{self.links.citations}/{id_}", variants

    def organisation_of(self, profile: Organisation) -> Variants:
        """*profile* as this version's organisation resource: its wire format, and JSON-LD."""
        # A view at a date is made on request, the profile itself at start-up.
        compression = BEST if profile is self.org else FAST
        url = self.links.organisation
        return (
            self.represent(self.version.profile(profile), compression, url=url),
            self.encode(picum.dumps(self._jsonld(profile)), "jsonld", compression, url=url),
        )

    def answers_of(self, profile: Organisation) -> Variants:
        """*profile*'s answer for each fact (`picum.answers`), as this version's resource."""
        compression = BEST if profile is self.org else FAST
        body = Answers(
            items=picum.answers(profile),
            licence=profile.licence,
            attribution=profile.attribution,
        )
        return (self.represent(body, compression, url=self.version.answers_path),)

    def headers(self, url: str | None) -> dict[str, str]:
        """Give the headers of the representations at *url* that say more than the body.

        The licence of the data; the same resource in the successor version, if there is one;
        and the deprecation and sunset of this version, once they are set.
        """
        links = [f'<{self.org.licence.url}>; rel="license"']
        if self.successor is not None and url is not None:
            successor = self.successor.prefix + url.removeprefix(self.version.prefix)
            links.append(f'<{successor}>; rel="successor-version"')
        headers = {"Link": ", ".join(links)}
        if self.version.deprecated is not None:
            headers["Deprecation"] = f"@{int(self.version.deprecated.timestamp())}"
        if self.version.sunset is not None:
            headers["Sunset"] = email.utils.format_datetime(self.version.sunset, usegmt=True)
        return headers

    def encode(
        self,
        body: bytes,
        format_: str,
        compression: tuple[int, int] = BEST,
        *,
        url: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> Representation:
        """Describe *body*, at *url*, in *format_*, with this version's `headers` and *headers*."""
        return Representation.from_body(
            body, format_, {**self.headers(url), **(headers or {})}, compression=compression
        )

    def represent(
        self, value: object, compression: tuple[int, int] = BEST, *, url: str | None = None
    ) -> Representation:
        """Encode *value*, at *url*, in the wire format."""
        return self.encode(picum.dumps(value), "json", compression, url=url)

    def _citations(
        self,
        value: object,
        citations: Sequence[Citation | Source],
        compression: tuple[int, int] = BEST,
        *,
        url: str,
    ) -> Variants:
        """*value* in the wire format, and *citations* (or sources) as CSL-JSON and BibTeX."""
        return (
            self.represent(value, compression, url=url),
            self.encode(picum.dumps(formats.csl(citations)), "csl", compression, url=url),
            self.encode(formats.bibtex(citations).encode(), "bibtex", compression, url=url),
        )

    def _memberships(
        self,
        memberships: picum.NetworkMemberships | picum.format1.NetworkMemberships | None,
    ) -> tuple[Sequence[Any], Callable[..., Page]]:
        page = self.version.memberships_page
        if memberships is None:
            unknown = functools.partial(
                page,
                scopes=(),
                completeness=picum.Completeness.NOT_IN_SOURCE,
                note=None,
                sources=(),
            )
            return (), unknown
        known = functools.partial(
            page,
            scopes=memberships.scopes,
            completeness=memberships.completeness,
            note=memberships.note,
            sources=memberships.sources,
        )
        return memberships.items, known

    def page(self, path: str, offset: int, limit: int) -> Variants:
        """Make the page of the list at *path*: *limit* items from *offset*, in each format."""
        items, make_page = self.lists[path]
        end = offset + limit
        shown = tuple(items[offset:end])
        page = make_page(
            total=len(items),
            offset=offset,
            limit=limit,
            next=page_url(path, end, limit) if end < len(items) else None,
            licence=self.org.licence,
            attribution=self.org.attribution,
            items=shown,
        )
        # The first pages are made at start-up, any other when first asked for: quickly, since
        # a client may ask for many. Which levels a page gets depends on the page alone, so that
        # every process (and every export) has the same bytes.
        compression = BEST if (offset, limit) == (0, DEFAULT_LIMIT) else FAST
        url = page_url(path, offset, limit)
        if path == self.links.citations or (
            path == self.links.sources and self.version.citable_sources
        ):
            return self._citations(page, shown, compression, url=url)
        return (self.represent(page, compression, url=url),)


def page_url(path: str, offset: int, limit: int, query: Mapping[str, str] | None = None) -> str:
    """Give the URL of a page of the list at *path*: the list's own for its first page.

    *query* holds what the list was asked for besides the page (a search), encoded first.
    """
    asked = urllib.parse.urlencode(query or {})
    if (offset, limit) == (0, DEFAULT_LIMIT) and not asked:
        return path
    return f"{path}?{asked}{'&' if asked else ''}offset={offset}&limit={limit}"
