"""Hypothesis strategies for every type of the model, valid by construction.

Each strategy is built once for its arguments (`functools.cache`): hypothesis validates every
strategy object the first time it draws from it, which cost more than drawing an organisation
when its parts were built anew for each. So an organisation's parts refer to its sources,
citations and activities through ids shared within one example (`st.shared`), not through
strategies made from the ids drawn.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from typing import Any

import attrs
import iso3166
from hypothesis import strategies as st
from stdnum import ean

import picum
from picum import (
    ActivitiesStatement,
    Activity,
    Aim,
    Citation,
    CitationType,
    Completeness,
    Copy,
    Correction,
    Country,
    DateStatement,
    Dialogue,
    Frequency,
    Headquarters,
    History,
    Identifier,
    Identity,
    Isbn,
    Licence,
    Link,
    Member,
    Members,
    Milestone,
    Name,
    NetworkMembership,
    NetworkMemberships,
    Newsletter,
    Organisation,
    OrganisationType,
    Place,
    PlaceStatement,
    Qualifier,
    Quantity,
    QuantityStatement,
    Rank,
    Scope,
    Source,
    SourceKind,
    UncertainDate,
)
from picum._answers import FACTS


Ids = st.SearchStrategy[tuple[str, ...]]
URL_PATH_CHARACTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%/?#=&"

slugs = st.lists(
    st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=8), min_size=1, max_size=4
).map("-".join)
texts = (
    st.text(st.characters(codec="utf-8", exclude_categories=["Cc", "Cs"]), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)
optional_texts = st.none() | texts
urls = st.builds(
    "{}://{}.example/{}".format,
    st.sampled_from(["http", "https"]),
    slugs,
    st.text(URL_PATH_CHARACTERS),
)


@cache
def references(ids: tuple[str, ...], *, min_size: int = 1) -> Ids:
    """Lists of distinct ids drawn from *ids*."""
    if not ids:
        return st.just(())
    return st.lists(st.sampled_from(ids), min_size=min_size, unique=True).map(tuple)


@cache
def some_ids() -> Ids:
    """A few distinct ids, for a value tested on its own, outside an organisation."""
    return st.lists(slugs, min_size=1, max_size=3, unique=True).map(tuple)


@cache
def _distinct(
    strategy: st.SearchStrategy[Any], *, min_size: int = 0, max_size: int
) -> st.SearchStrategy[tuple[Any, ...]]:
    """Tuples of values with distinct ids."""
    return st.lists(
        strategy, min_size=min_size, max_size=max_size, unique_by=lambda value: value.id
    ).map(tuple)


def _supported(source_ids: Ids | None) -> Ids:
    return some_ids() if source_ids is None else source_ids


def _cited(citation_ids: Ids | None) -> Ids:
    return st.just(()) if citation_ids is None else citation_ids


@cache
def quantities() -> st.SearchStrategy[Quantity]:
    """Counts with any qualifier."""
    return st.builds(Quantity, amount=st.integers(0, 10**9), qualifier=st.sampled_from(Qualifier))


def _edtf_dates(
    qualifiers: Sequence[str] = ("", "?", "~", "%"),
) -> st.SearchStrategy[tuple[str, date, date]]:
    """EDTF dates of every precision, with a qualifier or not, and the days they may mean."""

    def write(day: date, precision: int, qualifier: str) -> tuple[str, date, date]:
        text = day.isoformat()[: [4, 7, 10][precision]] + qualifier
        bounds = picum.edtf_bounds(text)
        assert bounds[0] is not None
        assert bounds[1] is not None
        return text, bounds[0], bounds[1]

    return st.builds(
        write,
        st.dates(min_value=date(1000, 1, 1)),
        st.integers(0, 2),
        st.sampled_from(qualifiers),
    )


def _in_order(dates: list[tuple[str, date, date]]) -> list[str]:
    return [text for text, _, _ in sorted(dates, key=lambda d: (d[1], d[2]))]


@cache
def edtf_strings() -> st.SearchStrategy[str]:
    """EDTF dates, intervals (closed, open or with an unknown end), and "one of a set"."""
    dates = _edtf_dates()
    closed = st.tuples(dates, dates).map(lambda pair: "/".join(_in_order(list(pair))))
    open_end = st.tuples(dates, st.sampled_from(["..", ""])).map(lambda p: f"{p[0][0]}/{p[1]}")
    open_start = st.tuples(st.sampled_from(["..", ""]), dates).map(lambda p: f"{p[0]}/{p[1][0]}")
    plain = _edtf_dates(qualifiers=[""])
    one_of = st.lists(plain, min_size=2, max_size=4).map(
        lambda listed: "[" + ", ".join(_in_order(listed)) + "]"
    )
    one_of_range = (
        st.tuples(plain, plain)
        .filter(lambda pair: len(pair[0][0]) == len(pair[1][0]))
        .map(lambda pair: "[" + "..".join(_in_order(list(pair))) + "]")
    )
    one_of_open = plain.flatmap(lambda d: st.sampled_from([f"[..{d[0]}]", f"[{d[0]}..]"]))
    return (
        dates.map(lambda d: d[0])
        | closed
        | open_end
        | open_start
        | one_of
        | one_of_range
        | one_of_open
    )


@cache
def uncertain_dates() -> st.SearchStrategy[UncertainDate]:
    """Dates and periods in EDTF, with or without the source's words."""
    return st.builds(UncertainDate, edtf=edtf_strings(), label=optional_texts)


@cache
def countries() -> st.SearchStrategy[Country]:
    """Any country of ISO 3166-1."""
    return st.sampled_from(sorted(iso3166.countries_by_alpha2)).map(lambda code: Country(code=code))


@cache
def licences() -> st.SearchStrategy[Licence]:
    """Licences by SPDX id, name and address."""
    return st.builds(Licence, spdx_id=texts, name=texts, url=urls)


@cache
def copies() -> st.SearchStrategy[Copy]:
    """Copies a source was read in, named or not, each with the day read."""
    return st.builds(
        Copy, url=urls, title=optional_texts, publisher=optional_texts, accessed=st.dates()
    )


@st.composite
def sources(draw: st.DrawFn) -> Source:
    """Sources with any of their optional facts known or not, each saying which version was read."""
    versions = st.tuples(
        st.none() | urls, st.none() | st.dates(), st.none() | st.dates(), st.none() | copies()
    ).filter(lambda version: version != (None, None, None, None))
    revision, revision_date, accessed, read_in = draw(versions)
    return Source(
        id=draw(slugs),
        title=draw(texts),
        publisher=draw(optional_texts),
        kind=draw(st.none() | st.sampled_from(SourceKind)),
        url=draw(urls),
        revision=revision,
        revision_date=revision_date,
        accessed=accessed,
        read_in=read_in,
        licence=draw(st.none() | licences()),
        attribution=draw(optional_texts),
        note=draw(optional_texts),
    )


@cache
def names() -> st.SearchStrategy[Name]:
    """Personal names, the given names known or not."""
    return st.builds(Name, family=texts, given=optional_texts)


@cache
def isbns() -> st.SearchStrategy[Isbn]:
    """Valid ISBNs: 978 ones with their ISBN-10, and 979 ones without."""
    twelve = st.tuples(st.sampled_from(["978", "979"]), st.from_regex(r"[0-9]{9}", fullmatch=True))
    return twelve.map("".join).map(
        lambda digits: Isbn.from_string(digits + ean.calc_check_digit(digits))
    )


@cache
def corrections(source_ids: Ids | None = None) -> st.SearchStrategy[Correction]:
    """Corrections of any correctable field of a citation, supported by *source_ids*."""
    fields = st.sampled_from(["title", "publisher", "authors", "editors", "issued", "page"])
    return st.builds(
        Correction, field=fields, as_given=texts, note=texts, sources=_supported(source_ids)
    )


@cache
def citations(source_ids: Ids | None = None) -> st.SearchStrategy[Citation]:
    """Citations of every type, each field known or not, supported by *source_ids*."""
    return st.builds(
        Citation,
        id=slugs,
        type=st.sampled_from(CitationType),
        title=texts,
        authors=st.lists(names(), max_size=3).map(tuple),
        editors=st.lists(names(), max_size=3).map(tuple),
        issued=st.none() | st.integers(1000, 2100),
        publisher=optional_texts,
        publisher_place=optional_texts,
        page=optional_texts,
        isbn=st.none() | isbns(),
        as_given=optional_texts,
        corrections=st.lists(corrections(source_ids), max_size=2).map(tuple),
        sources=_supported(source_ids),
    )


@cache
def activities(
    source_ids: Ids | None = None, ids: st.SearchStrategy[str] = slugs
) -> st.SearchStrategy[Activity]:
    """Activities supported by *source_ids*."""
    return st.builds(
        Activity, id=ids, title=texts, description=texts, sources=_supported(source_ids)
    )


def _statement_fields(draw: st.DrawFn, source_ids: Ids | None) -> dict[str, Any]:
    """Everything of a statement but its value: dated or not, any rank, a reason where allowed.

    A deprecated statement has a reason, a preferred one may, a normal one has none; any may
    quote its source.
    """
    return {
        "as_of": draw(st.none() | uncertain_dates()),
        **draw(_ranks()),
        "quote": draw(optional_texts),
        "note": draw(optional_texts),
        "sources": draw(_supported(source_ids)),
    }


@st.composite
def _ranks(draw: st.DrawFn) -> dict[str, Any]:
    """A rank and a reason that fits it: required where deprecated, allowed where preferred."""
    rank = draw(st.sampled_from(Rank))
    reasons = {Rank.DEPRECATED: texts, Rank.PREFERRED: optional_texts, Rank.NORMAL: st.none()}
    return {"rank": rank, "reason": draw(reasons[rank])}


@cache
@st.composite
def quantity_statements(draw: st.DrawFn, source_ids: Ids | None = None) -> QuantityStatement:
    """Counts as sources give them at a time, known or not, of any rank."""
    return QuantityStatement(value=draw(quantities()), **_statement_fields(draw, source_ids))


@cache
@st.composite
def date_statements(draw: st.DrawFn, source_ids: Ids | None = None) -> DateStatement:
    """Dates as sources give them (a founding, say), dated or not, of any rank."""
    return DateStatement(value=draw(uncertain_dates()), **_statement_fields(draw, source_ids))


@cache
@st.composite
def place_statements(draw: st.DrawFn, source_ids: Ids | None = None) -> PlaceStatement:
    """Places as sources give them, with a street address or not, at a time known or not."""
    return PlaceStatement(
        value=draw(places()),
        street_address=draw(optional_texts),
        postal_code=draw(optional_texts),
        **_statement_fields(draw, source_ids),
    )


@cache
@st.composite
def activities_statements(
    draw: st.DrawFn,
    activity_ids: st.SearchStrategy[str] | None = None,
    source_ids: Ids | None = None,
) -> ActivitiesStatement:
    """Lists of areas of activity sources give at a time, known or not, of any rank."""
    ids = slugs if activity_ids is None else activity_ids
    listed = draw(st.lists(ids, min_size=1, max_size=6, unique=True).map(tuple))
    return ActivitiesStatement(value=listed, **_statement_fields(draw, source_ids))


@st.composite
def activity_histories(
    draw: st.DrawFn, activity_ids: tuple[str, ...]
) -> tuple[ActivitiesStatement, ...]:
    """The lists of an organisation's *activity_ids* sources give, the preferred one naming them all.

    None where there are no activities, as a list names one area at least.
    """
    if not activity_ids:
        return ()
    statements = list(
        draw(histories_of(activities_statements(_TO_AN_ACTIVITY, _TO_SOURCES), 3, min_size=0))
    )
    if statements:
        # The rule does not look at values: the statement it picks stays picked with all ids.
        chosen = picum.preferred(statements)
        statements[statements.index(chosen)] = attrs.evolve(chosen, value=activity_ids)
    return tuple(statements)


@cache
def histories_of(
    statements: st.SearchStrategy[Any], max_size: int = 5, *, min_size: int = 1
) -> st.SearchStrategy[tuple[Any, ...]]:
    """The statements of one fact: one or more (none, with *min_size* 0: a fact not given)."""
    return st.lists(statements, min_size=min_size, max_size=max_size).map(tuple)


@cache
def members(
    source_ids: Ids | None = None, citation_ids: Ids | None = None
) -> st.SearchStrategy[Members]:
    """Member counts with any qualifiers, each with no statement (not given) or more."""
    return st.builds(
        Members,
        total_statements=histories_of(quantity_statements(source_ids), 3, min_size=0),
        affiliated_statements=histories_of(quantity_statements(source_ids), 3, min_size=0),
        ordinary_statements=histories_of(quantity_statements(source_ids), 3, min_size=0),
        organisations_statements=histories_of(quantity_statements(source_ids), 3, min_size=0),
        individuals_statements=histories_of(quantity_statements(source_ids), 3, min_size=0),
        countries_statements=histories_of(quantity_statements(source_ids), 3, min_size=0),
        area=st.none() | texts,
        items=_distinct(listed_members(source_ids), max_size=3),
        sources=_supported(source_ids),
        citations=_cited(citation_ids),
    )


@cache
@st.composite
def network_memberships(draw: st.DrawFn, source_ids: Ids | None = None) -> NetworkMembership:
    """Memberships of networks, dated or not, linked to a profile or not, of any rank."""
    return NetworkMembership(
        id=draw(slugs),
        network=draw(texts),
        organisation=draw(st.none() | slugs),
        scope=draw(st.sampled_from(Scope)),
        since=draw(st.none() | uncertain_dates()),
        until=draw(st.none() | uncertain_dates()),
        url=draw(st.none() | urls),
        **draw(_ranks()),
        quote=draw(optional_texts),
        sources=draw(_supported(source_ids)),
    )


@cache
@st.composite
def listed_members(draw: st.DrawFn, source_ids: Ids | None = None) -> Member:
    """Member organisations a source names, dated or not, linked to a profile or not, ranked."""
    return Member(
        id=draw(slugs),
        name=draw(texts),
        organisation=draw(st.none() | slugs),
        since=draw(st.none() | uncertain_dates()),
        until=draw(st.none() | uncertain_dates()),
        url=draw(st.none() | urls),
        **draw(_ranks()),
        quote=draw(optional_texts),
        sources=draw(_supported(source_ids)),
    )


@cache
def membership_links() -> st.SearchStrategy[picum.MembershipLink]:
    """Links between two profiles of a catalogue, as either one's membership states them."""
    return st.builds(
        picum.MembershipLink.from_statement,
        network_memberships() | listed_members(),
        stated_by=slugs,
        member=slugs,
        network=slugs,
        path=texts,
    )


@cache
def catalogue_entries() -> st.SearchStrategy[picum.CatalogueEntry]:
    """What lists and links say of a catalogue's profiles, with or without acronym, seat, website."""
    return st.builds(
        picum.CatalogueEntry,
        id=slugs,
        name=texts,
        acronym=optional_texts,
        type=st.sampled_from(picum.OrganisationType),
        country=st.none() | countries(),
        website=optional_texts,
        licence=licences(),
        attribution=texts,
    )


@cache
@st.composite
def network_membership_lists(draw: st.DrawFn, source_ids: Ids | None = None) -> NetworkMemberships:
    """Lists of network memberships with distinct ids, complete or not."""
    return NetworkMemberships(
        scopes=tuple(draw(st.lists(st.sampled_from(Scope), unique=True))),
        items=draw(_distinct(network_memberships(source_ids), max_size=4)),
        completeness=draw(st.sampled_from(Completeness)),
        note=draw(optional_texts),
        sources=draw(_supported(source_ids)),
    )


def _founded(draw: st.DrawFn, milestones: tuple[Milestone, ...]) -> tuple[Milestone, ...]:
    """Mark one of the milestones, or none, as the founding."""
    founding = draw(st.none() | st.integers(0, len(milestones) - 1)) if milestones else None
    return tuple(
        attrs.evolve(milestone, founding=index == founding)
        for index, milestone in enumerate(milestones)
    )


@cache
def places() -> st.SearchStrategy[Place]:
    """Towns in countries."""
    return st.builds(Place, locality=texts, country=countries())


@cache
def milestones(source_ids: Ids | None = None) -> st.SearchStrategy[Milestone]:
    """Dated events, placed or not."""
    return st.builds(
        Milestone,
        id=slugs,
        date=uncertain_dates(),
        title=texts,
        description=optional_texts,
        place=st.none() | places(),
        quote=optional_texts,
        sources=_supported(source_ids),
    )


@cache
@st.composite
def histories(draw: st.DrawFn, source_ids: Ids | None = None) -> History:
    """Histories with milestones of distinct ids."""
    return History(
        summary=draw(texts),
        initiator_countries=tuple(draw(st.lists(countries(), max_size=3))),
        milestones=_founded(draw, draw(_distinct(milestones(source_ids), max_size=3))),
        founded_statements=tuple(draw(st.lists(date_statements(source_ids), max_size=2))),
        sources=draw(_supported(source_ids)),
    )


@cache
def newsletters(source_ids: Ids | None = None) -> st.SearchStrategy[Newsletter]:
    """Newsletters, their languages named or not."""
    return st.builds(
        Newsletter,
        frequency=st.sampled_from(Frequency),
        topic=texts,
        language_count_statements=histories_of(quantity_statements(source_ids), 3, min_size=0),
        languages=st.lists(
            st.sampled_from(["en", "fr", "nl", "de", "es", "pt-BR"]), unique=True
        ).map(tuple),
        languages_completeness=st.sampled_from(Completeness),
        audience_statements=histories_of(quantity_statements(source_ids), 3, min_size=0),
        audience_description=st.none() | texts,
        sources=_supported(source_ids),
    )


@cache
def headquarters(source_ids: Ids | None = None) -> st.SearchStrategy[Headquarters]:
    """Seats of organisations."""
    return st.builds(Headquarters, place_statements=histories_of(place_statements(source_ids), 3))


@cache
def identifiers(source_ids: Ids | None = None) -> st.SearchStrategy[Identifier]:
    """Codes in registers, with an address and a first registration or not, quoted or not."""
    return st.builds(
        Identifier,
        id=slugs,
        register=texts,
        value=texts,
        url=st.none() | urls,
        registered=st.none() | uncertain_dates(),
        quote=optional_texts,
        sources=_supported(source_ids),
    )


@cache
def links(source_ids: Ids | None = None) -> st.SearchStrategy[Link]:
    """Web pages."""
    return st.builds(Link, title=texts, url=urls, sources=_supported(source_ids))


@cache
def identities(
    source_ids: Ids | None = None, citation_ids: Ids | None = None
) -> st.SearchStrategy[Identity]:
    """Names and kinds of organisations, with an acronym or not."""
    return st.builds(
        Identity,
        acronym=st.none() | texts,
        name=texts,
        type=st.sampled_from(OrganisationType),
        sources=_supported(source_ids),
        citations=_cited(citation_ids),
    )


@cache
def dialogues(
    source_ids: Ids | None = None, citation_ids: Ids | None = None
) -> st.SearchStrategy[Dialogue]:
    """Dialogues sought beyond an aim, with their own sources and citations."""
    return st.builds(
        Dialogue, text=texts, sources=_supported(source_ids), citations=_cited(citation_ids)
    )


@cache
def aims(source_ids: Ids | None = None, citation_ids: Ids | None = None) -> st.SearchStrategy[Aim]:
    """Aims, with a dialogue or not."""
    return st.builds(
        Aim,
        statement=texts,
        dialogue=st.none() | dialogues(source_ids, citation_ids),
        sources=_supported(source_ids),
        citations=_cited(citation_ids),
    )


#: The ids of one organisation's sources, citations and activities: each drawn once per example.
_SOURCE_IDS = st.shared(
    st.lists(slugs, min_size=1, max_size=4, unique=True).map(tuple), key="source ids"
)
_CITATION_IDS = st.shared(st.lists(slugs, max_size=3, unique=True).map(tuple), key="citation ids")
_ACTIVITY_IDS = st.shared(st.lists(slugs, max_size=6, unique=True).map(tuple), key="activity ids")
#: References to them, from the organisation's parts.
_TO_SOURCES: Ids = _SOURCE_IDS.flatmap(references)
_TO_CITATIONS: Ids = _CITATION_IDS.flatmap(lambda ids: references(ids, min_size=0))
_TO_AN_ACTIVITY: st.SearchStrategy[str] = _ACTIVITY_IDS.filter(bool).flatmap(st.sampled_from)


def _with_ids(
    draw: st.DrawFn, ids: tuple[str, ...], values: st.SearchStrategy[Any]
) -> tuple[Any, ...]:
    """One value of *values* for each of *ids*, with that id."""
    return tuple(attrs.evolve(draw(values), id=id_) for id_ in ids)


@st.composite
def organisations(draw: st.DrawFn) -> Organisation:
    """Whole profiles whose every reference resolves, with any optional part present or not."""
    source_list = _with_ids(draw, draw(_SOURCE_IDS), sources())
    citation_list = _with_ids(draw, draw(_CITATION_IDS), citations(_TO_SOURCES))
    activity_ids = draw(_ACTIVITY_IDS)

    id_ = draw(slugs)

    def maybe(strategy: st.SearchStrategy[Any]) -> Any:
        return draw(st.none() | strategy)

    def elsewhere(listing: Any) -> Any:
        """The memberships *listing* holds, none linked to the profile itself."""
        if listing is None:
            return None
        items = tuple(
            attrs.evolve(item, organisation=None) if item.organisation == id_ else item
            for item in listing.items
        )
        return attrs.evolve(listing, items=items)

    return Organisation(
        id=id_,
        identity=draw(identities(_TO_SOURCES, _TO_CITATIONS)),
        aim=draw(aims(_TO_SOURCES, _TO_CITATIONS)),
        members=elsewhere(maybe(members(_TO_SOURCES, _TO_CITATIONS))),
        history=maybe(histories(_TO_SOURCES)),
        activities=_with_ids(draw, activity_ids, activities(_TO_SOURCES)),
        activities_statements=draw(activity_histories(activity_ids)),
        newsletter=maybe(newsletters(_TO_SOURCES)),
        network_memberships=elsewhere(maybe(network_membership_lists(_TO_SOURCES))),
        headquarters=maybe(headquarters(_TO_SOURCES)),
        identifiers=draw(_distinct(identifiers(_TO_SOURCES), max_size=2)),
        website=maybe(links(_TO_SOURCES)),
        external_links=tuple(draw(st.lists(links(_TO_SOURCES), max_size=2))),
        citations=citation_list,
        sources=source_list,
        licence=draw(licences()),
        attribution=draw(texts),
    )


#: A strategy for every serializable type of the model, by type.
@st.composite
def answers(draw: st.DrawFn) -> picum.Answer:
    """Answers for any fact: a value of any kind, chosen by a curator or by the rule."""
    value = draw(
        quantities()
        | places()
        | uncertain_dates()
        | st.lists(slugs, min_size=1, max_size=4, unique=True).map(tuple)
    )
    return picum.Answer(
        fact=draw(st.sampled_from(FACTS)),
        index=draw(st.integers(min_value=0, max_value=50)),
        value=value,
        as_of=draw(st.none() | uncertain_dates()),
        rank=draw(st.sampled_from(Rank)),
        reason=draw(texts),
        by_curator=draw(st.booleans()),
        known_on=draw(st.none() | st.dates()),
        quote=draw(optional_texts),
        sources=draw(some_ids()),
    )


EVERY_TYPE: dict[type, st.SearchStrategy[Any]] = {
    Quantity: quantities(),
    UncertainDate: uncertain_dates(),
    Country: countries(),
    Licence: licences(),
    Source: sources(),
    Copy: copies(),
    Name: names(),
    Isbn: isbns(),
    Correction: corrections(),
    Citation: citations(),
    Activity: activities(),
    Member: listed_members(),
    Members: members(),
    NetworkMembership: network_memberships(),
    NetworkMemberships: network_membership_lists(),
    picum.MembershipLink: membership_links(),
    picum.CatalogueEntry: catalogue_entries(),
    Place: places(),
    Milestone: milestones(),
    History: histories(),
    Newsletter: newsletters(),
    Headquarters: headquarters(),
    Link: links(),
    Identity: identities(),
    Dialogue: dialogues(),
    Aim: aims(),
    Organisation: organisations(),
    QuantityStatement: quantity_statements(),
    DateStatement: date_statements(),
    Identifier: identifiers(),
    PlaceStatement: place_statements(),
    ActivitiesStatement: activities_statements(),
    picum.Answer: answers(),
}
