"""picum's EDTF reading, checked against the `edtf` library (a test-only dependency)."""

from __future__ import annotations

import edtf
from hypothesis import given
from hypothesis import strategies as st

import picum

from .strategies import edtf_strings


@given(edtf_strings())
def test_every_edtf_string_picum_accepts_is_edtf(text: str) -> None:
    """Anything picum accepts as EDTF, the reference parser parses too."""
    edtf.parse_edtf(text)


@given(st.from_regex(r"[0-9./?~%, \[\]-]{1,24}", fullmatch=True))
def test_picum_accepts_no_string_the_reference_parser_rejects(text: str) -> None:
    """Picum is never more lenient than the reference parser."""
    try:
        picum.edtf_bounds(text)
    except ValueError:
        return
    edtf.parse_edtf(text)
