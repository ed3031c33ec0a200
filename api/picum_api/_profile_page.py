"""The profile as a page for people: HTML, rendered once when the app is made.

Server-rendered, with no script but the embedded JSON-LD, and no asset from another host: the
styles are in the page, the chart of the member counts is inline SVG. Every fact links to its
sources, numbered as footnotes. The page opens with an answer for each fact with statements:
the value `picum.choose` picks, its date, its source and why it is the current one, with the
evidence (every statement, its quote, source, rank and reason) one click away.
"""

from __future__ import annotations

import calendar
from typing import TYPE_CHECKING, Any

import attrs
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

import picum
from picum import (
    Choice,
    Citation,
    DateStatement,
    Organisation,
    Place,
    Source,
    SourceKind,
    UncertainDate,
)
from picum._statements import standing
from picum.formats import text

from . import _timeline
from ._versions import VERSIONS, organisation_path


if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from datetime import date

_ENVIRONMENT = Environment(
    loader=PackageLoader("picum_api", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def _footnotes(org: Organisation) -> Callable[[object], Markup]:
    """Mark a fact with its sources ([1], [2], ...) and the works that support it ([C1], ...)."""
    sources = {source.id: number for number, source in enumerate(org.sources, 1)}
    citations = {citation.id: number for number, citation in enumerate(org.citations, 1)}
    source_mark = Markup('<sup><a href="#source-{0}" aria-label="source {1}">[{1}]</a></sup>')
    citation_mark = Markup(
        '<sup><a href="#citation-{0}" aria-label="citation C{1}">[C{1}]</a></sup>'
    )

    def cite(fact: object) -> Markup:
        source_ids: tuple[str, ...] = getattr(fact, "sources", ())
        citation_ids: tuple[str, ...] = getattr(fact, "citations", ())
        return Markup("").join(
            [
                *(source_mark.format(id_, sources[id_]) for id_ in source_ids),
                *(citation_mark.format(id_, citations[id_]) for id_ in citation_ids),
            ]
        )

    return cite


def _citation_text(citation: Citation) -> Markup:
    """Render the citation's reference, its title set apart as a work's title is."""
    return Markup(". ").join(
        Markup("<cite>{}</cite>").format(part) if kind == "title" else escape(part)
        for kind, part in text.reference_parts(citation)
    ) + Markup(".")


#: In JSON, "<", ">" and "&" occur only in strings, where their escapes are the same text.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def _script_safe(json_text: str) -> str:
    """Make JSON safe inside a script element: nothing in it can end the element or open a comment.

    ``</script>``, ``<!--`` and ``-->`` all need ``<`` or ``>``, which become JSON escapes that
    HTML parsers give no meaning to.
    """
    return json_text.translate(_SCRIPT_SAFE)


@attrs.frozen(kw_only=True)
class Answer:
    """One fact at the top of the page: its `name`, the `choice` that answers for it, and why.

    `evidence` is every statement of the fact, in the data's order; `sources` are the chosen
    statement's sources.
    """

    name: str
    choice: Choice[Any]
    evidence: tuple[Any, ...]
    sources: tuple[Source, ...]


def _answers(org: Organisation, facts: Sequence[tuple[str, Sequence[Any]]]) -> tuple[Answer, ...]:
    """Answer each of the named *facts* that has statements."""
    by_id = {source.id: source for source in org.sources}
    answers: list[Answer] = []
    for name, statements in facts:
        choice = picum.choose(org, statements)
        if choice is not None:
            answers.append(
                Answer(
                    name=name,
                    choice=choice,
                    evidence=tuple(statements),
                    sources=tuple(by_id[id_] for id_ in choice.statement.sources),
                )
            )
    return tuple(answers)


def _say(value: object) -> str:
    """Say a statement's value as a person reads it: a count, a place or a date."""
    if isinstance(value, Place):
        return f"{value.locality}, {value.country}"
    if isinstance(value, UncertainDate):
        return _timeline.when(value)
    return str(value)


def _held(statement: Any) -> str:
    """Say when a statement's value held, after it: "as of 2016", "undated"; "" for a past date.

    A date (the founding) is of the past: its statement is seldom dated, and needs no "undated".
    """
    if isinstance(statement, DateStatement) and statement.as_of is None:
        return ""
    return f", {_timeline.as_of_words(statement.as_of)}"


def _day(day: date) -> str:
    """Say a day: "30 November 2026"."""
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


#: What each kind of source is, in words.
SOURCE_KINDS = {
    SourceKind.ORGANISATION: "the organisation itself",
    SourceKind.INDEPENDENT: "an independent publisher",
    SourceKind.ENCYCLOPEDIA: "an encyclopedia",
}

#: The written rule of `picum.choose`, said once on the page.
RULE = (
    "a figure the curator marks preferred comes first, with the curator's reason. Otherwise the"
    " figure known latest is: a figure is known from the last day its date may mean, failing"
    " that from the date its source gives itself, failing that from the day the source was read;"
    " of figures known on the same day, the first in the data. A deprecated figure is chosen"
    " only where every figure is."
)


@attrs.frozen(kw_only=True)
class CatalogueLink:
    """A link of the page's organisation in its catalogue, as the page says it.

    `other` is the name of the organisation at the other end, `page` its page; `theirs` says
    whether its profile states the link (else this page's profile does), in the words of
    `quote`.
    """

    other: str
    page: str
    theirs: bool
    quote: str | None


def _catalogue_links(
    catalogue: picum.Catalogue, links: Sequence[picum.MembershipLink], *, members: bool
) -> tuple[CatalogueLink, ...]:
    """Say *links* of the catalogue, as the page lists them: to *members*, or to networks."""
    return tuple(
        CatalogueLink(
            other=catalogue.entry(other).name,
            page=organisation_path(other),
            theirs=link.stated_by == other,
            quote=link.quote,
        )
        for link in standing(links)
        for other in [link.member if members else link.network]
    )


def render(
    org: Organisation,
    catalogue: picum.Catalogue | None = None,
    address: Callable[[str], str] | None = None,
) -> bytes:
    """Render the page of *org*, with its schema.org JSON-LD embedded, as UTF-8 HTML.

    The JSON-LD is the latest version's (with the figures' dates). In a *catalogue*, the
    networks and members the profile links to link to their pages, and the page lists the
    organisation's links in the catalogue both ways, whichever profile states each; *address*
    gives the JSON-LD's addresses of the catalogue's profiles (see `picum.formats.jsonld`).
    """
    jsonld = _script_safe(picum.dumps(VERSIONS[-1].jsonld_of(org, catalogue, address)).decode())
    initiators = (
        text.and_list(country.name for country in org.history.initiator_countries)
        if org.history
        else ""
    )
    # The page shows each fact's preferred value, marked with every source of it and of its
    # fact: the view format 1 gives.
    facts = picum.format1.downgrade(org)
    timeline = _timeline.timeline(org)
    facts_answered: list[tuple[str, Sequence[Any]]] = [
        (fact.name, fact.statements) for fact in timeline.facts
    ]
    if org.newsletter:
        facts_answered += [
            ("Newsletter languages", org.newsletter.language_count_statements),
            ("Newsletter readers", org.newsletter.audience_statements),
        ]
    if org.headquarters:
        facts_answered.append(("Headquarters", org.headquarters.place_statements))
    if org.history:
        facts_answered.insert(0, ("Founded", org.history.founded_statements))

    # Format 1 has no member organisations, nor links: the profile's own, less those known to be
    # wrong, each with the page of its profile where the catalogue has it.
    def page(id_: str | None) -> str | None:
        return organisation_path(id_) if catalogue is not None and id_ is not None else None

    named = [
        (member, page(member.organisation))
        for member in standing(org.members.items if org.members else ())
    ]
    networks = [
        (membership, page(membership.organisation))
        for membership in standing(org.network_memberships.items if org.network_memberships else ())
    ]
    linked = None
    if catalogue is not None:
        linked = {
            "members": _catalogue_links(catalogue, catalogue.members(org.id), members=True),
            "networks": _catalogue_links(catalogue, catalogue.memberships(org.id), members=False),
        }
    html = _ENVIRONMENT.get_template("profile.html.jinja").render(
        org=facts,
        named_members=named,
        networks=networks,
        linked=linked,
        jsonld=Markup(jsonld),  # noqa: S704 - JSON made by the core, made script-safe above
        cite=_footnotes(org),
        citation_text=_citation_text,
        title=text.title(org.identity),
        type_name=text.a_type_name(org.identity.type),
        initiators=initiators,
        timeline=timeline,
        by_fact=_timeline.by_fact,
        answers=_answers(org, facts_answered),
        say=_say,
        held=_held,
        when=_timeline.when,
        identifiers=org.identifiers,
        day=_day,
        sources={source.id: source for source in org.sources},
        kinds=SOURCE_KINDS,
        rule=RULE,
        headquarters=org.headquarters and picum.choose(org, org.headquarters.place_statements),
        as_of=_timeline.as_of_words,
        api=VERSIONS[-1],
    )
    return html.encode()
