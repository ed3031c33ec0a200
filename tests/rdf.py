"""RDF read from JSON-LD, as a consumer (pyld) reads it."""

from __future__ import annotations

from typing import Any

from pyld import jsonld as pyld


def quads(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The RDF quads of a JSON-LD document, as pyld reads them (offline: the context is inline)."""
    dataset: Any = pyld.to_rdf(document)  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
    quads: list[dict[str, Any]] = dataset["@default"]
    return quads
