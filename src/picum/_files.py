"""Writing files so that nothing is lost: atomically, not through a link, not over a file unasked.

Every file the ``picum`` command writes is written here. Each is first written whole to a new
temporary file in the same folder, flushed to the disk, then renamed into place, so that a
reader (or a crash) sees the old file or the new one, never a part. A failure (a full disk, the
file size limit, a folder where the file should be, a folder that cannot be written) leaves what
was there before and no temporary file behind.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import stat
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


#: The C library's ``renameat2`` (Linux), which can rename without replacing; `None` elsewhere.
_RENAMEAT2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
_AT_FDCWD = -100
_RENAME_NOREPLACE = 1
#: What ``renameat2`` fails with where the system or the file system cannot rename so.
_NO_RENAMEAT2 = frozenset({errno.ENOSYS, errno.EINVAL})


class FileExists(FileExistsError):  # noqa: N818 - a FileExistsError, named as the standard one
    """The file to write exists already, and replacing it was not asked for (``--force``)."""


def write_file(path: str | Path, data: bytes, *, replace: bool = False) -> None:
    """Write *data* as the file at *path*, atomically; see `write_files`."""
    write_files([(Path(path), data)], replace=replace)


def write_files(files: Sequence[tuple[Path, bytes]], *, replace: bool = False) -> None:
    """Write each ``(path, data)`` of *files*, atomically, as one unit as far as a folder allows.

    Every file is written to its temporary file first; only when all are written whole are they
    renamed into place, in order: a failure while writing leaves none of them, and a file this
    call created is removed if a later one cannot be put in place. A file that exists is
    replaced only if *replace* is true, keeping its permissions; one that holds *data* already
    is left as it is. A symbolic link, a folder or anything but a regular file is never written
    to, nor through. Raises `OSError` naming the file that could not be written (`FileExists`
    where it exists and *replace* is false).
    """
    temporaries: list[tuple[Path, Path]] = []
    created: list[Path] = []
    current = Path()
    try:
        for path, data in files:
            current = path
            if _needs_writing(path, data, replace=replace):
                temporaries.append((_write_temporary(path, data), path))
        for temporary, path in temporaries:
            current = path
            if not _install(temporary, path, replace=replace):
                created.append(path)
    except BaseException as exc:
        for temporary, _ in temporaries:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
        for path in created:
            path.unlink()
        if isinstance(exc, OSError):
            raise _naming(exc, current) from None
        raise


def _naming(exc: OSError, path: Path) -> OSError:
    """Return *exc* naming *path*: the file the user asked for, not a temporary one."""
    if isinstance(exc, FileExistsError):
        return FileExists(errno.EEXIST, "it exists already", str(path))
    return OSError(exc.errno, exc.strerror or str(exc), str(path))


def write_file_by(
    path: str | Path, write: Callable[[Path], None], *, replace: bool = False
) -> None:
    """Write the file at *path* by calling *write* with a new file's path, atomically.

    For a file too large to hold in memory (a built catalogue): *write* writes the new, empty
    file whose path it is given, beside *path*; it is then flushed to the disk and renamed into
    place, as `write_files` does, under the same rules, except that a file that exists is
    always written again where *replace* allows it. Raises `OSError` naming *path* (`FileExists`
    where it exists and *replace* is false); whatever *write* raises leaves no file behind.
    """
    path = Path(path)
    try:
        _writable(path, replace=replace)
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        os.close(fd)
        temporary = Path(name)
        try:
            write(temporary)
            with temporary.open("rb+") as file:
                os.fsync(file.fileno())
            temporary.chmod(_mode_for(path))
            _install(temporary, path, replace=replace)
        finally:
            with contextlib.suppress(FileNotFoundError):
                temporary.unlink()
    except OSError as exc:
        raise _naming(exc, path) from None


def _needs_writing(path: Path, data: bytes, *, replace: bool) -> bool:
    """Check that *path* may be written; tell whether it needs to be (it may hold *data*)."""
    status = _writable(path, replace=True)
    if status is None:
        return True
    if status.st_size == len(data) and path.read_bytes() == data:
        return False
    if not replace:
        raise FileExistsError(errno.EEXIST, "it exists already", str(path))
    return True


def _writable(path: Path, *, replace: bool) -> os.stat_result | None:
    """Check that *path* may be written: give what is there, a regular file (`None`: nothing).

    A file that exists may be written only where *replace* allows it.
    """
    try:
        status = path.lstat()
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(status.st_mode):
        raise OSError(errno.ELOOP, "a symbolic link; not writing through it", str(path))
    if stat.S_ISDIR(status.st_mode):
        raise OSError(errno.EISDIR, "a folder, not a file", str(path))
    if not stat.S_ISREG(status.st_mode):
        raise OSError(errno.EINVAL, "not a regular file; not replacing it", str(path))
    if not replace:
        raise FileExistsError(errno.EEXIST, "it exists already", str(path))
    return status


def _write_temporary(path: Path, data: bytes) -> Path:
    """Write *data* to a new file beside *path*, on the disk; return the new file's path."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        temporary.chmod(_mode_for(path))
    except BaseException:
        temporary.unlink()
        raise
    return temporary


def _mode_for(path: Path) -> int:
    """Return the permissions of the file replaced, or those of a new file (umask applied)."""
    try:
        return stat.S_IMODE(path.lstat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _install(temporary: Path, path: Path, *, replace: bool) -> bool:
    """Put *temporary* in the place of *path*; tell whether a file was there (and replaced).

    Without *replace*, a hard link makes the new name, which fails if the name was taken
    meanwhile: a file that appears after the check is not replaced either. Where the file
    system has no hard links (FAT, some network shares), the name is checked once more, then
    renamed to.
    """
    if replace:
        existed = path.exists()
        temporary.replace(path)
    else:
        existed = False
        try:
            os.link(temporary, path)
        except OSError as exc:
            if exc.errno not in _NO_HARD_LINKS:
                raise
            if os.path.lexists(path):
                raise FileExistsError(errno.EEXIST, "it exists already", str(path)) from None
            temporary.replace(path)
        else:
            temporary.unlink()
    _sync_folder(path.parent)
    return existed


#: What `os.link` fails with where a file system has no hard links.
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS})


def _sync_folder(folder: Path) -> None:
    """Flush the folder's new entry to the disk, so that the rename outlives a crash."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rename_new(source: Path, target: Path) -> None:
    """Rename *source* to *target*, a name that must be free: nothing there is replaced.

    Raises `FileExistsError` naming *target* if anything is there, even an empty folder (which
    a plain rename replaces). Where the system cannot rename so (no ``renameat2`` with
    ``RENAME_NOREPLACE``: not Linux, or a file system without it), *target* is checked right
    before a plain rename: an empty folder made in between would still be replaced.
    """
    if _RENAMEAT2 is not None:
        done = _RENAMEAT2(
            _AT_FDCWD, os.fsencode(source), _AT_FDCWD, os.fsencode(target), _RENAME_NOREPLACE
        )
        if done == 0:
            return
        code = ctypes.get_errno()
        if code not in _NO_RENAMEAT2:
            raise OSError(code, os.strerror(code), str(target))
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target))
    source.rename(target)
