"""schema.org JSON-LD for an organisation, typed as its kind, and the dataset that describes it.

The context is inline (``@vocab`` schema.org), so that any JSON-LD processor reads the document
without fetching anything. Nothing is said more strongly than the sources say it: a founding date
appears only where a milestone is marked as the founding (and an uncertain one is an EDTF
literal, not a made-up day); a count the source qualifies is a ``QuantitativeValue`` with the
bound the source gives ("more than 100": ``minValue`` 101), and an approximate count is said in
words only, with no value; the works the profile cites are the dataset's citations, not works
about the organisation.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from picum._choice import choose
from picum._organisation import OrganisationType
from picum._statements import standing
from picum._values import Qualifier, UncertainDate


if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from picum._catalogue import Catalogue, MembershipLink
    from picum._choice import Choice
    from picum._citations import Citation, Name
    from picum._memberships import Member, NetworkMembership
    from picum._organisation import Organisation
    from picum._statements import QuantityStatement


SCHEMA = "https://schema.org/"
#: The Library of Congress' datatype for EDTF literals.
EDTF_DATATYPE = "http://id.loc.gov/datatypes/edtf/EDTF"
#: The whole context, inline: schema.org's terms, and which of them take IRIs.
CONTEXT: dict[str, Any] = {
    "@vocab": SCHEMA,
    **{term: {"@type": "@id"} for term in ("url", "sameAs", "license", "isBasedOn")},
}
#: The schema.org type of each kind of organisation.
SCHEMA_ORG_TYPES = {
    OrganisationType.ORGANISATION: "Organization",
    OrganisationType.NON_GOVERNMENTAL_ORGANISATION: "NGO",
    OrganisationType.GOVERNMENT_ORGANISATION: "GovernmentOrganization",
    OrganisationType.EDUCATIONAL_ORGANISATION: "EducationalOrganization",
    OrganisationType.RESEARCH_ORGANISATION: "ResearchOrganization",
    OrganisationType.MEDICAL_ORGANISATION: "MedicalOrganization",
    OrganisationType.NEWS_MEDIA_ORGANISATION: "NewsMediaOrganization",
    OrganisationType.CORPORATION: "Corporation",
    OrganisationType.CONSORTIUM: "Consortium",
    OrganisationType.WORKERS_UNION: "WorkersUnion",
    OrganisationType.POLITICAL_PARTY: "PoliticalParty",
    OrganisationType.SPORTS_ORGANISATION: "SportsOrganization",
}
_PLAIN_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def _date(date: UncertainDate) -> str | dict[str, str]:
    """Write a plain ISO 8601 date where the EDTF is one, and a typed EDTF literal otherwise."""
    if _PLAIN_DATE.fullmatch(date.edtf):
        return date.edtf
    return {"@value": date.edtf, "@type": EDTF_DATATYPE}


def _quantity(  # noqa: PLR0913 - the profile, and what the count is called, where and when
    org: Organisation,
    name: str,
    unit: str,
    statements: Sequence[QuantityStatement],
    where: str | None = None,
    *,
    dated: bool = False,
) -> dict[str, Any]:
    """Say a fact's chosen count as a ``QuantitativeValue`` that claims no more than it may.

    *dated*, the count is an ``Observation`` (schema.org's ``QuantitativeValue`` at a time),
    with its statement's `as_of` as its ``observationDate`` where the sources give one, and
    the property says why it is the chosen count, from what day it is known and its sources.
    """
    chosen = choose(org, statements)
    assert chosen is not None  # noqa: S101 - only facts with statements are said
    statement = chosen.statement
    quantity = statement.value
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": unit}
    if dated and statement.as_of is not None:
        value["@type"] = "Observation"
        value["observationDate"] = _date(statement.as_of)
    if quantity.qualifier is Qualifier.MORE_THAN:
        value["minValue"] = quantity.amount + 1
    elif quantity.qualifier is Qualifier.AT_LEAST:
        value["minValue"] = quantity.amount
    elif quantity.qualifier is Qualifier.EXACT:
        value["value"] = quantity.amount
    value["description"] = ", in ".join(filter(None, [f"{quantity} {unit}", where]))
    said: dict[str, Any] = {"@type": "PropertyValue", "name": name, "value": value}
    if dated:
        said["description"] = _why(org, chosen)
    return said


def _why(org: Organisation, chosen: Choice[Any]) -> str:
    """Say why *chosen* answers, from what day it is known, and from which sources."""
    titles = "; ".join(
        f"{source.title} ({source.publisher})" if source.publisher else source.title
        for source in map(org.source, chosen.statement.sources)
    )
    # The rule's reason names the day already.
    known = (
        f" Known on {chosen.known_on.isoformat()}." if chosen.by_curator and chosen.known_on else ""
    )
    return f"Chosen: {chosen.reason.rstrip('.')}.{known} Source: {titles}."


def _person(name: Name) -> dict[str, str]:
    person = {"@type": "Person", "familyName": name.family, "name": str(name)}
    if name.given is not None:
        person["givenName"] = name.given
    return person


_WORK_TYPES = {"book": "Book", "chapter": "Chapter", "article-journal": "ScholarlyArticle"}


def _work(citation: Citation) -> dict[str, Any]:
    work: dict[str, Any] = {
        "@type": _WORK_TYPES.get(citation.type.value, "CreativeWork"),
        "@id": f"_:{citation.id}",
        "name": citation.title,
    }
    if citation.authors:
        work["author"] = [_person(name) for name in citation.authors]
    if citation.editors:
        work["editor"] = [_person(name) for name in citation.editors]
    if citation.issued is not None:
        work["datePublished"] = str(citation.issued)
    if citation.publisher:
        publisher: dict[str, Any] = {"@type": "Organization", "name": citation.publisher}
        if citation.publisher_place:
            publisher["location"] = {"@type": "Place", "name": citation.publisher_place}
        work["publisher"] = publisher
    if citation.isbn:
        work["isbn"] = citation.isbn.isbn_13
    return work


def _organisation(org: Organisation, *, dated: bool, linked: _Linked) -> dict[str, Any]:
    identity = org.identity
    node: dict[str, Any] = {
        "@type": SCHEMA_ORG_TYPES[identity.type],
        "@id": linked.id_of(org.id),
        "name": identity.name,
        **({"alternateName": identity.acronym} if identity.acronym else {}),
        "description": " ".join(
            [org.aim.statement, *([org.aim.dialogue.text] if org.aim.dialogue else [])]
        ),
    }
    if org.website:
        node["url"] = org.website.url
    names = {identity.name, identity.acronym}
    same = [source.url for source in org.sources if source.title in names]
    same += [link.url for link in org.external_links]
    same = [url for url in dict.fromkeys(same) if not org.website or url != org.website.url]
    if same:
        node["sameAs"] = same
    if org.history and org.history.founded:
        node["foundingDate"] = _date(org.history.founded)
    place_chosen = org.headquarters and choose(org, org.headquarters.place_statements)
    if place_chosen:
        place = place_chosen.statement.value
        node["location"] = {
            "@type": "Place",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": place.locality,
                "addressCountry": place.country.code,
            },
        }
    if org.members:
        members = org.members
        counts = [
            ("members", "members", members.total_statements, None),
            ("affiliated members", "members", members.affiliated_statements, None),
            ("ordinary members", "members", members.ordinary_statements, None),
            ("member organisations", "organisations", members.organisations_statements, None),
            ("individual members", "individuals", members.individuals_statements, None),
            ("countries of the members", "countries", members.countries_statements, members.area),
        ]
        properties = [
            _quantity(org, name, unit, statements, where, dated=dated)
            for name, unit, statements, where in counts
            if statements
        ]
        if properties:
            node["additionalProperty"] = properties
    if org.identifiers:
        node["identifier"] = [
            {"@type": "PropertyValue", "propertyID": identifier.register, "value": identifier.value}
            | ({"url": identifier.url} if identifier.url else {})
            for identifier in org.identifiers
        ]
    node.update(_memberships(org, dated=dated, linked=linked))
    return node


def _memberships(org: Organisation, *, dated: bool, linked: _Linked) -> dict[str, Any]:
    """Say the networks *org* belongs to (``memberOf``) and, *dated*, its members (``member``)."""
    said: dict[str, Any] = {}
    networks = org.network_memberships.items if org.network_memberships else ()
    member_of = [
        linked.named(item.network, item.url, item.organisation) for item in standing(networks)
    ]
    member_of += linked.stated_by_others(networks, linked.networks_of(org.id), network=True)
    if member_of:
        said["memberOf"] = member_of
    # Format 1, which the undated document speaks for, named no member.
    if dated:
        named = org.members.items if org.members else ()
        member = [linked.named(item.name, item.url, item.organisation) for item in standing(named)]
        member += linked.stated_by_others(named, linked.members_of(org.id), network=False)
        if member:
            said["member"] = member
    return said


class _Linked:
    """What a document says of the profiles a profile links to, in its *catalogue*, if any.

    With *address* (which gives a profile's address from its id), a linked profile, and the
    profile itself, is a node with that address as its ``@id``; without, the profile is a blank
    node and the others are named only.
    """

    def __init__(self, catalogue: Catalogue | None, address: Callable[[str], str] | None) -> None:
        self.catalogue = catalogue
        self.address = address

    def id_of(self, id_: str) -> str:
        """Give the ``@id`` of the profile *id_*: its address, or a blank node."""
        return f"_:{id_}" if self.address is None else self.address(id_)

    def named(self, name: str, url: str | None, profile: str | None) -> dict[str, str]:
        """Name an organisation, with its web address where the source gives one.

        Where it is the catalogue's *profile* and addresses are known, its ``@id`` too.
        """
        node = {"@type": "Organization", "name": name} | ({"url": url} if url else {})
        if profile is not None and self.address is not None:
            node["@id"] = self.address(profile)
        return node

    def networks_of(self, id_: str) -> tuple[MembershipLink, ...]:
        """Give the links of the profile *id_* to its networks in the catalogue (none without)."""
        return () if self.catalogue is None else self.catalogue.memberships(id_)

    def members_of(self, id_: str) -> tuple[MembershipLink, ...]:
        """Give the links of the profile *id_* to its members in the catalogue (none without)."""
        return () if self.catalogue is None else self.catalogue.members(id_)

    def stated_by_others(
        self,
        own: Iterable[NetworkMembership | Member],
        links: Iterable[MembershipLink],
        *,
        network: bool,
    ) -> list[dict[str, str]]:
        """Name the organisations at the other end of *links* that only the others state.

        A link the profile states too (one of *own*, linking the same profile) is said once,
        as the profile states it; a link known to be wrong is not said.
        """
        catalogue = self.catalogue
        if catalogue is None:
            return []
        said = {item.organisation for item in standing(own)}
        others: list[dict[str, str]] = []
        for link in standing(links):
            other = link.network if network else link.member
            if other in said:
                continue
            said.add(other)
            entry = catalogue.entry(other)
            others.append(self.named(entry.name, entry.website, other))
        return others


def jsonld(
    org: Organisation,
    *,
    dated: bool = False,
    catalogue: Catalogue | None = None,
    address: Callable[[str], str] | None = None,
) -> dict[str, Any]:
    """Return the profile as schema.org JSON-LD: the organisation, and its profile's ``Dataset``.

    The organisation's type is its kind's schema.org type (`SCHEMA_ORG_TYPES`): ``NGO`` for a
    non-governmental organisation. Each count is its fact's chosen value (`picum.choose`);
    *dated*, a count whose statement has a date is a schema.org ``Observation`` with that date
    as its ``observationDate``, and each count says why it was chosen, from what day it is
    known and its sources. The founding date is ``foundingDate``; each identifier (the EU
    Transparency Register's code) is a ``PropertyValue`` of ``identifier``. Undated, the
    document is as picum's first format said it, which the HTTP API's ``/v1`` serves. The
    location is the chosen place's town and country: a
    street address, which schema.org could give but not date, is left out either way rather
    than given without the time it held. The networks it belongs to are ``memberOf``, and,
    *dated*, the member organisations its sources name are ``member``, each by its name (and
    address); a membership ranked deprecated, known to be wrong, is left out. In a
    *catalogue*, they are also the networks and members whose own profiles state the link (each
    link once); with *address*, which gives a profile's address from its id, the profile and
    those it links to have their addresses as ``@id``.

    The dataset node carries the data's licence, attribution and the sources it is based on.

    >>> import picum
    >>> document = jsonld(picum.load())
    >>> organisation, dataset = document["@graph"]
    >>> organisation["@type"], "foundingDate" in organisation, dataset["license"]
    ('NGO', True, 'https://creativecommons.org/licenses/by-sa/3.0/')
    """
    linked = _Linked(catalogue, address)
    dataset: dict[str, Any] = {
        "@type": "Dataset",
        "@id": f"_:{org.id}-profile",
        "name": f"Profile of {org.identity.acronym or org.identity.name}",
        "about": {"@id": linked.id_of(org.id)},
        "license": org.licence.url,
        "creditText": org.attribution,
        "isBasedOn": list(dict.fromkeys(source.revision or source.url for source in org.sources)),
    }
    if org.citations:
        dataset["citation"] = [_work(citation) for citation in org.citations]
    node = _organisation(org, dated=dated, linked=linked)
    return {"@context": CONTEXT, "@graph": [node, dataset]}
