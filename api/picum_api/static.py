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
#: The licence notice beside the exported files, which carry the profile's text.
LICENCE_NOTICE = "LICENSE"


def licence_notice(profile: picum.Organisation) -> str:
    """Write the export's licence notice: the data's licence and how to attribute it."""
    licence = profile.licence
    return (
        f"The files in this folder publish the profile {profile.id!r}, as picum serves it"
        " (schema/openapi.json describes the API that serves it).\n\n"
        f"Licence: {licence.name} ({licence.spdx_id})\n{licence.url}\n\n"
        f"Attribution: {profile.attribution}\n\n"
        "Reuse them under that licence, attributing them as above. The sources of the facts"
        " are listed in v1/sources.json.\n"
    )


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

    Each file holds the very bytes the live API serves. ``manifest.json`` gives the data's
    licence and attribution, and lists the files: for each, the API URL, the media type, the
    ETag and the file. ``LICENSE`` says the licence and attribution in words. Returns the list
    of files.
    """
    app = create_app(profile)
    catalog: Catalog = app.state.catalog
    organisation = catalog.org
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
    document = {
        "licence": picum.make_converter().unstructure(organisation.licence),
        "attribution": organisation.attribution,
        "files": manifest,
    }
    (root / MANIFEST).write_bytes(picum.dumps(document, pretty=True))
    (root / LICENCE_NOTICE).write_text(licence_notice(organisation), encoding="utf-8")
    return manifest
