"""The static export: any plain file server over it gives the bytes the live API gives."""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs
import httpx
import pytest
from litestar.testing import TestClient

import picum
from picum import Organisation
from picum._files import rename_new
from picum_api import ManifestEntry, Service, create_app, export_static
from picum_api._bodies import Answers
from tests.local_servers import free_port, wait_until_answering


Client = TestClient[Service]


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    """A client of the live API of what the export holds: the bundled profile, alone."""
    with TestClient(create_app(picum.load())) as client:
        yield client


def test_the_export_is_of_the_profile_alone(exported: Path) -> None:
    """The export's page links to no page of a catalogue, which it does not hold."""
    page = (exported / "index.html").read_text(encoding="utf-8")

    assert ("/v2/organisations/" in page, "In the catalogue" in page) == (False, False)


@pytest.fixture(scope="module")
def static_server(exported: Path) -> Iterator[str]:
    """`python -m http.server` over the export; its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "http.server",
            str(port),
            "--bind",
            "127.0.0.1",
            "--directory",
            str(exported),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_until_answering(f"{base}/manifest.json", process)
    yield base
    process.terminate()
    process.wait(timeout=10)


def manifest(exported: Path) -> list[ManifestEntry]:
    """The export's list of files."""
    entries: list[ManifestEntry] = json.loads((exported / "manifest.json").read_bytes())["files"]
    return entries


def test_the_manifest_gives_the_datas_licence(exported: Path, profile: Organisation) -> None:
    """The manifest carries the profile's licence and attribution beside the list of files."""
    document = json.loads((exported / "manifest.json").read_bytes())

    assert (json.loads(picum.dumps(profile.licence)), profile.attribution) == (
        document["licence"],
        document["attribution"],
    )


def test_a_licence_notice_sits_beside_the_files(exported: Path, profile: Organisation) -> None:
    """`LICENSE` names the licence, its address and the attribution, for files that travel alone."""
    notice = (exported / "LICENSE").read_text(encoding="utf-8")

    assert [True, True, True] == [
        words in notice
        for words in (profile.licence.name, profile.licence.url, profile.attribution)
    ]


def test_the_exported_jsonld_claims_only_the_founding_year(exported: Path) -> None:
    """The exported schema.org document has the founding year two sources give, and no place."""
    ngo = json.loads((exported / "v1" / "organisation.jsonld").read_bytes())["@graph"][0]

    assert ("2001", False) == (ngo.get("foundingDate"), "foundingLocation" in ngo)


def test_the_export_holds_the_answer_for_each_fact(exported: Path) -> None:
    """/v2's answers are exported, in v2/organisation/answers.json, as the core writes them."""
    profile = picum.load()
    expected = picum.dumps(
        Answers(
            items=picum.answers(profile),
            licence=profile.licence,
            attribution=profile.attribution,
        )
    )

    assert expected == (exported / "v2" / "organisation" / "answers.json").read_bytes()


def test_every_resource_and_representation_is_exported(exported: Path) -> None:
    """The export holds each resource of /v1 and /v2 in each of its formats, and the OpenAPI."""
    per_version = [
        ("", "application/json"),
        ("/organisation", "application/json"),
        ("/organisation", "application/ld+json"),
        ("/activities", "application/json"),
        ("/activities/advocacy", "application/json"),
        ("/memberships", "application/json"),
        ("/citations", "application/x-bibtex"),
        ("/citations/craig-lynk-2006", "application/vnd.citationstyles.csl+json"),
        ("/sources", "application/json"),
    ]
    only_v2 = [
        ("/v2/sources", "application/x-bibtex"),
        ("/v2/organisation/answers", "application/json"),
    ]
    assert {
        ("/", "text/html"),
        ("/", "application/json"),
        *(
            (f"{version}{path}", media_type)
            for version in ("/v1", "/v2")
            for path, media_type in per_version
        ),
        *only_v2,
        ("/schema/openapi.json", "application/json"),
    } <= {(entry["url"], entry["media_type"]) for entry in manifest(exported)}
    assert 40 == len(manifest(exported))


def test_a_static_server_gives_the_live_bytes(
    exported: Path, static_server: str, client: Client
) -> None:
    """For every file, the static server's bytes are the live API's, and so is the ETag."""
    for entry in manifest(exported):
        headers = {"Accept": entry["media_type"], "Accept-Encoding": "identity"}
        live = client.get(entry["url"], headers=headers)
        static = httpx.get(f"{static_server}/{entry['file']}")

        assert (200, live.content, live.headers["etag"]) == (
            static.status_code,
            static.content,
            entry["etag"],
        )


def test_compressed_siblings_hold_the_live_compressed_bytes(exported: Path, client: Client) -> None:
    """Each compressed sibling holds the bytes, and has the ETag, the live API sends for its coding."""
    siblings = 0
    for entry in manifest(exported):
        for coded in entry["codings"]:
            headers = {"Accept": entry["media_type"], "Accept-Encoding": coded["coding"]}
            with client.stream("GET", entry["url"], headers=headers) as live:
                body = b"".join(live.iter_raw())

                assert (body, live.headers["etag"], coded["coding"]) == (
                    (exported / coded["file"]).read_bytes(),
                    coded["etag"],
                    live.headers["content-encoding"],
                )
            siblings += 1
    assert siblings > 0


def test_long_lists_are_exported_page_by_page(tmp_path: Path, profile: Organisation) -> None:
    """Lists longer than a page are exported a page per file, named after the page's query."""
    activities = tuple(
        attrs.evolve(profile.activities[0], id=f"activity-{number}") for number in range(120)
    )

    many = attrs.evolve(profile, activities=activities, activities_statements=())
    entries = export_static(tmp_path, many)

    assert [
        "v1/activities.json",
        "v1/activities.offset-50.limit-50.json",
        "v1/activities.offset-100.limit-50.json",
    ] == [entry["file"] for entry in entries if entry["url"].split("?")[0] == "/v1/activities"]


def files_of(directory: Path) -> dict[str, bytes]:
    """Every file under *directory*, by its path there, with its bytes."""
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    """A folder holding a previous export, with a file (listed) the next export does not have."""
    site = tmp_path / "site"
    export_static(site)
    (site / "v1" / "retired.json").write_bytes(b"{}")
    document = json.loads((site / "manifest.json").read_bytes())
    etag = f'"{hashlib.sha256(b"{}").hexdigest()[:32]}"'
    retired = {"url": "/v1/retired", "media_type": "application/json", "etag": etag}
    document["files"].append({**retired, "file": "v1/retired.json", "codings": []})
    (site / "manifest.json").write_text(json.dumps(document), encoding="utf-8")
    return site


def test_no_file_of_a_previous_export_stays(previous: Path) -> None:
    """Exporting again replaces the previous export whole: files it no longer has are gone."""
    export_static(previous)

    exported = {entry["file"] for entry in manifest(previous)} | {
        coded["file"] for entry in manifest(previous) for coded in entry["codings"]
    }

    assert exported | {"manifest.json", "LICENSE", "nginx.conf", "_headers"} == set(
        files_of(previous)
    )


def test_a_link_in_a_previous_export_is_not_followed(previous: Path, tmp_path: Path) -> None:
    """A symbolic link in a previous export makes it no export: refused, link and target kept."""
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"mine")
    (previous / "v1" / "organisation.json").unlink()
    (previous / "v1" / "organisation.json").symlink_to(outside)

    with pytest.raises(OSError, match=re.escape("v1/organisation.json, a symbolic link")):
        export_static(previous)

    assert (b"mine", True) == (
        outside.read_bytes(),
        (previous / "v1" / "organisation.json").is_symlink(),
    )


def test_a_failed_export_leaves_the_previous_one_as_it_was(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An export that fails halfway leaves the previous export intact, and nothing beside it."""
    before = files_of(previous)
    written: list[Path] = []

    def failing(path: Path, data: bytes) -> None:
        written.append(path)
        if len(written) == 5:
            raise OSError(28, "No space left on device", str(path))
        path.write_bytes(data)

    monkeypatch.setattr("picum_api._static._write_new", failing)

    with pytest.raises(OSError, match="No space left"):
        export_static(previous)

    assert (before, ["site"]) == (files_of(previous), [p.name for p in previous.parent.iterdir()])


def test_a_failed_swap_puts_the_previous_export_back(
    previous: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the new export cannot be put in place, the previous one goes back where it was."""
    before = files_of(previous)

    def failing(source: Path, target: Path) -> None:
        if target == previous and source.name.startswith(".site."):
            raise OSError(16, "Device or resource busy", str(target))
        rename_new(source, target)

    monkeypatch.setattr("picum_api._static.rename_new", failing)

    with pytest.raises(OSError, match="busy"):
        export_static(previous)

    assert (before, ["site"]) == (files_of(previous), [p.name for p in previous.parent.iterdir()])


def test_a_folder_that_is_no_export_is_not_replaced(tmp_path: Path) -> None:
    """A folder with files but no manifest is someone else's: it is refused, and left alone."""
    (tmp_path / "notes.txt").write_bytes(b"keep me")

    with pytest.raises(
        OSError, match=re.escape("not an earlier export of picum (it has no manifest")
    ):
        export_static(tmp_path)

    assert {"notes.txt": b"keep me"} == files_of(tmp_path)


def test_a_link_as_the_export_folder_is_refused(previous: Path, tmp_path: Path) -> None:
    """The export's folder itself may not be a link: it is not followed."""
    link = tmp_path / "link"
    link.symlink_to(previous)

    with pytest.raises(OSError, match="symbolic link"):
        export_static(link)


def test_a_file_as_the_export_folder_is_refused(tmp_path: Path) -> None:
    """A file where the export's folder should be is refused, and left alone."""
    file = tmp_path / "site"
    file.write_bytes(b"a file")

    with pytest.raises(OSError, match="not a folder"):
        export_static(file)


def test_exported_files_can_be_published(tmp_path: Path) -> None:
    """The export's folder has the usual permissions (by the umask), not a temporary folder's."""
    umask = os.umask(0o022)
    try:
        export_static(tmp_path / "site")
    finally:
        os.umask(umask)

    assert 0o755 == (tmp_path / "site").stat().st_mode & 0o777


#: The headers `_headers` states for each file: those the live API sends with it.
STATED = (
    "content-type",
    "etag",
    "cache-control",
    "vary",
    "link",
    "access-control-allow-origin",
    "access-control-expose-headers",
    "x-content-type-options",
    "content-security-policy",
    "referrer-policy",
)


def headers_rules(text: str) -> dict[str, dict[str, str]]:
    """Read a `_headers` file: each URL with its headers, by their names in lower case."""
    rules: dict[str, dict[str, str]] = {}
    url = ""
    for line in text.splitlines():
        if line.startswith("  "):
            name, _, value = line.strip().partition(": ")
            rules[url][name.lower()] = value
        elif line and not line.startswith("#"):
            url = line
            rules[url] = {}
    return rules


def test_the_headers_file_states_the_live_headers(exported: Path, client: Client) -> None:
    """`_headers` gives each file's URL, and only those, the headers the live API sends with it."""
    rules = headers_rules((exported / "_headers").read_text(encoding="utf-8"))
    expected = {}
    for entry in manifest(exported):
        headers = {"Accept": entry["media_type"], "Accept-Encoding": "identity"}
        live = client.get(entry["url"], headers=headers)
        expected[f"/{entry['file']}"] = {
            name: live.headers[name] for name in STATED if name in live.headers
        }

    assert expected == rules


def test_the_nginx_conf_serves_every_file(exported: Path) -> None:
    """`nginx.conf` has a location for each file of the manifest and each of its compressed forms."""
    conf = (exported / "nginx.conf").read_text(encoding="utf-8")
    files = [
        file
        for entry in manifest(exported)
        for file in [entry["file"], *(coded["file"] for coded in entry["codings"])]
    ]

    assert [f"try_files /{file} =404;" for file in files] == re.findall(r"try_files [^;]*;", conf)


def test_a_header_nginx_cannot_quote_stops_the_export(
    tmp_path: Path, profile: Organisation
) -> None:
    """A `$` in a header (nginx has no way to quote it) stops the export, and nothing is left."""
    licence = attrs.evolve(profile.licence, url="https://example.org/licence?price=$0")

    with pytest.raises(ValueError, match=r"nginx cannot quote a \$"):
        export_static(tmp_path / "site", attrs.evolve(profile, licence=licence))
    assert [] == list(tmp_path.iterdir())
