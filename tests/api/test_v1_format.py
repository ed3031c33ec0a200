"""/v1 stays as it was before statements: format 1, each fact its preferred value."""

from __future__ import annotations

import json

import pytest

import picum

from .v1_bodies import FIXTURE, PROFILE_2016, digests


FORMAT1_2016 = "tests/data/profile-0.1.0.json"
#: The 2016 profile in format 2: the bundled file before it held figures of other sources.
FORMAT2_2016 = str(PROFILE_2016)


@pytest.mark.parametrize(
    "path", [FORMAT2_2016, FORMAT1_2016], ids=["2016 file (format 2)", "2016 file (format 1)"]
)
def test_v1_bodies_are_byte_identical_to_those_before_statements(path: str) -> None:
    """Every /v1 body and /v1's OpenAPI, for the 2016 profile in either format, are unchanged."""
    assert json.loads(FIXTURE.read_text()) == digests(picum.load(path))
