"""A plain-text summary of a profile, for people reading a terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._choice import choose
from ._sources import SourceKind
from ._statements import histories, standing
from ._values import Completeness
from .formats import text


if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from ._citations import Citation
    from ._memberships import Members, NetworkMemberships
    from ._organisation import History, Newsletter, Organisation
    from ._sources import Source
    from ._statements import QuantityStatement


def _chosen(org: Organisation, name: str, statements: Sequence[QuantityStatement]) -> Iterator[str]:
    """Say a fact's chosen figure, from what day it is known, its sources, and why."""
    chosen = choose(org, statements)
    if chosen is None:
        return
    known = f"known on {chosen.known_on.isoformat()}; " if chosen.known_on else ""
    sources = ", ".join(chosen.statement.sources)
    yield f"    {name}: {chosen.statement.value} ({known}source: {sources})"
    yield f"      why: {chosen.reason}"


def _members(org: Organisation, members: Members) -> Iterator[str]:
    yield "Members"
    # A profile may name members without counting them: then there is no count to say.
    if members.area or any(getattr(members, history.field) for history in histories(members)):
        yield f"  {text.members_sentence(members)}"
    for member in standing(members.items):
        yield f"  a member a source names: {member.name}"
    chosen = [
        line
        for name, statements in (
            ("members", members.total_statements),
            ("affiliated members", members.affiliated_statements),
            ("ordinary members", members.ordinary_statements),
            ("member organisations", members.organisations_statements),
            ("individual members", members.individuals_statements),
            ("countries", members.countries_statements),
        )
        for line in _chosen(org, name, statements)
    ]
    if chosen:
        yield "  Each figure, and why it is the answer:"
        yield from chosen


def _history(history: History) -> Iterator[str]:
    yield "History"
    yield f"  {history.summary}"
    if history.initiator_countries:
        countries = text.and_list(country.name for country in history.initiator_countries)
        yield f"  The initiative was taken by organisations from {countries}"
    if history.founded is not None:
        sources = ", ".join(
            dict.fromkeys(
                id_ for statement in history.founded_statements for id_ in statement.sources
            )
        )
        yield f"  Founded: {history.founded}" + (f" (sources: {sources})" if sources else "")
    for milestone in history.milestones:
        where = (
            f" ({milestone.place.locality}, {milestone.place.country})" if milestone.place else ""
        )
        yield f"  {milestone.date}: {milestone.title}{where}"


def _newsletter(newsletter: Newsletter) -> Iterator[str]:
    languages = ", ".join(newsletter.languages)
    if newsletter.languages_completeness is not Completeness.COMPLETE:
        languages = (
            f"{languages}; not all named by the sources"
            if languages
            else "not named by the sources"
        )
    yield "Newsletter"
    yield f"  {newsletter.frequency.value}, on {newsletter.topic[0].lower()}{newsletter.topic[1:]}"
    count = newsletter.language_count
    yield f"  in {count} languages ({languages})" if count else f"  languages: {languages}"
    audience = " ".join(
        str(part) for part in (newsletter.audience, newsletter.audience_description) if part
    )
    if audience:
        yield f"  circulates to {audience}"


def _network_memberships(memberships: NetworkMemberships) -> Iterator[str]:
    yield "Network memberships"
    for membership in standing(memberships.items):
        yield f"  {membership.network} ({membership.scope.value})"
    if memberships.note:
        yield f"  {memberships.note}"


def _citation(citation: Citation) -> Iterator[str]:
    yield f"  [{citation.id}] {text.reference(citation)}"
    if citation.as_given:
        yield f"    As the source gives it: {citation.as_given}"
    for correction in citation.corrections:
        said = f"the source says {correction.as_given!r}"
        yield f"    Corrected {correction.field} ({said}): {correction.note}"
        yield f"      Sources: {', '.join(correction.sources)}"


_KINDS = {
    SourceKind.ORGANISATION: "the organisation itself",
    SourceKind.INDEPENDENT: "an independent publisher",
    SourceKind.ENCYCLOPEDIA: "an encyclopedia",
}


def _source(source: Source) -> Iterator[str]:
    copy = source.read_in
    parts = [
        source.title,
        source.publisher,
        _KINDS[source.kind] if source.kind else None,
        f"dated {source.revision_date.isoformat()}" if source.revision_date else None,
        f"read {source.accessed.isoformat()}" if source.accessed else None,
        f"read {copy.accessed.isoformat()} in a copy at {copy.url}" if copy else None,
        source.revision or source.url,
        source.licence.name if source.licence else None,
    ]
    yield f"  [{source.id}] " + ", ".join(part for part in parts if part)
    if source.note:
        yield f"    {source.note}"


def _sections(org: Organisation) -> Iterator[Iterable[str]]:
    if org.members:
        yield _members(org, org.members)
    if org.history:
        yield _history(org.history)
    if org.activities:
        numbered = enumerate(org.activities, 1)
        yield ["Activities", *(f"  {n}. {a.title}: {a.description}" for n, a in numbered)]
    if org.newsletter:
        chosen = [
            *_chosen(org, "languages", org.newsletter.language_count_statements),
            *_chosen(org, "readers", org.newsletter.audience_statements),
        ]
        heading = ["  Each figure, and why it is the answer:"] if chosen else []
        yield [*_newsletter(org.newsletter), *heading, *chosen]
    if org.network_memberships:
        yield _network_memberships(org.network_memberships)
    chosen_place = org.headquarters and choose(org, org.headquarters.place_statements)
    if chosen_place:
        place = chosen_place.statement.value
        yield [
            f"Based in: {place.locality}, {place.country}",
            f"  why: {chosen_place.reason} (source: {', '.join(chosen_place.statement.sources)})",
        ]
    yield [
        f"Identifier: {identifier.register} {identifier.value}"
        + (f", first registered {identifier.registered}" if identifier.registered else "")
        + f" (source: {', '.join(identifier.sources)})"
        for identifier in org.identifiers
    ]
    yield [f"Website: {link.url}" for link in [org.website] if link]
    yield [f"Link: {link.title} <{link.url}>" for link in org.external_links]
    if org.citations:
        yield ["Citations", *(line for citation in org.citations for line in _citation(citation))]
    yield ["Sources", *(line for source in org.sources for line in _source(source))]
    yield [f"Licence: {org.licence.name} <{org.licence.url}>", f"Attribution: {org.attribution}"]


def summary(org: Organisation) -> str:
    """Describe the profile in plain text, every fact with its qualifier, for a person to read."""
    lines = [
        text.title(org.identity),
        text.type_name(org.identity.type).capitalize(),
        "",
        "Aim",
        f"  {org.aim.statement}",
        *([f"  {org.aim.dialogue.text}"] if org.aim.dialogue else []),
    ]
    for section in _sections(org):
        section_lines = list(section)
        if section_lines:
            lines.extend(["", *section_lines])
    return "\n".join(lines) + "\n"
