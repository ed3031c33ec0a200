"""A built catalogue: written to one SQLite file, opened read-only, the same catalogue as before."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import picum
from picum import BuiltCatalogueError, Catalogue, CatalogueEntry, OrganisationType
from picum._built import is_built

from .profiles import SCRIPTS, built, linked, named


if TYPE_CHECKING:
    from collections.abc import Sequence
    from pathlib import Path

    from picum import Organisation


BUNDLED = Catalogue.bundled()


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """The bundled catalogue, built, then opened."""
    return built(BUNDLED, tmp_path_factory.mktemp("bundled"))


@pytest.fixture(scope="module")
def scripts(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """The catalogue of organisations named in five scripts, built, then opened."""
    return built(SCRIPTS, tmp_path_factory.mktemp("scripts"))


@pytest.fixture
def path(tmp_path: Path) -> Path:
    """A built copy of the bundled catalogue, for a test to spoil."""
    path = tmp_path / "catalogue.sqlite"
    picum.write_built_catalogue(BUNDLED, path)
    return path


def test_a_built_catalogue_has_the_profiles_it_was_built_from(bundled: Catalogue) -> None:
    """Each profile is read back equal to the profile written, in the order of the ids."""
    assert list(BUNDLED.profiles.items()) == list(bundled.profiles.items())


def test_a_built_catalogue_names_its_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A catalogue opened from a file names it, absolute, for other processes; one held, none."""
    monkeypatch.chdir(tmp_path)
    picum.write_built_catalogue(Catalogue.bundled(), "catalogue.sqlite")

    assert (tmp_path / "catalogue.sqlite", None) == (
        Catalogue.from_built("catalogue.sqlite").file,
        Catalogue.bundled().file,
    )


def test_a_built_catalogue_has_the_links_both_ways(bundled: Catalogue) -> None:
    """Each profile's members and networks are the links the catalogue held, in their order."""
    expected = {id_: (BUNDLED.members(id_), BUNDLED.memberships(id_)) for id_ in BUNDLED.profiles}

    assert expected == {id_: (bundled.members(id_), bundled.memberships(id_)) for id_ in expected}


def test_a_built_catalogue_knows_only_its_ids(bundled: Catalogue) -> None:
    """An id it lacks is not among its profiles; it has as many as it was built with."""
    assert (False, True, 5, 5) == (
        "nowhere" in bundled.profiles,
        "kok" in bundled.profiles,
        len(bundled.profiles),
        len(dict(bundled.profiles)),
    )


def test_an_id_a_built_catalogue_lacks_raises_key_error(bundled: Catalogue) -> None:
    """Its profile and its links raise `KeyError` naming it, as a held catalogue's do."""
    with pytest.raises(KeyError) as profile:
        bundled.profiles["nowhere"]
    with pytest.raises(KeyError) as links:
        bundled.memberships("nowhere")

    assert (("nowhere",), ("nowhere",)) == (profile.value.args, links.value.args)


def test_a_built_catalogue_serves_its_default(bundled: Catalogue) -> None:
    """`default` gives the profile named, as the catalogue held in memory does."""
    assert BUNDLED.default("picum") == bundled.default("picum")


@pytest.mark.parametrize(
    "text",
    [
        "coopération",
        "ΕΦΜ",
        "移住",
        "移住者と連帯",
        "o",
        "",
        '"',
        "nowhere",
        None,
        "ab\x00",
        "\x00\x00\x00",
        "pla\x00te",
        "\ud800abc",
    ],
)
def test_a_built_catalogue_finds_by_text_what_the_catalogue_held_finds(
    scripts: Catalogue, text: str | None
) -> None:
    """The index finds a text, shorter than three letters or not, as a look at each name does."""
    assert list(SCRIPTS.find(text)) == list(scripts.find(text))


@pytest.mark.parametrize(
    ("text", "type_", "country"),
    [
        (None, OrganisationType.CONSORTIUM, None),
        (None, OrganisationType.NON_GOVERNMENTAL_ORGANISATION, "DE"),
        (None, None, "BE"),
        ("platform", None, "BE"),
        ("o", OrganisationType.CONSORTIUM, "HU"),
    ],
)
def test_a_built_catalogue_filters_as_the_catalogue_held_filters(
    bundled: Catalogue, text: str | None, type_: OrganisationType | None, country: str | None
) -> None:
    """Type and country of the seat keep the profiles a look at each keeps, with a text or not."""
    expected = list(BUNDLED.find(text, type_=type_, country=country))

    assert expected == list(bundled.find(text, type_=type_, country=country))


def test_the_filters_find_something_in_the_bundled_catalogue() -> None:
    """The filters above are not all empty: the bundled catalogue has consortia, seats in BE."""
    assert (3, 2) == (
        len(BUNDLED.find(type_=OrganisationType.CONSORTIUM)),
        len(BUNDLED.find(country="BE")),
    )


#: What searches are made of: letters of the names, with spaces, quotes and FTS5's own syntax.
_LETTERS = sorted(
    set("".join(org.identity.name + (org.identity.acronym or "") for org in SCRIPTS.find()))
)
_BUILT: dict[str, Catalogue] = {}


def _built_scripts(tmp_path_factory: pytest.TempPathFactory) -> Catalogue:
    """The scripts catalogue, built once for the property (a module's fixture is not given)."""
    if "scripts" not in _BUILT:
        _BUILT["scripts"] = built(SCRIPTS, tmp_path_factory.mktemp("scripts-property"))
    return _BUILT["scripts"]


@pytest.mark.hypothesis
@given(text=st.text(alphabet=st.sampled_from([*_LETTERS, *' "*():^-+NEAR\x00']), max_size=12))
def test_any_search_finds_in_the_built_catalogue_what_it_finds_held(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    """Whatever the text, the built index finds exactly what a look at each profile finds."""
    catalogue = _built_scripts(tmp_path_factory)

    assert [org.id for org in SCRIPTS.find(text)] == [org.id for org in catalogue.find(text)]


def test_what_a_search_finds_is_read_a_page_at_a_time(scripts: Catalogue) -> None:
    """The profiles found are read by position or by slice, as a sequence's are."""
    found = scripts.find()

    assert (5, SCRIPTS.profiles["czech"], tuple(SCRIPTS.find()[3:])) == (
        len(found),
        found[0],
        found[3:],
    )


def test_a_built_catalogue_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    """A file that exists is not replaced unasked, and the attempt leaves no file behind."""
    path = tmp_path / "catalogue.sqlite"
    path.write_bytes(b"mine")

    with pytest.raises(FileExistsError) as raised:
        picum.write_built_catalogue(BUNDLED, path)

    assert (str(path), b"mine", ["catalogue.sqlite"]) == (
        raised.value.filename,
        path.read_bytes(),
        [path.name for path in tmp_path.iterdir()],
    )


def test_a_built_catalogue_replaces_a_file_when_asked(path: Path) -> None:
    """With *replace*, the catalogue written takes the place of the one there."""
    catalogue = Catalogue.from_profiles([named("alone", "Alone")])

    picum.write_built_catalogue(catalogue, path, replace=True)

    assert ["alone"] == list(Catalogue.from_built(path).profiles)


def test_a_built_catalogue_is_never_written_through_a_link(tmp_path: Path) -> None:
    """A symbolic link where the file should be is refused, and its target left as it is."""
    target = tmp_path / "target"
    target.write_bytes(b"theirs")
    (tmp_path / "link").symlink_to(target)

    with pytest.raises(OSError, match="symbolic link") as raised:
        picum.write_built_catalogue(BUNDLED, tmp_path / "link", replace=True)

    assert (str(tmp_path / "link"), b"theirs", ["link", "target"]) == (
        raised.value.filename,
        target.read_bytes(),
        sorted(path.name for path in tmp_path.iterdir()),
    )


def test_a_failed_build_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A catalogue whose writing fails half-way (here, encoding a profile) leaves no file."""

    def fail(value: object) -> bytes:
        raise RuntimeError(value)

    monkeypatch.setattr("picum._built.dumps", fail)

    with pytest.raises(RuntimeError):
        picum.write_built_catalogue(BUNDLED, tmp_path / "catalogue.sqlite")

    assert [] == [path.name for path in tmp_path.iterdir()]


def test_is_built_tells_a_built_catalogue_from_anything_else(path: Path, tmp_path: Path) -> None:
    """A built catalogue is one; a profile file, a folder, a FIFO and no file are not."""
    profile = tmp_path / "profile.json"
    profile.write_bytes(picum.bundled_profile())
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    assert [True, False, False, False, False] == [
        is_built(candidate) for candidate in (path, profile, tmp_path, fifo, tmp_path / "nothing")
    ]


def test_a_file_that_is_no_built_catalogue_is_refused_naming_it(tmp_path: Path) -> None:
    """A profile file is not opened as a built catalogue: the error names it, and the command."""
    profile = tmp_path / "profile.json"
    profile.write_bytes(picum.bundled_profile())

    with pytest.raises(BuiltCatalogueError) as raised:
        Catalogue.from_built(profile)

    assert f"{profile}: not a built catalogue (picum build DIR -o FILE)" == str(raised.value)


def test_an_sqlite_file_that_picum_did_not_build_is_refused(tmp_path: Path) -> None:
    """An SQLite file without picum's tables is no built catalogue."""
    path = tmp_path / "other.sqlite"
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("CREATE TABLE t (x)")

    with pytest.raises(BuiltCatalogueError, match="not a built catalogue"):
        Catalogue.from_built(path)


def test_a_copy_cut_short_is_refused_as_incomplete(path: Path) -> None:
    """A file shorter than its header says (a copy that stopped) is not served."""
    whole = path.stat().st_size
    with path.open("r+b") as file:
        file.truncate(whole - 4096)

    with pytest.raises(BuiltCatalogueError) as raised:
        Catalogue.from_built(path)

    expected = f"{path}: incomplete ({whole - 4096:,} bytes of {whole:,}): copy or build it again"
    assert expected == str(raised.value)


def test_a_file_longer_than_built_is_refused(path: Path) -> None:
    """Bytes after the last page (a copy appended to) are not what was built."""
    whole = path.stat().st_size
    with path.open("ab") as file:
        file.write(b"\x00\x00")

    with pytest.raises(BuiltCatalogueError) as raised:
        Catalogue.from_built(path)

    expected = f"longer than built ({whole + 2:,} bytes, not {whole:,}): copy or build it again"
    assert f"{path}: {expected}" == str(raised.value)


def test_a_damaged_page_fails_the_check_without_a_traceback(path: Path) -> None:
    """Bytes overwritten inside the file: the check says the content is not what was built."""
    with path.open("r+b") as file:
        file.seek(2 * 4096 + 8)
        file.write(b"\xff" * 64)

    with pytest.raises(BuiltCatalogueError, match="not what picum built"):
        picum.check_built_catalogue(path)


def test_text_sqlite_cannot_read_fails_the_check_without_a_traceback(path: Path) -> None:
    """A name no longer UTF-8 (a damaged byte) is content not as built, not an SQLite error."""
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE entries SET names = CAST(X'FF' AS TEXT) WHERE id = 'kok'")

    with pytest.raises(BuiltCatalogueError, match="not what picum built"):
        picum.check_built_catalogue(path)


def test_a_catalogue_of_another_layout_by_another_picum_is_to_be_built_again(path: Path) -> None:
    """A later picum's file, whatever its layout, says which picum built it."""
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE about SET value = '9.0.0' WHERE key = 'picum'")
        db.execute("UPDATE about SET value = 'picum catalogue 9' WHERE key = 'layout'")

    with pytest.raises(BuiltCatalogueError, match=r"built by picum 9\.0\.0, not by this picum"):
        Catalogue.from_built(path)


def test_what_sqlite_fails_to_write_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write SQLite refuses (a full disk, say) is an `OSError` naming the file; none is left."""

    def fail(*_: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("picum._built._Writer.add", fail)
    output = tmp_path / "catalogue.sqlite"

    with pytest.raises(OSError, match="disk I/O error") as raised:
        picum.write_built_catalogue(BUNDLED, output)

    assert (str(output), []) == (raised.value.filename, list(tmp_path.iterdir()))


def test_a_catalogue_another_picum_built_is_refused(path: Path) -> None:
    """A file another version of picum built is to be built again: its layout may differ."""
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute("UPDATE about SET value = '0.0.1' WHERE key = 'picum'")

    with pytest.raises(BuiltCatalogueError) as raised:
        Catalogue.from_built(path)

    expected = f"built by picum 0.0.1, not by this picum ({picum.__version__}): build it again"
    assert f"{path}: {expected}" == str(raised.value)


def test_what_is_no_regular_file_is_not_read_as_a_built_catalogue(tmp_path: Path) -> None:
    """A FIFO is refused at once, not waited on; so is a folder."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)

    with pytest.raises(OSError, match="FIFO") as raised:
        Catalogue.from_built(fifo)

    assert str(fifo) == raised.value.filename


def test_checking_a_built_catalogue_gives_it(path: Path) -> None:
    """A file as picum built it passes its check, and is the catalogue."""
    assert list(BUNDLED.profiles) == list(picum.check_built_catalogue(path).profiles)


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE entries SET type = 'network' WHERE id = 'kok'",
        "UPDATE profiles SET document = replace(document, 'KOK', 'KOX') WHERE id = 'kok'",
        "DELETE FROM links WHERE id = 'picum' AND direction = 'members' AND stated_by = 'kok'",
        "UPDATE about SET value = '1' WHERE key = 'profiles'",
        "INSERT INTO search (search) VALUES ('delete-all')",
    ],
)
def test_a_built_catalogue_changed_since_fails_its_check(path: Path, change: str) -> None:
    """A change to any column of its content is found by the digest, though it still opens."""
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(change)
    Catalogue.from_built(path)

    with pytest.raises(BuiltCatalogueError) as raised:
        picum.check_built_catalogue(path)

    expected = "its content is not what picum built (it changed since): build it again"
    assert f"{path}: {expected}" == str(raised.value)


def test_a_built_catalogue_is_read_where_it_was_moved(path: Path, tmp_path: Path) -> None:
    """The file holds everything: a copy elsewhere, under another name, serves the same."""
    copy = tmp_path / "elsewhere" / "copy.db"
    copy.parent.mkdir()
    shutil.copyfile(path, copy)

    assert list(BUNDLED.profiles) == list(Catalogue.from_built(copy).profiles)


def test_a_catalogue_built_from_profiles_links_them(tmp_path: Path) -> None:
    """A link stated by one profile is found from both, once built."""
    catalogue = Catalogue.from_profiles(
        [linked(named("shelter", "Shelter"), "alliance"), named("alliance", "Alliance")]
    )

    opened = built(catalogue, tmp_path)

    assert (catalogue.members("alliance"), catalogue.memberships("shelter")) == (
        opened.members("alliance"),
        opened.memberships("shelter"),
    )


def _folder(tmp_path: Path, profiles: list[picum.Organisation]) -> Path:
    """Write *profiles* as a catalogue's folder, each file named by its profile's id."""
    folder = tmp_path / "catalogue"
    folder.mkdir()
    for org in profiles:
        (folder / f"{org.id}.json").write_bytes(picum.dumps(org))
    return folder


def _about(path: Path) -> dict[str, str]:
    """What the built catalogue *path* says about itself."""
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        return dict(db.execute("SELECT key, value FROM about"))


def test_a_folder_built_by_two_processes_is_the_catalogue_held_built(tmp_path: Path) -> None:
    """Built file by file, by two processes, a folder gives the same content, to its digest."""
    profiles = [
        linked(named(f"member-{number:02}", f"Member {number}"), "network") for number in range(70)
    ]
    folder = _folder(tmp_path, [*profiles, named("network", "Network")])

    count = picum.build_catalogue(folder, tmp_path / "built.sqlite", processes=2)
    picum.write_built_catalogue(Catalogue.from_folder(folder), tmp_path / "held.sqlite")

    assert (71, _about(tmp_path / "held.sqlite")) == (count, _about(tmp_path / "built.sqlite"))


def test_a_folder_with_problems_is_not_built(tmp_path: Path) -> None:
    """Two profiles of one id and a link to no profile: both listed, and no file written."""
    folder = _folder(tmp_path, [linked(named("shelter", "Shelter"), "nowhere")])
    (folder / "again.json").write_bytes(picum.dumps(named("shelter", "Shelter again")))

    with pytest.raises(picum.CatalogueError) as raised:
        picum.build_catalogue(folder, tmp_path / "built.sqlite")

    assert (
        [
            ((folder / "again.json", folder / "shelter.json"), "both are the profile of 'shelter'"),
            ((folder / "shelter.json",), "1 link to no profile of the catalogue"),
        ],
        ["catalogue"],
    ) == (
        [(problem.files, problem.message) for problem in raised.value.problems],
        [path.name for path in tmp_path.iterdir()],
    )


def test_a_folder_without_profiles_is_not_built(tmp_path: Path) -> None:
    """An empty folder is no catalogue: nothing is built."""
    with pytest.raises(picum.CatalogueError, match="no profile files"):
        picum.build_catalogue(tmp_path, tmp_path / "built.sqlite")


def test_a_profile_read_again_soon_is_not_decoded_again(path: Path) -> None:
    """The profiles read last are kept: making one's answers reads its linked ones often."""
    catalogue = Catalogue.from_built(path)

    assert catalogue.profiles["kok"] is catalogue.profiles["kok"]


def test_only_the_profiles_read_last_are_kept(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With one kept, reading another lets the first go: it is decoded anew, equal."""
    monkeypatch.setattr("picum._built.PROFILES_KEPT", 1)
    catalogue = Catalogue.from_built(path)

    first = catalogue.profiles["kok"]
    catalogue.profiles["picum"]
    again = catalogue.profiles["kok"]

    assert (False, True) == (first is again, first == again)


def test_a_built_catalogue_says_of_a_profile_what_lists_and_links_do(bundled: Catalogue) -> None:
    """Each profile's entry, read from its row without the profile, is that of the profile."""
    expected = {id_: CatalogueEntry.from_profile(org) for id_, org in BUNDLED.profiles.items()}

    assert expected == {id_: bundled.entry(id_) for id_ in expected}


def test_a_built_catalogue_lists_what_it_finds(bundled: Catalogue) -> None:
    """The entries of a search are those of the profiles it finds, in the same order."""
    expected = [CatalogueEntry.from_profile(org) for org in BUNDLED.find("o")]

    assert (expected, True) == (list(bundled.listed("o")), len(expected) > 1)


def test_the_name_of_an_id_a_catalogue_lacks_raises_key_error(bundled: Catalogue) -> None:
    """Held or built, a catalogue has no name for an id it lacks."""
    with pytest.raises(KeyError):
        BUNDLED.entry("nowhere")
    with pytest.raises(KeyError, match="nowhere"):
        bundled.entry("nowhere")


def test_a_profile_without_a_website_is_named_without_one(tmp_path: Path) -> None:
    """Where a profile gives no website, its entry gives none either."""
    alone = attrs.evolve(named("alone", "Alone"), website=None)

    opened = built(Catalogue.from_profiles([alone]), tmp_path)

    entry = opened.entry("alone")
    assert ("Alone", None) == (entry.name, entry.website)


_POSITIONS = st.none() | st.integers(min_value=-7, max_value=7)


@pytest.mark.hypothesis
@given(start=_POSITIONS, stop=_POSITIONS, step=_POSITIONS.filter(lambda step: step != 0))
def test_a_slice_of_what_a_built_catalogue_finds_is_that_slice_of_all(
    tmp_path_factory: pytest.TempPathFactory,
    start: int | None,
    stop: int | None,
    step: int | None,
) -> None:
    """Read a page at a time, what is found is sliced as a tuple of all of it is, in any step."""
    found = _built_scripts(tmp_path_factory).find("e")
    every = tuple(found)

    assert [org.id for org in every[start:stop:step]] == [org.id for org in found[start:stop:step]]


@pytest.mark.parametrize("index", [0, 2, -1, -3, 3, -4, 40])
def test_one_of_what_a_built_catalogue_finds_is_that_of_all(
    tmp_path_factory: pytest.TempPathFactory, index: int
) -> None:
    """An index reads the id found there, or raises `IndexError` where a tuple would."""
    found = _built_scripts(tmp_path_factory).find("o")
    every = tuple(found)

    def taken(sequence: Sequence[Organisation]) -> str:
        try:
            return sequence[index].id
        except IndexError:
            return "IndexError"

    assert (taken(every), len(every)) == (taken(found), len(found))
