"""``picum build DIR -o FILE`` and ``picum validate FILE``: a catalogue built, and checked."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
from typing import TYPE_CHECKING

import pytest

import picum
from picum._loading import BUNDLED_CATALOGUE
from picum.cli import main


if TYPE_CHECKING:
    from pathlib import Path


def test_build_writes_the_catalogue_of_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The catalogue built has the folder's profiles; the command says how many, exit 0."""
    output = tmp_path / "catalogue.sqlite"

    code = main(["build", str(BUNDLED_CATALOGUE), "-o", str(output)])

    assert (0, f"5 profiles built into {output}\n", list(picum.Catalogue.bundled().profiles)) == (
        code,
        capsys.readouterr().out,
        list(picum.Catalogue.from_built(output).profiles),
    )


def test_build_lists_every_problem_of_the_folder_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An invalid catalogue is not built: its problems are listed as validate lists them."""
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "broken.json").write_text("[]", encoding="utf-8")
    output = tmp_path / "catalogue.sqlite"

    code = main(["build", str(folder), "-o", str(output)])

    lines = capsys.readouterr().out.splitlines()
    assert (
        1,
        f"{folder / 'broken.json'}: 1 problem",
        f"{folder}: 1 problem, so nothing built",
    ) == (
        code,
        lines[0],
        lines[-1],
    )
    assert not output.exists()


def test_build_of_a_folder_it_cannot_read_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder that is not there: exit 2, and a message on stderr naming it."""
    missing = tmp_path / "missing"

    code = main(["build", str(missing), "-o", str(tmp_path / "out.sqlite")])

    assert (2, f"picum: cannot read {missing}: No such file or directory\n") == (
        code,
        capsys.readouterr().err,
    )


def test_build_does_not_replace_a_file_unasked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file where the catalogue would go is kept, unless --force says to replace it."""
    output = tmp_path / "catalogue.sqlite"
    output.write_bytes(b"mine")

    refused = main(["build", str(BUNDLED_CATALOGUE), "-o", str(output)])
    said = capsys.readouterr().err
    kept = output.read_bytes()
    forced = main(["build", str(BUNDLED_CATALOGUE), "-o", str(output), "--force"])

    assert (2, f"picum: cannot write {output}: it exists; --force replaces it\n", b"mine", 0) == (
        refused,
        said,
        kept,
        forced,
    )
    assert 5 == len(picum.Catalogue.from_built(output).profiles)


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The bundled catalogue, built."""
    output = tmp_path / "catalogue.sqlite"
    picum.write_built_catalogue(picum.Catalogue.bundled(), output)
    return output


def test_validate_checks_a_built_catalogue(built: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file as picum built it is OK: a built catalogue, and how many profiles."""
    code = main(["validate", str(built)])

    assert (0, "OK (a built catalogue of 5 profiles)\n") == (code, capsys.readouterr().out)


def test_validate_finds_a_built_catalogue_changed_since(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A change to the content is found by its digest: exit 1, and what to do."""
    with contextlib.closing(sqlite3.connect(built)) as db, db:
        db.execute("UPDATE entries SET country = 'FR' WHERE id = 'picum'")

    code = main(["validate", str(built)])

    expected = "its content is not what picum built (it changed since): build it again"
    assert (1, f"{built}: {expected}\n") == (code, capsys.readouterr().out)


def test_validate_refuses_a_built_catalogue_cut_short(
    built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file shorter than its header says: exit 1, and what to do."""
    with built.open("r+b") as file:
        file.truncate(8192)

    code = main(["validate", str(built)])

    assert (1, True) == (code, "incomplete (8,192 bytes of" in capsys.readouterr().out)


def test_validate_says_when_a_built_catalogue_cannot_be_read(
    built: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A built catalogue the checker cannot open (here, no right to) is a usage error: exit 2."""

    def refuse(path: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr("picum.cli.check_built_catalogue", refuse)

    code = main(["validate", str(built)])

    assert (2, f"picum: cannot read {built}: Permission denied\n") == (
        code,
        capsys.readouterr().err,
    )


def test_build_names_the_file_it_cannot_write_as_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An output spelt ``./name`` that exists is the file refused, not the folder read."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "catalogue.sqlite").write_bytes(b"mine")

    code = main(["build", str(BUNDLED_CATALOGUE), "-o", "./catalogue.sqlite"])

    assert (2, "picum: cannot write catalogue.sqlite: it exists; --force replaces it\n") == (
        code,
        capsys.readouterr().err,
    )


def test_build_stopped_by_ctrl_c_leaves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C mid-build: exit 130, one line saying so, and no file, temporary or not."""

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("picum._built._Writer.add", interrupt)
    output = tmp_path / "catalogue.sqlite"

    code = main(["build", str(BUNDLED_CATALOGUE), "-o", str(output)])

    assert (130, f"picum: build of {output} stopped by Ctrl-C\n", []) == (
        code,
        capsys.readouterr().err,
        list(tmp_path.iterdir()),
    )


def test_build_stopped_by_sigterm_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM mid-build ends it as the signal would (143), once it has cleaned up."""

    def terminate(*_: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr("picum._built._Writer.add", terminate)

    with pytest.raises(SystemExit) as ended:
        main(["build", str(BUNDLED_CATALOGUE), "-o", str(tmp_path / "catalogue.sqlite")])

    assert (143, [], signal.SIG_DFL) == (
        ended.value.code,
        list(tmp_path.iterdir()),
        signal.getsignal(signal.SIGTERM),
    )
