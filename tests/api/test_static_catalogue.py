"""The static export of a catalogue: every organisation's files, listed a line each, bounded rules."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

import picum
import picum_api._static as static
from picum_api import ManifestEntry, Service, create_app, export_static
from tests.profiles import built, network


Client = TestClient[Service]
#: Enough members of PICUM that its members, and the list of organisations, take two pages.
MEMBERS = 60


@pytest.fixture(scope="module")
def catalogue(tmp_path_factory: pytest.TempPathFactory) -> picum.Catalogue:
    """The bundled catalogue and PICUM's made-up members, built into a file and opened."""
    return built(network(MEMBERS), tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="module")
def site(catalogue: picum.Catalogue, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """*catalogue* exported, with PICUM its default organisation."""
    site = tmp_path_factory.mktemp("export") / "site"
    export_static(site, catalogue, default="picum")
    return site


@pytest.fixture(scope="module")
def client(catalogue: picum.Catalogue) -> Iterator[Client]:
    """A client of the live API of *catalogue*."""
    with TestClient(create_app(catalogue, default="picum")) as client:
        yield client


def lines(site: Path) -> list[ManifestEntry]:
    """The entries of the export's list of its organisations' files."""
    with (site / "organisations.jsonl").open("rb") as listed:
        return [json.loads(line) for line in listed]


def test_every_file_holds_the_live_answer(site: Path, client: Client) -> None:
    """Each listed file, and each compressed form, has the bytes and ETag the live API sends."""
    for entry in lines(site):
        forms = [(None, entry), *((coded["coding"], coded) for coded in entry["codings"])]
        for coding, form in forms:
            headers = {"Accept": str(entry["media_type"]), "Accept-Encoding": coding or "identity"}
            with client.stream("GET", str(entry["url"]), headers=headers) as response:
                live = (
                    response.status_code,
                    response.headers["etag"],
                    b"".join(response.iter_raw()),
                )

            assert live == (200, form["etag"], (site / form["file"]).read_bytes()), form


def test_every_organisation_and_page_is_listed(site: Path, catalogue: picum.Catalogue) -> None:
    """Each profile in its three formats, each page of its links and of the list, once."""
    pages = math.ceil(len(catalogue.profiles) / 50)
    expected = sorted(
        [
            *(("/v2/organisations", f"offset={offset}") for offset in range(50, pages * 50, 50)),
            ("/v2/organisations", ""),
            *(
                (f"/v2/organisations/{id_}{part}", query)
                for id_ in catalogue.profiles
                for part, query in (("", ""), ("", ""), ("", ""), ("/memberships", ""))
            ),
            *((f"/v2/organisations/{id_}/members", "") for id_ in catalogue.profiles),
            ("/v2/organisations/picum/members", "offset=50"),
        ]
    )
    listed = [
        (
            str(entry["url"]).partition("?")[0],
            str(entry["url"]).partition("?")[2].removesuffix("&limit=50"),
        )
        for entry in lines(site)
    ]

    assert expected == sorted(listed)


def test_the_list_is_in_the_order_of_the_files_names(site: Path) -> None:
    """Its entries come in the order of their files' names, none twice: it is read as it comes."""
    files = [str(entry["file"]) for entry in lines(site)]

    assert sorted(set(files)) == files


def test_the_list_is_recorded_in_the_manifest(site: Path) -> None:
    """``manifest.json`` gives the SHA-256 of the list, as of the other files it lists no ETag of."""
    manifest = json.loads((site / "manifest.json").read_bytes())
    digest = hashlib.sha256((site / "organisations.jsonl").read_bytes()).hexdigest()

    assert digest == manifest["sha256"]["organisations.jsonl"]


def test_the_host_configurations_do_not_grow_with_the_catalogue(tmp_path: Path) -> None:
    """A catalogue four times larger has nginx.conf and _headers of as many lines: a rule per kind."""
    sizes: list[list[int]] = []
    for members in (10, 40):
        site = tmp_path / str(members)
        export_static(site, network(members), default="kok")
        sizes.append(
            [
                len((site / name).read_text(encoding="utf-8").splitlines())
                for name in ("nginx.conf", "_headers")
            ]
        )
    first, second = sizes

    assert first == second


def test_a_catalogues_export_is_replaced_by_the_next(site: Path, tmp_path: Path) -> None:
    """An unedited export of a catalogue is proved one and replaced, its every file listed."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    smaller = network(3)

    export_static(copy, smaller, default="picum")

    assert len(smaller.profiles) == len(list((copy / "v2" / "organisations").glob("*.jsonld")))


#: How a copy of an export is changed: a file written, removed, or a folder made.
def _written(path: Path) -> None:
    path.write_text("{}", encoding="utf-8")


CHANGES: dict[str, Callable[[Path], None]] = {
    "write": _written,
    "remove": Path.unlink,
    "make a folder": Path.mkdir,
}


@pytest.mark.parametrize(
    ("change", "name", "why"),
    [
        ("write", "v2/organisations/kok/extra.json", "does not list"),
        ("write", "v2/organisations/kok.json", "not as picum wrote it"),
        ("remove", "v2/organisations/kok.json.br", "is missing"),
        ("make a folder", "v2/organisations/empty", "an empty folder"),
        ("remove", "v2/organisations/kok.json", "is missing"),
    ],
    ids=["a file added", "a file edited", "a compressed form removed", "a folder added", "removed"],
)
def test_an_edited_catalogue_export_is_kept(
    site: Path, tmp_path: Path, change: str, name: str, why: str
) -> None:
    """An export of a catalogue with a file added, edited or removed is refused, and kept whole."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    CHANGES[change](copy / name)
    before = sorted(path.relative_to(copy) for path in copy.rglob("*"))

    with pytest.raises(OSError, match=why):
        export_static(copy, network(3), default="picum")
    assert before == sorted(path.relative_to(copy) for path in copy.rglob("*"))


def _swapped(lines: list[bytes]) -> list[bytes]:
    return [lines[1], lines[0], *lines[2:]]


def _doubled(lines: list[bytes]) -> list[bytes]:
    return [lines[0], *lines]


def _no_json(lines: list[bytes]) -> list[bytes]:
    return [b"not json\n", *lines[1:]]


def _no_entry(lines: list[bytes]) -> list[bytes]:
    return [b'{"url": "/v2/organisations"}\n', *lines[1:]]


@pytest.mark.parametrize(
    "edit",
    [_swapped, _doubled, _no_json, _no_entry],
    ids=["out of order", "a line twice", "no JSON", "no entry"],
)
def test_a_catalogue_export_whose_list_was_edited_is_kept(
    site: Path, tmp_path: Path, edit: Callable[[list[bytes]], list[bytes]]
) -> None:
    """A list of files out of order, with a file twice, or lines not of an entry: not an export.

    Even where ``manifest.json`` records the digest of the list as edited.
    """
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    listed = copy / "organisations.jsonl"
    listed.write_bytes(b"".join(edit(listed.read_bytes().splitlines(keepends=True))))
    manifest = json.loads((copy / "manifest.json").read_bytes())
    manifest["sha256"]["organisations.jsonl"] = hashlib.sha256(listed.read_bytes()).hexdigest()
    (copy / "manifest.json").write_bytes(json.dumps(manifest).encode())

    with pytest.raises(OSError, match="is not the list of an export's files"):
        export_static(copy, network(3), default="picum")
    assert listed.is_file()


def test_processes_write_what_one_process_writes(tmp_path: Path) -> None:
    """A built catalogue exported by two processes, each opening the file, gives the same files."""
    catalogue = built(network(2 * 64), tmp_path)
    trees: list[dict[Path, bytes]] = []
    for processes in (1, 2):
        site = tmp_path / f"site-{processes}"
        export_static(site, catalogue, default="picum", processes=processes)
        trees.append({path.relative_to(site): path.read_bytes() for path in site.rglob("*.*")})
    one, two = trees

    assert (one, True) == (two, len(one) > 2 * 64 * 9)


def _forged(site: Path, tmp_path: Path, file: str) -> Path:
    """A copy of *site* with a file nobody listed, and a line listing *file*, its digest made again."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "v2/organisations/kok/notes.json").write_text("{}", encoding="utf-8")
    line: dict[str, object] = {
        "url": "/x",
        "media_type": "application/json",
        "etag": '"0"',
        "file": file,
        "codings": [],
    }
    listed = copy / "organisations.jsonl"
    listed.write_bytes(listed.read_bytes() + json.dumps(line).encode() + b"\n")
    manifest = json.loads((copy / "manifest.json").read_bytes())
    manifest["sha256"]["organisations.jsonl"] = hashlib.sha256(listed.read_bytes()).hexdigest()
    (copy / "manifest.json").write_bytes(json.dumps(manifest).encode())
    return copy


@pytest.mark.parametrize(
    "file",
    [
        "/srv/outside.json",
        "./index.json",
        "v2/organisations/../index.json",
        "v2/organisations/zzz//x.json",
        "v2/organisations/kok.json",
    ],
    ids=["absolute", "a listed file spelt again", "up and back", "an empty part", "twice"],
)
def test_a_list_that_names_files_it_should_not_proves_nothing(
    site: Path, tmp_path: Path, file: str
) -> None:
    """A line naming a file outside the organisations', or one listed already: not an export.

    Even where its digest was made again: the file nobody listed is kept.
    """
    copy = _forged(site, tmp_path, file)

    with pytest.raises(OSError, match="is not the list of an export's files"):
        export_static(copy, network(3), default="picum")
    assert (copy / "v2/organisations/kok/notes.json").is_file()


def test_a_folder_where_a_listed_file_was_is_no_export(site: Path, tmp_path: Path) -> None:
    """A folder in the place of a listed file is refused, named, not read as a file."""
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    (copy / "v2/organisations/kok.json.br").unlink()
    (copy / "v2/organisations/kok.json.br").mkdir()
    (copy / "v2/organisations/kok.json.br/x").write_text("", encoding="utf-8")

    with pytest.raises(OSError, match=r"kok\.json\.br is not as picum wrote it"):
        export_static(copy, network(3), default="picum")


def test_a_catalogue_built_again_while_it_is_exported_is_no_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A built file replaced while exported (``picum build --force``) stops it: no folder."""
    path = tmp_path / "catalogue.sqlite"
    picum.write_built_catalogue(network(3), path)
    write_export = static._write_export  # pyright: ignore[reportPrivateUsage]

    def built_again(root: Path, app: Litestar, processes: int) -> list[ManifestEntry]:
        written = write_export(root, app, processes)
        picum.write_built_catalogue(network(4), path, replace=True)
        return written

    monkeypatch.setattr("picum_api._static._write_export", built_again)

    with pytest.raises(picum.BuiltCatalogueError, match="replaced while it was exported"):
        export_static(tmp_path / "site", picum.Catalogue.from_built(path), default="picum")
    assert ["catalogue.sqlite"] == sorted(path.name for path in tmp_path.iterdir())


def test_a_process_refuses_a_file_built_again(tmp_path: Path) -> None:
    """A process opening the built file again, to write its share, finds it replaced: it stops."""
    path = tmp_path / "catalogue.sqlite"
    picum.write_built_catalogue(network(3), path)
    built = static._Built.of(path)  # pyright: ignore[reportPrivateUsage]
    picum.write_built_catalogue(network(4), path, replace=True)

    with pytest.raises(picum.BuiltCatalogueError, match="replaced while it was exported"):
        built.opened()
