"""`picum export-static DIR` replaces only what is provably an earlier export, and nothing else."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

import picum_api._static as static
from picum.cli import main
from picum_api import export_static


if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from litestar import Litestar

    from picum_api import ManifestEntry


@pytest.fixture
def site(exported: Path, tmp_path: Path) -> Path:
    """A copy of an earlier export, to spoil: links copied as links."""
    copy = tmp_path / "site"
    shutil.copytree(exported, copy, symlinks=True)
    return copy


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry under *folder*: a file's bytes, a link's target, a folder's mark."""
    entries: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[name] = f"-> {path.readlink()}"
        elif path.is_dir():
            entries[name] = "folder"
        else:
            entries[name] = path.read_bytes()
    return entries


def older_licence(site: Path) -> None:
    """Make *site* an export with another licence notice, as an older picum would have written."""
    text = b"an older licence notice\n"
    (site / "LICENSE").write_bytes(text)
    document = json.loads((site / "manifest.json").read_bytes())
    document["sha256"]["LICENSE"] = hashlib.sha256(text).hexdigest()
    (site / "manifest.json").write_text(json.dumps(document), encoding="utf-8")


def refused(target: str | Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """Run `picum export-static TARGET`; return its exit code and its message."""
    code = main(["export-static", str(target)])
    return code, capsys.readouterr().err


def test_an_earlier_export_is_replaced(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder that is exactly an earlier export is replaced by the new one: exit 0."""
    older_licence(site)

    code = main(["export-static", str(site)])

    assert (0, "", False) == (
        code,
        capsys.readouterr().err,
        (site / "LICENSE").read_text(encoding="utf-8").startswith("an older"),
    )


@pytest.mark.parametrize(
    ("manifest", "why"),
    [
        (b'{"name": "My App", "icons": [], "start_url": "/"}', "is not the manifest of an export"),
        (b"{}", "is not the manifest of an export"),
        (b"start_url: /\n", "is not the manifest of an export"),
        (b'{"licence": 1, "attribution": 2, "files": [{"file": 3, "codings": []}]}', "is not"),
        (b'{"files": []}', "is not the manifest of an export"),
    ],
    ids=["web-app", "empty-object", "not-json", "names-not-strings", "no-licence"],
)
def test_a_folder_with_another_manifest_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], manifest: bytes, why: str
) -> None:
    """A web app's manifest.json, `{}`, text that is not JSON: refused, exit 2, nothing touched."""
    app = tmp_path / "app"
    app.mkdir()
    (app / "manifest.json").write_bytes(manifest)
    (app / "index.html").write_bytes(b"<!doctype html><title>My App</title>")
    before = snapshot(app)

    code, message = refused(app, capsys)

    assert (2, True, True, before) == (
        code,
        message.startswith(f"picum: cannot write {app}: not an earlier export of picum (its"),
        why in message,
        snapshot(app),
    )


def test_an_export_with_a_file_added_is_left_alone(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file the manifest does not list (the user's own) makes the folder no export."""
    (site / "v2" / "notes.txt").write_bytes(b"mine")
    before = snapshot(site)

    code, message = refused(site, capsys)

    expected = (
        f"picum: cannot write {site}: not an earlier export of picum (it holds v2/notes.txt,"
        " which its manifest.json does not list); not replacing it\n"
    )
    assert (2, expected, before) == (code, message, snapshot(site))


def test_an_export_with_a_folder_added_is_left_alone(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty folder the manifest does not imply is no part of an export either."""
    (site / "drafts").mkdir()
    before = snapshot(site)

    code, message = refused(site, capsys)

    assert (2, True, before) == (code, "it holds drafts, which" in message, snapshot(site))


def test_an_export_with_a_listed_file_missing_is_left_alone(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder lacking a file its manifest lists is not what picum wrote: refused."""
    (site / "nginx.conf").unlink()
    before = snapshot(site)

    code, message = refused(site, capsys)

    assert (2, True, before) == (
        code,
        "(nginx.conf, which its manifest.json lists, is missing)" in message,
        snapshot(site),
    )


def test_a_manifest_that_is_a_link_is_not_followed(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """manifest.json as a link to a real manifest: refused, the link and its target kept."""
    (site / "manifest.json").rename(tmp_path / "real-manifest.json")
    (site / "manifest.json").symlink_to(tmp_path / "real-manifest.json")
    before = snapshot(site)

    code, message = refused(site, capsys)

    assert (2, True, before) == (
        code,
        "is not the manifest of an export" in message,
        snapshot(site),
    )


def test_a_folder_as_the_manifest_is_not_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder named manifest.json is no manifest: refused."""
    (tmp_path / "site" / "manifest.json").mkdir(parents=True)

    code, message = refused(tmp_path / "site", capsys)

    assert (2, True) == (code, "is not the manifest of an export" in message)


def test_exporting_to_the_current_folder_is_refused(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`export-static .` inside an export: an error, and no `..old.*` folders beside it."""
    monkeypatch.chdir(site)
    before = snapshot(site.parent)

    code, message = refused(".", capsys)

    assert (2, "picum: cannot write .: the current folder, or one that holds it;", before) == (
        code,
        message[: len("picum: cannot write .: the current folder, or one that holds it;")],
        snapshot(site.parent),
    )


def test_exporting_to_a_folder_holding_the_current_one_is_refused(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """From inside a folder of the export, the export's folder (`..`) is refused as well."""
    monkeypatch.chdir(site / "v2")
    before = snapshot(site.parent)

    code, message = refused("..", capsys)

    assert (2, True, before) == (
        code,
        "the current folder, or one that holds it" in message,
        snapshot(site.parent),
    )


def test_a_link_to_an_earlier_export_is_refused(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A link to an export, as DIR, is not followed: refused, link and export kept."""
    link = tmp_path / "link"
    link.symlink_to(site)
    before = snapshot(tmp_path)

    code, message = refused(link, capsys)

    assert (2, f"picum: cannot write {link}: a symbolic link; not following it\n", before) == (
        code,
        message,
        snapshot(tmp_path),
    )


def test_an_earlier_export_under_a_linked_folder_is_replaced(site: Path, tmp_path: Path) -> None:
    """Links above DIR are the user's way to name it: an export reached through one is replaced."""
    via = tmp_path / "via"
    via.symlink_to(tmp_path)
    older_licence(site)

    export_static(via / "site")

    assert (site / "LICENSE").read_text(encoding="utf-8").startswith("The files in this folder")


def test_a_manifest_over_the_size_limit_is_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A manifest.json larger than any export's is not read, and not taken for one."""
    monkeypatch.setattr("picum_api._static._MAX_MANIFEST_BYTES", 10)
    (tmp_path / "site").mkdir()
    # Were it read, it would be taken for a manifest (and the folder refused for lacking LICENSE).
    manifest: dict[str, object] = {"licence": {}, "attribution": "", "files": []}
    (tmp_path / "site" / "manifest.json").write_bytes(json.dumps(manifest).encode())

    code, message = refused(tmp_path / "site", capsys)

    assert (2, True) == (code, "is not the manifest of an export" in message)


def while_built(monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], object]) -> None:
    """Make the export run *meanwhile* once its files are written, before it takes DIR's place."""
    write_export = static._write_export  # pyright: ignore[reportPrivateUsage]

    def writing(root: Path, app: Litestar, processes: int) -> list[ManifestEntry]:
        files = write_export(root, app, processes)
        meanwhile()
        return files

    monkeypatch.setattr("picum_api._static._write_export", writing)


def test_a_folder_made_while_the_export_is_built_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """DIR absent at the check, made with a file during the build: refused, exit 2, kept."""
    site = tmp_path / "site"

    def made() -> None:
        site.mkdir()
        (site / "mine.txt").write_bytes(b"precious user data")

    while_built(monkeypatch, made)

    code, message = refused(site, capsys)

    expected = f"picum: cannot write {site}: made while the export was built; not replacing it\n"
    assert (2, expected, {"site": "folder", "site/mine.txt": b"precious user data"}) == (
        code,
        message,
        snapshot(tmp_path),
    )


def test_an_empty_folder_made_while_the_export_is_built_is_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even an empty folder made at DIR during the build (a plain rename replaces one): kept."""
    site = tmp_path / "site"
    while_built(monkeypatch, site.mkdir)

    code, _ = refused(site, capsys)

    assert (2, {"site": "folder"}) == (code, snapshot(tmp_path))


def test_a_file_added_to_an_export_while_it_is_built_is_kept(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file added to the earlier export during the build: the export put back, with the file."""
    before = snapshot(site.parent)
    while_built(monkeypatch, lambda: (site / "notes.txt").write_bytes(b"precious"))

    code, message = refused(site, capsys)

    expected = (
        f"picum: cannot write {site}: changed while the export was built: not an earlier export"
        " of picum (it holds notes.txt, which its manifest.json does not list); not replacing it\n"
    )
    assert (2, expected, {**before, "site/notes.txt": b"precious"}) == (
        code,
        message,
        snapshot(site.parent),
    )


def test_a_folder_put_aside_then_made_again_is_kept_beside(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """DIR made again after the earlier export is put aside: both kept, the export as DIR.kept.*."""
    earlier = snapshot(site)
    prove_again = static._prove_again  # pyright: ignore[reportPrivateUsage]

    def made_again(previous: Path, directory: Path) -> None:
        prove_again(previous, directory)
        directory.mkdir()
        (directory / "mine.txt").write_bytes(b"mine")

    monkeypatch.setattr("picum_api._static._prove_again", made_again)

    code, message = refused(site, capsys)

    [kept] = site.parent.glob("site.kept.*")
    expected = (
        f"picum: cannot write {site}: changed while the export was built, and made again since;"
        f" not replacing it. What was there is kept in {kept / 'site'}\n"
    )
    assert (2, expected, {"mine.txt": b"mine"}, earlier, ["site", kept.name]) == (
        code,
        message,
        snapshot(site),
        snapshot(kept / "site"),
        sorted(path.name for path in site.parent.iterdir()),
    )


def test_an_export_removed_while_another_is_built_is_replaced(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An earlier export removed during the build leaves nothing to keep: the new one is written."""
    while_built(monkeypatch, lambda: shutil.rmtree(site))

    export_static(site)

    assert (True, ["site"]) == (
        (site / "manifest.json").is_file(),
        [path.name for path in site.parent.iterdir()],
    )


def test_a_folder_shaped_like_an_export_by_hand_is_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A manifest with the export's keys but not its values, beside the three files: refused."""
    folder = tmp_path / "m3"
    folder.mkdir()
    (folder / "manifest.json").write_bytes(b'{"licence":1,"attribution":1,"files":[]}')
    (folder / "LICENSE").write_bytes(b"my notes\n")
    (folder / "nginx.conf").touch()
    (folder / "_headers").touch()
    before = snapshot(folder)

    code, message = refused(folder, capsys)

    assert (2, True, before) == (
        code,
        "its manifest.json is not the manifest of an export" in message,
        snapshot(folder),
    )


def _first(document: dict[str, Any]) -> dict[str, Any]:
    """The first file of a manifest with a compressed form."""
    return next(entry for entry in document["files"] if entry["codings"])


SPOILS: dict[str, Callable[[dict[str, Any]], object]] = {
    "licence-not-object": lambda document: document.update(licence=1),
    "licence-without-url": lambda document: document["licence"].pop("url"),
    "attribution-empty": lambda document: document.update(attribution=""),
    "attribution-not-text": lambda document: document.update(attribution=7),
    "field-added": lambda document: document.update(generator="mine"),
    "files-not-a-list": lambda document: document.update(files={}),
    "url-not-a-path": lambda document: _first(document).update(url="v1"),
    "media-type-not-text": lambda document: _first(document).update(media_type=5),
    "etag-empty": lambda document: _first(document).update(etag=""),
    "codings-not-a-list": lambda document: _first(document).update(codings={}),
    "coding-unknown": lambda document: _first(document)["codings"][0].update(coding="zstd"),
    "coding-not-an-object": lambda document: _first(document)["codings"].append([]),
}


@pytest.mark.parametrize("spoil", SPOILS.values(), ids=SPOILS.keys())
def test_a_manifest_not_in_the_form_picum_writes_is_no_proof(
    site: Path, capsys: pytest.CaptureFixture[str], spoil: Callable[[dict[str, Any]], object]
) -> None:
    """An earlier export whose manifest has one value not as picum writes it: refused, kept."""
    document = json.loads((site / "manifest.json").read_bytes())
    spoil(document)
    (site / "manifest.json").write_text(json.dumps(document), encoding="utf-8")
    before = snapshot(site)

    code, message = refused(site, capsys)

    assert (2, True, before) == (
        code,
        "its manifest.json is not the manifest of an export" in message,
        snapshot(site),
    )


def test_a_compressed_form_named_unlike_its_file_is_no_proof(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A compressed form listed (and there) under another name than its file's: refused."""
    document = json.loads((site / "manifest.json").read_bytes())
    coded = _first(document)["codings"][0]
    (site / coded["file"]).rename(site / "other.br")
    coded["file"] = "other.br"
    (site / "manifest.json").write_text(json.dumps(document), encoding="utf-8")

    code, message = refused(site, capsys)

    assert (2, True) == (code, "its manifest.json is not the manifest of an export" in message)


def append(path: Path, text: str) -> None:
    """Add *text* at the end of the file at *path*, as a user editing it would."""
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


EDITS: dict[str, Callable[[Path], object]] = {
    "listed-file-rewritten": lambda site: (site / "index.html").write_bytes(b"<h1>mine</h1>\n"),
    "compressed-form-rewritten": lambda site: (site / "index.html.gz").write_bytes(b"mine"),
    "licence-appended-to": lambda site: append(site / "LICENSE", "my own words\n"),
    "nginx-block-added": lambda site: append(site / "nginx.conf", "location /p {}\n"),
    "headers-rewritten": lambda site: (site / "_headers").write_bytes(b"# my own headers\n"),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_an_edited_export_is_left_alone(
    site: Path, capsys: pytest.CaptureFixture[str], edit: Callable[[Path], object]
) -> None:
    """An earlier export with a file edited (listed or not): refused, exit 2, kept as it is."""
    edit(site)
    before = snapshot(site)

    code, message = refused(site, capsys)

    assert (2, True, True, before) == (
        code,
        message.startswith(f"picum: cannot write {site}: an earlier export of picum, but its "),
        message.endswith("move or delete it yourself to replace it\n"),
        snapshot(site),
    )


def test_the_edited_file_is_named(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The refusal of an edited export names the file that differs."""
    append(site / "nginx.conf", "location /private { deny all; }\n")

    _, message = refused(site, capsys)

    assert "its nginx.conf is not as picum wrote it" in message


def test_a_listed_file_that_is_no_regular_file_is_not_read(tmp_path: Path) -> None:
    """A named pipe in a listed file's place (made after the walk) is not read, nor waited on."""
    pipe = tmp_path / "index.html"
    os.mkfifo(pipe)

    # The walk refuses a pipe itself; one put there after it must not block the hashing.
    assert static._sha256(pipe) is None  # pyright: ignore[reportPrivateUsage]


def test_a_listed_file_over_the_size_limit_is_not_read(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A listed file bigger than any picum writes is not hashed: refused as not picum's."""
    monkeypatch.setattr(static, "_MAX_LISTED_BYTES", 10)

    code, message = refused(site, capsys)

    assert (2, True) == (code, "is not as picum wrote it" in message)


def test_an_export_without_digests_is_left_alone(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An export by a picum that recorded no digests of LICENSE etc.: refused, said so, kept."""
    document = json.loads((site / "manifest.json").read_bytes())
    del document["sha256"]
    (site / "manifest.json").write_text(json.dumps(document), encoding="utf-8")
    before = snapshot(site)

    code, message = refused(site, capsys)

    assert (2, True, before) == (
        code,
        "made by an earlier picum: its manifest.json records no digest of" in message,
        snapshot(site),
    )


@pytest.mark.parametrize(
    "digests",
    [{"LICENSE": "a"}, [], {"LICENSE": "", "nginx.conf": "a", "_headers": "b"}],
    ids=["missing-names", "not-an-object", "empty-digest"],
)
def test_digests_not_in_the_form_picum_writes_are_no_proof(
    site: Path, capsys: pytest.CaptureFixture[str], digests: object
) -> None:
    """A manifest whose digests are not an object of the three files' digests: refused."""
    document = json.loads((site / "manifest.json").read_bytes())
    document["sha256"] = digests
    (site / "manifest.json").write_text(json.dumps(document), encoding="utf-8")

    code, message = refused(site, capsys)

    assert (2, True) == (code, "its manifest.json is not the manifest of an export" in message)


def test_a_deeply_nested_manifest_is_not_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A manifest nested past the parser's recursion limit: refused as no manifest, exit 2."""
    folder = tmp_path / "deep"
    folder.mkdir()
    (folder / "manifest.json").write_bytes(b"[" * 200_000)

    code, message = refused(folder, capsys)

    assert (2, True) == (code, "its manifest.json is not the manifest of an export" in message)


def test_a_path_back_out_of_a_missing_folder_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`export-static nope/..`, nope absent: refused up front, nothing made, exit 2."""
    monkeypatch.chdir(tmp_path)

    code, message = refused("nope/..", capsys)

    assert (2, "picum: cannot write nope/..: nope is not a folder, so '..' after it", []) == (
        code,
        message[: message.index(" names none")],
        list(tmp_path.iterdir()),
    )


#: `picum export-static DIR`, terminated by SIGTERM once it has written a file of the export.
TERMINATED = """
import os, signal, sys
from picum.cli import main
from picum_api import _static as static

def terminated(root, app, processes):
    (root / "half.json").write_bytes(b"{}")
    os.kill(os.getpid(), signal.SIGTERM)
    raise AssertionError("SIGTERM did not stop the export")

static._write_export = terminated
sys.exit(main(["export-static", sys.argv[1]]))
"""


def test_sigterm_leaves_no_half_built_export(tmp_path: Path) -> None:
    """SIGTERM during the build removes the hidden half-built folder; exit 143, as the signal's."""
    done = subprocess.run(
        [sys.executable, "-c", TERMINATED, str(tmp_path / "site")],
        capture_output=True,
        timeout=120,
        check=False,
    )

    assert (143, []) == (done.returncode, list(tmp_path.iterdir()))


def test_the_sigterm_handler_is_put_back_after_the_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """export-static puts back the SIGTERM handler that was there before it ran."""

    def exported(*_: object, **__: object) -> list[ManifestEntry]:
        return []

    monkeypatch.setattr("picum_api._static.export_static", exported)
    before = signal.getsignal(signal.SIGTERM)

    main(["export-static", str(tmp_path / "site")])

    assert before == signal.getsignal(signal.SIGTERM)


#: `picum export-static DIR` onto an earlier export, signalled (argv[2]) right after DIR is
#: renamed aside, as a signal arriving during that system call is handled.
SIGNALLED_ASIDE = """
import os, signal, sys
from pathlib import Path
from picum.cli import main

rename = Path.rename

def signalled(self, target):
    moved = rename(self, target)
    if Path(target).name == "export":
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))
    return moved

Path.rename = signalled
sys.exit(main(["export-static", sys.argv[1]]))
"""


@pytest.mark.parametrize(("name", "status"), [("SIGTERM", 143), ("SIGINT", 130)])
def test_a_signal_during_the_swap_leaves_an_export_in_place(
    site: Path, name: str, status: int
) -> None:
    """A signal as DIR is renamed aside acts once the swap is done: DIR is there, whole, alone."""
    older_licence(site)

    done = subprocess.run(
        [sys.executable, "-c", SIGNALLED_ASIDE, str(site), name],
        capture_output=True,
        timeout=120,
        check=False,
    )

    assert (status, ["site"], True) == (
        done.returncode,
        [path.name for path in site.parent.iterdir()],
        (site / "LICENSE").read_text(encoding="utf-8").startswith("The files in this folder"),
    )


#: `picum export-static DIR`, stopped by Ctrl-C (SIGINT) once it has written a file of the export.
INTERRUPTED = TERMINATED.replace("signal.SIGTERM", "signal.SIGINT")


def test_ctrl_c_leaves_no_half_built_export_and_says_so_in_a_line(tmp_path: Path) -> None:
    """Ctrl-C during the build: no folder left, exit 130 (SIGINT's), a one-line message."""
    done = subprocess.run(
        [sys.executable, "-c", INTERRUPTED, str(tmp_path / "site")],
        capture_output=True,
        timeout=120,
        check=False,
    )

    assert (130, [], f"picum: export to {tmp_path / 'site'} stopped by Ctrl-C\n".encode()) == (
        done.returncode,
        list(tmp_path.iterdir()),
        done.stderr,
    )
