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

from ._bodies import Links, LinksV2


@attrs.frozen(kw_only=True)
class ApiVersion:
    """A version of the API: its number, what its organisation resource is, and its lifecycle.

    Every version serves every resource, under its prefix (``/v1``, ...). They differ in the
    wire format of the organisation (`profile`: the value the converter writes for it), its
    JSON-LD (`jsonld`), the formats of the sources (`citable_sources`), and whether it serves
    the answers the profile gives for its facts (`answers`). A version once
    `deprecated` tells its clients so
    (`Deprecation`, RFC 9745), and when it will be gone (`sunset`: `Sunset`, RFC 8594); see
    the versioning policy in the docs.
    """

    number: int
    profile: Callable[[Organisation], object]
    #: The organisation as schema.org JSON-LD: with the dates of its figures from version 2.
    jsonld: Callable[[Organisation], object] = formats.jsonld
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
V1 = ApiVersion(number=1, profile=picum.format1.downgrade)
#: Version 2: the current wire format, statements included; JSON-LD with the figures' dates;
#: the sources in CSL-JSON and BibTeX too; the answer for each fact, and why.
V2 = ApiVersion(
    number=2,
    profile=_as_it_is,
    jsonld=functools.partial(formats.jsonld, dated=True),
    citable_sources=True,
    answers=True,
)
#: Every version served, oldest first: the last is the latest stable one, which the
#: unversioned paths (`/organisation`, ...) follow.
VERSIONS = (V1, V2)
