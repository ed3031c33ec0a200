"""/v1 stays as it was before statements: format 1, each fact its preferred value."""

from __future__ import annotations

import json

import pytest
from litestar.testing import TestClient

import picum
from picum_api import create_app

from .v1_bodies import FIXTURE, digests


FORMAT1_2016 = "tests/data/profile-0.1.0.json"
#: The 2016 profile in format 2: the bundled file before it held figures of other sources.
FORMAT2_2016 = "tests/data/profile-2016-format-2.json"


@pytest.mark.parametrize(
    "path", [FORMAT2_2016, FORMAT1_2016], ids=["2016 file (format 2)", "2016 file (format 1)"]
)
def test_v1_bodies_are_byte_identical_to_those_before_statements(path: str) -> None:
    """Every /v1 body and the OpenAPI document, for the 2016 profile in either format, are unchanged."""
    assert json.loads(FIXTURE.read_text()) == digests(picum.load(path))


def test_v1_organisation_of_the_bundled_profile_is_its_preferred_values() -> None:
    """With figures of many sources and times, /v1 gives each fact's preferred value, in format 1."""
    profile = picum.load()
    with TestClient(create_app(profile)) as client:
        served = client.get("/v1/organisation").json()

    assert json.loads(picum.dumps(picum.format1.downgrade(profile))) == served
