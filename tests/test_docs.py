"""The examples in the README and in the docstrings run, and show what they claim."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re
from pathlib import Path
from types import ModuleType

import pytest
from litestar.testing import TestClient

import picum
import picum_api

from .docs_site import problems


README = Path(__file__).parents[1] / "README.md"
PAGES = [README, *sorted((README.parent / "docs").glob("*.md"))]
MODULES = [
    importlib.import_module(module.name)
    for package in (picum, picum_api)
    for module in pkgutil.walk_packages(package.__path__, f"{package.__name__}.")
    if module.name != "picum.__main__"
] + [picum, picum_api]


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__)
def test_docstring_examples(module: ModuleType) -> None:
    """Every example in the package's docstrings gives the output it shows."""
    failed, _ = doctest.testmod(module)

    assert 0 == failed


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_page_examples(page: Path) -> None:
    """Every Python example of the README and the docs gives the output it shows."""
    failed, _ = doctest.testfile(str(page), module_relative=False)

    assert 0 == failed


def test_pages_have_examples() -> None:
    """The README, the tutorial and the how-to guides show Python examples (and so are tested)."""
    names = {page.name for page in PAGES if ">>> " in page.read_text(encoding="utf-8")}

    assert {"README.md", "tutorial.md", "how-to.md"} <= names


def test_readme_shows_the_current_etag() -> None:
    """The ETag in the README's curl example is the one the bundled profile has now.

    curl asks for no content coding unless told to: the ETag is that of the plain body.
    """
    shown = set(re.findall(r'etag: ("[0-9a-f]+")', README.read_text(encoding="utf-8")))
    with TestClient(picum_api.create_app()) as client:
        plain = {"Accept-Encoding": "identity"}
        served = client.get("/v1/organisation", headers=plain).headers["etag"]

    assert {served} == shown


def test_the_site_check_finds_outside_assets_and_missing_pages(tmp_path: Path) -> None:
    """The check `nox -s docs` runs on the built site reports loads from elsewhere, and gaps."""
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="_static/a.css"><script src="https://cdn.example/x.js"></script>'
        '<a href="https://picum.org">a link is not a load</a>',
        encoding="utf-8",
    )

    found = problems(tmp_path)

    assert "index.html loads https://cdn.example/x.js" in found
    assert "missing page: tutorial.html" in found
    assert not any("picum.org" in problem or "a.css" in problem for problem in found)
