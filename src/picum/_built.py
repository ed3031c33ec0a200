"""A built catalogue: a checked catalogue in one SQLite file, opened read-only wherever it is.

``picum build DIR -o FILE`` checks the catalogue in a folder as ``picum validate DIR`` does,
then writes it (`write_built_catalogue`) as one SQLite file: each profile in the wire format,
with the columns its filters read (type, country of the seat), the links both ways, and a
full-text index (FTS5, trigrams) of the folded names that search reads.

`Catalogue.from_built` opens it read-only and immutable: nothing is read at the start but its
header and the table ``about`` (the picum version that built it, how many profiles, a digest of
its content), whatever its size; a profile is read and decoded when it is asked for, and the
file's pages are shared by every process that opens it, through the operating system's cache.
`check_built_catalogue` reads the whole file and checks its digest, as ``picum validate FILE``
does.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from ._catalogue import Catalogue, MembershipLink, searched, seat
from ._files import write_file_by
from ._loading import open_regular
from ._organisation import Organisation, OrganisationType
from ._wire import dumps, loads


if TYPE_CHECKING:
    from collections.abc import Iterator


#: The first bytes of every SQLite file.
SQLITE_HEADER = b"SQLite format 3\x00"
#: The layout of the tables a built catalogue has; a file of another layout is built again.
LAYOUT = "picum catalogue 1"

_TABLES = (
    "CREATE TABLE about (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    # `ordinal` (the profiles' order, by id) is the row of the full-text index's entry.
    (
        "CREATE TABLE profiles (id TEXT PRIMARY KEY, ordinal INTEGER NOT NULL UNIQUE,"
        " type TEXT NOT NULL, country TEXT, names TEXT NOT NULL, document BLOB NOT NULL)"
        " WITHOUT ROWID"
    ),
    "CREATE INDEX profiles_by_type ON profiles (type, id)",
    "CREATE INDEX profiles_by_country ON profiles (country, id)",
    # `direction`: "members" (the links to `id`'s members) or "memberships" (to its networks).
    (
        "CREATE TABLE links (direction TEXT NOT NULL, id TEXT NOT NULL,"
        " position INTEGER NOT NULL, link BLOB NOT NULL,"
        " PRIMARY KEY (direction, id, position)) WITHOUT ROWID"
    ),
    # Contentless: the names are in `profiles`; the index only finds their rows.
    "CREATE VIRTUAL TABLE search USING fts5(names, tokenize = 'trigram', content = '')",
)
#: What the digest covers: every row of the tables, in their keys' order.
_CONTENT = (
    "SELECT id, ordinal, type, country, names, document FROM profiles ORDER BY id",
    "SELECT direction, id, position, link FROM links ORDER BY direction, id, position",
)
#: The shortest text the trigram index finds; shorter text is looked for in every name.
_TRIGRAM = 3


class BuiltCatalogueError(ValueError):
    """A file is no built catalogue this picum can serve: not one, incomplete, or changed.

    The message names the file and says what to do (``picum build`` it again, say).
    """

    __module__ = "picum"


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
    write_file_by(output, functools.partial(_write, catalogue), replace=replace)


def _write(catalogue: Catalogue, path: Path) -> None:
    """Write *catalogue* as a built catalogue, in the new, empty file at *path*."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        # One transaction, no journal: a build that fails leaves a file that is thrown away.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("BEGIN")
        for table in _TABLES:
            db.execute(table)
        for ordinal, (id_, org) in enumerate(catalogue.profiles.items()):
            names = searched(org)
            db.execute(
                "INSERT INTO profiles VALUES (?, ?, ?, ?, ?, ?)",
                (id_, ordinal, org.identity.type.value, seat(org), names, dumps(org)),
            )
            db.execute("INSERT INTO search (rowid, names) VALUES (?, ?)", (ordinal, names))
            for direction, links in (
                ("members", catalogue.members(id_)),
                ("memberships", catalogue.memberships(id_)),
            ):
                db.executemany(
                    "INSERT INTO links VALUES (?, ?, ?, ?)",
                    (
                        (direction, id_, position, dumps(link))
                        for position, link in enumerate(links)
                    ),
                )
        db.execute("INSERT INTO search (search) VALUES ('optimize')")
        about = {
            "layout": LAYOUT,
            "picum": _version(),
            "profiles": str(len(catalogue.profiles)),
            "sha256": _digest(db),
        }
        db.executemany("INSERT INTO about VALUES (?, ?)", about.items())
        db.execute("COMMIT")
        db.execute("ANALYZE")


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
    return _catalogue(db, _about(db, path))


def check_built_catalogue(path: str | Path) -> Catalogue:
    """Check the whole built catalogue *path*: its digest, and SQLite's own checks; give it.

    Raises `BuiltCatalogueError` where it cannot be served (as `Catalogue.from_built`) or where
    its content is not what was built (a change, a page lost), and `OSError` where it cannot be
    read.
    """
    db = _connect(path)
    about = _about(db, path)
    checked = db.execute("PRAGMA integrity_check").fetchone()[0]
    if checked != "ok" or _digest(db) != about["sha256"]:
        raise BuiltCatalogueError(
            f"{path}: its content is not what picum built (it changed since): build it again"
        )
    return _catalogue(db, about)


def _catalogue(db: sqlite3.Connection, about: Mapping[str, str]) -> Catalogue:
    """Give the built catalogue *db*, which says *about* itself what `_about` checked."""
    profiles = _Profiles(db, int(about["profiles"]))
    return Catalogue(
        profiles,
        _Links(db, "members", profiles),
        _Links(db, "memberships", profiles),
        _Index(db),
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
    if size != expected:
        raise BuiltCatalogueError(
            f"{path}: incomplete ({size:,} bytes of {expected:,}): copy or build it again"
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
    if about.get("layout") != LAYOUT or not about.keys() >= {"picum", "profiles", "sha256"}:
        raise BuiltCatalogueError(f"{path}: not a built catalogue (picum build DIR -o FILE)")
    if about["picum"] != _version():
        raise BuiltCatalogueError(
            f"{path}: built by picum {about['picum']}, not by this picum ({_version()}):"
            " build it again"
        )
    return about


class _Profiles(Mapping[str, Organisation]):
    """The profiles of a built catalogue, by id: each read and decoded when asked for."""

    def __init__(self, db: sqlite3.Connection, count: int) -> None:
        self._db = db
        self._count = count

    def __getitem__(self, id_: str) -> Organisation:
        row = self._db.execute("SELECT document FROM profiles WHERE id = ?", (id_,)).fetchone()
        if row is None:
            raise KeyError(id_)
        return loads(row[0], Organisation)

    def __contains__(self, id_: object) -> bool:
        found = self._db.execute("SELECT 1 FROM profiles WHERE id = ?", (id_,))
        return found.fetchone() is not None

    def __iter__(self) -> Iterator[str]:
        return (id_ for (id_,) in self._db.execute("SELECT id FROM profiles ORDER BY id"))

    def __len__(self) -> int:
        return self._count


class _Links:
    """The links of each profile of a built catalogue in one *direction*, by the profile's id."""

    def __init__(self, db: sqlite3.Connection, direction: str, profiles: _Profiles) -> None:
        self._db = db
        self._direction = direction
        self._profiles = profiles

    def __getitem__(self, id_: str) -> tuple[MembershipLink, ...]:
        if id_ not in self._profiles:
            raise KeyError(id_)
        rows = self._db.execute(
            "SELECT link FROM links WHERE direction = ? AND id = ? ORDER BY position",
            (self._direction, id_),
        )
        return tuple(loads(link, MembershipLink) for (link,) in rows)


class _Index:
    """Finds the profiles of a built catalogue, by its columns and its full-text index."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def find(
        self, folded: str | None, type_: OrganisationType | None, country: str | None
    ) -> tuple[str, ...]:
        """Give the ids of the profiles found, in order, as `Catalogue.find` finds them."""
        clauses: list[str] = []
        values: list[str] = []
        if type_ is not None:
            clauses.append("type = ?")
            values.append(type_.value)
        if country is not None:
            clauses.append("country = ?")
            values.append(country)
        if folded is not None:
            # The index narrows the rows (where the text is long enough); the names decide.
            if len(folded) >= _TRIGRAM:
                clauses.append("ordinal IN (SELECT rowid FROM search WHERE search MATCH ?)")
                values.append('"' + folded.replace('"', '""') + '"')
            clauses.append("instr(names, ?) > 0")
            values.append(folded)
        where = " AND ".join(clauses) or "1"
        # The clauses are this method's own; every value is a parameter.
        query = f"SELECT id FROM profiles WHERE {where} ORDER BY id"  # noqa: S608
        return tuple(id_ for (id_,) in self._db.execute(query, values))
