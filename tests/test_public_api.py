from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version

import pytest

import picum


def test_version_is_the_installed_distributions() -> None:
    """`picum.__version__` is the version of the installed distribution."""
    assert version("picum") == picum.__version__


def test_unknown_attributes_raise() -> None:
    """Asking the package for a name it does not have is an AttributeError."""
    with pytest.raises(AttributeError, match="no attribute 'Profile'"):
        picum.Profile  # type: ignore[attr-defined]  # noqa: B018


def test_all_names_exist() -> None:
    """Every name in `__all__` is importable from `picum`."""
    assert [] == [name for name in picum.__all__ if not hasattr(picum, name)]


def test_import_loads_no_web_framework() -> None:
    """`import picum` and `picum.load()` import neither a web framework nor a server."""
    code = (
        "import sys, picum; picum.load(); "
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'litestar', 'picum_api', 'uvicorn', 'starlette', 'fastapi', 'msgspec', 'pydantic', 'httpx'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert "[]\n" == done.stdout
