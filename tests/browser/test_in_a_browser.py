"""The page for people and the API documentation, in headless Chromium, against `picum serve`.

Chromium is Debian's (`/usr/bin/chromium`), driven by Playwright; `nox -s browser` installs it
where it can. Screenshots at 360 and 1280 pixels wide go to `.artifacts/screenshots/`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Request, sync_playwright

import picum
from picum_api._timeline import member_facts
from tests.api.servers import running


CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parents[2] / ".artifacts" / "screenshots"
# Chromium, as root and with no network: no sandbox, and no calls home.
ARGUMENTS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    """A running `picum serve` on 127.0.0.1; its base URL."""
    with running() as server:
        yield server.base


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTS)
        yield chromium
        chromium.close()


# Runs before the page's own code: every violation of its Content-Security-Policy is kept.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.effectiveDirective} refused ${event.blockedURI}`);
});
"""


class Visit:
    """A page opened in the browser, with every request it made and every console error."""

    def __init__(self, browser: Browser, url: str, width: int) -> None:
        """Open *url* at *width* pixels wide, and wait until the network is quiet."""
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page: Page = browser.new_page(viewport={"width": width, "height": 900})
        self.page.add_init_script(RECORD_VIOLATIONS)
        self.page.on("request", self._request)
        self.page.on("console", self._console)
        self.page.on("pageerror", self._error)
        response = self.page.goto(url, wait_until="networkidle")
        assert response is not None
        #: The headers of the page's own answer.
        self.headers = response.headers

    def violations(self) -> list[str]:
        """Every violation of the page's Content-Security-Policy so far."""
        found: list[str] = self.page.evaluate("window.cspViolations")
        return found

    def _request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def _error(self, error: Error) -> None:
        self.errors.append(str(error))


@pytest.mark.parametrize("width", [360, 1280])
def test_the_page_shows_the_profile(browser: Browser, base: str, width: int) -> None:
    """At phone and desktop widths the page shows the facts, from this host only, without error.

    A screenshot at each width is kept.
    """
    visit = Visit(browser, f"{base}/", width)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=str(ARTIFACTS / f"profile-{width}.png"), full_page=True)
    text = visit.page.inner_text("body")

    assert ([], []) == ([url for url in visit.requests if not url.startswith(base)], visit.errors)
    for words in [
        "Platform for International Cooperation on Undocumented Migrants",
        "more than 100",
        "about 25",
        "late 1990s",
        "Awareness-raising",
        "the names were lost from the source",
        "As the source gives it:",
        "Creative Commons Attribution-ShareAlike 3.0 Unported",
    ]:
        assert words in text
    assert visit.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


#: Every word of the elements *selector* finds that the browser sets on more than one line.
#: A word is a run of letters and digits: a line may end at a space or a hyphen, not inside one.
BROKEN_WORDS = """selector => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set(
          [...range.getClientRects()].filter(rect => rect.width > 0).map(rect => Math.round(rect.bottom))
        );
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.parametrize("width", [360, 1280])
def test_no_word_of_a_table_or_an_answer_is_broken(browser: Browser, base: str, width: int) -> None:
    """At phone and desktop widths, no word in a table cell or an answer is split over two lines."""
    visit = Visit(browser, f"{base}/", width)
    words = visit.page.locator("td, th, .answer").count()

    assert (True, []) == (words > 20, visit.page.evaluate(BROKEN_WORDS, "td, th, .answer"))


@pytest.mark.parametrize("width", [360, 1280])
def test_each_fact_answers_at_the_top_without_a_click(
    browser: Browser, base: str, width: int, profile: picum.Organisation
) -> None:
    """Each member count's chosen value shows, why it was chosen too; the evidence waits a click."""
    visit = Visit(browser, f"{base}/", width)
    answers = visit.page.locator(".answer")
    expected: list[tuple[str, bool, str]] = []
    for fact in member_facts(profile):
        choice = picum.choose(profile, fact.statements)
        assert choice is not None
        expected.append((f"{fact.name}: {choice.statement.value}", True, choice.reason))
    lines = [
        (
            answer.locator(".value").inner_text(),
            answer.is_visible(),
            answer.locator(".why").inner_text().partition(": ")[2],
        )
        for answer in answers.all()
    ]
    shown = {line.partition(": ")[0]: (line, visible, why) for line, visible, why in lines}

    assert (expected, False) == (
        [shown[fact.name] for fact in member_facts(profile)],
        visit.page.locator("ol.evidence").first.is_visible(),
    )


def test_the_evidence_opens_from_the_keyboard(browser: Browser, base: str) -> None:
    """Tab to the first "Evidence" and press Enter: its statements, with their quotes, show."""
    visit = Visit(browser, f"{base}/", 360)
    summary = visit.page.locator("summary").first
    summary.focus()
    visit.page.keyboard.press("Enter")
    evidence = visit.page.locator("ol.evidence").first

    assert (True, True) == (
        evidence.is_visible(),
        evidence.locator("blockquote").first.is_visible(),
    )


def test_the_chart_is_visible_named_and_tabulated(browser: Browser, base: str) -> None:
    """The member chart shows, as an image named by its title, beside a table of its figures.

    On a phone the chart's region fits the screen, and the chart scrolls sideways within it.
    """
    visit = Visit(browser, f"{base}/", 360)
    chart = visit.page.get_by_role("img", name="Member counts over time")
    region = visit.page.get_by_role("region", name="The chart of the member counts")
    table = visit.page.get_by_role("table", name="Every dated figure of the member counts")
    box, region_box = chart.bounding_box(), region.bounding_box()

    assert box is not None
    assert region_box is not None
    assert (True, True, 3) == (
        chart.is_visible(),
        region_box["width"] <= 360 and box["height"] > 100,
        table.get_by_role("row").filter(has_text="31 October 2016").count(),
    )
    for words in ["more than 100", "107", "about 25"]:
        assert table.get_by_role("cell", name=words, exact=False).count() == 1


#: The least height, in CSS pixels, at which the chart's words are drawn.
READABLE = 12


@pytest.mark.parametrize("width", [360, 1280])
def test_the_charts_words_are_readable(browser: Browser, base: str, width: int) -> None:
    """At phone and desktop widths the chart's words are drawn 12 pixels high or more."""
    visit = Visit(browser, f"{base}/", width)
    heights = visit.page.evaluate(
        "() => Array.from(document.querySelectorAll('figure.chart svg text'),"
        " text => text.getBoundingClientRect().height)"
    )

    assert (True, []) == (len(heights) > 10, [h for h in heights if h < READABLE])


def test_the_page_has_no_serious_accessibility_violation(browser: Browser, base: str) -> None:
    """axe-core finds no serious or critical violation on the page."""
    visit = Visit(browser, f"{base}/", 1280)

    results: Any = Axe().run(visit.page)  # pyright: ignore[reportUnknownMemberType]
    violations: list[dict[str, Any]] = results.response["violations"]

    assert [] == [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]


def test_the_api_docs_render_offline(browser: Browser, base: str) -> None:
    """/schema renders every operation with scripts from this service only, and no error."""
    visit = Visit(browser, f"{base}/schema", 1280)
    visit.page.wait_for_selector(".opblock", timeout=20_000)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    visit.page.screenshot(path=str(ARTIFACTS / "schema-1280.png"), full_page=True)

    assert ([], []) == ([url for url in visit.requests if not url.startswith(base)], visit.errors)
    assert visit.page.locator(".opblock").count() >= 9


@pytest.mark.parametrize("path", ["/", "/schema"])
def test_pages_for_people_hold_to_a_strict_content_security_policy(
    browser: Browser, base: str, path: str
) -> None:
    """The page and the docs come with a CSP without 'unsafe-inline', which they never break.

    Chromium reports no violation of it, and no console error, once the page is shown (for the
    docs, once Swagger UI has rendered the document's operations); the page may not be framed,
    and sends no Referer.
    """
    visit = Visit(browser, f"{base}{path}", 1280)
    if path == "/schema":
        visit.page.wait_for_selector(".opblock", timeout=20_000)
    policy = visit.headers["content-security-policy"]

    assert ([], [], "no-referrer") == (
        visit.violations(),
        visit.errors,
        visit.headers["referrer-policy"],
    )
    assert ("'unsafe-inline'" not in policy, "frame-ancestors 'none'" in policy) == (True, True)
    assert visit.page.locator(".opblock").count() >= (9 if path == "/schema" else 0)
