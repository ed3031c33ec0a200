"""The API as static files, for any static host or CDN: what ``picum export-static`` writes."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import itertools
import json
import os
import re
import shutil
import signal
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict, cast
from urllib.parse import parse_qsl, urlsplit

import attrs

import picum
from picum._catalogue import mapped
from picum._files import rename_new

from ._app import create_app
from ._catalogue import CatalogueRepresentations
from ._http import FORMATS
from ._page_policy import merge_policies
from ._query import DEFAULT_LIMIT, Query
from ._representations import page_url
from ._static_hosts import (
    CODING_EXTENSIONS,
    HEADERS,
    KINDS,
    NGINX,
    ExportedFile,
    Kind,
    headers_file,
    nginx_config,
)
from ._versions import ORGANISATIONS, VERSIONS, organisation_path


if TYPE_CHECKING:
    from collections.abc import Generator, Iterable
    from collections.abc import Set as AbstractSet

    from litestar import Litestar

    from ._http import Representation, Variants
    from ._representations import Representations

    #: The headers every file of a kind has alike, by kind and format (`Kind.headers`).
    KindHeaders = dict[tuple[Kind, str], dict[str, str]]


class ManifestCoding(TypedDict):
    """A compressed form of an exported file: its content coding, ETag and file."""

    coding: str
    etag: str
    file: str


class ManifestEntry(TypedDict):
    """An exported file: the URL the API serves it at, its media type, ETag, file and codings."""

    url: str
    media_type: str
    etag: str
    file: str
    codings: list[ManifestCoding]


MANIFEST = "manifest.json"
#: The list of a catalogue's files, a line each, in the order of their names: read a line at a
#: time, never whole.
ORGANISATIONS_MANIFEST = "organisations.jsonl"
#: The licence notice beside the exported files, which carry the profile's text.
LICENCE_NOTICE = "LICENSE"
#: The manifest's field giving the SHA-256 digest (hex) of each file it lists no ETag for.
DIGESTS = "sha256"


def licence_notice(profile: picum.Organisation) -> str:
    """Write the export's licence notice: the data's licence and how to attribute it."""
    licence = profile.licence
    return (
        f"The files in this folder publish the profile {profile.id!r}, as picum serves it"
        " (schema/openapi.json describes the API that serves it).\n\n"
        f"Licence: {licence.name} ({licence.spdx_id})\n{licence.url}\n\n"
        f"Attribution: {profile.attribution}\n\n"
        "Reuse them under that licence, attributing them as above. The sources of the facts"
        f" are listed in {VERSIONS[-1].prefix.lstrip('/')}/sources.json.\n\n"
        f"{NGINX} and {HEADERS} are no data: they make a web server (nginx, or a host that"
        " reads _headers) serve the files with the API's URLs and headers.\n"
    )


def file_name(url: str, representation: Representation) -> str:
    """Name the file of one representation of the resource at *url*, relative to the export.

    ``/`` is ``index.json`` and ``index.html``, ``/v1`` is ``v1/index.json`` (and so for each
    version); a page of a list is named after its query:

    >>> from picum_api._http import Representation
    >>> bib = Representation.from_body(b"", "bibtex", {})
    >>> file_name("/v1/citations", bib), file_name("/v1/citations?offset=50&limit=50", bib)
    ('v1/citations.bib', 'v1/citations.offset-50.limit-50.bib')
    """
    parts = urlsplit(url)
    path = parts.path.strip("/")
    if "/" not in path:
        path = f"{path}/index".lstrip("/")
    query = "".join(f".{key}-{value}" for key, value in parse_qsl(parts.query))
    return f"{path}{query}{FORMATS[representation.format].extension}"


def export_static(
    directory: str | Path,
    data: picum.Organisation | picum.Catalogue | None = None,
    *,
    default: str | None = None,
    processes: int = 1,
) -> list[ManifestEntry]:
    """Write every representation of every resource of the API, and the OpenAPI document, as files.

    The API is that of *data*: a profile alone (default: the bundled PICUM profile, without
    its catalogue), or a catalogue with its *default* organisation, as `create_app` takes them.
    Returns the list of ``manifest.json``'s files (a catalogue's organisations aside).
    A catalogue opened from the file ``picum build`` wrote is written by up to *processes* at
    once (one per core: ``os.cpu_count()``), each opening the file.

    Each file holds the very bytes the live API serves; where the API serves a representation
    compressed too, its compressed forms are beside it (``X.br``, ``X.gz``), as static hosts
    look for them. ``manifest.json`` gives the data's licence and attribution, and lists the
    files: for each, the API URL, the media type, the ETag, the file, and its compressed forms
    (``codings``: the coding, the ETag, the file), and the SHA-256 digests of the files without an
    ETag (``sha256``: ``LICENSE``, ``nginx.conf``, ``_headers``). ``LICENSE`` says the licence and
    attribution in words. ``nginx.conf`` and ``_headers`` make a static host answer as the API
    does.

    A catalogue's organisations are written too (`_write_organisations`): every page of
    ``/v2/organisations``, and each organisation's profile in every format and every page of its
    members and memberships. They are listed in ``organisations.jsonl``, an entry as
    ``manifest.json``'s per line, in the order of the files' names, never to be read whole
    (``manifest.json``'s ``sha256`` gives its digest); the host configurations serve them by a
    rule per kind of path (`KINDS`), whatever their number.

    The export is built in a new folder beside *directory*, then put in its place: a previous
    export there is replaced whole (no file of it stays), and kept as it was if anything fails.
    *directory* must be absent, empty, or provably a previous export, unedited: its
    ``manifest.json`` in the export's form, exactly the files it lists, each with the bytes the
    manifest's ETag or digest names (`_not_an_export`). Anything else (an export you edited, or
    one by a picum that recorded no digests, too), a path through a missing folder and ``..``, a
    link, and the current folder or one holding it raise `OSError` and are left as they are; no
    link is followed. The folder is proved so again
    when it is put aside, after the export is built: one changed meanwhile (a file added, a
    folder made where there was none) is left as it is too, and `OSError` raised (`_replace`).
    """
    final = Path(directory)
    _check_path(final)
    existed = _check_replaceable(final)
    root = _new_folder_beside(final)
    try:
        # A profile alone (the bundled PICUM's by default): its pages link to no catalogue page,
        # which the export would not hold.
        alone = picum.load() if data is None else data
        built = _Built.of(alone.file) if isinstance(alone, picum.Catalogue) and alone.file else None
        manifest = _write_export(root, create_app(alone, default=default).litestar, processes)
        if built is not None:
            built.check()
        _replace(final, root, existed=existed)
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return manifest


def _write_export(root: Path, app: Litestar, processes: int) -> list[ManifestEntry]:
    representations: Representations = app.state.representations
    organisation = representations.org
    openapi: Variants = app.state.openapi
    files: list[ExportedFile] = []
    resources = [*representations.resources(), ("/schema/openapi.json", openapi)]
    for url, variants in resources:
        for representation in variants:
            name = (
                "schema/openapi.json"
                if url == "/schema/openapi.json"
                else file_name(url, representation)
            )
            _write_files(root, name, representation)
            extension = FORMATS[representation.format].extension
            files.append(
                ExportedFile(url=url, representation=representation, file=name, extension=extension)
            )
    manifest = [_entry(exported.url, exported.representation, exported.file) for exported in files]
    catalogue: CatalogueRepresentations | None = getattr(app.state, "catalogue", None)
    kinds: KindHeaders = {}
    unlisted = {LICENCE_NOTICE: licence_notice(organisation).encode()}
    if catalogue is not None:
        # Made again, not kept: each answer is written once, and only what is being written
        # is held.
        made = CatalogueRepresentations(
            catalogue.catalogue, lambda _key, make: make(), catalogue.address
        )
        kinds = _write_organisations(root, made, processes)
        unlisted[ORGANISATIONS_MANIFEST] = (root / ORGANISATIONS_MANIFEST).read_bytes()
    configs = {
        NGINX: nginx_config(
            files, representations.list_editions, representations.dated, kinds
        ).encode(),
        HEADERS: headers_file(files, kinds).encode(),
    }
    document = {
        "licence": organisation.licence,
        "attribution": organisation.attribution,
        "files": manifest,
        DIGESTS: {
            name: hashlib.sha256(data).hexdigest() for name, data in {**unlisted, **configs}.items()
        },
    }
    _write_new(root / MANIFEST, picum.dumps(document, pretty=True))
    for name, data in {**unlisted, **configs}.items():
        if name != ORGANISATIONS_MANIFEST:
            _write_new(root / name, data)
    return manifest


def _entry(url: str, representation: Representation, file: str) -> ManifestEntry:
    """List the file of one representation, at *url*, and its compressed forms."""
    return {
        "url": url,
        "media_type": representation.media_type,
        "etag": representation.etag,
        "file": file,
        "codings": [
            {
                "coding": coded.coding or "",
                "etag": coded.etag,
                "file": f"{file}{CODING_EXTENSIONS[coded.coding or '']}",
            }
            for coded in representation.codings
        ],
    }


def _write_files(root: Path, name: str, representation: Representation) -> None:
    """Write *representation*'s body to the file *name*, and its compressed forms beside it."""
    target = root / name
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_new(target, representation.body)
    for coded in representation.codings:
        _write_new(root / f"{name}{CODING_EXTENSIONS[coded.coding or '']}", coded.body)


def _write_organisations(root: Path, made: CatalogueRepresentations, processes: int) -> KindHeaders:
    """Write every file of the catalogue's organisations, and list them in their manifest.

    A few organisations' files are made, written and listed before the next's are made, by up
    to *processes* at once where the catalogue is a built file (each opens it): what is held
    does not grow with the catalogue (but its ids). Gives the headers every file of each kind
    and format has alike (for the pages' Content-Security-Policy, a policy that allows what any
    page's does).
    """
    catalogue = made.catalogue
    # Each process opens the file the catalogue was opened from, and checks that it still is.
    source = made if catalogue.file is None else _Built.of(catalogue.file)
    # Names sort as the ids do, but where one id and "-" begin another: "a-b/" before "a.json".
    ids = sorted(catalogue.profiles, key=lambda id_: f"{id_}.")
    tasks = [(root, source, tuple(ids[at : at + _IDS])) for at in range(0, len(ids), _IDS)]
    kinds: KindHeaders = {}
    with (root / ORGANISATIONS_MANIFEST).open("xb") as manifest:
        pages = _written(root, [_list_pages(made)])
        with mapped(_write_ids, tasks, processes if source != made else 1, chunk=1) as written:
            for lines, found in itertools.chain([pages], written):
                manifest.write(lines)
                for key, headers in found.items():
                    _alike(kinds, key, headers)
    return kinds


#: How many organisations' files a process writes for each message it sends back.
_IDS = 64


@attrs.frozen
class _Built:
    """A built catalogue's file, as it was when the export began: opened again by each task."""

    path: Path
    #: What tells this file from one put in its place since (`picum build --force`).
    identity: tuple[int, int, int, int]

    @classmethod
    def of(cls, path: Path) -> _Built:
        """Give the file at *path*, as it is now."""
        return cls(path, _identity(path))

    def opened(self) -> CatalogueRepresentations:
        """Open the file, to make some organisations' answers, none kept.

        Opening reads only what the file says about itself: once per task costs little, and
        the file is closed with the task, wherever it runs. Raises `picum.BuiltCatalogueError`
        if it is no longer the file the export began with, which would mix two catalogues.
        """
        catalogue = picum.Catalogue.from_built(self.path)
        self.check()
        return CatalogueRepresentations(catalogue, lambda _key, make: make())

    def check(self) -> None:
        """Raise `picum.BuiltCatalogueError` if another file has been put in this one's place."""
        if _identity(self.path) != self.identity:
            raise picum.BuiltCatalogueError(
                f"{self.path}: replaced while it was exported (built again?): export it again"
            )


def _identity(path: Path) -> tuple[int, int, int, int]:
    status = path.stat()
    return status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns


#: What the organisations' files are made from: the catalogue's representations, or, in
#: another process, its built file, to open.
Source = CatalogueRepresentations | _Built


def _write_ids(task: tuple[Path, Source, tuple[str, ...]]) -> tuple[bytes, KindHeaders]:
    """Write the files of some organisations: give their manifest's lines and kinds' headers."""
    root, source, ids = task
    made = source if isinstance(source, CatalogueRepresentations) else source.opened()
    return _written(root, (_organisation(made, id_) for id_ in ids))


def _written(
    root: Path, groups: Iterable[list[tuple[Kind, str, Variants]]]
) -> tuple[bytes, KindHeaders]:
    """Write the files of *groups* of resources: give their manifest's lines, kinds' headers.

    The lines of a group are in the order of their files' names.
    """
    kinds: KindHeaders = {}
    lines: list[bytes] = []
    for group in groups:
        entries: list[tuple[str, ManifestEntry]] = []
        for kind, url, variants in group:
            for representation in variants:
                name = file_name(url, representation)
                _write_files(root, name, representation)
                entries.append((name, _entry(url, representation, name)))
                _alike(kinds, (kind, representation.format), representation.headers)
        lines += (picum.dumps(entry) + b"\n" for _, entry in sorted(entries, key=_first))
    return b"".join(lines), kinds


def _first(named: tuple[str, ManifestEntry]) -> str:
    return named[0]


def _list_pages(made: CatalogueRepresentations) -> list[tuple[Kind, str, Variants]]:
    """Give the pages of the list of the catalogue's organisations, their kind and URL."""
    every = _pages(ORGANISATIONS, len(made.catalogue.profiles))
    return [(KINDS[0], url, made.found(Query(offset=offset))) for url, offset in every]


def _organisation(made: CatalogueRepresentations, id_: str) -> list[tuple[Kind, str, Variants]]:
    """Give the resources of the organisation *id_*, their kind and URL.

    Its profile, and the pages of its members and memberships.
    """
    _, profile_kind, links_kind = KINDS
    catalogue = made.catalogue
    group = [(profile_kind, organisation_path(id_), made.profile(id_))]
    for name, links, page in (
        ("members", catalogue.members(id_), made.members),
        ("memberships", catalogue.memberships(id_), made.memberships),
    ):
        group += [
            (links_kind, url, page(id_, offset, DEFAULT_LIMIT))
            for url, offset in _pages(f"{organisation_path(id_)}/{name}", len(links))
        ]
    return group


def _pages(path: str, items: int) -> list[tuple[str, int]]:
    """Give the URL and offset of each page of a list of *items* at *path* (one if it is empty)."""
    return [
        (page_url(path, offset, DEFAULT_LIMIT), offset)
        for offset in range(0, max(items, 1), DEFAULT_LIMIT)
    ]


def _alike(kinds: KindHeaders, key: tuple[Kind, str], headers: dict[str, str]) -> None:
    """Keep, of the headers of *key*'s files so far, those *headers* has alike, but the ETag.

    A Content-Security-Policy is kept as one that allows what each page's allows.
    """
    own = {name: value for name, value in headers.items() if name != "ETag"}
    kept = kinds.setdefault(key, own)
    if kept is own:
        return
    policy = "Content-Security-Policy"
    if policy in kept and policy in own:
        own[policy] = kept[policy] = merge_policies(kept[policy], own[policy])
    kinds[key] = {name: value for name, value in kept.items() if own.get(name) == value}


def _write_new(path: Path, data: bytes) -> None:
    """Write *data* to a file that must not exist yet: never through a link, never over a file."""
    with path.open("xb") as file:
        file.write(data)


def _check_path(directory: Path) -> None:
    """Refuse a *directory* that goes through a missing folder and back (``nope/..``).

    The system would resolve it only once that folder exists: the export would make it, then find
    the name taken by the folder above.
    """
    parts = directory.parts
    for index, part in enumerate(parts):
        through = Path(*parts[:index])
        if part == ".." and not through.is_dir():
            raise OSError(
                errno.ENOENT,
                f"{through} is not a folder, so '..' after it names none; give DIR without it",
                str(directory),
            )


def _check_replaceable(directory: Path) -> bool:
    """Refuse to replace anything but an empty folder or one that is provably an earlier export.

    The folder may not be a link, nor the current folder or one holding it (``export-static .``
    would pull the folder from under the command). `_not_an_export` says what proves an export.
    Tells whether there is a folder to replace (`False`: the name is free).
    """
    try:
        mode = directory.lstat().st_mode
    except FileNotFoundError:
        return False
    if stat.S_ISDIR(mode):
        here = Path.cwd()
        # Its real path: the folder is no link, the folders above it may be.
        real = Path(os.path.realpath(directory))
        if real == here or real in here.parents:
            raise OSError(
                errno.EBUSY,
                "the current folder, or one that holds it; export to another folder",
                str(directory),
            )
    refusal = _refusal(directory)
    if refusal is not None:
        raise OSError(*refusal, str(directory))
    return True


def _refusal(folder: Path) -> tuple[int, str] | None:
    """Say why *folder* may not be replaced (an error number, a reason); `None` if it may."""
    mode = folder.lstat().st_mode
    if stat.S_ISLNK(mode):
        return errno.ELOOP, "a symbolic link; not following it"
    if not stat.S_ISDIR(mode):
        return errno.ENOTDIR, "not a folder"
    if not any(folder.iterdir()):
        return None
    why = _not_an_export(folder)
    if why is None:
        return None
    return errno.EEXIST, why


#: The largest manifest read to tell an earlier export; an export's is some hundred KB.
_MAX_MANIFEST_BYTES = 16 * 1024 * 1024
#: The largest listed file read to prove it unedited; the largest an export holds is some MB.
_MAX_LISTED_BYTES = 256 * 1024 * 1024
_UNLISTED = (LICENCE_NOTICE, NGINX, HEADERS)
_KEEP = "; not replacing it: move or delete it yourself to replace it"


def _not_an_export(directory: Path) -> str | None:
    """Say why the folder *directory* is not provably an earlier, unedited export; `None` if it is.

    An export holds a ``manifest.json`` that is JSON in the export's form (`_files_of`), and
    exactly the files it lists (and ``LICENSE``, ``nginx.conf``, ``_headers``), in the folders
    their names give: no other file or folder, no link, none of them missing; each has the bytes
    its ETag (or, for those three, its digest) in the manifest names. A web app's
    ``manifest.json``, a folder an export was copied into, an export with files added or edited,
    or one by a picum that recorded no digests is not one. An export of a catalogue holds its
    organisations' files too, as its ``organisations.jsonl`` lists them (`_organisations_unedited`).
    """
    listed = _listed_and_there(directory)
    if isinstance(listed, str):
        return _not_one(listed)
    digests, others = listed
    edited = _edited(directory, digests)
    if edited is None and ORGANISATIONS_MANIFEST in digests:
        return _organisations_unedited(directory, digests.keys(), others)
    return edited


def _not_one(why: str) -> str:
    return f"not an earlier export of picum ({why}); not replacing it"


def _listed_and_there(directory: Path) -> tuple[dict[str, str | None], int] | str:
    """Return the files the manifest of *directory* lists, if those are there; else why not.

    And how many other files are there: none, but in an export of a catalogue, whose list
    `_organisations_unedited` reads.
    """
    if not os.path.lexists(directory / MANIFEST):
        return f"it has no {MANIFEST}"
    digests = _listed_files(directory / MANIFEST)
    if digests is None:
        return f"its {MANIFEST} is not the manifest of an export"
    listed = digests.keys() | {MANIFEST}
    # A catalogue's files are listed apart, never held whole: those of its folders are counted
    # here, and proved one by one against its list (`_organisations_unedited`).
    catalogue = ORGANISATIONS_MANIFEST in digests
    walked = _walk(directory, listed, catalogue=catalogue)
    if isinstance(walked, str):
        return walked
    found, others = walked
    missing = sorted(listed - found)
    if missing:
        return f"{missing[0]}, which its {MANIFEST} lists, is missing"
    return digests, others


def _walk(directory: Path, listed: set[str], *, catalogue: bool) -> tuple[set[str], int] | str:
    """Find which of the *listed* files are in *directory*, and how many others; or say why not.

    Only *listed* files and their folders may be there, but, in a *catalogue*'s export, files
    and folders that its list is to prove (none empty: every folder an export makes holds a
    file). No link is followed.
    """
    folders = {str(parent) for name in listed for parent in Path(name).parents} - {"."}
    pending = [directory]
    found: set[str] = set()
    others = 0
    while pending:
        folder = pending.pop()
        with os.scandir(folder) as entries:
            empty = True
            for entry in entries:
                empty = False
                name = Path(entry.path).relative_to(directory).as_posix()
                if entry.is_symlink():
                    return f"it holds {name}, a symbolic link"
                if entry.is_dir(follow_symlinks=False) and (catalogue or name in folders):
                    pending.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False) and name in listed:
                    found.add(name)
                elif catalogue and entry.is_file(follow_symlinks=False):
                    others += 1
                else:
                    return f"it holds {name}, which its {MANIFEST} does not list"
        if empty and folder != directory:
            name = folder.relative_to(directory).as_posix()
            return f"it holds {name}, an empty folder, which its {MANIFEST} does not list"
    return found, others


#: The name of a file of a catalogue's organisations, as the export writes it: under
#: ``v2/organisations``, in folders of ids, with no empty, ``.`` or ``..`` part.
_ORGANISATION_FILE = re.compile(
    rf"{ORGANISATIONS.lstrip('/')}(\.[a-z0-9.-]+|/[a-z0-9-]+(/[a-z0-9-]+)?\.[a-z0-9.-]+)"
)


def _organisations_unedited(directory: Path, listed: AbstractSet[str], others: int) -> str | None:
    """Say why the files of a catalogue's organisations are not those listed; `None` if they are.

    Its list (``organisations.jsonl``, whose digest `_edited` proved) is read a line at a time:
    each file (and compressed form) there, with the bytes its ETag names, in the order of their
    names, so that none is listed twice; and as many as the *others* found besides the
    *listed*, so that none is there unlisted.
    """
    fd = os.open(directory / ORGANISATIONS_MANIFEST, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    previous = ""
    count = 0
    with os.fdopen(fd, "rb") as lines:
        for line in lines:
            files = _line_files(line)
            names = list(files or {})
            # Every name the list gives is an organisation's, once: in order, and as written.
            if (
                files is None
                or not listed.isdisjoint(files)
                or any(
                    name <= before or not _ORGANISATION_FILE.fullmatch(name)
                    for before, name in zip([previous, *names], names, strict=False)
                )
            ):
                return _not_one(
                    f"its {ORGANISATIONS_MANIFEST} is not the list of an export's files"
                )
            previous = names[-1]
            for name, etag in files.items():
                if not os.path.lexists(directory / name):
                    return _not_one(f"{name}, which its {ORGANISATIONS_MANIFEST} lists, is missing")
                if not _holds(directory / name, etag):
                    return (
                        f"an earlier export of picum, but its {name} is not as picum wrote it: it"
                        f" differs from what its {ORGANISATIONS_MANIFEST} records{_KEEP}"
                    )
            count += len(files)
    if count != others:
        return _not_one(f"it holds files its {ORGANISATIONS_MANIFEST} does not list")
    return None


def _line_files(line: bytes) -> dict[str, str] | None:
    """Return the files a line of ``organisations.jsonl`` lists, by ETag; `None` if no entry's."""
    try:
        return _entry_files(json.loads(line))
    except (ValueError, RecursionError):
        return None


def _holds(path: Path, etag: str) -> bool:
    """Tell whether *path* is a regular file with the bytes *etag* names (`_edited`)."""
    actual = _sha256(path)
    return actual is not None and etag == f'"{actual[:32]}"'


def _edited(directory: Path, digests: dict[str, str | None]) -> str | None:
    """Say which listed file does not have the bytes the manifest names; `None` if all have.

    The manifest gives each file's ETag (the first 32 hex digits of its SHA-256, quoted) or, for
    ``LICENSE``, ``nginx.conf`` and ``_headers``, its whole SHA-256; a manifest without the latter
    was written by a picum that did not record them, and proves nothing of those files.
    """
    for name, expected in sorted(digests.items()):
        if expected is None:
            return (
                f"made by an earlier picum: its {MANIFEST} records no digest of {name}, so"
                f" {name} may have been edited{_KEEP}"
            )
        whole = name in _UNLISTED or name == ORGANISATIONS_MANIFEST
        # A catalogue's list grows with it, and is read in chunks: it has no bound of its own.
        actual = _sha256(
            directory / name, None if name == ORGANISATIONS_MANIFEST else _MAX_LISTED_BYTES
        )
        if actual is None or expected != (actual if whole else f'"{actual[:32]}"'):
            return (
                f"an earlier export of picum, but its {name} is not as picum wrote it: it differs"
                f" from what its {MANIFEST} records{_KEEP}"
            )
    return None


def _sha256(path: Path, most: int | None = _MAX_LISTED_BYTES) -> str | None:
    """Hash the regular file at *path* (hex), read in chunks; `None` if it is none, or over *most*.

    No link is followed, no pipe waited on.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    status = os.fstat(fd)
    if not stat.S_ISREG(status.st_mode):
        # A folder, say, where a file is listed: no file object is made of it.
        os.close(fd)
        return None
    with os.fdopen(fd, "rb") as file:
        if most is not None and status.st_size > most:
            return None
        return hashlib.file_digest(file, "sha256").hexdigest()


def _listed_files(manifest: Path) -> dict[str, str | None] | None:
    """Return the files an export's *manifest* lists, each with its ETag or digest (`_files_of`).

    `None` if it is no such manifest.
    """
    status = manifest.lstat()
    if not stat.S_ISREG(status.st_mode) or status.st_size > _MAX_MANIFEST_BYTES:
        return None
    try:
        document: object = json.loads(manifest.read_bytes())
    except (ValueError, RecursionError):
        # Nesting deeper than the parser's recursion limit is no manifest picum writes.
        return None
    return _files_of(document)


def _files_of(document: object) -> dict[str, str | None] | None:
    """Return the files a manifest lists, with their ETags or digests, if it is in picum's form.

    That form: the licence, an object of its SPDX identifier, name and address; the attribution;
    one file or more, each with its URL (a path), media type, ETag, file and compressed forms
    (each a coding picum writes, with its ETag and the file's name and extension); and the
    SHA-256 of ``LICENSE``, ``nginx.conf`` and ``_headers`` (absent from the manifests of picum
    before it recorded them: their digests are then `None`). Every value is text, nothing is
    empty, and no field is missing or added. `None` if the manifest is not in that form.
    """
    fields, recorded = _digests_of(document)
    if fields is None or _fields(fields["licence"], ["spdx_id", "name", "url"]) is None:
        return None
    entries = fields["files"]
    if not isinstance(entries, list) or not entries:
        return None
    for value in cast("list[object]", entries):
        files = _entry_files(value)
        if files is None:
            return None
        recorded.update(files)
    return recorded


def _entry_files(value: object) -> dict[str, str] | None:
    """Return the files a manifest's entry lists (its own, then its compressed forms'), by ETag.

    `None` if *value* is no entry in picum's form (`_files_of`).
    """
    entry = _fields(value, ["url", "media_type", "etag", "file"], "codings")
    if entry is None or not str(entry["url"]).startswith("/"):
        return None
    recorded = {str(entry["file"]): str(entry["etag"])}
    codings = entry["codings"]
    if not isinstance(codings, list):
        return None
    for coded_value in cast("list[object]", codings):
        coded = _fields(coded_value, ["coding", "etag", "file"])
        extension = CODING_EXTENSIONS.get(str(coded["coding"])) if coded else None
        if coded is None or coded["file"] != f"{entry['file']}{extension}":
            return None
        recorded[str(coded["file"])] = str(coded["etag"])
    return recorded


def _digests_of(document: object) -> tuple[dict[str, object] | None, dict[str, str | None]]:
    """Return the manifest's fields (`None` if not an object of them) and its files' digests.

    The digests are `None` where the manifest records none (picum before it did).
    """
    fields = _fields(document, ["attribution"], "licence", "files", DIGESTS)
    if fields is None:
        return _fields(document, ["attribution"], "licence", "files"), dict.fromkeys(_UNLISTED)
    digests = _fields(fields[DIGESTS], list(_UNLISTED)) or _fields(
        fields[DIGESTS], [*_UNLISTED, ORGANISATIONS_MANIFEST]
    )
    if digests is None:
        return None, {}
    return fields, {name: str(digest) for name, digest in digests.items()}


def _fields(value: object, texts: list[str], *others: str) -> dict[str, object] | None:
    """Return *value* if it is a JSON object of exactly *texts* (texts, not empty) and *others*."""
    if not isinstance(value, dict):
        return None
    fields = cast("dict[str, object]", value)  # a JSON object's names are text
    if fields.keys() != {*texts, *others}:
        return None
    if not all(isinstance(fields[name], str) and fields[name] for name in texts):
        return None
    return fields


def _new_folder_beside(directory: Path) -> Path:
    """Make an empty folder next to *directory*, on the same file system, readable as usual."""
    directory.absolute().parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.absolute().parent))
    umask = os.umask(0)
    os.umask(umask)
    folder.chmod(0o777 & ~umask)  # mkdtemp's folder is private; an export is to be published
    return folder


def _replace(directory: Path, new: Path, *, existed: bool) -> None:
    """Put the folder *new* in the place of *directory*, unless that changed since it was checked.

    Where *directory* was absent (*existed* false), *new* takes the name only if it is still free.
    Otherwise the folder there is first moved aside, in one rename (no one reaches it by its name
    any more), and proved once more replaceable as it was at the check (`_refusal`): an empty
    folder or an earlier export. Only then is it deleted. If it is not (a file added to it while
    the export was built, say), or anything else fails, it is put back (`_put_back`) and
    `OSError` names *directory*.
    """
    if not existed:
        _take_name(new, directory)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{directory.name}.old.", dir=new.parent))
    with _signals_held():
        previous = old / "export"
        try:
            directory.rename(previous)
        except FileNotFoundError:
            # Removed while the export was built: nothing to keep.
            old.rmdir()
            _take_name(new, directory)
            return
        try:
            _prove_again(previous, directory)
            _take_name(new, directory)
        except BaseException:
            _put_back(previous, directory)
            raise
        shutil.rmtree(old)


#: The signals that stop an export (Ctrl-C, a service manager's stop).
_STOPS = frozenset({signal.SIGINT, signal.SIGTERM})


@contextlib.contextmanager
def _signals_held() -> Generator[None]:
    """Hold SIGINT and SIGTERM back while inside, and let them act on leaving.

    A signal handled between a rename and the ``try`` that would undo it would leave *directory*
    put aside, or the new export taken for a folder made meanwhile: the swap is done or undone
    whole, then the signal stops the command.
    """
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _prove_again(previous: Path, directory: Path) -> None:
    """Refuse to replace the folder put aside, *previous*, unless it still may be (`_refusal`)."""
    refusal = _refusal(previous)
    if refusal is not None:
        code, reason = refusal
        raise OSError(code, f"changed while the export was built: {reason}", str(directory))


def _take_name(new: Path, directory: Path) -> None:
    """Rename the folder *new* to *directory*, a name that must be free (`rename_new`)."""
    try:
        rename_new(new, directory)
    except FileExistsError:
        raise OSError(
            errno.EEXIST, "made while the export was built; not replacing it", str(directory)
        ) from None


def _put_back(previous: Path, directory: Path) -> None:
    """Move the folder *previous*, put aside, back to its name *directory*, then remove its aside.

    If the name was taken again meanwhile, nothing there is replaced: the folder is kept beside
    it, as ``DIR.kept.XXXX/DIR``, and `OSError` says where.
    """
    aside = previous.parent
    try:
        rename_new(previous, directory)
    except FileExistsError:
        kept = Path(tempfile.mkdtemp(prefix=f"{directory.name}.kept.", dir=aside.parent))
        previous.rename(kept / directory.name)
        aside.rmdir()
        raise OSError(
            errno.EEXIST,
            "changed while the export was built, and made again since; not replacing it. What"
            f" was there is kept in {kept / directory.name}",
            str(directory),
        ) from None
    aside.rmdir()
