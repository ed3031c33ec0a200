"""HTML pages as the tests read them: what a browser asks for, and what a page holds."""

from __future__ import annotations

from html.parser import HTMLParser


#: The Accept header a browser sends for a page.
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


class Page(HTMLParser):
    """What a test needs of an HTML page: its text, headings, resources and scripts."""

    def __init__(self, html: str) -> None:
        """Read *html*."""
        super().__init__()
        self.text: list[str] = []
        self.headings: list[str] = []
        self.loads: list[str] = []
        self.links: list[str] = []
        self.scripts: list[tuple[str | None, str]] = []
        self.lang: str | None = None
        self._script: str | None = None
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note headings, what the page loads, where it links, and scripts."""
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        if tag in {"h1", "h2", "h3", "h4"}:
            self.headings.append(tag)
        if tag in {"script", "img", "iframe"} and found.get("src"):
            self.loads.append(str(found["src"]))
        if tag == "link" and found.get("href") and not str(found["href"]).startswith("data:"):
            self.loads.append(str(found["href"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "script":
            self._in_script, self._script = True, found.get("type")

    def handle_endtag(self, tag: str) -> None:
        """Close a script."""
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        """Keep the text, and the scripts' contents."""
        if self._in_script:
            self.scripts.append((self._script, data))
        else:
            self.text.append(data)

    @property
    def words(self) -> str:
        """The page's text, white space made single spaces."""
        return " ".join("".join(self.text).split())
