"""The headers a browser needs on the pages for people: what they may load, who may frame them.

The profile's page (at ``/``) and the documentation page (at ``/schema``) each get a
Content-Security-Policy that allows what the page uses and nothing else: its own inline styles
and scripts by the hashes of their text, computed from the page as it is built (the page changes
with the profile), never ``'unsafe-inline'``; files from this service only where the page loads
some. No page may be framed (``frame-ancestors 'none'``), and none sends a Referer to the
sources it links to.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from collections.abc import Iterable


#: What every page is allowed, before its own inline code and files: nothing but its icon (an
#: empty `data:` URL, so that browsers ask the server for none), no `<base>`, no form, no frame.
_POLICY = {
    "default-src": ("'none'",),
    "img-src": ("data:",),
    "base-uri": ("'none'",),
    "form-action": ("'none'",),
    "frame-ancestors": ("'none'",),
}
REFERRER_POLICY = "no-referrer"
# Script types a browser runs (HTML's "JavaScript MIME type essence matches", and modules); any
# other type is a data block, such as the page's JSON-LD, which it never runs.
_SCRIPT_TYPES = frozenset({"", "module", "text/javascript", "application/javascript"})


class _InlineCode(HTMLParser):
    """Collects the text of a page's inline styles and scripts, as the browser hashes them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.styles: list[str] = []
        self.scripts: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Start collecting the text of a `<style>`, or of a `<script>` the browser runs."""
        attributes = dict(attrs)
        if tag == "style":
            self._open = self.styles
        elif tag == "script" and "src" not in attributes:
            kind = (attributes.get("type") or "").strip().lower()
            self._open = self.scripts if kind in _SCRIPT_TYPES else None
        else:
            return
        # Every element is counted, an empty one too: its hash is that of "".
        if self._open is not None:
            self._open.append("")

    def handle_endtag(self, tag: str) -> None:
        """Stop collecting at the end of a style or script."""
        if tag in {"style", "script"}:
            self._open = None

    def handle_data(self, data: str) -> None:
        """Add *data* to the element being collected, if any (it may come in pieces)."""
        if self._open is not None:
            self._open[-1] += data


#: Where a style or script may begin, and where one ends, as the browser reads them: a tag
#: name is read whatever its case.
_OPENS = re.compile(r"<(?:style|script)", re.IGNORECASE)
_ENDS = re.compile(r"</(?:style|script)[^>]*>?", re.IGNORECASE)


def _with_inline_code(page: str) -> str:
    """Give the beginning of *page* that holds every style and script it may have.

    Up to the end of the first end tag after the last text that could open one: no style or
    script begins after it, so parsing the rest would find nothing (a page's inline code is in
    its head, the rest of it most of its size).
    """
    last = None
    for last in _OPENS.finditer(page):  # noqa: B007 - the last is wanted
        pass
    if last is None:
        return ""
    end = _ENDS.search(page, last.end())
    return page if end is None else page[: end.end()]


def _hashes(texts: Iterable[str]) -> tuple[str, ...]:
    """Give the CSP sources that allow exactly these inline texts: their SHA-256 digests."""
    digests = (hashlib.sha256(text.encode()).digest() for text in dict.fromkeys(texts))
    return tuple(f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests)


def page_headers(page: bytes, *, from_here: Iterable[str] = ()) -> dict[str, str]:
    """Give the headers of the HTML *page*: its Content-Security-Policy, and its Referrer-Policy.

    The policy allows the page's inline styles and scripts by their hashes, and files from this
    service (``'self'``) for the directives in *from_here* (``"script-src"``, ...), no more.
    """
    inline = _InlineCode()
    inline.feed(_with_inline_code(page.decode()))
    inline.close()
    policy = {directive: list(sources) for directive, sources in _POLICY.items()}
    for directive in from_here:
        policy.setdefault(directive, []).insert(0, "'self'")
    for directive, texts in (("style-src", inline.styles), ("script-src", inline.scripts)):
        if texts:
            policy.setdefault(directive, []).extend(_hashes(texts))
    return {
        "Content-Security-Policy": "; ".join(
            f"{directive} {' '.join(sources)}" for directive, sources in policy.items()
        ),
        "Referrer-Policy": REFERRER_POLICY,
    }


def merge_policies(first: str, second: str) -> str:
    """Give the Content-Security-Policy that allows what either policy allows, and no more.

    For pages served under one policy (a static host's, for every profile page alike):

    >>> merge_policies("default-src 'none'; style-src 'sha256-a'", "style-src 'sha256-b'")
    "default-src 'none'; style-src 'sha256-a' 'sha256-b'"
    """
    merged: dict[str, list[str]] = {}
    for policy in (first, second):
        for directive in filter(None, (part.split() for part in policy.split(";"))):
            sources = merged.setdefault(directive[0], [])
            sources += [source for source in directive[1:] if source not in sources]
    return "; ".join(" ".join([name, *sources]) for name, sources in merged.items())
