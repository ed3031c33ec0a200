"""The API as static files, for any static host or CDN: what ``picum export-static`` writes."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

import picum

from ._app import create_app


if TYPE_CHECKING:
    from ._http import Representation
    from ._representations import Catalog


#: The file name extension of each format.
EXTENSIONS = {
    "json": ".json",
    "jsonld": ".jsonld",
    "csl": ".csl.json",
    "bibtex": ".bib",
    "html": ".html",
}
MANIFEST = "manifest.json"


def file_name(url: str, representation: Representation) -> str:
    """Name the file of one representation of the resource at *url*, relative to the export.

    ``/`` is ``index.json`` and ``index.html``, ``/v1`` is ``v1/index.json``; a page of a list is
    named after its query:

    >>> from picum_api._http import Representation
    >>> bib = Representation.from_body(b"", "bibtex", {})
    >>> file_name("/v1/citations", bib), file_name("/v1/citations?offset=50&limit=50", bib)
    ('v1/citations.bib', 'v1/citations.offset-50.limit-50.bib')
    """
    parts = urlsplit(url)
    path = parts.path.strip("/")
    if path in {"", "v1"}:
        path = f"{path}/index".lstrip("/")
    query = "".join(f".{key}-{value}" for key, value in parse_qsl(parts.query))
    return f"{path}{query}{EXTENSIONS[representation.format]}"


def export_static(
    directory: str | Path, profile: picum.Organisation | None = None
) -> list[dict[str, str]]:
    """Write every representation of every resource of the API, and the OpenAPI document, as files.

    Each file holds the very bytes the live API serves. ``manifest.json`` lists them: for each,
    the API URL, the media type, the ETag and the file. Returns that list.
    """
    app = create_app(profile)
    catalog: Catalog = app.state.catalog
    openapi: tuple[Representation, ...] = app.state.openapi
    root = Path(directory)
    manifest: list[dict[str, str]] = []
    resources = [*catalog.resources(), ("/schema/openapi.json", openapi)]
    for url, variants in resources:
        for representation in variants:
            name = (
                "schema/openapi.json"
                if url == "/schema/openapi.json"
                else file_name(url, representation)
            )
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(representation.body)
            manifest.append(
                {
                    "url": url,
                    "media_type": representation.media_type,
                    "etag": representation.etag,
                    "file": name,
                }
            )
    (root / MANIFEST).write_bytes(picum.dumps(manifest, pretty=True))
    return manifest
