"""`picum_api`'s public face: the names the library reference documents, imported cheaply."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import picum_api


LIBRARY = Path(__file__).parents[2] / "docs" / "library.md"


def documented_names() -> list[str]:
    """The names of `picum_api` the library reference's section "The service" documents."""
    section = LIBRARY.read_text(encoding="utf-8").split("## The service\n", 1)[1].split("\n## ")[0]
    return re.findall(r"^\.\. auto\w+:: picum_api\.([\w.]+)$", section, re.MULTILINE)


def test_all_is_the_documented_names() -> None:
    """`picum_api.__all__` is exactly the names the library reference documents, in any order."""
    assert sorted(documented_names()) == sorted(picum_api.__all__)


@pytest.mark.parametrize("name", picum_api.__all__)
def test_each_name_is_importable(name: str) -> None:
    """Each name of `__all__` imports from `picum_api`, as the function or class of that name."""
    assert name == getattr(picum_api, name).__name__


def test_unknown_attributes_raise() -> None:
    """Asking `picum_api` for a name it does not export is an AttributeError naming it."""
    with pytest.raises(AttributeError, match="no attribute 'Representations'"):
        picum_api.Representations  # noqa: B018


def test_import_loads_neither_litestar_nor_uvicorn() -> None:
    """`import picum_api` and its commands import neither Litestar nor uvicorn: they need no extra."""
    code = (
        "import sys, picum_api, picum_api.commands; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'litestar', 'uvicorn'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert "[]\n" == done.stdout
