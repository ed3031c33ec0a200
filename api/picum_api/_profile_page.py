"""The profile as a page for people: HTML, rendered once when the app is made.

Server-rendered, with no script but the embedded JSON-LD, and no asset from another host: the
styles are in the page, the chart of the member counts is inline SVG. Every fact links to its
sources, numbered as footnotes; a fact with statements shows its preferred one, with its date.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

import picum
from picum import Citation, Organisation
from picum.formats import text

from . import _timeline
from ._versions import VERSIONS


if TYPE_CHECKING:
    from collections.abc import Callable

_ENVIRONMENT = Environment(
    loader=PackageLoader("picum_api", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


def _footnotes(org: Organisation | picum.format1.Organisation) -> Callable[[object], Markup]:
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


def render(org: Organisation) -> bytes:
    """Render the page of *org*, with its schema.org JSON-LD embedded, as UTF-8 HTML.

    The JSON-LD is the latest version's (with the figures' dates).
    """
    jsonld = _script_safe(picum.dumps(VERSIONS[-1].jsonld(org)).decode())
    initiators = (
        text.and_list(country.name for country in org.history.initiator_countries)
        if org.history
        else ""
    )
    # The page shows each fact's preferred value, marked with every source of it and of its
    # fact: the view format 1 gives.
    facts = picum.format1.downgrade(org)
    # Each fact that has statements shows its preferred one: the value, its date and sources.
    newsletter_figures = (
        [
            (name, picum.preferred(statements))
            for name, statements in (
                ("Languages", org.newsletter.language_count_statements),
                ("Readers", org.newsletter.audience_statements),
            )
            if statements
        ]
        if org.newsletter
        else []
    )
    html = _ENVIRONMENT.get_template("profile.html.jinja").render(
        org=facts,
        jsonld=Markup(jsonld),  # noqa: S704 - JSON made by the core, made script-safe above
        cite=_footnotes(facts),
        citation_text=_citation_text,
        title=text.title(org.identity),
        type_name=text.a_type_name(org.identity.type),
        initiators=initiators,
        timeline=_timeline.timeline(org.members),
        newsletter_figures=newsletter_figures,
        headquarters=org.headquarters and picum.preferred(org.headquarters.place_statements),
        as_of=_timeline.as_of_words,
        api=VERSIONS[-1],
    )
    return html.encode()
