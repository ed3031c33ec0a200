"""The examples in the README and in the docstrings run, and show what they claim."""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil
import re
import shlex
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import ModuleType

import pytest
from litestar.testing import TestClient

import picum
import picum_api

from .docs_site import problems
from .local_servers import NotAnsweringError, free_port, wait_until_answering
from .profiles import EXAMPLE_PROFILE


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

    assert {"README.md", "tutorial.md", "how-to.md", "publish.md"} <= names


def test_readme_shows_the_current_etag() -> None:
    """The ETag in the README's curl example is the one the bundled profile has now.

    curl asks for no content coding unless told to: the ETag is that of the plain body.
    """
    shown = set(re.findall(r'etag: ("[0-9a-f]+")', README.read_text(encoding="utf-8")))
    with TestClient(picum_api.create_app()) as client:
        plain = {"Accept-Encoding": "identity"}
        served = client.get("/v2/organisation", headers=plain).headers["etag"]

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


PUBLISH = README.parent / "docs" / "publish.md"
_FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_PORT = re.compile(r"--port (\d+)")


def blocks(page: Path) -> list[tuple[str, str]]:
    """The fenced blocks of a Markdown page, each with its language, in the page's order."""
    return [(match[1], match[2]) for match in _FENCE.finditer(page.read_text(encoding="utf-8"))]


def commands(console: str) -> list[tuple[str, str]]:
    """The commands of a console block (``$ ...``), each with the output shown under it."""
    shown: list[tuple[str, list[str]]] = []
    for line in console.splitlines():
        if line.startswith("$ "):
            shown.append((line[2:], []))
        else:
            shown[-1][1].append(line)
    return [(command, "".join(f"{line}\n" for line in output)) for command, output in shown]


class _Frames(HTMLParser):
    """The addresses an HTML snippet's frames show."""

    def __init__(self) -> None:
        """Start with none."""
        super().__init__()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note an iframe's address."""
        source = dict(attrs).get("src")
        if tag == "iframe" and source:
            self.sources.append(source)


class _Session:
    """A reader's shell session in one folder: commands run in order, servers left running."""

    def __init__(self, folder: Path) -> None:
        """Work in *folder*, with this Python's `picum` first on the PATH."""
        self.folder = folder
        self.env = {
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        }
        self.servers: list[subprocess.Popen[bytes]] = []
        self.ports: dict[str, str] = {}

    def _local(self, command: str) -> str:
        # The page's port may be taken here: each server listens on a free one instead.
        for shown, free in self.ports.items():
            command = command.replace(f"--port {shown}", f"--port {free}")
            command = command.replace(f"127.0.0.1:{shown}/", f"127.0.0.1:{free}/")
        return command

    def serve(self, command: str) -> str | None:
        """Start the server of a `picum serve` command, and wait until it answers."""
        shown = _PORT.search(command)
        assert shown is not None, f"{command}: give a --port"
        self.ports[shown[1]] = str(free_port())
        server = subprocess.Popen(
            shlex.split(self._local(command)),
            cwd=self.folder,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.servers.append(server)
        try:
            wait_until_answering(f"http://127.0.0.1:{self.ports[shown[1]]}/health", server)
        except NotAnsweringError as error:
            return f"{command}: {error}"
        return None

    def run(self, command: str, shown: str) -> str | None:
        """Run a command as a shell would; say how its exit code or output differ, if they do."""
        if command.startswith("picum serve "):
            return self.serve(command)
        done = subprocess.run(
            ["bash", "-c", self._local(command)],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        # A terminal shows output that does not end its line (curl's) as if it did.
        output = (
            done.stdout if done.stdout.endswith("\n") or not done.stdout else done.stdout + "\n"
        )
        if (0, shown) != (done.returncode, output):
            return (
                f"{command}: exit {done.returncode}, {done.stdout!r} not {shown!r}; {done.stderr}"
            )
        return None

    def stop(self) -> None:
        """Stop the servers started."""
        for server in self.servers:
            server.terminate()
            server.wait(timeout=30)
        self.servers.clear()


def test_the_publishing_how_to_runs(tmp_path: Path) -> None:
    """Every command of "Publish your organisation's profile" runs and shows what the page says.

    In an empty folder with the example's profile file, as the page says: each console block's
    commands in order (each `picum serve` left running, on a free port, until its block ends),
    and each embedding snippet's frame shows a file of the export made before it.
    """
    shutil.copy(EXAMPLE_PROFILE, tmp_path)
    session = _Session(tmp_path)
    failures: list[str] = []
    for language, text in blocks(PUBLISH):
        if language == "console":
            try:
                failures += filter(None, (session.run(*shown) for shown in commands(text)))
            finally:
                session.stop()
        elif language == "html":
            frames = _Frames()
            frames.feed(text)
            failures += [
                f"{source}: not in the export"
                for source in frames.sources
                if not (tmp_path / "site" / source.removeprefix("/profile/")).is_file()
            ]

    assert [] == failures


def test_the_publishing_how_to_runs_every_kind_of_block() -> None:
    """The how-to has console, html and Python blocks, and no other kind the test would skip."""
    assert {"console", "html", "pycon", "json"} >= {language for language, _ in blocks(PUBLISH)}
