"""The API's own documents: the index, list pages, health and problem details.

They are attrs classes like the model's, so that the core's converter encodes them and the core's
JSON Schema describes them: one wire format for everything the API serves.
"""

from __future__ import annotations

import attrs

from picum import (
    Activity,
    Answer,
    Citation,
    Completeness,
    Country,
    Licence,
    MembershipLink,
    NetworkMembership,
    OrganisationType,
    Scope,
    Source,
    format1,
)


@attrs.frozen(kw_only=True)
class Links:
    """Where each resource of this version of the API is."""

    organisation: str
    activities: str
    memberships: str
    citations: str
    sources: str
    openapi: str


@attrs.frozen(kw_only=True)
class Index:
    """What this API serves: its version, the revision of the data, and links to every resource."""

    api_version: str
    data_revision: str
    links: Links
    licence: Licence
    attribution: str


@attrs.frozen(kw_only=True)
class Answers:
    """The answer for each fact of the profile that has statements: the one chosen, and why.

    Each gives the chosen statement's value, its date, rank, quote and sources, the reason it
    was chosen (the curator's, or the written rule's), the day it is known from, and where it is
    in the profile (`picum.answers`).
    """

    items: tuple[Answer, ...]
    licence: Licence
    attribution: str


@attrs.frozen(kw_only=True)
class LinksV2:
    """Where each resource of this version of the API is: the answer for each fact too."""

    organisation: str
    answers: str
    activities: str
    memberships: str
    citations: str
    sources: str
    openapi: str


@attrs.frozen(kw_only=True)
class IndexV2:
    """What this API serves: its version, the revision of the data, and links to every resource."""

    api_version: str
    data_revision: str
    links: LinksV2
    licence: Licence
    attribution: str


@attrs.frozen(kw_only=True)
class Health:
    """The service is up."""

    status: str


@attrs.frozen(kw_only=True)
class Page:
    """Part of a list: `total` items in all, `limit` from `offset`; `next` is the following page."""

    total: int
    offset: int
    limit: int
    next: str | None
    licence: Licence
    attribution: str


@attrs.frozen(kw_only=True)
class ActivityPage(Page):
    """A page of the organisation's areas of activity."""

    items: tuple[Activity, ...]


@attrs.frozen(kw_only=True)
class CitationPage(Page):
    """A page of the citations that support the profile."""

    items: tuple[Citation, ...]


@attrs.frozen(kw_only=True)
class SourcePage(Page):
    """A page of the sources of the profile."""

    items: tuple[Source, ...]


@attrs.frozen(kw_only=True)
class MembershipPage(Page):
    """A page of the networks the organisation belongs to, and how much of that list is known.

    `completeness` and `note` say plainly when the sources do not list the networks.
    """

    scopes: tuple[Scope, ...]
    completeness: Completeness
    note: str | None
    sources: tuple[str, ...]
    items: tuple[NetworkMembership, ...]


@attrs.frozen(kw_only=True)
class SourcePageV1(Page):
    """A page of the sources of the profile."""

    items: tuple[format1.Source, ...]


@attrs.frozen(kw_only=True)
class MembershipPageV1(Page):
    """A page of the networks the organisation belongs to, and how much of that list is known.

    `completeness` and `note` say plainly when the sources do not list the networks.
    """

    scopes: tuple[Scope, ...]
    completeness: Completeness
    note: str | None
    sources: tuple[str, ...]
    items: tuple[format1.NetworkMembership, ...]


@attrs.frozen(kw_only=True)
class OrganisationEntry:
    """One organisation of the catalogue, as its list gives it: who it is, and where its profile is.

    `country` is that of its seat, as the preferred statement of its headquarters says
    (`None`: its profile gives none); `licence` and `attribution` are its profile's.
    """

    id: str
    name: str
    acronym: str | None
    type: OrganisationType
    country: Country | None
    url: str
    licence: Licence
    attribution: str


@attrs.frozen(kw_only=True)
class OrganisationPage:
    """A page of the catalogue's organisations that a search finds, in the order of their ids."""

    total: int
    offset: int
    limit: int
    next: str | None
    items: tuple[OrganisationEntry, ...]


@attrs.frozen(kw_only=True)
class StatedBy:
    """A profile that states links of a page: where it is, its licence and its attribution."""

    organisation: str
    url: str
    licence: Licence
    attribution: str


@attrs.frozen(kw_only=True)
class MembershipLinkPage:
    """A page of an organisation's links to its members, or to its networks, in the catalogue.

    Each link is a statement of one of the two profiles (`stated_by`), with that profile's
    sources; `stated_by` lists those profiles, with their licences.
    """

    total: int
    offset: int
    limit: int
    next: str | None
    items: tuple[MembershipLink, ...]
    stated_by: tuple[StatedBy, ...]


#: The pages of version 1, in format 1's shape, as they are named in the OpenAPI document,
#: and those of the later versions, renamed there.
PAGE_NAMES: dict[type, str] = {
    SourcePageV1: "SourcePage",
    MembershipPageV1: "MembershipPage",
    SourcePage: "SourcePageV2",
    MembershipPage: "MembershipPageV2",
}


@attrs.frozen(kw_only=True)
class ProblemDetails:
    """An error, as RFC 9457 problem details: what kind, what happened, and where."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
