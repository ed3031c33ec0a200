"""picum's EDTF reading, checked against the `edtf` library (a test-only dependency)."""

from __future__ import annotations

import time
from datetime import date
from typing import Protocol, cast

import edtf
from hypothesis import given
from hypothesis import strategies as st

import picum

from .strategies import edtf_strings


class _Parsed(Protocol):
    """What the reference parser gives (it is untyped): any EDTF object has strict bounds."""

    def lower_strict(self) -> time.struct_time: ...
    def upper_strict(self) -> time.struct_time: ...


def _day(moment: time.struct_time) -> date:
    return date(*moment[:3])


@given(edtf_strings())
def test_picums_bounds_are_the_reference_parsers(text: str) -> None:
    """For every EDTF string picum writes, its bounds are the reference parser's strict bounds.

    Where picum says an end is open or unknown (`None`), the reference parser guesses one;
    only the ends picum knows are compared.
    """
    earliest, latest = picum.edtf_bounds(text)
    parsed = cast("_Parsed", edtf.parse_edtf(text))

    assert (earliest, latest) == (
        _day(parsed.lower_strict()) if earliest is not None else None,
        _day(parsed.upper_strict()) if latest is not None else None,
    )


_EDTF_CHARACTERS = "0123456789-./?~%[], "


@st.composite
def _edited(draw: st.DrawFn) -> str:
    """An EDTF string with one character deleted, doubled or replaced: mostly malformed."""
    text = draw(edtf_strings())
    index = draw(st.integers(0, len(text) - 1))
    edit = draw(st.sampled_from(["delete", "double", "replace"]))
    if edit == "delete":
        return text[:index] + text[index + 1 :]
    if edit == "double":
        return text[:index] + text[index] + text[index:]
    return text[:index] + draw(st.sampled_from(_EDTF_CHARACTERS)) + text[index + 1 :]


@given(st.from_regex(r"[0-9./?~%, \[\]-]{1,24}", fullmatch=True) | _edited())
def test_picum_accepts_no_string_the_reference_parser_rejects(text: str) -> None:
    """Picum is never more lenient than the reference parser, on random and nearly right strings."""
    try:
        picum.edtf_bounds(text)
    except ValueError:
        return
    edtf.parse_edtf(text)
