"""Every file `picum` writes is whole or not at all, never through a link, never over one unasked.

A failure leaves what was there, and no temporary file; `--force` asks to replace a file.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import resource
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

import picum
from picum._files import FileExists, rename_new, write_file, write_files
from picum.cli import SCHEMA_FILE, main


if TYPE_CHECKING:
    from pathlib import Path

PREVIOUS = b"what was there before\n"

#: The options of `picum init` that make a valid profile, without asking.
ANSWERS = [
    "--name",
    "Example Shelter Network",
    "--type",
    "non_governmental_organisation",
    "--aim",
    "To give everyone a safe bed for the night.",
    "--source-url",
    "https://example.org/shelter-network/",
    "--licence",
    "CC-BY-4.0",
    "--attribution",
    "Example Shelter Network (fictional), under CC BY 4.0.",
]


def listing(folder: Path) -> list[str]:
    """The names in *folder*, sorted: a temporary file left behind would show here."""
    return sorted(path.name for path in folder.iterdir())


def test_a_new_file_is_written_with_the_usual_permissions(tmp_path: Path) -> None:
    """A new file holds the data, has the permissions the umask gives, and nothing else is left."""
    path = tmp_path / "out.json"
    umask = os.umask(0o022)
    try:
        write_file(path, b"data")
    finally:
        os.umask(umask)

    assert (b"data", 0o644, ["out.json"]) == (
        path.read_bytes(),
        path.stat().st_mode & 0o777,
        listing(tmp_path),
    )


def test_an_existing_file_is_not_replaced_unasked(tmp_path: Path) -> None:
    """Without `replace`, an existing file is kept byte for byte, and the error names it."""
    path = tmp_path / "out.json"
    path.write_bytes(PREVIOUS)

    with pytest.raises(FileExists) as caught:
        write_file(path, b"new")

    assert (str(path), PREVIOUS, ["out.json"]) == (
        caught.value.filename,
        path.read_bytes(),
        listing(tmp_path),
    )


def test_an_existing_file_is_replaced_when_asked_keeping_its_permissions(tmp_path: Path) -> None:
    """With `replace`, the file is replaced whole, and keeps the permissions it had."""
    path = tmp_path / "out.json"
    path.write_bytes(PREVIOUS)
    path.chmod(0o600)

    write_file(path, b"new", replace=True)

    assert (b"new", 0o600, ["out.json"]) == (
        path.read_bytes(),
        path.stat().st_mode & 0o777,
        listing(tmp_path),
    )


def test_a_file_that_holds_the_data_already_is_left_as_it_is(tmp_path: Path) -> None:
    """A file with exactly the data to write is not written again, and is no error."""
    path = tmp_path / SCHEMA_FILE
    path.write_bytes(b"same")
    before = path.stat()

    write_file(path, b"same")

    assert (before.st_ino, before.st_mtime_ns) == (path.stat().st_ino, path.stat().st_mtime_ns)


@pytest.mark.parametrize("replace", [False, True])
def test_a_symbolic_link_is_never_written_through(tmp_path: Path, replace: bool) -> None:
    """A link in place of the file is refused, even with `replace`: link and target are kept."""
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(PREVIOUS)
    link = tmp_path / "out.json"
    link.symlink_to(target)

    with pytest.raises(OSError, match="symbolic link") as caught:
        write_file(link, b"new", replace=replace)

    assert (errno.ELOOP, str(link), PREVIOUS, True) == (
        caught.value.errno,
        caught.value.filename,
        target.read_bytes(),
        link.is_symlink(),
    )


@pytest.mark.parametrize("replace", [False, True])
def test_a_folder_in_place_of_the_file_is_refused(tmp_path: Path, replace: bool) -> None:
    """A folder where the file should be is left as it is, with its files."""
    folder = tmp_path / "out.json"
    folder.mkdir()
    (folder / "kept").write_bytes(PREVIOUS)

    with pytest.raises(IsADirectoryError) as caught:
        write_file(folder, b"new", replace=replace)

    assert (str(folder), ["kept"], ["out.json"]) == (
        caught.value.filename,
        listing(folder),
        listing(tmp_path),
    )


def test_what_is_no_regular_file_is_never_replaced(tmp_path: Path) -> None:
    """A FIFO (or a device) in place of the file is refused, even with `replace`."""
    fifo = tmp_path / "out.json"
    os.mkfifo(fifo)

    with pytest.raises(OSError, match="not a regular file") as caught:
        write_file(fifo, b"new", replace=True)

    assert (errno.EINVAL, True) == (caught.value.errno, fifo.is_fifo())


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted while writing (Ctrl-C), the write leaves the old file and no temporary one."""
    path = tmp_path / "out.json"
    path.write_bytes(PREVIOUS)

    def interrupted(_fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupted)

    with pytest.raises(KeyboardInterrupt):
        write_file(path, b"new", replace=True)

    assert (PREVIOUS, ["out.json"]) == (path.read_bytes(), listing(tmp_path))


def test_files_written_as_one_unit_leave_none_if_the_last_cannot_be_put_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the second file's name is taken between the check and the rename, the first goes too.

    The error names the second file; neither file nor any temporary file is left.
    """
    first, second = tmp_path / "schema.json", tmp_path / "profile.json"
    link = os.link
    calls: list[str] = []

    def taken_the_second_time(source: str, target: str) -> None:
        calls.append(target)
        if len(calls) == 2:
            raise FileExistsError(errno.EEXIST, "File exists", target)
        link(source, target)

    monkeypatch.setattr(os, "link", taken_the_second_time)

    with pytest.raises(FileExists) as caught:
        write_files([(first, b"1"), (second, b"2")])

    assert (str(second), []) == (caught.value.filename, listing(tmp_path))


def no_hard_links(source: str, target: str) -> None:
    """`os.link` on a file system without hard links (FAT, some network shares)."""
    raise OSError(errno.EPERM, "Operation not permitted", source, None, target)


def test_a_new_file_is_written_where_there_are_no_hard_links(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without hard links, a new file is renamed into place instead: written, nothing left."""
    monkeypatch.setattr(os, "link", no_hard_links)
    path = tmp_path / "out.json"

    write_file(path, b"data")

    assert (b"data", ["out.json"]) == (path.read_bytes(), listing(tmp_path))


def test_without_hard_links_a_file_that_appeared_is_still_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without hard links, a file that appears after the check is kept, as with them."""
    path = tmp_path / "out.json"

    def appears_then_no_hard_links(source: str, target: str) -> None:
        path.write_bytes(PREVIOUS)
        no_hard_links(source, target)

    monkeypatch.setattr(os, "link", appears_then_no_hard_links)

    with pytest.raises(FileExists):
        write_file(path, b"new")

    assert (PREVIOUS, ["out.json"]) == (path.read_bytes(), listing(tmp_path))


def test_a_link_that_fails_otherwise_is_an_error_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Any other failure to make the name (here: the disk fails) is reported, naming the file."""

    def failing(source: str, target: str) -> None:
        raise OSError(errno.EIO, "Input/output error", source, None, target)

    monkeypatch.setattr(os, "link", failing)
    path = tmp_path / "out.json"

    with pytest.raises(OSError, match="Input/output error") as caught:
        write_file(path, b"new")

    assert (str(path), []) == (caught.value.filename, listing(tmp_path))


def test_a_file_replaced_before_a_later_one_fails_stays_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With `replace`, a file replaced before a later one fails is not deleted: it was asked for."""
    first, second = tmp_path / "schema.json", tmp_path / "profile.json"
    first.write_bytes(PREVIOUS)
    second.write_bytes(PREVIOUS)
    real_replace = type(first).replace

    def fails_the_second_time(self: Path, target: Path) -> Path:
        if target == second:
            raise OSError(errno.EIO, "Input/output error")
        return real_replace(self, target)

    monkeypatch.setattr(type(first), "replace", fails_the_second_time)

    with pytest.raises(OSError, match="Input/output error") as caught:
        write_files([(first, b"1"), (second, b"2")], replace=True)

    assert (str(second), b"1", PREVIOUS, ["profile.json", "schema.json"]) == (
        caught.value.filename,
        first.read_bytes(),
        second.read_bytes(),
        listing(tmp_path),
    )


def limited_picum(limit: int, *args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """Run `picum ARGS` in a child whose files may not grow past *limit* bytes (RLIMIT_FSIZE).

    The child is not measured by coverage, which could not save its data past the limit either.
    """

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    environment = {k: v for k, v in os.environ.items() if k != "COVERAGE_PROCESS_CONFIG"}
    return subprocess.run(
        [sys.executable, "-m", "picum", *args],
        capture_output=True,
        check=False,
        timeout=60,
        cwd=cwd,
        env=environment,
        preexec_fn=limit_file_size,
    )


@pytest.mark.parametrize("command", [["export"], ["schema"]])
def test_a_file_size_limit_leaves_the_previous_file_whole(
    tmp_path: Path, command: list[str]
) -> None:
    """Past the file size limit, `-o FILE --force` fails naming FILE; FILE is as it was.

    The limit (RLIMIT_FSIZE, 1,000 bytes here) is what a full disk does too: a write fails part
    way. Today's file is kept byte for byte, no temporary file is left, and the exit code is 2.
    """
    path = tmp_path / "out.json"
    path.write_bytes(PREVIOUS)

    done = limited_picum(1000, *command, "-o", str(path), "--force", cwd=tmp_path)

    assert (2, f"picum: cannot write {path}: File too large\n", PREVIOUS, ["out.json"]) == (
        done.returncode,
        done.stderr.decode(),
        path.read_bytes(),
        listing(tmp_path),
    )


def test_init_leaves_no_profile_if_its_schema_cannot_be_written(tmp_path: Path) -> None:
    """The schema beside a new profile is past the size limit: neither file is left.

    The message names the schema (it said "cannot write None", and left the profile).
    """
    done = limited_picum(4096, "init", "profile.json", *ANSWERS, cwd=tmp_path)

    assert (2, f"picum init: cannot write {SCHEMA_FILE}: File too large\n", []) == (
        done.returncode,
        done.stderr.decode(),
        listing(tmp_path),
    )


def test_init_leaves_no_profile_if_a_folder_is_where_its_schema_goes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder named as the schema: `init` names it, and writes no profile."""
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    (tmp_path / SCHEMA_FILE).mkdir()

    code = main(["init", str(tmp_path / "profile.json"), *ANSWERS])

    schema = tmp_path / SCHEMA_FILE
    assert (2, f"picum init: cannot write {schema}: a folder, not a file\n", [SCHEMA_FILE]) == (
        code,
        capsys.readouterr().err,
        listing(tmp_path),
    )


def test_init_beside_another_profile_keeps_their_common_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second profile in the same folder: the schema there is the same file, left as it is."""
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    assert 0 == main(["init", str(tmp_path / "one.json"), *ANSWERS])

    code = main(["init", str(tmp_path / "two.json"), *ANSWERS])

    assert (0, ["one.json", SCHEMA_FILE, "two.json"]) == (code, listing(tmp_path))


def test_init_does_not_replace_a_different_schema_unasked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file of another content where the schema goes is kept, and no profile is written."""
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    schema = tmp_path / SCHEMA_FILE
    schema.write_bytes(PREVIOUS)

    code = main(["init", str(tmp_path / "profile.json"), *ANSWERS])

    assert (2, f"picum init: cannot write {schema}: it exists; --force replaces it\n") == (
        code,
        capsys.readouterr().err,
    )
    assert (PREVIOUS, [SCHEMA_FILE]) == (schema.read_bytes(), listing(tmp_path))


def test_init_force_replaces_the_profile_and_its_schema(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`init --force` replaces both files with a new profile and the current schema."""
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    profile, schema = tmp_path / "profile.json", tmp_path / SCHEMA_FILE
    profile.write_bytes(PREVIOUS)
    schema.write_bytes(PREVIOUS)

    code = main(["init", str(profile), "--force", *ANSWERS])

    assert (0, "Example Shelter Network", picum.json_schema()) == (
        code,
        picum.load(profile).identity.name,
        json.loads(schema.read_bytes()),
    )


@pytest.mark.parametrize("command", [["export"], ["schema"]])
def test_output_never_replaces_a_file_unasked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    """`-o FILE` where FILE exists: exit 2, FILE kept, the message says --force replaces it."""
    path = tmp_path / "out.json"
    path.write_bytes(PREVIOUS)

    code = main([*command, "-o", str(path)])

    assert (2, f"picum: cannot write {path}: it exists; --force replaces it\n", PREVIOUS) == (
        code,
        capsys.readouterr().err,
        path.read_bytes(),
    )


@pytest.mark.parametrize("command", [["export"], ["schema"]])
def test_output_force_replaces_a_file(tmp_path: Path, command: list[str]) -> None:
    """`-o FILE --force` replaces FILE with what the command prints."""
    path = tmp_path / "out.json"
    path.write_bytes(PREVIOUS)

    assert 0 == main([*command, "-o", str(path), "--force"])
    assert PREVIOUS != path.read_bytes()


def test_output_never_writes_through_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`export -o LINK --force`: the link is refused and what it points to is kept."""
    target = tmp_path / "elsewhere.txt"
    target.write_bytes(PREVIOUS)
    link = tmp_path / "out.json"
    link.symlink_to(target)

    code = main(["export", "-o", str(link), "--force"])

    message = f"picum: cannot write {link}: a symbolic link; not writing through it\n"
    assert (2, message, PREVIOUS) == (code, capsys.readouterr().err, target.read_bytes())


@pytest.mark.parametrize("command", ["init", "schema", "export"])
def test_help_tells_of_force(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Each command that writes a file says in its --help what --force does."""
    with pytest.raises(SystemExit):
        main([command, "--help"])

    assert "--force" in capsys.readouterr().out


def test_rename_new_takes_a_free_name(tmp_path: Path) -> None:
    """A folder renamed to a free name is there, with what it held, and not at its old name."""
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "file").write_bytes(b"new")

    rename_new(tmp_path / "new", tmp_path / "site")

    assert (b"new", False) == (
        (tmp_path / "site" / "file").read_bytes(),
        (tmp_path / "new").exists(),
    )


def test_rename_new_does_not_replace_an_empty_folder(tmp_path: Path) -> None:
    """An empty folder at the name, which a plain rename would replace, is kept: FileExistsError."""
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "file").write_bytes(b"new")
    (tmp_path / "site").mkdir()

    with pytest.raises(FileExistsError) as raised:
        rename_new(tmp_path / "new", tmp_path / "site")

    assert (str(tmp_path / "site"), [], b"new") == (
        raised.value.filename,
        list((tmp_path / "site").iterdir()),
        (tmp_path / "new" / "file").read_bytes(),
    )


def test_rename_new_names_the_target_of_another_failure(tmp_path: Path) -> None:
    """A rename that fails for another reason (nothing to rename) raises that error."""
    with pytest.raises(FileNotFoundError) as raised:
        rename_new(tmp_path / "absent", tmp_path / "site")

    assert str(tmp_path / "site") == raised.value.filename


@pytest.mark.parametrize("taken", [True, False], ids=["taken", "free"])
def test_without_renameat2_the_name_is_checked_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, taken: bool
) -> None:
    """Where the system has no renameat2, an empty folder at the name is still seen, and kept."""
    monkeypatch.setattr("picum._files._RENAMEAT2", None)
    (tmp_path / "new").mkdir()
    if taken:
        (tmp_path / "site").mkdir()

    try:
        rename_new(tmp_path / "new", tmp_path / "site")
    except FileExistsError:
        refused = True
    else:
        refused = False

    assert (taken, taken) == (refused, (tmp_path / "new").exists())


def test_a_file_system_without_noreplace_falls_back_to_checking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """renameat2 failing with EINVAL (a file system without RENAME_NOREPLACE): checked, renamed."""

    def unsupported(*_: object) -> int:
        ctypes.set_errno(errno.EINVAL)
        return -1

    monkeypatch.setattr("picum._files._RENAMEAT2", unsupported)
    (tmp_path / "new").mkdir()

    rename_new(tmp_path / "new", tmp_path / "site")

    assert (True, False) == ((tmp_path / "site").is_dir(), (tmp_path / "new").exists())
