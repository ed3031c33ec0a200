"""The versions of the API: each one's prefix, what its organisation resource is, its lifecycle.

The policy they follow (what a version promises, how long it lives after its successor ships,
how clients are told) is in the docs: "Versions of the API".
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable

import attrs

import picum
from picum import Organisation, formats

from ._bodies import (
    Index,
    IndexV2,
    Links,
    LinksV2,
    MembershipPage,
    MembershipPageV1,
    SourcePage,
    SourcePageV1,
)
from ._query import PAGED, PAGED_CITABLE, Takes


@attrs.frozen(kw_only=True)
class ApiVersion:
    """A version of the API: its number, what its organisation resource is, and its lifecycle.

    Every version serves every resource, under its prefix (``/v1``, ...). A version is
    declared by what it offers, and each later one by what it changes (``attrs.evolve``): the
    wire format of the organisation (`profile`, the value the converter writes for it, of
    type `profile_type`) and its JSON-LD (`jsonld`); whether its lists of sources and networks
    are in format 1's shape (`format1_lists`); whether the organisation is served at a day
    (`dated`); the formats of the sources (`citable_sources`); whether it serves the answers the
    profile gives for its facts (`answers`). A version once `deprecated` tells its clients so
    (`Deprecation`, RFC 9745), and when it will be gone (`sunset`: `Sunset`, RFC 8594); see
    the versioning policy in the docs.
    """

    number: int
    profile: Callable[[Organisation], object]
    #: The type of what `profile` gives: the organisation resource's schema.
    profile_type: type
    #: What the OpenAPI document says of the organisation resource.
    profile_description: str
    #: The organisation as schema.org JSON-LD: with the dates of its figures from version 2.
    jsonld: Callable[..., object] = formats.jsonld
    #: Whether its JSON-LD says the links of a catalogue (`formats.jsonld`'s *catalogue* and
    #: *address*) where the organisation is one of a catalogue's.
    catalogue_links: bool = False
    #: Whether the sources and the networks are listed in format 1's shape (`picum.format1`).
    format1_lists: bool = False
    #: Whether the organisation is served as its sources knew it on a day (``as_of``).
    dated: bool = False
    #: Whether the sources are offered as citable works (CSL-JSON, BibTeX) too.
    citable_sources: bool = False
    #: Whether the version serves the answer for each fact (`picum.answers`), at `answers`.
    answers: bool = False
    deprecated: dt.datetime | None = None
    sunset: dt.datetime | None = None

    @property
    def prefix(self) -> str:
        """Where the version's resources are: ``/v1`` for version 1."""
        return f"/v{self.number}"

    def jsonld_of(
        self,
        profile: Organisation,
        catalogue: picum.Catalogue | None = None,
        address: Callable[[str], str] | None = None,
    ) -> object:
        """Give *profile*'s JSON-LD in this version, with its *catalogue*'s links if it says them.

        *address* gives the address of a catalogue's profile from its id (see `formats.jsonld`).
        """
        if self.catalogue_links:
            return self.jsonld(profile, catalogue=catalogue, address=address)
        return self.jsonld(profile)

    @property
    def index_type(self) -> type[Index | IndexV2]:
        """The body of the version's index: with the answers' link where it has them."""
        return IndexV2 if self.answers else Index

    @property
    def sources_page(self) -> type[SourcePage | SourcePageV1]:
        """The body of a page of the sources: in format 1's shape, or as citable works."""
        return SourcePageV1 if self.format1_lists else SourcePage

    @property
    def memberships_page(self) -> type[MembershipPage | MembershipPageV1]:
        """The body of a page of the networks: in format 1's shape, or the current one."""
        return MembershipPageV1 if self.format1_lists else MembershipPage

    @property
    def sources_take(self) -> Takes:
        """What the sources take in their query: pages, and formats where they are citable."""
        return PAGED_CITABLE if self.citable_sources else PAGED

    @property
    def organisation_takes(self) -> Takes:
        """What the organisation takes in its query: a format, and a day where it is dated."""
        return Takes(formats=("json", "jsonld"), dated=self.dated)

    @property
    def answers_path(self) -> str:
        """Where the answers for the organisation's facts are, in a version that has them."""
        return f"{self.prefix}/organisation/answers"

    @property
    def links(self) -> Links:
        """Where each resource of the version is (see `links_v2` for a version with answers)."""
        return Links(
            organisation=f"{self.prefix}/organisation",
            activities=f"{self.prefix}/activities",
            memberships=f"{self.prefix}/memberships",
            citations=f"{self.prefix}/citations",
            sources=f"{self.prefix}/sources",
            openapi="/schema/openapi.json",
        )

    @property
    def links_v2(self) -> LinksV2:
        """Where each resource of a version with answers is, the answers too."""
        links = self.links
        return LinksV2(
            organisation=links.organisation,
            answers=self.answers_path,
            activities=links.activities,
            memberships=links.memberships,
            citations=links.citations,
            sources=links.sources,
            openapi=links.openapi,
        )


def _as_it_is(profile: Organisation) -> Organisation:
    return profile


#: Version 1: each fact its preferred value, in the 2016-era wire format (`picum.format1`),
#: byte for byte as before statements.
V1 = ApiVersion(
    number=1,
    profile=picum.format1.downgrade,
    profile_type=picum.format1.Organisation,
    profile_description=(
        "The whole profile: every fact, its sources and citations, the licence and"
        " attribution.\n\nAlso as schema.org JSON-LD (`application/ld+json`)."
    ),
    format1_lists=True,
)
#: Version 2, as it changes version 1: the current wire format, statements included, and
#: the profile at a day; JSON-LD with the figures' dates; lists in the current wire format,
#: the sources in CSL-JSON and BibTeX too; the answer for each fact, and why.
V2 = attrs.evolve(
    V1,
    number=2,
    profile=_as_it_is,
    profile_type=Organisation,
    profile_description=(
        "The whole profile: every fact with its statements over time, its sources and"
        " citations.\n\nAlso as schema.org JSON-LD (`application/ld+json`); `as_of` gives"
        " the profile as its\nsources knew it on a day."
    ),
    jsonld=functools.partial(formats.jsonld, dated=True),
    catalogue_links=True,
    format1_lists=False,
    dated=True,
    citable_sources=True,
    answers=True,
)
#: Every version served, oldest first: the last is the latest stable one, which the
#: unversioned paths (`/organisation`, ...) follow.
VERSIONS = (V1, V2)
#: The version a catalogue's organisations are served in, and where they are listed (each
#: one's profile under it).
CATALOGUE_VERSION = V2
ORGANISATIONS = f"{CATALOGUE_VERSION.prefix}/organisations"


def organisation_path(id_: str) -> str:
    """Give the path of the catalogue's organisation *id_*: its profile, and its page for people."""
    return f"{ORGANISATIONS}/{id_}"
