"""The catalogue's representations: its organisations found, each one's profile and links.

They are made on request from the core's `picum.Catalogue`, held in memory or opened from the
file ``picum build`` wrote (a search, a profile, a page of its links), by picum's converter as
every other body is, and kept within the budget of what is made on request
(`Representations.keep`): what one costs grows with the answer, never with the catalogue.
"""

from __future__ import annotations

import bisect
import functools
from typing import TYPE_CHECKING

import picum
from picum import CatalogueEntry, MembershipLink, Organisation, OrganisationType
from picum._catalogue import fold

from ._bodies import MembershipLinkPage, OrganisationEntry, OrganisationPage, StatedBy
from ._http import FAST, FORMATS, MalformedHeaderError, Representation, Variants, negotiate
from ._page_policy import page_headers
from ._profile_page import render
from ._representations import page_url
from ._versions import CATALOGUE_VERSION, ORGANISATIONS, organisation_path


if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Hashable

    from ._query import Query

    #: Gives what is made for a key, made once and kept within the budget.
    Keep = Callable[[Hashable, Callable[[], Variants]], Variants]


#: How many profiles' days of change are remembered (a few KiB each at most).
DAYS_KEPT = 1024
#: The media types a profile of the catalogue is given in, the default first: its data's
#: formats, then its page for people's.
_PROFILE_MEDIA_TYPES = tuple(FORMATS[name].media_type for name in ("json", "jsonld", "html"))
_PAGE_MEDIA_TYPE = _PROFILE_MEDIA_TYPES[-1]


class CatalogueRepresentations:
    """The representations of a catalogue's organisations, in version 2 of the API.

    Every method that names an organisation raises `KeyError` where the catalogue has no
    profile of that id.
    """

    def __init__(
        self,
        catalogue: picum.Catalogue,
        keep: Keep,
        address: Callable[[str], str] | None = None,
    ) -> None:
        self.catalogue = catalogue
        self._keep = keep
        #: Gives the address of a profile from its id, for JSON-LD (`None`: not known).
        self.address = address
        #: The days each profile's views change on (`picum.days_of_change`), for the last
        #: `DAYS_KEPT` profiles asked for at a day.
        self._days_of_change = functools.lru_cache(maxsize=DAYS_KEPT)(self._days)

    def found(self, query: Query) -> Variants:
        """Give the page of the organisations *query* finds (``q``, ``type``, ``country``)."""
        # Searches that find the same (``PICUM``, `` picum``) share their pages.
        text = None if query.q is None else fold(query.q)
        key = ("found", text, query.type, query.country, query.offset, query.limit)
        return self._keep(key, lambda: self._found(query))

    def profile(self, id_: str) -> Variants:
        """Give the profile *id_* in every format: wire format, JSON-LD, its page for people."""
        return (*self._data(id_, None), *self._page(id_))

    def profile_for(
        self, id_: str, as_of: dt.date | None, *, accept: str | None, format_: str | None
    ) -> Variants:
        """Give the profile *id_* in the formats that can answer *accept* and *format_*.

        The page alone where Accept prefers it, the data's formats (wire format and JSON-LD)
        where it prefers one of them or ``format`` names one: only what may be sent is made. A
        view at a day *as_of* (as its sources knew the profile then) is data only. Where Accept
        cannot be read, or refuses every format, all of them (`profile`), for the answer (400,
        406) to name.
        """
        if as_of is not None or format_ is not None:
            return self._data(id_, as_of)
        try:
            chosen = negotiate(accept, _PROFILE_MEDIA_TYPES)
        except MalformedHeaderError:
            chosen = None
        if chosen is None:
            return self.profile(id_)
        return self._page(id_) if chosen == _PAGE_MEDIA_TYPE else self._data(id_, None)

    def _data(self, id_: str, as_of: dt.date | None) -> Variants:
        """Give the profile *id_* at *as_of* in the wire format and as JSON-LD, kept."""
        # The profile is read only to make what is not kept: of a built catalogue, reading it
        # costs a lookup and its decoding.
        profiles = self.catalogue.profiles
        if as_of is None:
            return self._keep(("profile", id_), lambda: self._profile(profiles[id_], None))
        # Every day between two days of change sees the same view, as for the default's views
        # (`Representations.organisation_as_of`): one is kept per span.
        span = bisect.bisect_right(self._days_of_change(id_), as_of)
        return self._keep(("profile", id_, span), lambda: self._profile(profiles[id_], as_of))

    def _page(self, id_: str) -> Variants:
        """Give the page for people of the profile *id_*, kept."""
        return self._keep(("page", id_), lambda: self._page_of(self.catalogue.profiles[id_]))

    def _days(self, id_: str) -> tuple[dt.date, ...]:
        return picum.days_of_change(self.catalogue.profiles[id_])

    def _page_of(self, org: Organisation) -> Variants:
        page = render(org, self.catalogue, self.address)
        headers = {**_licence(org), **page_headers(page)}
        return (Representation.from_body(page, "html", headers, compression=FAST),)

    def _profile(self, org: Organisation, as_of: dt.date | None) -> Variants:
        """*org*, at *as_of*, in the wire format and as JSON-LD, with its licence's link."""
        view = org if as_of is None else picum.as_of(org, as_of)
        headers = _licence(org)
        jsonld = CATALOGUE_VERSION.jsonld_of(view, self.catalogue, self.address)
        return (
            Representation.from_body(picum.dumps(view), "json", headers, compression=FAST),
            Representation.from_body(picum.dumps(jsonld), "jsonld", headers, compression=FAST),
        )

    def members(self, id_: str, offset: int, limit: int) -> Variants:
        """Give the page of the links of the organisation *id_* to its members."""
        key = ("members", id_, offset, limit)
        return self._keep(
            key,
            lambda: self._links(
                self.catalogue.members(id_), f"{organisation_path(id_)}/members", offset, limit
            ),
        )

    def memberships(self, id_: str, offset: int, limit: int) -> Variants:
        """Give the page of the links of the organisation *id_* to the networks it belongs to."""
        key = ("memberships", id_, offset, limit)
        return self._keep(
            key,
            lambda: self._links(
                self.catalogue.memberships(id_),
                f"{organisation_path(id_)}/memberships",
                offset,
                limit,
            ),
        )

    def _found(self, query: Query) -> Variants:
        type_ = None if query.type is None else OrganisationType(query.type)
        found = self.catalogue.listed(query.q, type_=type_, country=query.country)
        end = query.offset + query.limit
        page = OrganisationPage(
            total=len(found),
            offset=query.offset,
            limit=query.limit,
            next=page_url(ORGANISATIONS, end, query.limit, _searched(query))
            if end < len(found)
            else None,
            items=tuple(_entry(entry) for entry in found[query.offset : end]),
        )
        return (Representation.from_body(picum.dumps(page), "json", {}, compression=FAST),)

    def _links(
        self, links: tuple[MembershipLink, ...], path: str, offset: int, limit: int
    ) -> Variants:
        end = offset + limit
        shown = links[offset:end]
        stating = dict.fromkeys(link.stated_by for link in shown)
        page = MembershipLinkPage(
            total=len(links),
            offset=offset,
            limit=limit,
            next=page_url(path, end, limit) if end < len(links) else None,
            items=shown,
            stated_by=tuple(_stated_by(self.catalogue.entry(id_)) for id_ in stating),
        )
        return (Representation.from_body(picum.dumps(page), "json", {}, compression=FAST),)


def _licence(org: Organisation) -> dict[str, str]:
    """Give the header that links to *org*'s licence."""
    return {"Link": f'<{org.licence.url}>; rel="license"'}


def _entry(entry: CatalogueEntry) -> OrganisationEntry:
    """Give the organisation of *entry* as the list of the catalogue's organisations gives it."""
    return OrganisationEntry(
        id=entry.id,
        name=entry.name,
        acronym=entry.acronym,
        type=entry.type,
        country=entry.country,
        url=organisation_path(entry.id),
        licence=entry.licence,
        attribution=entry.attribution,
    )


def _stated_by(entry: CatalogueEntry) -> StatedBy:
    """Give the profile of *entry* as a page of links gives those that state them."""
    return StatedBy(
        organisation=entry.id,
        url=organisation_path(entry.id),
        licence=entry.licence,
        attribution=entry.attribution,
    )


def _searched(query: Query) -> dict[str, str]:
    """Give what *query* searches for (``q``, ``type``, ``country``), as its URL says it."""
    asked = {"q": query.q, "type": query.type, "country": query.country}
    return {name: value for name, value in asked.items() if value is not None}
