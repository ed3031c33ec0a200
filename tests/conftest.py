"""Shared fixtures and the Hypothesis profiles (``HYPOTHESIS_PROFILE=ci`` tries harder)."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

import picum

from .profiles import EXAMPLE_PROFILE


settings.register_profile("default", deadline=None)
settings.register_profile(
    "ci", deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def profile() -> picum.Organisation:
    """The bundled PICUM profile."""
    return picum.load()


@pytest.fixture(scope="session")
def example_profile() -> picum.Organisation:
    """The profile of the Example Shelter Network, a fictional organisation."""
    return picum.load(EXAMPLE_PROFILE)
