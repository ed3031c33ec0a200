"""nginx (Debian's package) serving an export with its ``nginx.conf`` answers as the live API.

For every resource, in every format, the status, the headers that matter and the body are the
live API's. `nox -s static_host` installs nginx where it can; without it these tests fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import attrs
import httpx
import pytest
from litestar.testing import TestClient

import picum
from picum import Organisation
from picum_api import Service, create_app, export_static
from picum_api._http import FORMATS
from tests.local_servers import free_port, wait_until_answering
from tests.profiles import network


#: The headers a client or a cache acts on. (nginx adds Server, Date and Last-Modified, which
#: change no answer: If-Modified-Since is not read.)
HEADERS = (
    "content-type",
    "content-encoding",
    "etag",
    "cache-control",
    "vary",
    "link",
    "allow",
    "access-control-allow-origin",
    "access-control-expose-headers",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-max-age",
    "x-content-type-options",
    "content-security-policy",
    "referrer-policy",
)
#: Accept headers as clients send them, beside those naming one format.
ACCEPTS = (
    "*/*",
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8",
    "application/*",
    "application/json, */*;q=0.5",
    "application/ld+json",
    "text/html",
    "text/*",
    "application/x-bibtex, application/vnd.citationstyles.csl+json",
)
FORMATS_BY_MEDIA_TYPE = {format_.media_type: name for name, format_ in FORMATS.items()}
Answer = tuple[int, dict[str, str | None], bytes]


@attrs.frozen
class Site:
    """An export served by nginx, beside the live API on the same profile."""

    directory: Path
    nginx: httpx.Client
    live: TestClient[Service]

    def entries(self) -> list[dict[str, str]]:
        """The manifest's files."""
        files: list[dict[str, str]] = json.loads((self.directory / "manifest.json").read_bytes())[
            "files"
        ]
        return files

    def urls(self) -> list[str]:
        """Every URL of the export, once."""
        return list(dict.fromkeys(entry["url"] for entry in self.entries()))

    def both(
        self, method: str, url: str, headers: dict[str, str] | None = None
    ) -> tuple[Answer, Answer]:
        """The live API's answer and nginx's, to the same request."""
        live = self.live.request(method, url, headers=headers)
        static = self.nginx.request(method, url, headers=headers)
        return answer(live), answer(static)


def answer(response: httpx.Response) -> Answer:
    """What matters of an answer: status, the headers that matter, body."""
    return (
        response.status_code,
        {name: response.headers.get(name) for name in HEADERS},
        response.content,
    )


def without_type(response: Answer) -> Answer:
    """An answer less its Content-Type: nginx's 304 has one, the API's has none."""
    status, headers, body = response
    return status, {**headers, "content-type": None}, body


def long_lists(profile: Organisation) -> Organisation:
    """*profile* with lists longer than a page: pages, with queries, are exported too."""
    citations = tuple(
        attrs.evolve(profile.citations[0], id=f"citation-{number}") for number in range(60)
    )
    activities = tuple(
        attrs.evolve(profile.activities[0], id=f"activity-{number}") for number in range(110)
    )
    return attrs.evolve(
        profile,
        citations=(*profile.citations, *citations),
        activities=activities,
        activities_statements=(),
    )


def nginx_binary() -> str:
    """Debian's nginx, or a failure saying how to get it."""
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin")
    if found is None:
        pytest.fail("nginx is not installed: apt-get install nginx (nox -s static_host does)")
    return found


def nginx_conf(folder: Path, export: Path, port: int) -> Path:
    """A whole nginx configuration, all in *folder*, that includes the export's."""
    # As root, nginx's workers would run as nobody, who cannot read pytest's private folders.
    user = "user root;" if os.geteuid() == 0 else ""
    conf = folder / "nginx.conf"
    conf.write_text(
        f"""
        {user}
        daemon off;
        worker_processes 1;
        pid {folder}/nginx.pid;
        error_log {folder}/error.log warn;
        events {{ worker_connections 64; }}
        http {{
            # As any real server has it: types by extension, which no answer of the API's takes.
            include /etc/nginx/mime.types;
            access_log off;
            client_body_temp_path {folder}/body;
            proxy_temp_path {folder}/proxy;
            fastcgi_temp_path {folder}/fastcgi;
            uwsgi_temp_path {folder}/uwsgi;
            scgi_temp_path {folder}/scgi;
            server {{
                listen 127.0.0.1:{port};
                root {export};
                include {export}/nginx.conf;
            }}
        }}
        """,
        encoding="utf-8",
    )
    return conf


@pytest.fixture(scope="module", params=["bundled profile", "long lists"])
def site(
    request: pytest.FixtureRequest, profile: Organisation, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Site]:
    """The profile exported and served by nginx on 127.0.0.1, and the live API on it."""
    chosen = profile if request.param == "bundled profile" else long_lists(profile)
    folder = tmp_path_factory.mktemp("nginx")
    export = folder / "export"
    export_static(export, chosen)
    port = free_port()
    conf = nginx_conf(folder, export, port)
    command = [nginx_binary(), "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
    subprocess.run([*command, "-t", "-q"], check=True)
    server = subprocess.Popen(command)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base) as nginx, TestClient(create_app(chosen)) as live:
            wait_until_answering(f"{base}/v1", server)
            yield Site(export, nginx, live)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_every_resource_in_every_format(site: Site) -> None:
    """Each file's URL, asked for with its media type, gets the live API's answer."""
    for entry in site.entries():
        live, static = site.both("GET", entry["url"], {"Accept": entry["media_type"]})

        assert (live, 200) == (static, static[0]), entry


def test_every_resource_without_accept(site: Site) -> None:
    """Each URL, asked for with no Accept header, gets the live API's default format."""
    for url in site.urls():
        live, static = site.both("GET", url)

        assert live == static, url


def test_common_accept_headers(site: Site) -> None:
    """Accept headers that browsers and clients send get the format the live API chooses.

    Where the API refuses them all (406), nginx sends the default format, as RFC 9110 allows.
    """
    for url in site.urls():
        for accept in ACCEPTS:
            live, static = site.both("GET", url, {"Accept": accept})
            if live[0] == 406:
                live = answer(site.live.get(url))

            assert live == static, (url, accept)


def test_the_format_query(site: Site) -> None:
    """``?format=`` chooses the format as on the live API, whatever the Accept header."""
    asked = 0
    for entry in site.entries():
        url = entry["url"]
        if url == "/" or sum(other["url"] == url for other in site.entries()) == 1:
            continue  # the root and resources of one format read no format
        name = FORMATS_BY_MEDIA_TYPE[entry["media_type"]]
        separator = "&" if "?" in url else "?"
        live, static = site.both("GET", f"{url}{separator}format={name}", {"Accept": "*/*"})
        asked += 1

        assert (live, 200) == (static, static[0]), (url, name)
    assert asked > 0


def test_head(site: Site) -> None:
    """HEAD gets the GET's status and headers, and no body."""
    for entry in site.entries():
        live, static = site.both("HEAD", entry["url"], {"Accept": entry["media_type"]})

        assert (live, b"") == (static, static[2]), entry


def test_if_none_match_gets_304(site: Site) -> None:
    """If-None-Match with the plain file's ETag, strong or weak, or ``*``, gets the API's 304."""
    for entry in site.entries():
        etag = entry["etag"]
        for if_none_match in (etag, f"W/{etag}", f'"other", {etag}', "*"):
            headers = {
                "Accept": entry["media_type"],
                "Accept-Encoding": "identity",
                "If-None-Match": if_none_match,
            }
            live, static = site.both("GET", entry["url"], headers)

            assert (without_type(live), 304) == (without_type(static), static[0]), entry


def test_if_none_match_with_another_etag_gets_the_body(site: Site) -> None:
    """If-None-Match with an ETag of another representation gets the whole answer."""
    for entry in site.entries():
        headers = {"Accept": entry["media_type"], "If-None-Match": '"0123456789abcdef"'}
        live, static = site.both("GET", entry["url"], headers)

        assert (live, 200) == (static, static[0]), entry


def test_if_modified_since_is_not_read(site: Site) -> None:
    """If-Modified-Since changes nothing, as on the live API (which sends no Last-Modified)."""
    live, static = site.both(
        "GET", "/v1/organisation", {"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}
    )

    assert (live, 200) == (static, static[0])


def test_range_is_not_read(site: Site) -> None:
    """A Range header gets the whole body, as on the live API."""
    live, static = site.both("GET", "/v1/organisation", {"Range": "bytes=0-9"})

    assert (live, 200) == (static, static[0])


@pytest.mark.parametrize(
    "url",
    [
        "/no/such/resource",
        "/v1/organisation.json",
        "/.picum-file/v1/organisation.json",
        "/manifest.json",
        "/nginx.conf",
        "/v1/x y",
    ],
)
def test_unknown_paths_get_the_apis_404(site: Site, url: str) -> None:
    """A path the API does not serve, an exported file's own name too, gets its problem document."""
    live, static = site.both("GET", url)

    assert (live, 404) == (static, static[0])


def test_a_page_the_export_lacks_is_a_problem_not_another_page(site: Site) -> None:
    """A page the API computes for any query, the export lacks: 404, never the first page."""
    response = site.nginx.get("/v1/citations?offset=1&limit=1")

    assert (404, "application/problem+json", 404) == (
        response.status_code,
        response.headers["content-type"],
        response.json()["status"],
    )


@pytest.mark.parametrize(
    "url", ["/v2/organisation?as_of=2016-10-31", "/v2/organisation/answers?as_of=2016-10-31"]
)
def test_a_view_at_a_day_is_a_problem_not_todays_resource(site: Site, url: str) -> None:
    """A view at a day, which the API makes on request, the export lacks: 404, never today's."""
    response = site.nginx.get(url)

    assert (404, "application/problem+json") == (
        response.status_code,
        response.headers["content-type"],
    )


def test_a_query_the_api_does_not_read_is_ignored(site: Site) -> None:
    """A query with none of the API's parameters gets the resource, as on the live API."""
    live, static = site.both("GET", "/v1/organisation?utm_source=feed")

    assert (live, 200) == (static, static[0])


def test_options_gets_the_preflight(site: Site) -> None:
    """OPTIONS on every URL gets the API's 204, with Allow and the CORS preflight headers."""
    for url in site.urls():
        live, static = site.both("OPTIONS", url, {"Origin": "https://example.org"})

        assert (live, 204) == (static, static[0]), url


def test_other_methods_get_the_apis_405(site: Site) -> None:
    """POST, PUT and DELETE on every URL get the API's 405 problem document, with Allow."""
    for url in site.urls():
        for method in ("POST", "PUT", "DELETE"):
            live, static = site.both(method, url)

            assert (live, 405) == (static, static[0]), (method, url)


#: Accept-Encoding headers a static host reads as the API does: a coding named, with no
#: quality or one above 0. (q-values that rank codings are not read: see the how-to.)
ENCODINGS = (
    "identity",
    "gzip",
    "br",
    "gzip, br",
    "gzip, deflate, br, zstd",
    "br;q=0, gzip",
    "br;q=1.0",
    "gzip;q=0.5, br;q=1.000",
    "br;q=0.9999, gzip",
    "x-gzip",
    "BR ; Q=0.001",
)


def raw(client: httpx.Client, url: str, headers: dict[str, str]) -> Answer:
    """What matters of an answer, its body as sent (compressed, not decoded)."""
    with client.stream("GET", url, headers=headers) as response:
        body = b"".join(response.iter_raw())
        return (response.status_code, {name: response.headers.get(name) for name in HEADERS}, body)


@pytest.mark.parametrize("accept_encoding", ENCODINGS)
def test_every_resource_in_every_coding(site: Site, accept_encoding: str) -> None:
    """Each file's URL, with Accept-Encoding, gets the API's coding, headers and very bytes."""
    for entry in site.entries():
        headers = {"Accept": entry["media_type"], "Accept-Encoding": accept_encoding}
        live, static = raw(site.live, entry["url"], headers), raw(site.nginx, entry["url"], headers)

        assert (live, 200) == (static, static[0]), entry


@pytest.mark.parametrize("accept_encoding", ["gzip", "br"])
def test_a_304_for_the_etag_of_a_coding(site: Site, accept_encoding: str) -> None:
    """If-None-Match with the ETag of a compressed answer gets the API's 304."""
    for entry in site.entries():
        headers = {"Accept": entry["media_type"], "Accept-Encoding": accept_encoding}
        etag = site.live.get(entry["url"], headers=headers).headers["etag"]
        live, static = site.both("GET", entry["url"], {**headers, "If-None-Match": etag})

        assert (without_type(live), 304) == (without_type(static), static[0]), entry


def one_licence(catalogue: picum.Catalogue) -> picum.Catalogue:
    """*catalogue*, every profile under the licence of the first: one Link header for all."""
    profiles = list(catalogue.profiles.values())
    licence = profiles[0].licence
    return picum.Catalogue.from_profiles(
        attrs.evolve(profile, licence=licence) for profile in profiles
    )


@pytest.fixture(scope="module")
def catalogue_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """A catalogue exported and served by nginx, beside the live API on it.

    PICUM and its 60 made-up members: the list of organisations and PICUM's members take pages.
    """
    catalogue = one_licence(network(60))
    folder = tmp_path_factory.mktemp("nginx")
    export = folder / "export"
    export_static(export, catalogue, default="picum")
    port = free_port()
    conf = nginx_conf(folder, export, port)
    command = [nginx_binary(), "-p", str(folder), "-c", str(conf), "-e", str(folder / "error.log")]
    subprocess.run([*command, "-t", "-q"], check=True)
    server = subprocess.Popen(command)
    base = f"http://127.0.0.1:{port}"
    try:
        app = create_app(catalogue, default="picum")
        with httpx.Client(base_url=base) as nginx, TestClient(app) as live:
            wait_until_answering(f"{base}/v1", server)
            yield Site(export, nginx, live)
    finally:
        server.terminate()
        server.wait(timeout=30)


def organisations(site: Site) -> list[dict[str, str]]:
    """The entries of the list of a catalogue's files, ``organisations.jsonl``."""
    with (site.directory / "organisations.jsonl").open("rb") as lines:
        return [json.loads(line) for line in lines]


def but_etag(response: Answer) -> Answer:
    """An answer less its ETag: a catalogue's files are served with nginx's own."""
    status, headers, body = response
    return status, {**headers, "etag": None}, body


def test_every_organisation_file_in_every_format(catalogue_site: Site) -> None:
    """Each catalogue file's URL, asked for with its media type, gets the live API's answer.

    Its ETag is nginx's own: one per file, as strong, but not the API's.
    """
    for entry in organisations(catalogue_site):
        live, static = catalogue_site.both("GET", entry["url"], {"Accept": entry["media_type"]})

        assert (but_etag(live), 200, True) == (but_etag(static), static[0], bool(static[1]["etag"]))


def test_every_organisation_url_with_common_accept_headers(catalogue_site: Site) -> None:
    """Each catalogue URL, with no Accept or one browsers and clients send, gets the live format."""
    for url in dict.fromkeys(entry["url"] for entry in organisations(catalogue_site)):
        for accept in (None, *ACCEPTS):
            headers = None if accept is None else {"Accept": accept}
            live, static = catalogue_site.both("GET", url, headers)
            if live[0] == 406:
                live = answer(catalogue_site.live.get(url))

            assert but_etag(live) == but_etag(static), (url, accept)


@pytest.mark.parametrize("name", ["json", "jsonld"])
def test_the_format_query_of_a_profile(catalogue_site: Site, name: str) -> None:
    """``?format=`` chooses a profile's format as on the live API, whatever the Accept header."""
    for id_ in ("picum", "kok", "member-7"):
        url = f"/v2/organisations/{id_}?format={name}"
        live, static = catalogue_site.both("GET", url, {"Accept": "text/html"})

        assert (but_etag(live), 200) == (but_etag(static), static[0]), url


@pytest.mark.parametrize("accept_encoding", ENCODINGS)
def test_every_organisation_file_in_every_coding(
    catalogue_site: Site, accept_encoding: str
) -> None:
    """Each catalogue file's URL, with Accept-Encoding, gets the API's coding and very bytes."""
    for entry in organisations(catalogue_site):
        headers = {"Accept": entry["media_type"], "Accept-Encoding": accept_encoding}
        live = raw(catalogue_site.live, entry["url"], headers)
        static = raw(catalogue_site.nginx, entry["url"], headers)

        assert (but_etag(live), 200) == (but_etag(static), static[0]), entry


@pytest.mark.parametrize("accept_encoding", ["identity", "gzip", "br"])
def test_a_catalogue_file_revalidates_with_its_etag(
    catalogue_site: Site, accept_encoding: str
) -> None:
    """If-None-Match with the ETag nginx sent for a file gets 304; with another, the answer."""
    for entry in organisations(catalogue_site):
        headers = {"Accept": entry["media_type"], "Accept-Encoding": accept_encoding}
        etag = catalogue_site.nginx.get(entry["url"], headers=headers).headers["etag"]
        same = catalogue_site.nginx.get(entry["url"], headers={**headers, "If-None-Match": etag})
        other = catalogue_site.nginx.get(
            entry["url"], headers={**headers, "If-None-Match": '"0123456789abcdef"'}
        )

        assert (304, 200) == (same.status_code, other.status_code), entry


def test_head_of_every_organisation_file(catalogue_site: Site) -> None:
    """HEAD gets the GET's status and headers, and no body."""
    for entry in organisations(catalogue_site):
        live, static = catalogue_site.both("HEAD", entry["url"], {"Accept": entry["media_type"]})

        assert (but_etag(live), b"") == (but_etag(static), static[2]), entry


@pytest.mark.parametrize(
    "url",
    [
        "/v2/organisations/picum",
        "/v2/organisations/member-7/memberships",
        "/v2/organisations",
        "/v2/organisations/nope",
    ],
)
def test_options_and_other_methods_on_catalogue_paths(catalogue_site: Site, url: str) -> None:
    """OPTIONS gets the API's preflight; POST, PUT and DELETE its 405, on every kind of path."""
    for method in ("OPTIONS", "POST", "PUT", "DELETE"):
        live, static = catalogue_site.both(method, url, {"Origin": "https://example.org"})

        assert live == static, (method, url)


@pytest.mark.parametrize(
    "url",
    [
        "/v2/organisations/nope",
        "/v2/organisations/nope/members",
        "/v2/organisations/Picum",
        "/v2/organisations/picum/partners",
        "/v2/organisations/picum.json",
        "/v2/organisations?q=picum",
        "/v2/organisations?type=network",
        "/v2/organisations?country=BE",
        "/v2/organisations?offset=7&limit=50",
        "/v2/organisations?offset=0&limit=10",
        "/v2/organisations?offset=5000&limit=50",
        "/v2/organisations/picum/members?offset=100&limit=50",
        "/v2/organisations/picum?as_of=2016-10-31",
        "/.picum-kind/profile/v2/organisations/picum.json",
    ],
)
def test_what_the_export_lacks_is_a_problem(catalogue_site: Site, url: str) -> None:
    """An unknown id, a search, a page or a day the export lacks: a 404 problem, never a file."""
    response = catalogue_site.nginx.get(url)

    assert (404, "application/problem+json", 404, url) == (
        response.status_code,
        response.headers["content-type"],
        response.json()["status"],
        response.json()["instance"],
    )


@pytest.mark.parametrize(
    "url",
    [
        "/%3Cimg%20src=x%20onerror=alert(1)%3E.html",
        "/x%3Csvg%20onload=alert(1)%3E.svg",
        "/v1/organisation/x.html",
    ],
)
def test_a_path_ending_as_markup_gets_a_problem_document(site: Site, url: str) -> None:
    """A path that ends as a page or an image would is still answered as a problem document."""
    response = site.nginx.get(url)

    assert (404, "application/problem+json") == (
        response.status_code,
        response.headers["content-type"],
    )


@pytest.mark.parametrize("accept", ["text/html", "application/json", "*/*"])
def test_an_unknown_id_is_a_problem_document_in_any_format(
    catalogue_site: Site, accept: str
) -> None:
    """An id the catalogue lacks, asked for as a page or as JSON, gets a problem document."""
    for url in ("/v2/organisations/nope", "/v2/organisations/nope/members"):
        response = catalogue_site.nginx.get(url, headers={"Accept": accept})

        assert (404, "application/problem+json") == (
            response.status_code,
            response.headers["content-type"],
        ), url
