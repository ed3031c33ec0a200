"""Loading a profile: the bundled PICUM profile, or a profile file."""

from __future__ import annotations

from pathlib import Path

from ._organisation import Organisation
from ._wire import loads


# A path, not importlib.resources: the package is always installed as files, and the import of
# importlib.resources alone would cost a tenth of picum.load() in a fresh process.
_BUNDLED = Path(__file__).parent / "data" / "picum.json"


def bundled_profile() -> bytes:
    """Return the bundled PICUM profile file, exactly as shipped, in the wire format."""
    return _BUNDLED.read_bytes()


def load(path: str | Path | None = None) -> Organisation:
    """Load and validate an organisation profile: the bundled PICUM profile, or the file at *path*.

    Raises `picum.ValidationError` listing every problem of an invalid profile, and `OSError`
    if the file cannot be read.

    >>> import picum
    >>> picum.load().identity.acronym
    'PICUM'
    """
    data = bundled_profile() if path is None else Path(path).read_bytes()
    return loads(data, Organisation)
