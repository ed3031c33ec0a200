"""The page for people at `/`, and the self-hosted API documentation at `/schema`."""

from __future__ import annotations

import itertools
import json
import re

import attrs
import pytest
from litestar.testing import TestClient

import picum
from picum import Organisation, formats
from picum_api import Service, create_app

from .pages import BROWSER, Page


Client = TestClient[Service]


@pytest.fixture(scope="module")
def page(client: Client) -> Page:
    """The page a browser gets at `/`."""
    return Page(client.get("/", headers=BROWSER).text)


def test_browsers_get_the_page(client: Client) -> None:
    """A browser asking for `/` gets HTML, with an ETag and a 304 for it."""
    response = client.get("/", headers=BROWSER)
    again = client.get("/", headers={**BROWSER, "If-None-Match": response.headers["etag"]})

    assert ("text/html; charset=utf-8", 304) == (
        response.headers["content-type"],
        again.status_code,
    )


def test_programs_get_the_index(client: Client) -> None:
    """A JSON client asking for `/` gets the index of the latest version, /v2."""
    assert (
        client.get("/v2").content == client.get("/", headers={"Accept": "application/json"}).content
    )


def test_the_page_shows_every_fact(page: Page) -> None:
    """Names, aim, the answers with their dates and sources, history, activities, etc."""
    for words in [
        "PICUM",
        "Platform for International Cooperation on Undocumented Migrants",
        "A non-governmental organisation.",
        "promote respect for the human rights of undocumented migrants within Europe",
        "Founded: 2001",
        "Affiliated members: more than 100, on or before 31 October 2016",
        "Ordinary members: 107, on or before 31 October 2016",
        "Member organisations: 164, undated — Who are our members?, read 30 November 2026",
        "Countries: 31, undated",
        "Europe and beyond",
        "late 1990s: Grassroots organisations take the initiative",
        "The initiative was taken by organisations from Belgium, Netherlands and Germany",
        "Monitoring and reporting",
        "Global actors on international migration",
        "A monthly newsletter",
        "in 7 languages",
        "to more than 4,000 civil society organizations, individuals and beyond",
        "Newsletter languages: 7, on or before 31 October 2016",
        "Newsletter readers: more than 4,000, undated",
        "The source does not name the languages.",
        "the names were lost from the source",
        "Cambridge University Press",
        "As the source gives it:",
        "S. Michael Lynk; Craig, John (2006).",
        "Based in Brussels, Belgium (undated)",
        "Creative Commons Attribution-ShareAlike 3.0 Unported",
        "Adapted from the Wikipedia article",
    ]:
        assert words in page.words


def test_every_fact_cites_its_sources(page: Page, profile: Organisation) -> None:
    """Footnotes link to each source, and every source is listed."""
    assert {f"#source-{source.id}" for source in profile.sources} <= set(page.links)


def test_the_page_is_accessible_in_structure(page: Page) -> None:
    """A language, one h1 first, and headings in order: none a level deeper than the one before."""
    levels = [int(heading[1]) for heading in page.headings]
    skips = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]

    assert ("en", 1, [], True) == (page.lang, levels.count(1), skips, levels[0] == 1)


def test_the_page_loads_nothing_from_another_host(page: Page) -> None:
    """No script, style or image comes from elsewhere: the page has its styles inline."""
    assert [] == page.loads


@pytest.fixture(scope="module")
def paragraphs(client: Client) -> list[str]:
    """The page's paragraphs, as HTML."""
    html = client.get("/", headers=BROWSER).text
    return re.findall(r"<p\b[^>]*>(.*?)</p>", html, flags=re.DOTALL)


def paragraph_with(paragraphs: list[str], words: str) -> str:
    """The one paragraph that holds these words."""
    (found,) = [paragraph for paragraph in paragraphs if words in paragraph]
    return found


def test_the_citation_marks_only_what_it_supports(paragraphs: list[str]) -> None:
    """Note [1] is marked on the aim, and neither on the dialogue nor on the member counts."""
    citation = "#citation-craig-lynk-2006"

    assert (True, False, False) == (
        citation in paragraph_with(paragraphs, "promote respect for the human rights"),
        citation in paragraph_with(paragraphs, "also seeks to dialogue"),
        citation in paragraph_with(paragraphs, "Where the members are"),
    )


@pytest.mark.parametrize("field", ["publisher", "authors"])
def test_each_correction_shows_its_own_sources(
    paragraphs: list[str], profile: Organisation, field: str
) -> None:
    """A correction is footnoted to the sources that support it, not to the seed it corrects."""
    (correction,) = [
        correction for correction in profile.citations[0].corrections if correction.field == field
    ]
    html = paragraph_with(paragraphs, f"Corrected {field}")

    assert sorted(correction.sources) == sorted(re.findall(r'href="#source-([a-z0-9-]+)"', html))


def test_the_founding_is_answered_from_its_two_sources(page: Page) -> None:
    """The page answers "founded 2001", and its evidence quotes both sources that say so."""
    assert (True, True, True) == (
        "Founded: 2001 — About us" in page.words,
        "since its creation in 2001" in page.words,
        "was founded in 2001 as an initiative of grassroots organisations" in page.words,
    )


def test_every_answer_says_why_and_the_rule_is_said_once(client: Client) -> None:
    """Each line of "In figures" says why its value is current; the rule is written out once."""
    html = client.get("/", headers=BROWSER).text
    answers = re.findall(r'<p class="answer">(.*?)</p>', html)

    assert (True, True, 1) == (
        len(answers) >= 10,
        all(
            re.search(r'<span class="why">(preferred by the curator|chosen by the rule): ', a)
            for a in answers
        ),
        html.count("How the current figure is chosen:"),
    )


def test_the_register_identifier_is_shown_and_sourced(page: Page) -> None:
    """The Transparency Register's code shows with its first registration and its source."""
    assert (True, True) == (
        "EU Transparency Register: 19093363838-48 (first registered 8 July 2010)" in page.words,
        "#source-eu-transparency-register-picum" in page.links,
    )


def test_the_member_named_is_shown_and_sourced(page: Page) -> None:
    """KOK, the member organisation a source names, shows with its source, as one named only."""
    assert (True, True, True) == (
        "KOK (Bundesweiter Koordinierungskreis gegen Menschenhandel)" in page.words,
        "Only the members a source names, not a list of them all" in page.words,
        "#source-kok-picum-annual-report-2020" in page.links,
    )


def test_a_member_known_to_be_wrong_is_not_shown(profile: Organisation) -> None:
    """A named member ranked deprecated is left off the page, as off every other output."""
    assert profile.members is not None
    (kok,) = profile.members.items
    wrong = attrs.evolve(
        kok, name="A Member That Left", rank=picum.Rank.DEPRECATED, reason="It left."
    )
    left = attrs.evolve(profile, members=attrs.evolve(profile.members, items=(wrong,)))

    with TestClient(create_app(left)) as client:
        shown = Page(client.get("/", headers=BROWSER).text).words

    assert (False, False) == (wrong.name in shown, "Member organisations named" in shown)


def test_each_source_says_its_kind_and_the_copy_it_was_read_in(page: Page) -> None:
    """A source says what kind it is; one read in a copy links to the copy and names its site."""
    assert (True, True, True, True) == (
        "PICUM Annual Report 2014, PICUM (the organisation itself)" in page.words,
        "(an encyclopedia)" in page.words,
        "https://esdocs.com/doc/1600081/picum-2014-annual-report" in page.links,
        "in a copy (esdocs.com, a document-sharing site)" in page.words,
    )


def test_the_page_links_to_the_data_and_the_docs(page: Page) -> None:
    """The page links to the latest version's index, JSON, JSON-LD, BibTeX, and the API docs."""
    assert {
        "/v2",
        "/v2/organisation",
        "/v2/organisation?format=jsonld",
        "/v2/citations?format=bibtex",
        "/schema",
    } <= set(page.links)


def test_the_page_embeds_its_jsonld(page: Page, profile: Organisation) -> None:
    """The schema.org JSON-LD is in the page, for search engines: the latest version's, dated.

    The bundled catalogue's page says its links there too.
    """
    (jsonld,) = [data for kind, data in page.scripts if kind == "application/ld+json"]
    catalogue = picum.Catalogue.bundled()

    assert formats.jsonld(profile, dated=True, catalogue=catalogue) == json.loads(jsonld)


def test_text_cannot_break_out_of_the_page(profile: Organisation) -> None:
    """Markup in the data is shown as text, in the page and in its JSON-LD."""
    aim = attrs.evolve(profile.aim, statement="</script><script>alert(1)</script>")
    with TestClient(create_app(attrs.evolve(profile, aim=aim))) as client:
        page = Page(client.get("/", headers=BROWSER).text)

    assert ([], "</script><script>alert(1)</script>") == (
        [data for kind, data in page.scripts if kind != "application/ld+json"],
        json.loads(next(data for kind, data in page.scripts if kind == "application/ld+json"))[
            "@graph"
        ][0]["description"].split(" PICUM")[0],
    )


def test_embedded_json_has_no_markup_characters(profile: Organisation) -> None:
    """Text that would open a comment or a script in the JSON-LD is escaped: no <, > or & is left."""
    text = "<!--<script>a & b-->"
    aim = attrs.evolve(profile.aim, statement=text)
    with TestClient(create_app(attrs.evolve(profile, aim=aim))) as client:
        page = Page(client.get("/", headers=BROWSER).text)
    (jsonld,) = [data for kind, data in page.scripts if kind == "application/ld+json"]

    assert (set(), text) == (
        set(jsonld) & set("<>&"),
        json.loads(jsonld)["@graph"][0]["description"].split(" PICUM")[0],
    )


def test_a_profile_without_optional_parts_has_a_page() -> None:
    """A profile with only what it must have still has a page, which says what is not known."""
    bundled = picum.load()
    bare = Organisation(
        id="example",
        identity=bundled.identity,
        aim=bundled.aim,
        citations=bundled.citations,
        sources=bundled.sources,
        licence=bundled.licence,
        attribution=bundled.attribution,
    )
    with TestClient(create_app(bare)) as client:
        page = Page(client.get("/", headers=BROWSER).text)

    assert "The sources do not say which networks it belongs to." in page.words


def test_the_docs_page_is_self_hosted(client: Client) -> None:
    """/schema is Swagger UI, with its scripts and styles from this service."""
    docs = Page(client.get("/schema").text)

    assert docs.loads == ["/schema/assets/swagger-ui.css", "/schema/assets/swagger-ui-bundle.js"]
    assert [200, 200] == [client.get(asset).status_code for asset in docs.loads]
