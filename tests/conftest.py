"""Shared fixtures and the Hypothesis profiles (``HYPOTHESIS_PROFILE=ci`` tries harder)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

import picum


settings.register_profile("default", deadline=None)
settings.register_profile(
    "ci", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def profile() -> picum.Organisation:
    """The bundled PICUM profile."""
    return picum.load()


#: The profile of a made-up organisation, which the docs' how-to publishes: not PICUM's shape.
EXAMPLE_PROFILE = Path(__file__).parents[1] / "docs" / "examples" / "example-shelter-network.json"


@pytest.fixture(scope="session")
def example_profile() -> picum.Organisation:
    """The profile of the Example Shelter Network, a fictional organisation."""
    return picum.load(EXAMPLE_PROFILE)
