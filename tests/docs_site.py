"""Check a built documentation site: every page there, and nothing loaded from another host.

``nox -s docs`` runs it on ``docs/_build/html`` after the build.
"""

from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path

from picum import dumps, json_schema


PAGES = {
    "index",
    "tutorial",
    "how-to",
    "publish",
    "production",
    "data",
    "wire-format",
    "performance",
    "http-api",
    "library",
    "changelog",
    "contributing",
}


class _Loads(HTMLParser):
    """The addresses a page loads (scripts, styles, images, frames), not the ones it links to."""

    def __init__(self) -> None:
        """Start with no addresses."""
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note what a tag loads."""
        found = dict(attrs)
        address = found.get("src") if tag in {"script", "img", "iframe"} else None
        if tag == "link" and found.get("rel") in {"stylesheet", "preload", "icon"}:
            address = found.get("href")
        if address:
            self.loads.append(address)


#: The JSON Schema of profile files, at the path the docs give for it: `picum schema`'s output.
SCHEMA_FILE = "picum-profile.schema.json"


def problems(site: Path) -> list[str]:
    """List what is wrong with the site: missing pages, loads from another host, a stale schema."""
    found = [
        f"missing page: {page}.html"
        for page in sorted(PAGES)
        if not (site / f"{page}.html").is_file()
    ]
    schema = site / SCHEMA_FILE
    if not schema.is_file() or schema.read_bytes() != dumps(json_schema(), pretty=True):
        found.append(f"{SCHEMA_FILE} is not the output of `picum schema`")
    for page in sorted(site.glob("*.html")):
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.name} loads {url}" for url in parser.loads if "//" in url.split("?")[0]]
    return found


if __name__ == "__main__":
    if wrong := problems(Path(sys.argv[1])):
        sys.exit("\n".join(wrong))
