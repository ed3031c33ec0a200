"""Profiles the tests read besides the bundled one, by their files."""

from __future__ import annotations

from pathlib import Path


#: The profile of a made-up organisation, which the docs' how-to publishes: not PICUM's shape.
EXAMPLE_PROFILE = Path(__file__).parents[1] / "docs" / "examples" / "example-shelter-network.json"
