"""The HTTP rules, as functions: content negotiation and entity-tag matching."""

from __future__ import annotations

import pytest

from picum_api._http import MalformedHeaderError, acceptable, none_match


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, True),
        ("", True),
        ("  ", True),
        ("application/json", True),
        ("application/*;q=0.5", True),
        ("text/html, */*;q=0.1", True),
        ("text/html", False),
        ("application/json;q=0", False),
        ("application/json;q=0, */*", False),
    ],
)
def test_acceptable(accept: str | None, expected: bool) -> None:
    """Accept allows JSON by media range and quality; absent or empty allows anything."""
    assert expected == acceptable(accept, "application/json")


def test_acceptable_rejects_malformed_headers() -> None:
    """A header that is no list of media ranges is an error that quotes it."""
    with pytest.raises(MalformedHeaderError, match="the Accept header 'json' is malformed"):
        acceptable("json", "application/json")


@pytest.mark.parametrize(
    ("if_none_match", "expected"),
    [
        (None, False),
        ('"abc"', True),
        ('W/"abc"', True),
        ('"x", "abc"', True),
        ('"x",W/"abc" ', True),
        ("*", True),
        ('"abcd"', False),
        ('"ab"', False),
        ("abc", False),
        ("", False),
    ],
)
def test_none_match(if_none_match: str | None, expected: bool) -> None:
    """If-None-Match matches `*`, or the tag itself, weakly, alone or in a list."""
    assert expected == none_match(if_none_match, '"abc"')
