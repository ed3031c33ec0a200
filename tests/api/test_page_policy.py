"""Pages for people carry the headers a browser needs: CSP by hashes, no framing, no Referer.

(`tests.browser` checks in Chromium that the pages break none of it.)
"""

from __future__ import annotations

import base64
import hashlib
import re
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st
from litestar.testing import TestClient

import picum
import picum_api._page_policy as page_policy
from picum_api._page_policy import page_headers
from picum_api._profile_page import render


if TYPE_CHECKING:
    from picum_api import Service

HTML = {"Accept": "text/html"}
PAGES: list[tuple[str, dict[str, str]]] = [("/", HTML), ("/schema", {})]


def _source(text: str) -> str:
    """The CSP source that allows the inline *text*."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def _directives(policy: str) -> dict[str, list[str]]:
    """The directives of a Content-Security-Policy, by name."""
    return {
        name: sources for name, *sources in (directive.split() for directive in policy.split(";"))
    }


@pytest.fixture(scope="module")
def clients(
    client: TestClient[Service], slow: TestClient[Service]
) -> tuple[TestClient[Service], TestClient[Service]]:
    """Clients of the app with the fast path, and without it (Litestar answers all)."""
    return client, slow


def test_the_policy_allows_each_inline_style_and_script_by_its_hash() -> None:
    """Inline styles and scripts are allowed by the hashes of their text, nothing else inline."""
    page = (
        b"<style>p { color: red }</style><script>go(1)</script><script>go(2)</script>"
        b'<script type="application/ld+json">{"a": 1}</script><script src="/x.js"></script>'
    )

    policy = _directives(page_headers(page)["Content-Security-Policy"])

    assert (
        [_source("p { color: red }")],
        [_source("go(1)"), _source("go(2)")],
    ) == (policy["style-src"], policy["script-src"])


def test_a_page_without_inline_code_may_run_none() -> None:
    """A page with no inline style or script gets no source for them: `default-src 'none'` holds."""
    policy = _directives(page_headers(b"<p>text</p>")["Content-Security-Policy"])

    assert (False, False, ["'none'"]) == (
        "style-src" in policy,
        "script-src" in policy,
        policy["default-src"],
    )


def test_files_from_this_service_are_allowed_only_where_asked() -> None:
    """`from_here` allows 'self' in the directives it names, and in no other."""
    policy = _directives(
        page_headers(b"<p>text</p>", from_here=("script-src",))["Content-Security-Policy"]
    )

    assert (["'self'"], ["data:"]) == (policy["script-src"], policy["img-src"])


@pytest.mark.parametrize(("path", "headers"), PAGES)
def test_the_pages_policy_holds_the_hashes_of_the_page_as_served(
    clients: tuple[TestClient[Service], TestClient[Service]],
    path: str,
    headers: dict[str, str],
) -> None:
    """The hashes in each page's policy are those of the inline code in the page it comes with."""
    response = clients[0].get(path, headers=headers)
    policy = _directives(response.headers["content-security-policy"])
    styles = re.findall(r"<style>(.*?)</style>", response.text, re.DOTALL)
    scripts = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)

    assert ([_source(style) for style in styles], [_source(script) for script in scripts]) == (
        [source for source in policy.get("style-src", []) if source.startswith("'sha256-")],
        [source for source in policy.get("script-src", []) if source.startswith("'sha256-")],
    )


@pytest.mark.parametrize(("path", "headers"), PAGES)
def test_pages_may_not_be_framed_and_send_no_referer(
    clients: tuple[TestClient[Service], TestClient[Service]],
    path: str,
    headers: dict[str, str],
) -> None:
    """Each page forbids framing, inline code other than its own, and the Referer header."""
    response = clients[0].get(path, headers=headers)
    policy = response.headers["content-security-policy"]

    assert (True, False, "no-referrer") == (
        "frame-ancestors 'none'" in policy,
        "unsafe-inline" in policy,
        response.headers["referrer-policy"],
    )


@pytest.mark.parametrize(("path", "headers"), PAGES)
@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_both_paths_send_the_same_headers_for_the_pages(
    clients: tuple[TestClient[Service], TestClient[Service]],
    path: str,
    headers: dict[str, str],
    method: str,
) -> None:
    """The fast path and Litestar answer each page with the same headers, policy included."""
    fast, litestar = (client.request(method, path, headers=headers) for client in clients)

    assert list(fast.headers.multi_items()) == list(litestar.headers.multi_items())


def test_the_index_for_programs_has_no_page_policy(
    clients: tuple[TestClient[Service], TestClient[Service]],
) -> None:
    """The JSON at `/` is no page: it carries no Content-Security-Policy."""
    response = clients[0].get("/", headers={"Accept": "application/json"})

    assert None is response.headers.get("content-security-policy")


#: What pages are made of, as far as their inline code goes: its tags in any case, comments,
#: attributes that hold a tag's name, text, and tags cut short.
_FRAGMENTS = [
    "<style>",
    "</style>",
    "<script>",
    "</script>",
    "<SCRIPT>",
    "</Script >",
    "<script src=x>",
    '<script type="application/ld+json">',
    "<style media=print>",
    "<!--",
    "-->",
    '<a title="<script>">',
    "<p>",
    "</p>",
    "a{}",
    "x",
    " ",
    "<",
    ">",
    "</",
    "<scripts>",
]


@pytest.mark.hypothesis
@given(st.lists(st.sampled_from(_FRAGMENTS), max_size=30).map("".join))
def test_a_page_is_read_only_as_far_as_its_inline_code_may_go(page: str) -> None:
    """The beginning of a page read for its styles and scripts holds what all of it holds."""
    inline_code = page_policy._InlineCode  # pyright: ignore[reportPrivateUsage]
    beginning = page_policy._with_inline_code  # pyright: ignore[reportPrivateUsage]
    whole, begun = inline_code(), inline_code()
    whole.feed(page)
    whole.close()
    begun.feed(beginning(page))
    begun.close()

    assert (whole.styles, whole.scripts) == (begun.styles, begun.scripts)


def test_a_profile_page_is_read_only_to_the_end_of_its_head() -> None:
    """The profile's page has its inline code in its head: only that much of it is read."""
    page = render(picum.load()).decode()

    beginning = page_policy._with_inline_code  # pyright: ignore[reportPrivateUsage]
    assert beginning(page) == page[: page.index("</script>") + len("</script>")]
