"""The bundled profile holds every fact of the product brief (section 2), as the sources give it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TypeGuard

import pytest

import picum
from picum import (
    CitationType,
    Completeness,
    Frequency,
    Organisation,
    OrganisationType,
    Qualifier,
    Quantity,
    Scope,
)
from picum._json import is_array, is_object


SEED = Path(__file__).parent / "seed" / "picum-wikipedia-2016-10-31.txt"
SEED_ID = "wikipedia-2016-10-31"


def seed_text() -> str:
    """The seed, with runs of white space made single spaces."""
    return re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8"))


def test_the_file_is_the_wire_format_of_what_it_holds(profile: Organisation) -> None:
    """Re-serializing the bundled profile gives back the very bytes of the file."""
    assert picum.bundled_profile() == picum.dumps(profile, pretty=True)


def test_identity(profile: Organisation) -> None:
    """PICUM: its acronym, full name, and that it is a non-governmental organisation."""
    identity = profile.identity

    assert (
        "PICUM",
        "Platform for International Cooperation on Undocumented Migrants",
        OrganisationType.NON_GOVERNMENTAL_ORGANISATION,
        (SEED_ID,),
    ) == (identity.acronym, identity.name, identity.type, identity.sources)


def test_aim(profile: Organisation) -> None:
    """The aim, in the seed's words, supported by the seed and by citation [1]."""
    aim = profile.aim

    assert "respect for the human rights of undocumented migrants within Europe" in aim.statement
    assert (("craig-lynk-2006",), (SEED_ID,)) == (aim.citations, aim.sources)


def test_dialogue_is_not_supported_by_the_citation(profile: Organisation) -> None:
    """The dialogue beyond Europe is the seed's second sentence: citation [1] does not follow it."""
    dialogue = profile.aim.dialogue

    assert dialogue is not None
    assert "networks with similar concerns in other parts of the world" in dialogue.text
    assert ((), (SEED_ID,)) == (dialogue.citations, dialogue.sources)


def _is_references(value: object) -> TypeGuard[list[str]]:
    return is_array(value) and all(isinstance(ref, str) for ref in value)


def _cited_facts(node: object, path: str) -> Iterator[str]:
    if is_object(node):
        citations = node.get("citations")
        if _is_references(citations) and citations:
            yield path
        for key, value in node.items():
            yield from _cited_facts(value, f"{path}.{key}")
    elif is_array(node):
        for index, item in enumerate(node):
            yield from _cited_facts(item, f"{path}[{index}]")


def test_citation_follows_the_first_sentence_only(profile: Organisation) -> None:
    """Note [1] supports what PICUM is and its aim: no other fact names a citation."""
    document = json.loads(picum.dumps(profile))

    assert ["$.identity", "$.aim"] == list(_cited_facts(document, "$"))


def test_members_keep_their_qualifiers(profile: Organisation) -> None:
    """More than 100 affiliated, exactly 107 ordinary members; 31 countries, PICUM's own figure."""
    members = profile.members

    assert members is not None
    assert (
        Quantity(amount=100, qualifier=Qualifier.MORE_THAN),
        Quantity(amount=107, qualifier=Qualifier.EXACT),
        Quantity(amount=31, qualifier=Qualifier.EXACT),
        "Europe and beyond",
    ) == (members.affiliated, members.ordinary, members.countries, members.area)


def test_history_initiators(profile: Organisation) -> None:
    """Grassroots organisations from Belgium, the Netherlands and Germany took the initiative."""
    history = profile.history

    assert history is not None
    assert ["BE", "NL", "DE"] == [country.code for country in history.initiator_countries]
    assert "grassroots organisations from Belgium, the Netherlands, and Germany" in history.summary
    assert history.summary in seed_text()


def test_history_late_1990s(profile: Organisation) -> None:
    """The initiative came at one time in the late 1990s: an EDTF set, with the seed's words."""
    history = profile.history

    assert history is not None
    initiative = history.milestones[0]
    assert (
        "initiative",
        "[1995..1999]",
        "late 1990s",
        date(1995, 1, 1),
        date(1999, 12, 31),
        (SEED_ID,),
    ) == (
        initiative.id,
        initiative.date.edtf,
        initiative.date.label,
        initiative.date.earliest,
        initiative.date.latest,
        initiative.sources,
    )


def test_the_initiative_is_not_the_founding(profile: Organisation) -> None:
    """PICUM was founded in 2001, say two sources; the initiative is no founding milestone."""
    history = profile.history

    assert history is not None
    assert (picum.UncertainDate(edtf="2001"), []) == (
        history.founded,
        [milestone.id for milestone in history.milestones if milestone.founding],
    )


def test_history_why(profile: Organisation) -> None:
    """Their clients were undocumented migrants; they saw a vacuum and set out to represent them at EU level."""
    history = profile.history

    assert history is not None
    for words in (
        "European meetings on asylum",
        "weren’t asylum seekers",
        "real vacuum",
        "at EU level",
    ):
        assert words in history.summary


@pytest.mark.parametrize(
    ("position", "id_", "title"),
    [
        (0, "monitoring-and-reporting", "Monitoring and reporting"),
        (1, "capacity-building", "Capacity-building"),
        (2, "advocacy", "Advocacy"),
        (3, "awareness-raising", "Awareness-raising"),
        (4, "global-actors-on-international-migration", "Global actors on international migration"),
    ],
)
def test_activities_in_the_seeds_order(
    profile: Organisation, position: int, id_: str, title: str
) -> None:
    """The five areas of activity, in the seed's order, with stable ids."""
    activity = profile.activities[position]

    assert (id_, title, (SEED_ID,)) == (activity.id, activity.title, activity.sources)


def test_there_are_five_activities(profile: Organisation) -> None:
    """The seed names five main areas, and no more."""
    assert 5 == len(profile.activities)


@pytest.mark.parametrize("position", range(5))
def test_activity_descriptions_are_the_seeds(profile: Organisation, position: int) -> None:
    """Each description is the seed's, with only its first letter capitalised."""
    description = profile.activities[position].description.removesuffix(".")

    assert description[0].lower() + description[1:] in seed_text()


def test_newsletter(profile: Organisation) -> None:
    """Monthly, on the human rights of undocumented migrants, in seven languages, to more than 4,000.

    The seed's "more than 2,400" is a statement of the readers beside PICUM's own later count.
    """
    newsletter = profile.newsletter

    assert newsletter is not None
    assert (
        Frequency.MONTHLY,
        Quantity(amount=7, qualifier=Qualifier.EXACT),
        Quantity(amount=4000, qualifier=Qualifier.MORE_THAN),
        (SEED_ID,),
    ) == (newsletter.frequency, newsletter.language_count, newsletter.audience, newsletter.sources)
    assert "human rights of undocumented migrants" in newsletter.topic
    assert "civil society organizations, individuals and beyond" == newsletter.audience_description


def test_newsletter_languages_are_not_invented(profile: Organisation) -> None:
    """The seed does not name the seven languages: none is listed, and the profile says so."""
    newsletter = profile.newsletter

    assert newsletter is not None
    assert ((), Completeness.NOT_IN_SOURCE) == (
        newsletter.languages,
        newsletter.languages_completeness,
    )


def test_network_memberships_are_not_invented(profile: Organisation) -> None:
    """The seed's list is lost; the networks other pages name are there, quoted: no more."""
    memberships = profile.network_memberships

    assert memberships is not None
    assert (
        (Scope.GLOBAL, Scope.EUROPEAN),
        [
            ("global-coalition-on-migration", ("gcm-about-page",)),
            ("eu-forum-on-the-rights-of-the-child", ("picum-accomplishments-page",)),
            ("social-platform", ("social-platform-migration-forum-blog",)),
        ],
        Completeness.PARTIAL,
    ) == (
        memberships.scopes,
        [(item.id, item.sources) for item in memberships.items],
        memberships.completeness,
    )
    assert memberships.note is not None
    assert "lost from the source" in memberships.note


def test_networks_and_a_member_with_profiles_of_their_own_are_linked(
    profile: Organisation,
) -> None:
    """The networks and the member the bundled catalogue has profiles of are linked by their ids.

    The EU Forum on the Rights of the Child has no profile: it is named, not linked.
    """
    assert (
        ("$.network_memberships.items[0].organisation", "global-coalition-on-migration"),
        ("$.network_memberships.items[2].organisation", "social-platform"),
        ("$.members.items[0].organisation", "kok"),
    ) == profile.profile_links()


def test_the_member_named_is_kok_in_its_own_words(profile: Organisation) -> None:
    """KOK's news item says it is a member of PICUM: the one member organisation named, quoted."""
    assert profile.members is not None
    assert [("kok", "KOK is also a member of PICUM.", ("kok-picum-annual-report-2020",))] == [
        (member.id, member.quote, member.sources) for member in profile.members.items
    ]


def test_citation_is_the_corrected_book(profile: Organisation) -> None:
    """Citation [1]: the book's real publisher and editors, 2006, p. 430, both ISBNs."""
    (citation,) = profile.citations

    assert citation.isbn is not None
    assert (
        "craig-lynk-2006",
        CitationType.BOOK,
        "Globalization and the Future of Labour Law",
        ["John D. R. Craig", "S. Michael Lynk"],
        (),
        2006,
        "Cambridge University Press",
        "Cambridge",
        "430",
        "0521854903",
        "9780521854900",
    ) == (
        citation.id,
        citation.type,
        citation.title,
        [str(editor) for editor in citation.editors],
        citation.authors,
        citation.issued,
        citation.publisher,
        citation.publisher_place,
        citation.page,
        citation.isbn.isbn_10,
        citation.isbn.isbn_13,
    )


def test_corrections_name_their_own_sources(profile: Organisation) -> None:
    """Each correction is supported by the book's publisher record and a review, not by the seed."""
    (citation,) = profile.citations

    assert [
        {"cambridge-core-craig-lynk-2006-chapter-2", "review-of-craig-lynk-2006"},
        {"cambridge-core-craig-lynk-2006-chapter-2", "review-of-craig-lynk-2006"},
    ] == [set(correction.sources) for correction in citation.corrections]


def test_the_citation_names_where_its_fields_come_from(profile: Organisation) -> None:
    """The citation's sources are the seed, which gives it, and those that correct it."""
    (citation,) = profile.citations

    assert {SEED_ID} | {
        source for correction in citation.corrections for source in correction.sources
    } == set(citation.sources)


def test_citation_keeps_the_seeds_wording(profile: Organisation) -> None:
    """The citation as the seed gives it is kept word for word, and each correction is explained."""
    (citation,) = profile.citations

    assert citation.as_given is not None
    assert citation.as_given in seed_text()
    assert [
        ("publisher", "Cambridge University Library"),
        ("authors", "S. Michael Lynk; Craig, John"),
    ] == [(correction.field, correction.as_given) for correction in citation.corrections]


def test_seed_source_carries_licence_and_attribution(profile: Organisation) -> None:
    """The seed is recorded with its revision date, CC BY-SA 3.0 licence and attribution."""
    seed = profile.source(SEED_ID)

    assert seed.licence is not None
    assert seed.attribution is not None
    assert (
        date(2016, 10, 31),
        "CC-BY-SA-3.0",
        "https://creativecommons.org/licenses/by-sa/3.0/",
    ) == (
        seed.revision_date,
        seed.licence.spdx_id,
        seed.licence.url,
    )
    assert "Wikipedia contributors" in seed.attribution


def test_profile_carries_licence_and_attribution(profile: Organisation) -> None:
    """The data itself is CC BY-SA 3.0, with an attribution naming the article and its version."""
    assert ("CC-BY-SA-3.0", True, True) == (
        profile.licence.spdx_id,
        'Wikipedia article "PICUM"' in profile.attribution,
        "31 October 2016" in profile.attribution,
    )


def test_headquarters_from_other_sources(profile: Organisation) -> None:
    """Brussels, Belgium; the UNODC database gives a street address, as a statement of its own."""
    headquarters = profile.headquarters

    assert headquarters is not None
    assert [
        ("Brussels", "BE", None, None, ("wikipedia-current", "unodc-civil-society-database")),
        ("Brussels", "BE", "164 Gaucheretstraat", "1030", ("unodc-civil-society-database",)),
        (
            "Brussels",
            "BE",
            "Rue du Congrès 37-41",
            None,
            ("picum-ten-year-anniversary-workshop-report",),
        ),
    ] == [
        (
            statement.value.locality,
            statement.value.country.code,
            statement.street_address,
            statement.postal_code,
            statement.sources,
        )
        for statement in headquarters.place_statements
    ]


def test_office_opened_november_2000(profile: Organisation) -> None:
    """The Brussels office opened in November 2000, per the current Wikipedia article."""
    history = profile.history

    assert history is not None
    opened = history.milestones[1]
    assert opened.place is not None
    assert ("2000-11", "Brussels", ("wikipedia-current",)) == (
        opened.date.edtf,
        opened.place.locality,
        opened.sources,
    )


def test_website(profile: Organisation) -> None:
    """The official website, with a source entry of its own."""
    assert profile.website is not None
    assert ("https://picum.org", ("picum-website",)) == (
        profile.website.url,
        profile.website.sources,
    )


def test_no_external_links(profile: Organisation) -> None:
    """The seed's external links section is empty, and so is the profile's."""
    assert () == profile.external_links


def test_facts_from_other_sources_name_them(profile: Organisation) -> None:
    """Every fact not from the seed names a source entry of its own, none of them the seed."""
    assert {
        "wikipedia-current",
        "unodc-civil-society-database",
        "picum-website",
        "iom-interview-michele-levoy",
        "picum-members-page",
        "picum-organisational-structure-page",
        "epam-picum-page",
        "dignityfirm-picum-page",
        "kok-picum-annual-report-2020",
        "cambridge-core-craig-lynk-2006-chapter-2",
        "review-of-craig-lynk-2006",
        "picum-about-page",
        "ilo-good-practices-picum",
        "picum-annual-report-2014",
        "coe-sg-inf-2008-16",
        "picum-accomplishments-page",
        "eu-transparency-register-picum",
        "gcm-about-page",
        "social-platform-migration-forum-blog",
        "picum-ten-year-anniversary-workshop-report",
    } == {source.id for source in profile.sources} - {SEED_ID}


@pytest.mark.parametrize("position", range(len(picum.load().sources)))
def test_every_source_says_which_version_was_read(profile: Organisation, position: int) -> None:
    """A reader can find each source: an address, and a revision, its own date or the day read.

    An address is the one the page was read at: some of PICUM's earlier pages, and copies, at
    ``http://``.
    """
    source = profile.sources[position]

    assert source.url.startswith(("https://", "http://"))
    assert (source.revision, source.revision_date, source.read_on) != (None, None, None)


def test_every_source_is_listed_once(profile: Organisation) -> None:
    """No two source entries are the same document read at the same time."""
    versions = [
        (source.url, source.revision, source.revision_date, source.accessed)
        for source in profile.sources
    ]

    assert len(versions) == len(set(versions))


def test_wikipedia_sources_carry_their_licence(profile: Organisation) -> None:
    """Wikipedia's text is under a CC BY-SA licence: every Wikipedia source names its own."""
    licences = [
        source.licence.spdx_id if source.licence else None
        for source in profile.sources
        if source.publisher == "Wikipedia"
    ]

    assert ["CC-BY-SA-3.0", "CC-BY-SA-4.0"] == licences


def test_the_seeds_entry_says_why_it_has_no_permanent_link(profile: Organisation) -> None:
    """No permanent link to the 2016 revision could be found, and the seed's entry says so."""
    seed = profile.source(SEED_ID)

    assert seed.revision is None
    assert seed.note is not None
    assert "no permanent link" in seed.note


#: Paths of strings, in facts the seed supports, that are not the seed's words: ids and
#: references (a list of activities names them by id), values of enumerations, countries and dates in standard notations, our own
#: titles and notes, and the citation's bibliographic data (from the book's records).
EDITORIAL = re.compile(
    r"""\$\.(?:
        .*\.id | .*\.(?:sources|citations)\[\d+\]
      | identity\.type | newsletter\.frequency | .*\.qualifier | .*completeness
      | network_memberships\.scopes\[\d+\] | citations\[\d+\]\.type
      | history\.initiator_countries\[\d+\] | .*\.edtf | .*_statements\[\d+\]\.rank
      | activities_statements\[\d+\]\.value\[\d+\]
      | history\.milestones\[\d+\]\.(?:title|description) | network_memberships\.note
      | citations\[\d+\]\.(?:title|publisher|editors\[\d+\]\..*|isbn\..*)
    )""",
    re.VERBOSE,
)


def _seed_strings(node: object, path: str, from_seed: bool) -> Iterator[tuple[str, str]]:
    if is_object(node):
        sources = node.get("sources")
        if _is_references(sources):
            from_seed = SEED_ID in sources
        for key, value in node.items():
            yield from _seed_strings(value, f"{path}.{key}", from_seed or key == "as_given")
    elif is_array(node):
        for index, item in enumerate(node):
            yield from _seed_strings(item, f"{path}[{index}]", from_seed)
    elif isinstance(node, str) and from_seed and not EDITORIAL.fullmatch(path):
        yield path, node


def _seed_forms(text: str) -> set[str]:
    """Undo the normalisations docs/data.md lists: a capital first letter, a final full stop."""
    bare = text.removesuffix(".")
    return {text, bare, bare[:1].lower() + bare[1:]}


def test_every_string_from_the_seed_is_in_the_seed(profile: Organisation) -> None:
    """Each string a fact takes from the seed is the seed's, but for the normalisations listed."""
    document = json.loads(picum.dumps(profile))
    seed = seed_text()

    strings = list(_seed_strings(document, "$", from_seed=False))
    assert len(strings) > 20
    assert [] == [
        (path, text)
        for path, text in strings
        if not any(form in seed for form in _seed_forms(text))
    ]


# Figures from sources other than the seed (issue 14): each under the fact it counts, dated
# only where its source states a date, and the preferred one chosen by picum's rule.


def _figures(profile: Organisation) -> dict[str, tuple[picum.QuantityStatement, ...]]:
    members, newsletter = profile.members, profile.newsletter
    assert members is not None
    assert newsletter is not None
    return {
        "total": members.total_statements,
        "affiliated": members.affiliated_statements,
        "ordinary": members.ordinary_statements,
        "organisations": members.organisations_statements,
        "individuals": members.individuals_statements,
        "countries": members.countries_statements,
        "language_count": newsletter.language_count_statements,
        "audience": newsletter.audience_statements,
    }


def test_the_chosen_figures_are_the_known_latest_or_the_curators(profile: Organisation) -> None:
    """Each count answers with the figure known latest, or the one the curator marks preferred."""
    more_than = Qualifier.MORE_THAN
    expected = {
        "total": (Quantity(amount=180, qualifier=more_than), ("unodc-civil-society-database",)),
        "affiliated": (Quantity(amount=100, qualifier=more_than), (SEED_ID,)),
        "ordinary": (Quantity(amount=107), (SEED_ID,)),
        "organisations": (Quantity(amount=164), ("picum-members-page",)),
        "individuals": (Quantity(amount=170, qualifier=Qualifier.AT_LEAST), ("epam-picum-page",)),
        "countries": (Quantity(amount=31), ("picum-members-page",)),
        "language_count": (Quantity(amount=7), (SEED_ID,)),
        "audience": (Quantity(amount=4000, qualifier=more_than), ("picum-about-page",)),
    }
    chosen = {
        fact: picum.choose(profile, statements) for fact, statements in _figures(profile).items()
    }

    assert expected == {
        fact: (choice.statement.value, choice.statement.sources)
        for fact, choice in chosen.items()
        if choice is not None
    }


def test_only_figures_whose_sources_state_a_date_are_dated(profile: Organisation) -> None:
    """The dated figures: the seed's, on or before its version's day; the 2014 report's, May 2015."""
    dated = {
        (fact, statement.sources, statement.as_of.edtf)
        for fact, statements in _figures(profile).items()
        for statement in statements
        if statement.as_of is not None
    }

    assert {
        ("affiliated", (SEED_ID,), "[..2016-10-31]"),
        ("ordinary", (SEED_ID,), "[..2016-10-31]"),
        ("countries", (SEED_ID,), "[..2016-10-31]"),
        ("language_count", (SEED_ID,), "[..2016-10-31]"),
        ("audience", (SEED_ID,), "[..2016-10-31]"),
        ("organisations", ("picum-annual-report-2014",), "2015-05"),
        ("individuals", ("picum-annual-report-2014",), "2015-05"),
        ("countries", ("picum-annual-report-2014",), "2015-05"),
    } == dated


def test_the_curator_prefers_the_members_page_and_says_why(profile: Organisation) -> None:
    """The members page's two figures, EPAM's and the About page's are preferred, with reasons."""
    preferred = [
        (fact, statement.sources, bool(statement.reason))
        for fact, statements in _figures(profile).items()
        for statement in statements
        if statement.rank is not picum.Rank.NORMAL
    ]

    assert [
        ("organisations", ("picum-members-page",), True),
        ("individuals", ("epam-picum-page",), True),
        ("countries", ("picum-members-page",), True),
        ("audience", ("picum-about-page",), True),
    ] == preferred


def test_sources_are_dated_only_as_they_date_themselves(profile: Organisation) -> None:
    """Only five sources state a day for themselves: the seed, the chapter, IOM, CoE, register."""
    assert {
        SEED_ID: date(2016, 10, 31),
        "cambridge-core-craig-lynk-2006-chapter-2": date(2009, 7, 23),
        "iom-interview-michele-levoy": date(2020, 9, 16),
        "coe-sg-inf-2008-16": date(2008, 9, 29),
        "eu-transparency-register-picum": date(2020, 12, 11),
    } == {source.id: source.revision_date for source in profile.sources if source.revision_date}


def test_every_source_names_its_publisher(profile: Organisation) -> None:
    """Each source entry has a title and a publisher, or the copy it was read in, to be cited."""
    assert [] == [
        source.id
        for source in profile.sources
        if not (source.title and (source.publisher or source.read_in))
    ]


def test_figures_of_other_sources_do_not_name_the_seed(profile: Organisation) -> None:
    """The seed supports its own figures only: every other figure names other sources alone."""
    mixed = [
        (fact, statement.sources)
        for fact, statements in _figures(profile).items()
        for statement in statements
        if SEED_ID in statement.sources and statement.sources != (SEED_ID,)
    ]
    seed_figures = {
        fact
        for fact, statements in _figures(profile).items()
        for statement in statements
        if SEED_ID in statement.sources
    }

    assert ([], {"affiliated", "ordinary", "countries", "language_count", "audience"}) == (
        mixed,
        seed_figures,
    )


def test_member_organisations_are_not_the_seeds_kinds_of_members(profile: Organisation) -> None:
    """Counts of member organisations and of individual members stand apart from the seed's."""
    members = profile.members
    assert members is not None

    assert (9, 2, 1, 1) == (
        len(members.organisations_statements),
        len(members.individuals_statements),
        len(members.affiliated_statements),
        len(members.ordinary_statements),
    )


def test_lists_of_activities(profile: Organisation) -> None:
    """The seed's five areas are the preferred list; the current article lists four, undated."""
    assert [
        ((SEED_ID,), "[..2016-10-31]", 5),
        (("wikipedia-current",), None, 4),
    ] == [
        (statement.sources, statement.as_of and statement.as_of.edtf, len(statement.value))
        for statement in profile.activities_statements
    ]
    assert tuple(activity.id for activity in profile.activities) == (
        (*profile.activities_statements[1].value, "global-actors-on-international-migration")
    )


# Issue 20: sources judged, and quoted evidence.


def test_every_bundled_source_says_its_kind(profile: Organisation) -> None:
    """Each source says who speaks in it: the organisation, an independent publisher, an encyclopedia."""
    assert [] == [source.id for source in profile.sources if source.kind is None]


def test_no_source_is_a_mirror(profile: Organisation) -> None:
    """The copies of Wikipedia on WikiMili and EverybodyWiki are gone, with their figures."""
    hosts = ("wikimili", "everybodywiki")

    assert [] == [source.id for source in profile.sources if any(h in source.url for h in hosts)]


def test_a_copy_is_recorded_as_its_original(profile: Organisation) -> None:
    """The 2014 annual report is PICUM's, dated by the figures it gives, read in a copy."""
    report = profile.source("picum-annual-report-2014")

    assert report.read_in is not None
    assert ("PICUM", picum.SourceKind.ORGANISATION, "esdocs.com") == (
        report.publisher,
        report.kind,
        report.read_in.url.split("/")[2],
    )


_WORDS = {"four": 4, "five": 5, "seven": 7}
_QUALIFIER_WORDS = {
    Qualifier.MORE_THAN: ("more than", "over", "über", "plus de", "mehr als"),
    Qualifier.APPROXIMATELY: ("nearly", "about", "approximately", "environ", "around"),
    Qualifier.AT_LEAST: ("more", "at least"),
}
_ALL_QUALIFIER_WORDS = {word for words in _QUALIFIER_WORDS.values() for word in words}


def _where(quote: str, amount: int) -> int:
    """Return where *amount* is written in *quote* (with or without separators, or in words)."""
    forms = [f"{amount:,}", f"{amount:,}".replace(",", "."), str(amount)]
    forms += [word for word, value in _WORDS.items() if value == amount]
    for form in forms:
        match = re.search(rf"(?<![\d.,]){re.escape(form)}(?![\d])", quote)
        if match:
            return match.start()
    return -1


def _quantity_statements(profile: Organisation) -> Iterator[tuple[str, picum.QuantityStatement]]:
    for fact, statements in _figures(profile).items():
        for statement in statements:
            yield fact, statement


def test_every_quote_holds_its_figure_and_qualifier(profile: Organisation) -> None:
    """Each count's quote writes its number, and its qualifier's words before it (none if exact)."""
    wrong: list[tuple[str, tuple[str, ...], str]] = []
    for fact, statement in _quantity_statements(profile):
        quote, amount = statement.quote or "", statement.value.amount
        at = _where(quote, amount)
        before = quote[:at].lower()
        last_words = " ".join(before.split()[-2:])
        if statement.value.qualifier is Qualifier.EXACT:
            fits = not any(word in last_words.split() for word in _ALL_QUALIFIER_WORDS)
        else:
            fits = any(word in before for word in _QUALIFIER_WORDS[statement.value.qualifier])
        if at < 0 or not fits:
            wrong.append((fact, statement.sources, str(statement.value)))

    assert [] == wrong


def test_every_other_statement_quotes_what_it_says(profile: Organisation) -> None:
    """Places, founding years and lists of areas are in their quotes (town, year, how many)."""
    assert profile.history is not None
    assert profile.headquarters is not None
    wrong = [
        *(
            statement.sources
            for statement in profile.headquarters.place_statements
            if statement.value.locality not in (statement.quote or "")
            or (statement.street_address or "") not in (statement.quote or "")
        ),
        *(
            statement.sources
            for statement in profile.history.founded_statements
            if statement.value.edtf not in (statement.quote or "")
        ),
        *(
            statement.sources
            for statement in profile.activities_statements
            if _where(statement.quote or "", len(statement.value)) < 0
        ),
    ]

    assert [] == wrong


def test_founded_in_2001_by_two_sources(profile: Organisation) -> None:
    """PICUM's own About page and the ILO's page both say 2001."""
    assert profile.history is not None
    assert [("2001", ("picum-about-page",)), ("2001", ("ilo-good-practices-picum",))] == [
        (statement.value.edtf, statement.sources)
        for statement in profile.history.founded_statements
    ]


def test_the_transparency_register_code(profile: Organisation) -> None:
    """The EU Transparency Register's code, first registered on 8 July 2010, quoted."""
    (register,) = profile.identifiers

    assert ("19093363838-48", "2010-07-08", True) == (
        register.value,
        register.registered and register.registered.edtf,
        register.value in (register.quote or ""),
    )


def test_each_fact_answers_the_same_by_its_own_dates_and_by_its_sources(
    profile: Organisation,
) -> None:
    """`org.members.individuals` (the statements' own dates) is the value `picum.choose` gives."""
    assert profile.headquarters is not None
    places = profile.headquarters.place_statements
    chosen_place = picum.choose(profile, places)
    figures = _figures(profile).values()

    assert (
        [picum.preferred(statements).value for statements in figures],
        profile.headquarters.place,
    ) == (
        [
            choice.statement.value
            for statements in figures
            if (choice := picum.choose(profile, statements)) is not None
        ],
        chosen_place and chosen_place.statement.value,
    )
