"""A catalogue: a folder of profile files, each one organisation's, no two with one id.

A catalogue is checked a file at a time, keeping of each profile only its id, so that what
checking holds does not grow with the profiles' size; problems are given as they are found.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from ._errors import ValidationError
from ._loading import read_profile_file
from ._organisation import Organisation
from ._wire import loads


if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator


#: How the name of a catalogue's profile file ends.
PROFILE_SUFFIX = ".json"


@attrs.frozen(kw_only=True)
class CatalogueProblem:
    """What is wrong in a catalogue: one file's problems, or two files with one organisation.

    *files* are the files concerned, in the catalogue's order; *message* says what is wrong
    (``3 problems``, ``cannot be read: ...``, ``both are the profile of 'picum'``); *error*,
    where a file is not a valid profile, lists its problems.
    """

    files: tuple[Path, ...]
    message: str
    error: ValidationError | None = None


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


def check_profiles(files: Iterable[Path]) -> Iterator[CatalogueProblem]:
    """Check each of the profile *files* of a catalogue, and that no two have one id.

    Yields each problem as it is found, file by file: a file that cannot be read (as
    `picum.read_profile_file` refuses it), a file that is no valid profile, a profile whose id
    an earlier file has (naming both).
    """
    first: dict[str, Path] = {}
    for path in files:
        try:
            profile = loads(read_profile_file(path), Organisation)
        except OSError as exc:
            yield CatalogueProblem(files=(path,), message=f"cannot be read: {exc.strerror or exc}")
            continue
        except ValidationError as exc:
            yield CatalogueProblem(files=(path,), message=exc.counted(), error=exc)
            continue
        earlier = first.setdefault(profile.id, path)
        if earlier != path:
            yield CatalogueProblem(
                files=(earlier, path), message=f"both are the profile of {profile.id!r}"
            )
