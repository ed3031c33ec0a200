"""The documentation page's assets answer as every representation does: ETag, 304, codings, HEAD."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from litestar.testing import TestClient

from picum_api._api_docs import ASSETS


if TYPE_CHECKING:
    from picum_api import Service

SCRIPT = "/schema/assets/swagger-ui-bundle.js"
STYLES = "/schema/assets/swagger-ui.css"
MEDIA_TYPES = {SCRIPT: "text/javascript; charset=utf-8", STYLES: "text/css; charset=utf-8"}


@pytest.fixture(scope="module", params=[True, False], ids=["fast path", "Litestar"])
def client(
    request: pytest.FixtureRequest, client: TestClient[Service], slow: TestClient[Service]
) -> TestClient[Service]:
    """A client of the app, with and without the fast path."""
    return client if request.param else slow


@pytest.mark.parametrize("path", [SCRIPT, STYLES])
def test_an_asset_is_sent_compressed_to_a_client_that_accepts_it(
    client: TestClient[Service], path: str
) -> None:
    """A client that accepts br gets it, and it decodes to the file as Swagger UI ships it."""
    response = client.get(path, headers={"Accept-Encoding": "br"})
    sent = int(response.headers["content-length"])
    original = (ASSETS / path.rpartition("/")[2]).read_bytes()

    assert (200, "br", MEDIA_TYPES[path], "Accept, Accept-Encoding", True) == (
        response.status_code,
        response.headers["content-encoding"],
        response.headers["content-type"],
        response.headers["vary"],
        sent * 3 < len(original),
    )
    assert original == response.content  # httpx decodes br


def test_an_asset_is_sent_as_it_is_to_a_client_that_accepts_no_coding(
    client: TestClient[Service],
) -> None:
    """Without Accept-Encoding, the file itself, with its own ETag."""
    plain = client.get(SCRIPT, headers={"Accept-Encoding": "identity"})
    coded = client.get(SCRIPT, headers={"Accept-Encoding": "gzip"})

    assert (None, "gzip", True) == (
        plain.headers.get("content-encoding"),
        coded.headers["content-encoding"],
        plain.headers["etag"] != coded.headers["etag"],
    )
    assert (ASSETS / "swagger-ui-bundle.js").read_bytes() == plain.content


@pytest.mark.parametrize("coding", ["br", "gzip", "identity"])
def test_an_asset_is_not_sent_again_to_a_client_that_has_it(
    client: TestClient[Service], coding: str
) -> None:
    """If-None-Match with the ETag of the coding negotiated gets 304, with no body."""
    headers = {"Accept-Encoding": coding}
    etag = client.get(STYLES, headers=headers).headers["etag"]

    again = client.get(STYLES, headers={**headers, "If-None-Match": etag})

    assert (304, b"", etag) == (again.status_code, again.content, again.headers["etag"])


@pytest.mark.parametrize("path", [SCRIPT, STYLES])
def test_head_of_an_asset_has_the_headers_of_get(client: TestClient[Service], path: str) -> None:
    """HEAD says what GET would send, Content-Type and Content-Length included, without a body."""
    headers = {"Accept-Encoding": "br, gzip"}
    get, head = client.get(path, headers=headers), client.head(path, headers=headers)

    assert (dict(get.headers), b"") == (dict(head.headers), head.content)


@pytest.mark.parametrize("name", ["LICENSE", "swagger-editor-bundle.js.map", "index.css"])
def test_files_the_page_does_not_load_are_not_served(
    client: TestClient[Service], name: str
) -> None:
    """Only the files the page loads are served: the others Swagger UI ships are 404s."""
    response = client.get(f"/schema/assets/{name}")

    assert (404, "application/problem+json") == (
        response.status_code,
        response.headers["content-type"],
    )
