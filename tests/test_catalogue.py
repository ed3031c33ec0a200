"""A catalogue's folder: `picum validate DIR` checks every profile file, and that ids are distinct."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import picum
from picum import _catalogue  # pyright: ignore[reportPrivateUsage]
from picum._catalogue import check_profiles, profile_files
from picum.cli import main

from .profiles import EXAMPLE_PROFILE, UNLINKED_PICUM


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    """A folder of two valid profiles that link to no other: PICUM's and the Example Shelter's."""
    (tmp_path / "picum.json").write_bytes(UNLINKED_PICUM)
    shutil.copy(EXAMPLE_PROFILE, tmp_path / "example.json")
    return tmp_path


def test_a_catalogue_of_valid_profiles_is_ok(
    catalogue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder of valid profiles with distinct ids validates: exit 0, and how many."""
    assert (0, "OK (a catalogue of 2 profiles)\n") == (
        main(["validate", str(catalogue)]),
        capsys.readouterr().out,
    )


def test_each_files_problems_are_listed_under_its_name(
    catalogue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A profile file with a mistake is named, with its problems, as a file alone is."""
    document = json.loads(picum.bundled_profile())
    document["activities"][2]["title"] = 42
    (catalogue / "picum.json").write_text(json.dumps(document), encoding="utf-8")

    code = main(["validate", str(catalogue)])

    assert (
        1,
        [
            f"{catalogue / 'picum.json'}: 1 problem",
            "  $.activities[2].title: expected a string, got a number",
            f"{catalogue}: 1 problem in its 2 profile files",
        ],
    ) == (code, capsys.readouterr().out.splitlines())


def test_two_profiles_of_one_organisation_name_both_files(
    catalogue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A second profile with an id an earlier file has is refused, naming both files and the id."""
    (catalogue / "picum-copy.json").write_bytes(UNLINKED_PICUM)

    code = main(["validate", str(catalogue)])

    first, second = catalogue / "picum-copy.json", catalogue / "picum.json"
    assert (1, f"{first} and {second}: both are the profile of 'picum'") == (
        code,
        capsys.readouterr().out.splitlines()[0],
    )


def test_every_problem_of_a_catalogue_is_reported_in_the_files_order(catalogue: Path) -> None:
    """Problems of several files, and a clash, are each reported, in the files' name order."""
    (catalogue / "a-broken.json").write_text("[]", encoding="utf-8")
    (catalogue / "b-copy.json").write_bytes(UNLINKED_PICUM)
    (catalogue / "c-broken.json").write_text("{", encoding="utf-8")

    problems = list(check_profiles(profile_files(catalogue)))

    assert [
        ((catalogue / "a-broken.json",), "1 problem"),
        ((catalogue / "c-broken.json",), "1 problem"),
        ((catalogue / "b-copy.json", catalogue / "picum.json"), "both are the profile of 'picum'"),
    ] == [(problem.files, problem.message) for problem in problems]


def test_a_fifo_or_a_folder_named_as_a_profile_is_a_problem_not_a_wait(
    catalogue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """What is no regular file is refused at once, as the catalogue's problem (exit 1)."""
    os.mkfifo(catalogue / "fifo.json")
    (catalogue / "folder.json").mkdir()

    code = main(["validate", str(catalogue)])

    assert (
        1,
        [
            f"{catalogue / 'fifo.json'}: cannot be read: a FIFO (named pipe), not a regular file",
            f"{catalogue / 'folder.json'}: cannot be read: a directory, not a regular file",
            f"{catalogue}: 2 problems in its 4 profile files",
        ],
    ) == (code, capsys.readouterr().out.splitlines())


def test_a_broken_or_looping_link_is_a_problem_of_its_own(catalogue: Path) -> None:
    """A link to nothing, or to itself, is reported by its name; the files beside it are read."""
    (catalogue / "gone.json").symlink_to(catalogue / "nowhere.json")
    (catalogue / "loop.json").symlink_to(catalogue / "loop.json")

    problems = list(check_profiles(profile_files(catalogue)))

    assert [
        ((catalogue / "gone.json",), "cannot be read: No such file or directory"),
        ((catalogue / "loop.json",), "cannot be read: Too many levels of symbolic links"),
    ] == [(problem.files, problem.message) for problem in problems]


def test_only_visible_json_files_are_profiles(catalogue: Path) -> None:
    """Other files, hidden ones (an editor's lock) and subfolders' files are not read."""
    (catalogue / "README.md").write_text("# The catalogue\n", encoding="utf-8")
    (catalogue / ".#picum.json").symlink_to("nowhere")
    (catalogue / "drafts").mkdir()
    (catalogue / "drafts" / "draft.json").write_text("{", encoding="utf-8")

    assert [catalogue / "example.json", catalogue / "picum.json"] == profile_files(catalogue)


def test_a_folder_without_profiles_is_no_catalogue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An empty folder is refused as invalid (exit 1), saying what it lacks."""
    assert (1, f"{tmp_path}: no profile files (*.json), so no catalogue\n") == (
        main(["validate", str(tmp_path)]),
        capsys.readouterr().out,
    )


def test_a_folder_that_cannot_be_listed_is_a_usage_error(
    catalogue: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder the process may not list (as a user without the right would meet) exits 2."""

    def refuse(path: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", refuse)

    assert (2, f"picum: cannot read {catalogue}: Permission denied\n") == (
        main(["validate", str(catalogue)]),
        capsys.readouterr().err,
    )


def test_a_name_too_long_to_look_at_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A path the system refuses to look at is neither folder nor file: exit 2, saying why."""
    name = str(tmp_path / ("a" * 300))

    assert (2, f"picum: cannot read {name}: File name too long\n") == (
        main(["validate", name]),
        capsys.readouterr().err,
    )


def test_a_file_name_of_any_bytes_is_shown_on_one_line(
    catalogue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A name that is no UTF-8, or holds a line break, is shown escaped, each on its line."""
    folder = os.fsencode(catalogue)
    for name in (b"bad-\xff.json", b"two\nlines.json"):
        with open(os.path.join(folder, name), "w", encoding="utf-8") as file:  # noqa: PTH118, PTH123
            file.write("[]")

    main(["validate", str(catalogue)])

    assert [
        f"{catalogue}/bad-\\udcff.json: 1 problem",
        f"{catalogue}/two\\x0alines.json: 1 problem",
    ] == [line for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")][:2]


def test_output_cut_short_by_its_reader_ends_quietly(catalogue: Path) -> None:
    """`picum validate DIR | head -1` on many problems: no traceback, exit 1."""
    # More than a pipe holds (64 KiB), so that writing must fail once the reader is gone.
    for number in range(2000):
        (catalogue / f"broken-{number:04d}.json").write_text("[]", encoding="utf-8")
    script = Path(sys.executable).parent / "picum"
    with subprocess.Popen(
        [script, "validate", str(catalogue)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as reader:
        assert reader.stdout is not None
        assert reader.stderr is not None
        reader.stdout.readline()
        reader.stdout.close()
        said = reader.stderr.read()

    assert (1, b"") == (reader.returncode, said)


def test_a_checking_process_leaves_ctrl_c_to_the_command() -> None:
    """Each process of the pool ignores SIGINT: the command stops the pool, not each a traceback."""
    initializer = _catalogue._leave_interrupts_to_the_caller  # pyright: ignore[reportPrivateUsage]
    before = signal.getsignal(signal.SIGINT)
    try:
        initializer()
        assert signal.SIG_IGN == signal.getsignal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, before)


def test_processes_find_what_one_finds_in_the_same_order(tmp_path: Path) -> None:
    """Checked by two processes, a catalogue has the same problems, in the files' order."""
    example = json.loads(EXAMPLE_PROFILE.read_text(encoding="utf-8"))
    for number in range(100):
        example["id"] = f"org-{number % 90}"  # the last ten repeat the first ten's ids
        text = "[]" if number % 7 == 0 else json.dumps(example)
        (tmp_path / f"org-{number:03d}.json").write_text(text, encoding="utf-8")
    files = profile_files(tmp_path)

    alone = list(check_profiles(files))

    # 15 broken (every seventh), and 6 of the last ten repeat an id a valid earlier file has.
    assert (21, alone) == (len(alone), list(check_profiles(files, processes=2)))


def _linked(document: dict[str, Any], *, network_to: str | None, member: str | None) -> str:
    """The profile *document*, its first network linked to *network_to* and naming *member*."""
    networks = document["network_memberships"]
    networks["items"][0]["organisation"] = network_to
    named = {"id": "a-member", "name": "A Member", "organisation": member, "sources": ["website"]}
    document["members"]["items"] = [named]
    return json.dumps(document)


def test_links_between_profiles_of_the_catalogue_are_ok(
    catalogue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Profiles that link to each other, both ways, make a valid catalogue."""
    example = json.loads(EXAMPLE_PROFILE.read_text(encoding="utf-8"))
    linked = _linked(example, network_to="picum", member="picum")
    (catalogue / "example.json").write_text(linked, encoding="utf-8")

    assert (0, "OK (a catalogue of 2 profiles)\n") == (
        main(["validate", str(catalogue)]),
        capsys.readouterr().out,
    )


def test_a_link_to_an_id_the_catalogue_lacks_is_named_with_its_path(
    catalogue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Links to no profile of the catalogue are listed under their file, after every file's own."""
    example = json.loads(EXAMPLE_PROFILE.read_text(encoding="utf-8"))
    linked = _linked(example, network_to="no-such-network", member="no-such-member")
    (catalogue / "example.json").write_text(linked, encoding="utf-8")
    (catalogue / "picum.json").write_text("[]", encoding="utf-8")

    code = main(["validate", str(catalogue)])

    lacks = "no valid profile of the catalogue has the id"
    assert (
        1,
        [
            f"{catalogue / 'picum.json'}: 1 problem",
            "  $: expected an object, got an array",
            f"{catalogue / 'example.json'}: 2 links to no profile of the catalogue",
            f"  $.network_memberships.items[0].organisation: {lacks} 'no-such-network'",
            f"  $.members.items[0].organisation: {lacks} 'no-such-member'",
            f"{catalogue}: 2 problems in its 2 profile files",
        ],
    ) == (code, capsys.readouterr().out.splitlines())


def test_a_link_to_an_invalid_profile_is_no_link(catalogue: Path) -> None:
    """A link to the id of a profile that is invalid is refused: no valid profile has it."""
    example = json.loads(EXAMPLE_PROFILE.read_text(encoding="utf-8"))
    linked = _linked(example, network_to="picum", member=None)
    (catalogue / "example.json").write_text(linked, encoding="utf-8")
    document = json.loads(picum.bundled_profile())
    document["aim"] = None
    (catalogue / "picum.json").write_text(json.dumps(document), encoding="utf-8")

    problems = list(check_profiles(profile_files(catalogue)))

    assert [
        (catalogue / "picum.json",),
        (catalogue / "example.json",),
    ] == [problem.files for problem in problems]


def test_the_links_of_a_profile_are_its_memberships_naming_a_profile() -> None:
    """A profile's links are the memberships that name a profile's id, with their JSON paths."""
    example = json.loads(EXAMPLE_PROFILE.read_text(encoding="utf-8"))
    org = picum.loads(_linked(example, network_to=None, member="picum"), picum.Organisation)

    assert (("$.members.items[0].organisation", "picum"),) == org.profile_links()


def test_a_profile_linking_to_itself_is_invalid(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A profile file alone may not link to its own id: no organisation is its own member."""
    example = json.loads(EXAMPLE_PROFILE.read_text(encoding="utf-8"))
    linked = _linked(example, network_to=None, member=example["id"])
    (tmp_path / "example.json").write_text(linked, encoding="utf-8")

    code = main(["validate", str(tmp_path / "example.json")])

    itself = f"{example['id']!r} is this profile's own id: it cannot link to itself"
    assert (
        1,
        [
            f"{tmp_path / 'example.json'}: 1 problem",
            f"  $.members.items[0].organisation: {itself}",
        ],
    ) == (code, capsys.readouterr().out.splitlines())


def test_a_profile_with_many_broken_links_lists_the_first_hundred(catalogue: Path) -> None:
    """Links to no profile are listed as a file's problems are: the first 100, then how many more."""
    example = json.loads(EXAMPLE_PROFILE.read_text(encoding="utf-8"))
    example["members"]["items"] = [
        {"id": f"m-{n}", "name": f"M {n}", "organisation": f"org-{n}", "sources": ["website"]}
        for n in range(250)
    ]
    (catalogue / "example.json").write_text(json.dumps(example), encoding="utf-8")

    (problem,) = check_profiles(profile_files(catalogue))

    assert ("250 links to no profile of the catalogue", 101, "  and 150 more") == (
        problem.message,
        len(problem.details),
        problem.details[-1],
    )


def test_processes_find_the_same_broken_links_as_one(tmp_path: Path) -> None:
    """Checked by two processes, a catalogue's broken links are those one process finds."""
    example = json.loads(EXAMPLE_PROFILE.read_text(encoding="utf-8"))
    for number in range(80):
        example["id"] = f"org-{number}"
        # Each links to the next; the last ten link past the end, to ids no file has.
        linked = _linked(example, network_to=f"org-{number + 10}", member=None)
        (tmp_path / f"org-{number:03d}.json").write_text(linked, encoding="utf-8")
    files = profile_files(tmp_path)

    alone = list(check_profiles(files))

    assert (10, alone) == (len(alone), list(check_profiles(files, processes=2)))


class _Interrupted:
    """A pool whose first wait is cut short by Ctrl-C: it counts the waits."""

    def __init__(self) -> None:
        self.waits: list[tuple[bool, bool]] = []

    def shutdown(self, *, wait: bool, cancel_futures: bool) -> None:
        self.waits.append((wait, cancel_futures))
        if len(self.waits) == 1:
            raise KeyboardInterrupt


def test_a_second_ctrl_c_does_not_cut_the_wait_for_the_processes_short() -> None:
    """Ctrl-C while the pool's processes end their work: it waits for them, then stops."""
    pool = _Interrupted()

    with pytest.raises(KeyboardInterrupt):
        _catalogue.shut_down(pool)  # type: ignore[arg-type]
    assert [(True, True), (True, True)] == pool.waits
