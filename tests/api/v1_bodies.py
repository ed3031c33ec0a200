"""The digest of every /v1 body the API serves for a profile, to prove that /v1 stays as it was.

``python -m tests.api.v1_bodies`` writes them to `FIXTURE` for the 2016 profile the fixture is
of (`PROFILE_2016`), not for today's bundled one: run it only where /v1 is meant to change, and
read the diff (a changed body digest means a /v1 answer changed).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

import picum
from picum._json import is_array, is_object
from picum_api import create_app
from picum_api._representations import Representations


FIXTURE = Path(__file__).parent / "data" / "v1-bodies-2016.json"
#: The profile of 2016 in format 2, whose /v1 bodies `FIXTURE` holds.
PROFILE_2016 = Path(__file__).parents[1] / "data" / "profile-2016-format-2.json"
_COMPONENTS = "#/components/schemas/"


def digests(profile: picum.Organisation) -> dict[str, str]:
    """Every /v1 body the API serves for *profile* (each format) and /v1's OpenAPI, hashed.

    The bodies as they are: their compressed forms follow from them, and their bytes depend on
    the compression library's version too (zlib's differs from one Python build to another).
    /v1's OpenAPI is its operations and the components they use.
    """
    found: dict[str, str] = {}
    for url, variants in Representations(profile).resources():
        if url.startswith("/v1"):
            for representation in variants:
                key = f"{url} {representation.format}"
                found[key] = hashlib.sha256(representation.body).hexdigest()
    with TestClient(create_app(profile)) as client:
        openapi = client.get("/schema/openapi.json").json()
    part = json.dumps(v1_part(openapi), sort_keys=True).encode()
    found["/schema/openapi.json /v1"] = hashlib.sha256(part).hexdigest()
    return found


def v1_part(openapi: dict[str, Any]) -> dict[str, Any]:
    """Give /v1's part of an OpenAPI document: its paths, and every component they refer to."""
    paths = {path: item for path, item in openapi["paths"].items() if path.startswith("/v1")}
    schemas = openapi["components"]["schemas"]
    used: dict[str, Any] = {}
    waiting = _references(paths)
    while waiting:
        name = waiting.pop()
        if name not in used:
            used[name] = schemas[name]
            waiting |= _references(schemas[name])
    return {"paths": paths, "components": used}


def _references(value: object) -> set[str]:
    """Give the names of the components *value* refers to, at any depth."""
    found: set[str] = set()
    if is_object(value):
        reference = value.get("$ref")
        if isinstance(reference, str):
            found.add(reference.removeprefix(_COMPONENTS))
        found = found.union(*(_references(item) for item in value.values()))
    elif is_array(value):
        found = found.union(*(_references(item) for item in value))
    return found


if __name__ == "__main__":
    FIXTURE.write_text(
        json.dumps(digests(picum.load(PROFILE_2016)), indent=2, sort_keys=True) + "\n"
    )
