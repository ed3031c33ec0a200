"""The digest of every /v1 body the API serves for a profile, to prove that /v1 stays as it was.

``python -m tests.api.v1_bodies`` writes them for the bundled profile to `FIXTURE`: run it only
where /v1 is meant to change.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from litestar.testing import TestClient

import picum
from picum_api import create_app
from picum_api._catalog import Catalog


FIXTURE = Path(__file__).parent / "data" / "v1-bodies-2016.json"


def digests(profile: picum.Organisation) -> dict[str, str]:
    """Every body the API serves for *profile* (each format) and its OpenAPI, hashed.

    The bodies as they are: their compressed forms follow from them, and their bytes depend on
    the compression library's version too (zlib's differs from one Python build to another).
    """
    found: dict[str, str] = {}
    for url, variants in Catalog(profile).resources():
        for representation in variants:
            key = f"{url} {representation.format}"
            found[key] = hashlib.sha256(representation.body).hexdigest()
    with TestClient(create_app(profile)) as client:
        openapi = client.get("/schema/openapi.json").content
    found["/schema/openapi.json"] = hashlib.sha256(openapi).hexdigest()
    return found


if __name__ == "__main__":
    FIXTURE.write_text(json.dumps(digests(picum.load()), indent=2, sort_keys=True) + "\n")
