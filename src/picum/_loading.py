"""Loading a profile: the bundled PICUM profile, or a profile file."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from ._organisation import Organisation
from ._wire import loads


if TYPE_CHECKING:
    from collections.abc import Generator


# A path, not importlib.resources: the package is always installed as files, and the import of
# importlib.resources alone would cost a tenth of picum.load() in a fresh process.
#: The bundled catalogue's folder (`picum.Catalogue.bundled`), and PICUM's profile in it.
BUNDLED_CATALOGUE = Path(__file__).parent / "data"
_BUNDLED = BUNDLED_CATALOGUE / "picum.json"

#: The largest profile file picum reads, in bytes (16 MiB): some hundred times the bundled
#: profile, and tens of thousands of activities or memberships.
MAX_PROFILE_BYTES = 16 * 1024 * 1024
_CHUNK = 1024 * 1024
_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
}


def read_profile_file(path: str | Path) -> bytes:
    """Return the bytes of the profile file at *path*, refusing what is no ordinary profile file.

    Only a regular file of at most `MAX_PROFILE_BYTES` is read: a directory, a device
    (``/dev/zero``), a FIFO or a socket raise `OSError` before anything is read, and so does a
    larger file, without reading more than the limit. The checks are made on the file opened, not
    on its name, so that nothing can be swapped in between.
    """
    with open_regular(path) as (fd, status):
        if status.st_size > MAX_PROFILE_BYTES:
            raise _too_large(path)
        chunks: list[bytes] = []
        size = 0
        # Read one chunk past the limit at most: a file that grows while read is refused too.
        while size <= MAX_PROFILE_BYTES and (chunk := os.read(fd, _CHUNK)):
            chunks.append(chunk)
            size += len(chunk)
        if size > MAX_PROFILE_BYTES:
            raise _too_large(path)
        return b"".join(chunks)


@contextlib.contextmanager
def open_regular(path: str | Path) -> Generator[tuple[int, os.stat_result]]:
    """Open the regular file at *path* to read it: give its descriptor and status while inside.

    Raises `OSError` naming *path* if it is anything else (a directory, a device, a FIFO, a
    socket), found on the file opened, not on its name.
    """
    # O_NONBLOCK: opening a FIFO that no one writes to returns at once instead of waiting.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            kind = _KINDS.get(stat.S_IFMT(status.st_mode), "not a regular file")
            code = errno.EISDIR if stat.S_ISDIR(status.st_mode) else errno.EINVAL
            raise OSError(code, f"{kind}, not a regular file", str(path))
        yield fd, status
    finally:
        os.close(fd)


def _too_large(path: str | Path) -> OSError:
    return OSError(
        errno.EFBIG,
        f"larger than {MAX_PROFILE_BYTES:,} bytes (16 MiB), the limit for a profile file",
        str(path),
    )


def bundled_profile() -> bytes:
    """Return the bundled PICUM profile file, exactly as shipped, in the wire format."""
    return read_profile_file(_BUNDLED)


def load(path: str | Path | None = None) -> Organisation:
    """Load and validate an organisation profile: the bundled PICUM profile, or the file at *path*.

    Raises `picum.ValidationError` listing the problems of an invalid profile, and `OSError`
    if the file cannot be read, is not a regular file, or is larger than 16 MiB
    (`read_profile_file`).

    >>> import picum
    >>> picum.load().identity.acronym
    'PICUM'
    """
    data = bundled_profile() if path is None else read_profile_file(path)
    return loads(data, Organisation)
