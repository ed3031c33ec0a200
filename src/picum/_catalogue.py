"""A catalogue: a folder of profile files, each one organisation's, no two with one id.

Profiles link to each other by their memberships (`picum.NetworkMembership.organisation`,
`picum.Member.organisation`), and each link names a profile of the catalogue. A catalogue is
checked file by file, in as many processes as asked, keeping of each profile only its id and
its links, so that what checking holds does not grow with the profiles' size; problems are
given as they are found, in the files' order, and the links last, once every id is known.
"""

from __future__ import annotations

import contextlib
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from ._errors import Problem, ValidationError, plural
from ._loading import read_profile_file
from ._organisation import Organisation
from ._wire import loads


if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence


#: How the name of a catalogue's profile file ends.
PROFILE_SUFFIX = ".json"


@attrs.frozen(kw_only=True)
class CatalogueProblem:
    """What is wrong in a catalogue: one file's problems, or two files with one organisation.

    *files* are the files concerned, in the catalogue's order; *message* says what is wrong
    (``3 problems``, ``cannot be read: ...``, ``both are the profile of 'picum'``); *details*
    are the lines that list a file's problems, where it is no valid profile, as
    `picum.ValidationError.details` gives them; where it cannot be read at all, *reason* says
    why (``Permission denied``).
    """

    files: tuple[Path, ...]
    message: str
    details: tuple[str, ...] = ()
    reason: str | None = None

    @classmethod
    def from_unreadable(cls, path: Path, exc: OSError) -> CatalogueProblem:
        """Say that the file at *path* cannot be read, and why (*exc*)."""
        reason = exc.strerror or str(exc)
        return cls(files=(path,), message=f"cannot be read: {reason}", reason=reason)

    @classmethod
    def from_invalid(cls, path: Path, exc: ValidationError) -> CatalogueProblem:
        """Say that the file at *path* is no valid profile, with the problems *exc* lists."""
        return cls(files=(path,), message=exc.counted(), details=tuple(exc.details()))


def read_checked(path: str | Path) -> tuple[bytes, Organisation] | CatalogueProblem:
    """Read and validate the profile file at *path*: its bytes and profile, or what is wrong.

    The file is read as `picum.read_profile_file` reads it, and validated as `picum.loads` does.
    *path* is opened as given: ``""`` names no file, where ``Path("")`` would be the folder.
    """
    try:
        data = read_profile_file(path)
        return data, loads(data, Organisation)
    except OSError as exc:
        return CatalogueProblem.from_unreadable(Path(path), exc)
    except ValidationError as exc:
        return CatalogueProblem.from_invalid(Path(path), exc)


def profile_files(folder: str | Path) -> list[Path]:
    """Return the profile files of the catalogue in *folder*, by name.

    They are its entries whose name ends in ``.json``, not in its subfolders; a hidden name
    (``.x.json``, an editor's lock file, say) is left out. An entry that is no regular file is
    listed too, to be refused when it is read. Raises `OSError` if *folder* cannot be listed.
    """
    with os.scandir(folder) as entries:
        return sorted(
            Path(entry.path)
            for entry in entries
            if entry.name.endswith(PROFILE_SUFFIX) and not entry.name.startswith(".")
        )


#: A profile's links to others: where each is (its JSON path) and the id it names.
_Links = tuple[tuple[str, str], ...]


def check_profiles(files: Sequence[Path], *, processes: int = 1) -> Iterator[CatalogueProblem]:
    """Check each of the profile *files* of a catalogue, that no two have one id, and its links.

    Yields each problem in the files' order, as it is found: a file that cannot be read (as
    `picum.read_profile_file` refuses it), a file that is no valid profile, a profile whose id
    an earlier file has (naming both). Then, once every file is read, each file whose profile
    links to an id no valid profile of the catalogue has, with the path of each such link.
    With more than one of *processes*, the files are read and checked by up to that many
    processes at once (one where there are few files), and only each profile's id and links
    come back.
    """
    first: dict[str, Path] = {}
    linking: list[tuple[Path, _Links]] = []
    # No more processes than chunks: a few files are checked at once by this one.
    processes = min(processes, len(files) // _CHUNK)
    with contextlib.ExitStack() as stack:
        checked: Iterable[tuple[str, _Links] | CatalogueProblem]
        if processes > 1:
            pool = ProcessPoolExecutor(processes, initializer=_leave_interrupts_to_the_caller)
            # Stopped early (the caller's loop left, Ctrl-C), the files not yet begun are not.
            stack.callback(pool.shutdown, wait=True, cancel_futures=True)
            # In chunks, so that a process's answers cost one message per chunk, not per file.
            checked = pool.map(_check_file, files, chunksize=_CHUNK)
        else:
            checked = map(_check_file, files)
        for path, found in zip(files, checked, strict=True):
            if isinstance(found, CatalogueProblem):
                yield found
                continue
            id_, links = found
            earlier = first.setdefault(id_, path)
            if earlier != path:
                yield CatalogueProblem(
                    files=(earlier, path), message=f"both are the profile of {id_!r}"
                )
            if links:
                linking.append((path, links))
    for path, links in linking:
        lacking = ValidationError(
            Problem(path=where, message=f"no valid profile of the catalogue has the id {id_!r}")
            for where, id_ in links
            if id_ not in first
        )
        if lacking.count:
            yield CatalogueProblem(
                files=(path,),
                message=f"{plural(lacking.count, 'link')} to no profile of the catalogue",
                details=tuple(lacking.details()),
            )


#: How many files a process checks for each message it sends back.
_CHUNK = 32


def _leave_interrupts_to_the_caller() -> None:
    """Ignore Ctrl-C in a checking process: the caller stops the pool, without a traceback each."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _check_file(path: Path) -> tuple[str, _Links] | CatalogueProblem:
    """Check one profile file: give its profile's id and links, or what is wrong with it."""
    checked = read_checked(path)
    if isinstance(checked, CatalogueProblem):
        return checked
    org = checked[1]
    return org.id, org.profile_links()
