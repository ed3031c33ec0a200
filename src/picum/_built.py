"""A built catalogue: a checked catalogue in one SQLite file, opened read-only wherever it is.

``picum build DIR -o FILE`` (`build_catalogue`) checks the catalogue in a folder as ``picum
validate DIR`` does, and writes it as one SQLite file (`write_built_catalogue` writes one held in
memory): each profile in the wire format; apart, what the filters and search read of each (its
type, the country of its seat, its folded names); the links both ways; and a full-text index
(FTS5, trigrams) of the folded names.

`Catalogue.from_built` opens it read-only and immutable: nothing is read at the start but its
header and the table ``about`` (the picum version that built it, how many profiles, a digest of
its content), whatever its size; a profile is read and decoded when it is asked for, and the
file's pages are shared by every process that opens it, through the operating system's cache.
`check_built_catalogue` reads the whole file and checks its digest, as ``picum validate FILE``
does.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import hashlib
import os
import sqlite3
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, overload

import attrs

from ._catalogue import (
    Catalogue,
    CatalogueEntry,
    CatalogueError,
    CatalogueProblem,
    MembershipLink,
    ProfileLinks,
    links_stated,
    mapped,
    problems_of,
    read_checked,
    searched,
    seat,
    some_profile_files,
)
from ._files import write_file_by
from ._loading import open_regular
from ._organisation import Organisation, OrganisationType
from ._wire import dumps, loads


if TYPE_CHECKING:
    from collections.abc import Generator, Iterable, Iterator


#: The first bytes of every SQLite file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: The layout of the tables a built catalogue has; a file of another layout is built again.
LAYOUT = "picum catalogue 2"

_TABLES = (
    "CREATE TABLE about (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    "CREATE TABLE profiles (id TEXT PRIMARY KEY, document BLOB NOT NULL) WITHOUT ROWID",
    # What the filters and search read, narrow, apart from the documents, and what lists and
    # links say of each profile (`CatalogueEntry`, in the wire format): its rows are those of the
    # full-text index's entries.
    (
        "CREATE TABLE entries (ordinal INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,"
        " type TEXT NOT NULL, country TEXT, names TEXT NOT NULL, entry BLOB NOT NULL)"
    ),
    "CREATE INDEX entries_by_type ON entries (type, id)",
    "CREATE INDEX entries_by_country ON entries (country, id)",
    # `direction`: "members" (the links to `id`'s members) or "memberships" (to its networks).
    # In the order of the ids of the profiles that state them, then of their statements.
    (
        "CREATE TABLE links (direction TEXT NOT NULL, id TEXT NOT NULL,"
        " stated_by TEXT NOT NULL, place INTEGER NOT NULL, link BLOB NOT NULL,"
        " PRIMARY KEY (direction, id, stated_by, place)) WITHOUT ROWID"
    ),
    # Contentless: the names are in `entries`; the index only finds their rows.
    "CREATE VIRTUAL TABLE search USING fts5(names, tokenize = 'trigram', content = '')",
)
#: What the digest covers: every row of the tables, the full-text index's own among them, in
#: their keys' order, and what the catalogue says about itself but the digest.
_CONTENT = (
    "SELECT key, value FROM about WHERE key != 'sha256' ORDER BY key",
    "SELECT id, document FROM profiles ORDER BY id",
    "SELECT ordinal, id, type, country, names, entry FROM entries ORDER BY ordinal",
    (
        "SELECT direction, id, stated_by, place, link FROM links"
        " ORDER BY direction, id, stated_by, place"
    ),
    "SELECT id, block FROM search_data ORDER BY id",
    "SELECT segid, term, pgno FROM search_idx ORDER BY segid, term",
    "SELECT id, sz FROM search_docsize ORDER BY id",
    "SELECT k, v FROM search_config ORDER BY k",
)
#: The shortest text the trigram index finds; shorter text is looked for in every name.
_TRIGRAM = 3


class BuiltCatalogueError(ValueError):
    """A file is no built catalogue this picum can serve: not one, incomplete, or changed.

    The message names the file and says what to do (``picum build`` it again, say).
    """

    __module__ = "picum"


def build_catalogue(
    folder: str | Path, output: str | Path, *, processes: int = 1, replace: bool = False
) -> int:
    """Check the catalogue in *folder* and write it, built, as the file *output*: ``picum build``.

    Each profile file is read and checked as ``picum validate DIR`` checks it, by up to
    *processes* at once, and written as it comes: the build holds no profile in memory, only
    each one's id and links, until the links can be checked. Gives how many profiles were
    built. Raises `picum.CatalogueError` listing every problem (nothing is written), `OSError`
    naming *folder* if it cannot be listed, and, as `write_built_catalogue`, an `OSError`
    naming *output*.
    """
    files = some_profile_files(folder)

    def write(path: Path) -> None:
        with _writing(path) as writer, mapped(_checked_rows, files, processes) as checked:
            problems = CatalogueError(problems_of(files, writer.adding(checked)))
            if problems.count:
                raise problems
            writer.finish()

    write_file_by(output, write, replace=replace)
    return len(files)


def write_built_catalogue(
    catalogue: Catalogue, output: str | Path, *, replace: bool = False
) -> None:
    """Write *catalogue*, built, as the file *output*, to be opened by `Catalogue.from_built`.

    The file is written as `picum` writes every file: whole or not at all, never through a
    symbolic link, an existing file replaced only if *replace* is true (else
    `FileExistsError`); an `OSError` names *output*.

    >>> import pathlib, tempfile, picum
    >>> built = pathlib.Path(tempfile.mkdtemp()) / "catalogue.sqlite"
    >>> picum.write_built_catalogue(picum.Catalogue.bundled(), built)
    >>> picum.Catalogue.from_built(built).profiles["kok"].identity.acronym
    'KOK'
    """

    def write(path: Path) -> None:
        with _writing(path) as writer:
            for org in catalogue.profiles.values():
                writer.add(_Rows.from_profile(org))
            writer.finish()

    write_file_by(output, write, replace=replace)


@attrs.frozen
class _Rows:
    """One profile as a built catalogue holds it: its rows of ``profiles``, ``entries``, ``links``.

    A link is in ``links`` twice: among the network's members and the member's networks,
    each time by the profile that states it and its place among that profile's links.
    """

    id: str
    type: str
    country: str | None
    names: str
    entry: bytes
    document: bytes
    links: tuple[tuple[str, str, str, int, bytes], ...]

    @classmethod
    def from_profile(cls, org: Organisation) -> _Rows:
        """Give the rows of *org*."""
        links: list[tuple[str, str, str, int, bytes]] = []
        for place, link in enumerate(links_stated(org)):
            data = dumps(link)
            links.append(("members", link.network, org.id, place, data))
            links.append(("memberships", link.member, org.id, place, data))
        type_, country, names = org.identity.type.value, seat(org), searched(org)
        entry = dumps(CatalogueEntry.from_profile(org))
        return cls(org.id, type_, country, names, entry, dumps(org), tuple(links))


def _checked_rows(path: Path) -> tuple[_Rows, ProfileLinks] | CatalogueProblem:
    """Read and check the profile file *path*: its rows and its links, or what is wrong."""
    checked = read_checked(path)
    if isinstance(checked, CatalogueProblem):
        return checked
    org = checked[1]
    return _Rows.from_profile(org), org.profile_links()


class _Writer:
    """Writes a built catalogue into a new database, a profile at a time, in one transaction."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        self._count = 0

    def add(self, rows: _Rows) -> None:
        """Add a profile's *rows*; one whose id is taken is left out (the build will fail)."""
        ordinal = self._count
        added = self._db.execute(
            "INSERT OR IGNORE INTO profiles VALUES (?, ?)", (rows.id, rows.document)
        )
        if not added.rowcount:
            return
        self._count += 1
        self._db.execute(
            "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?)",
            (ordinal, rows.id, rows.type, rows.country, rows.names, rows.entry),
        )
        self._db.execute("INSERT INTO search (rowid, names) VALUES (?, ?)", (ordinal, rows.names))
        self._db.executemany("INSERT INTO links VALUES (?, ?, ?, ?, ?)", rows.links)

    def adding(
        self, checked: Iterable[tuple[_Rows, ProfileLinks] | CatalogueProblem]
    ) -> Iterator[tuple[str, ProfileLinks] | CatalogueProblem]:
        """Add each profile of *checked* as it comes; give each one's id and links, or problem."""
        for found in checked:
            if isinstance(found, CatalogueProblem):
                yield found
            else:
                rows, links = found
                self.add(rows)
                yield rows.id, links

    def finish(self) -> None:
        """Say what the catalogue is (`about`), with the digest of its content; commit it."""
        self._db.execute("INSERT INTO search (search) VALUES ('optimize')")
        about = {"layout": LAYOUT, "picum": _version(), "profiles": str(self._count)}
        self._db.executemany("INSERT INTO about VALUES (?, ?)", about.items())
        # Committed first: the full-text index writes what it holds in memory at the commit.
        self._db.execute("COMMIT")
        self._db.execute("INSERT INTO about VALUES ('sha256', ?)", (_digest(self._db),))
        self._db.execute("ANALYZE")


@contextlib.contextmanager
def _writing(path: Path) -> Generator[_Writer]:
    """Give a writer of a built catalogue into the new, empty database at *path*, while inside.

    What SQLite fails with while writing (a full disk, the file size limit) is raised as the
    `OSError` it is (`errno.EIO`), for the file to be named as any other that cannot be written.
    """
    try:
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
            # One transaction, no journal: a build that fails leaves a file that is thrown away.
            db.execute("PRAGMA journal_mode = OFF")
            db.execute("BEGIN")
            for table in _TABLES:
                db.execute(table)
            yield _Writer(db)
    except sqlite3.OperationalError as exc:
        raise OSError(errno.EIO, str(exc), str(path)) from exc


def _version() -> str:
    """Give the version of picum that builds and serves, as its package says."""
    from . import __version__  # noqa: PLC0415 - the package imports this module

    return __version__


def _digest(db: sqlite3.Connection) -> str:
    """Give the SHA-256 of the content of the built catalogue *db*: every value, in order."""
    hashed = hashlib.sha256()
    for query in _CONTENT:
        for row in db.execute(query):
            for value in row:
                part = value if isinstance(value, bytes) else repr(value).encode()
                hashed.update(len(part).to_bytes(8, "big"))
                hashed.update(part)
    return hashed.hexdigest()


def is_built(path: str | Path) -> bool:
    """Tell whether *path* is a regular file that begins as an SQLite file does.

    Anything else, or a file that cannot be read, is not (to be read as a profile file, which
    says why it cannot be).
    """
    try:
        return _header(path)[0].startswith(SQLITE_HEADER)
    except OSError:
        return False


def _header(path: str | Path) -> tuple[bytes, int]:
    """Read the first 100 bytes of the regular file *path* (an SQLite file's header); its size.

    Raises `OSError` naming *path* for anything that is no regular file (a FIFO is not waited
    for), or that cannot be read.
    """
    with open_regular(path) as (fd, status):
        return os.pread(fd, 100, 0), status.st_size


def open_built(path: str | Path) -> Catalogue:
    """Open the built catalogue *path*, read-only; see `Catalogue.from_built`."""
    db = _connect(path)
    with _closed_unless_served(db):
        return _catalogue(db, _about(db, path), path)


@contextlib.contextmanager
def _closed_unless_served(db: sqlite3.Connection) -> Generator[None]:
    """Close *db* if what is inside raises: a file refused is not left open."""
    try:
        yield
    except BaseException:
        db.close()
        raise


def check_built_catalogue(path: str | Path) -> Catalogue:
    """Check the whole built catalogue *path*: its digest, and SQLite's own checks; give it.

    Raises `BuiltCatalogueError` where it cannot be served (as `Catalogue.from_built`) or where
    its content is not what was built (a change, a page lost), and `OSError` where it cannot be
    read.
    """
    db = _connect(path)
    with _closed_unless_served(db):
        about = _about(db, path)
        try:
            checked = db.execute("PRAGMA integrity_check").fetchone()[0]
            same = checked == "ok" and _digest(db) == about["sha256"]
        except sqlite3.DatabaseError:
            # What SQLite cannot read (a page, a text no longer UTF-8) is not as built either.
            same = False
        if not same:
            raise BuiltCatalogueError(
                f"{path}: its content is not what picum built (it changed since): build it again"
            )
        return _catalogue(db, about, path)


def _catalogue(db: sqlite3.Connection, about: Mapping[str, str], path: str | Path) -> Catalogue:
    """Give the built catalogue *db*, opened from *path*, whose `about` `_about` checked."""
    profiles = _Profiles(db, int(about["profiles"]))
    return Catalogue(
        profiles,
        _Links(profiles, "members"),
        _Links(profiles, "memberships"),
        _Index(profiles),
        file=Path(path).absolute(),
    )


def _connect(path: str | Path) -> sqlite3.Connection:
    """Open the built catalogue *path* read-only, checking first that it is whole."""
    header, size = _header(path)
    if not header.startswith(SQLITE_HEADER):
        raise BuiltCatalogueError(f"{path}: not a built catalogue (picum build DIR -o FILE)")
    # The header gives the size of a page (1 for 65,536) and how many the file has.
    page_size = int.from_bytes(header[16:18], "big")
    pages = int.from_bytes(header[28:32], "big")
    expected = (65536 if page_size == 1 else page_size) * pages
    if size < expected:
        raise BuiltCatalogueError(
            f"{path}: incomplete ({size:,} bytes of {expected:,}): copy or build it again"
        )
    if size > expected:
        raise BuiltCatalogueError(
            f"{path}: longer than built ({size:,} bytes, not {expected:,}): copy or build it again"
        )
    # immutable: no locks and no journal are looked for, since nothing writes to the file.
    uri = f"{Path(path).resolve().as_uri()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True, check_same_thread=False)


def _about(db: sqlite3.Connection, path: str | Path) -> dict[str, str]:
    """Read what the built catalogue *db* says about itself, checking that picum may serve it."""
    try:
        about = dict(db.execute("SELECT key, value FROM about"))
    except sqlite3.DatabaseError:
        about = {}
    # Another version's file is to be built again, whatever its layout.
    if "layout" in about and about.get("picum", _version()) != _version():
        raise BuiltCatalogueError(
            f"{path}: built by picum {about['picum']}, not by this picum ({_version()}):"
            " build it again"
        )
    if about.get("layout") != LAYOUT or not about.keys() >= {"picum", "profiles", "sha256"}:
        raise BuiltCatalogueError(f"{path}: not a built catalogue (picum build DIR -o FILE)")
    return about


#: How many of the profiles read last a built catalogue keeps decoded. Making one profile's
#: answers reads those it links to several times (its JSON-LD, its page): a few are enough.
PROFILES_KEPT = 16


class _Profiles(Mapping[str, Organisation]):
    """The profiles of a built catalogue, by id: each read and decoded when asked for.

    The last `PROFILES_KEPT` read are kept (a few MB at most, for the largest profiles).
    """

    def __init__(self, db: sqlite3.Connection, count: int) -> None:
        #: The connection to the file, closed once nothing holds these profiles (the catalogue's
        #: links and index hold them too): left to the garbage collector, an open connection is
        #: a `ResourceWarning`.
        self.db = db
        weakref.finalize(self, db.close)
        self._count = count
        self._read = functools.lru_cache(maxsize=PROFILES_KEPT)(self._decoded)

    def __getitem__(self, id_: str) -> Organisation:
        return self._read(id_)

    def _decoded(self, id_: str) -> Organisation:
        row = self.db.execute("SELECT document FROM profiles WHERE id = ?", (id_,)).fetchone()
        if row is None:
            raise KeyError(id_)
        return loads(row[0], Organisation)

    def __contains__(self, id_: object) -> bool:
        found = self.db.execute("SELECT 1 FROM profiles WHERE id = ?", (id_,))
        return found.fetchone() is not None

    def __iter__(self) -> Iterator[str]:
        return (id_ for (id_,) in self.db.execute("SELECT id FROM profiles ORDER BY id"))

    def __len__(self) -> int:
        return self._count


class _Links:
    """The links of each profile of a built catalogue in one *direction*, by the profile's id."""

    def __init__(self, profiles: _Profiles, direction: str) -> None:
        self._db = profiles.db
        self._direction = direction
        self._profiles = profiles

    def __getitem__(self, id_: str) -> tuple[MembershipLink, ...]:
        if id_ not in self._profiles:
            raise KeyError(id_)
        rows = self._db.execute(
            "SELECT link FROM links WHERE direction = ? AND id = ? ORDER BY stated_by, place",
            (self._direction, id_),
        )
        return tuple(loads(link, MembershipLink) for (link,) in rows)


class _Matches(Sequence[str]):
    """The ids of the entries of a built catalogue that match a search, in order.

    Counted once when first asked, and read a slice at a time (the `LIMIT` of a page): what a
    page of a search costs does not grow with all it finds.
    """

    def __init__(self, db: sqlite3.Connection, where: str, values: tuple[str, ...]) -> None:
        self._db = db
        #: The search's clauses (`_Index.find`'s own), and their values, each a parameter.
        self._where = where
        self._values = values
        self._count: int | None = None

    def __len__(self) -> int:
        if self._count is None:
            query = f"SELECT count(*) FROM entries WHERE {self._where}"  # noqa: S608 - see above
            self._count = int(self._db.execute(query, self._values).fetchone()[0])
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, int):
            return self._read(range(len(self))[index : index + 1 or None])[0]
        return self._read(range(len(self))[index])

    def __iter__(self) -> Iterator[str]:
        query = f"SELECT id FROM entries WHERE {self._where} ORDER BY id"  # noqa: S608 - see above
        return (id_ for (id_,) in self._db.execute(query, self._values))

    def _read(self, wanted: range) -> tuple[str, ...]:
        """Read the ids at the positions *wanted*: a slice, read in one query, in any step."""
        if not wanted:
            return ()
        low, high = min(wanted), max(wanted)
        query = (
            f"SELECT id FROM entries WHERE {self._where}"  # noqa: S608 - see above
            " ORDER BY id LIMIT ? OFFSET ?"
        )
        ids = [id_ for (id_,) in self._db.execute(query, (*self._values, high - low + 1, low))]
        return tuple(ids[position - low] for position in wanted)


class _Index:
    """Finds the profiles of a built catalogue, by its columns and its full-text index."""

    def __init__(self, profiles: _Profiles) -> None:
        # The profiles keep the connection open while the index is held.
        self._profiles = profiles
        self._db = profiles.db

    def find(
        self, folded: str | None, type_: OrganisationType | None, country: str | None
    ) -> Sequence[str]:
        """Give the ids of the profiles found, in order, as `Catalogue.find` finds them.

        They are counted, and read a slice at a time, when asked for (`_Matches`).
        """
        clauses: list[str] = []
        values: list[str] = []
        if type_ is not None:
            clauses.append("type = ?")
            values.append(type_.value)
        if country is not None:
            clauses.append("country = ?")
            values.append(country)
        if folded is not None:
            try:
                folded.encode()
            except UnicodeEncodeError:
                # A lone surrogate: no name (UTF-8 text) holds it.
                return ()
            # The index narrows the rows (where the text is long enough); the names decide.
            # FTS5 reads its query as C text, which ends at a NUL: such text is not given it.
            if len(folded) >= _TRIGRAM and "\x00" not in folded:
                clauses.append("ordinal IN (SELECT rowid FROM search WHERE search MATCH ?)")
                values.append('"' + folded.replace('"', '""') + '"')
            clauses.append("instr(names, ?) > 0")
            values.append(folded)
        return _Matches(self._db, " AND ".join(clauses) or "1", tuple(values))

    def entry(self, id_: str) -> CatalogueEntry:
        """Give what lists and links say of the profile *id_*, from its row of ``entries``."""
        row = self._db.execute("SELECT entry FROM entries WHERE id = ?", (id_,)).fetchone()
        if row is None:
            raise KeyError(id_)
        return loads(row[0], CatalogueEntry)
