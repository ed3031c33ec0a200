"""The sessions that users and CI run: ``nox`` runs the default ones, ``nox -l`` lists all."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import nox


nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = [
    "tests",
    "lint",
    "typecheck",
    "contract",
    "docs",
    "load",
    "browser",
    "static_host",
    "client",
]
# Every Python of the pyproject's classifiers is tested. One this machine lacks is skipped here,
# with a warning in the output, but fails the run in CI (CI=true), which must test them all.
nox.options.error_on_missing_interpreters = bool(os.environ.get("CI"))

# uv installs without compiling to bytecode, so where writing it is off (PYTHONDONTWRITEBYTECODE,
# as on this project's machines) every process the tests start compiled Litestar anew: about a
# second of each `picum serve` the tests start. Compiled once, at install, instead.
os.environ["UV_COMPILE_BYTECODE"] = "1"

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHONS = nox.project.python_versions(PYPROJECT)


def find_pyenv_pythons() -> None:
    """Let nox find the Pythons pyenv has installed but not selected.

    pyenv's shims answer only for the selected versions, so the others go on PATH by their folders.
    """
    versions = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    folders = [
        str(folder) for python in PYTHONS for folder in sorted(versions.glob(f"{python}.*/bin"))
    ]
    os.environ["PATH"] = os.pathsep.join([*folders, os.environ.get("PATH", "")])


find_pyenv_pythons()


def install(session: nox.Session, *groups: str) -> None:
    """Install picum with its API (not editable, as users get it) and these dependency groups."""
    requirements = [
        requirement
        for group in groups
        for requirement in nox.project.dependency_groups(PYPROJECT, group)
    ]
    session.install(".[api]", *requirements)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite: the examples with branch coverage (100% or fail), then the properties."""
    install(session, "tests")
    env = {"COVERAGE_FILE": f".coverage.{session.python}"}
    session.run("coverage", "erase", env=env)
    # Both cores (pytest-xdist); a worker that is free takes tests from a busy one's share.
    pytest = [
        "pytest",
        "--ignore=tests/browser",
        "--ignore=tests/static_host",
        "--numprocesses=auto",
        "--dist=worksteal",
        *session.posargs,
    ]
    if any(argument.startswith("-m") for argument in session.posargs):
        session.error(
            "the session splits the tests by marker itself: choose tests with -k or paths"
        )
    # Coverage counts what the tests that run alike every time reach, so it cannot go up or down
    # with what Hypothesis draws; its tracer would also double the time of drawing examples.
    # pytest's "no tests ran" (5) is an answer only where arguments chose tests of one kind.
    chosen = [0, 5] if session.posargs else [0]
    session.run(
        "coverage", "run", "-m", *pytest, "-m", "not hypothesis", env=env, success_codes=chosen
    )
    session.run(*pytest, "-m", "hypothesis", success_codes=chosen)
    session.run("coverage", "combine", "--quiet", env=env)
    session.run("coverage", "report", "--fail-under=100", env=env)


@nox.session(python=PYTHONS[0])
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    session.install(*nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHONS[0])
def typecheck(session: nox.Session) -> None:
    """Check types with mypy --strict and pyright (strict) over src, api, tests and this file."""
    install(session, "typing")
    session.run("mypy")
    session.run("pyright")


@nox.session(python=PYTHONS[0])
def docs(session: nox.Session) -> None:
    """Build the documentation (warnings and broken references are errors) and run its examples."""
    install(session, "docs", "tests")
    session.run(
        "sphinx-build", "-W", "--keep-going", "-n", "-b", "html", "docs", "docs/_build/html"
    )
    session.run("python", "-m", "tests.docs_site", "docs/_build/html")
    session.run("pytest", "tests/test_docs.py", *session.posargs)


@nox.session(python=PYTHONS[0])
def bench(session: nox.Session) -> None:
    """Measure the service against a bare ASGI app and FastAPI (wrk, ab); figures in .bench/."""
    if not shutil.which("wrk") or not shutil.which("ab"):
        session.error(
            "the benchmark needs wrk and ab: on Debian, `apt-get install wrk apache2-utils`"
        )
    # Start-up is timed as users see it: with bytecode compiled, as nox's installs are.
    install(session, "bench")
    session.run("python", "-m", "tests.bench.run", *session.posargs)


@nox.session(python=PYTHONS[0])
def load(session: nox.Session) -> None:
    """Load a real `picum serve` for about a minute: no errors, flat memory, a clean stop.

    Then a storm of 100,000 distinct requests: a worker's memory stays within its budgets.
    """
    install(session, "tests")
    session.run("python", "-m", "tests.bench.load", *session.posargs)
    session.run("pytest", "tests/bench/memory_storm.py")


#: The tests of what the service takes from uvicorn and Litestar: the protocol, serving, HTTP.
DEPENDENT_TESTS = [
    "tests/api/test_conformance.py",
    "tests/api/test_fast_path.py",
    "tests/api/test_faults.py",
    "tests/api/test_hostile.py",
    "tests/api/test_http.py",
    "tests/api/test_server.py",
    "tests/api/test_serving.py",
]


@nox.session(python=PYTHONS[0], venv_backend="uv")
@nox.parametrize("resolution", ["lowest-direct", "highest"])
def dependencies(session: nox.Session, resolution: str) -> None:
    """Test the protocol and the service on the lowest and highest uvicorn and Litestar allowed."""
    session.install(f"--resolution={resolution}", ".[api]")
    session.install(*nox.project.dependency_groups(PYPROJECT, "tests"))
    session.run("uv", "pip", "show", "uvicorn", "litestar", external=True)
    session.run("pytest", "--numprocesses=auto", *DEPENDENT_TESTS, *session.posargs)


CHROMIUM = Path("/usr/bin/chromium")


@nox.session(python=PYTHONS[0])
def browser(session: nox.Session) -> None:
    """Test the page and the API docs in headless Chromium (Debian's) against `picum serve`."""
    if not CHROMIUM.exists():
        if not shutil.which("apt-get") or os.geteuid() != 0:
            session.error(f"the browser tests need {CHROMIUM}: apt-get install chromium")
        session.run("apt-get", "update", "-q", external=True)
        session.run("apt-get", "install", "-y", "-q", "chromium", external=True)
    install(session, "tests", "browser")
    session.run("pytest", "tests/browser", *session.posargs)


@nox.session(python=PYTHONS[0])
def static_host(session: nox.Session) -> None:
    """Serve an export with Debian's nginx and its nginx.conf: each answer must be the API's."""
    if not shutil.which("nginx") and not Path("/usr/sbin/nginx").exists():
        if not shutil.which("apt-get") or os.geteuid() != 0:
            session.error("the static host tests need nginx: apt-get install nginx")
        session.run("apt-get", "update", "-q", external=True)
        session.run("apt-get", "install", "-y", "-q", "nginx", external=True)
    install(session, "tests")
    session.run("pytest", "tests/static_host", *session.posargs)


# tests/local_servers.py holds these two for the tests and the benchmark; they are written again
# here because the `nox` command does not put this folder on sys.path (`python -m nox` does), so
# this file cannot import from the tests package.
def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - our own server on 127.0.0.1
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    raise RuntimeError(f"the server did not answer at {url}")


#: The profiles the contract is checked on: the bundled one, and a fictional organisation's.
CONTRACT_PROFILES = {
    "bundled": [],
    "example": ["--data", "docs/examples/example-shelter-network.json"],
}


@nox.session(python=PYTHONS[0])
def contract(session: nox.Session) -> None:
    """Run schemathesis, with every check, over the whole OpenAPI of `picum serve`, per profile."""
    install(session, "contract")
    for name, data in CONTRACT_PROFILES.items():
        port = str(_free_port())
        base = f"http://127.0.0.1:{port}"
        log = Path(session.create_tmp()) / f"server-{name}.log"
        session.log(f"picum serve ({name} profile) at {base}, logging to {log}")
        with log.open("wb") as output:
            server = subprocess.Popen(  # noqa: S603
                [Path(session.bin) / "picum", "serve", "--port", port, *data],
                stdout=output,
                stderr=output,
            )
        try:
            _wait_for(f"{base}/health", server)
            session.run(
                "schemathesis",
                "run",
                f"{base}/schema/openapi.json",
                "--checks",
                "all",
                *session.posargs,
            )
        finally:
            server.terminate()
            server.wait(timeout=30)


@nox.session(python=PYTHONS[0])
def client(session: nox.Session) -> None:
    """Generate a Python client from the OpenAPI of `picum serve` and call every operation."""
    install(session, "client")
    port = str(_free_port())
    base = f"http://127.0.0.1:{port}"
    tmp = Path(session.create_tmp()).resolve()
    document, generated, log = tmp / "openapi.json", tmp / "generated", tmp / "server.log"
    shutil.rmtree(generated, ignore_errors=True)
    session.log(f"picum serve at {base}, logging to {log}; the client goes to {generated}")
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603
            [Path(session.bin) / "picum", "serve", "--port", port], stdout=output, stderr=output
        )
    try:
        _wait_for(f"{base}/health", server)
        with urllib.request.urlopen(f"{base}/schema/openapi.json") as answer:  # noqa: S310
            document.write_bytes(answer.read())
        session.run(
            "openapi-python-client",
            "generate",
            "--path",
            str(document),
            "--output-path",
            str(generated / "picum_client"),
            "--meta",
            "none",
            # A part of the document the generator cannot read would be left out of the client.
            "--fail-on-warning",
        )
        session.run(
            "python",
            "-m",
            "tests.client.check_client",
            base,
            "picum_client",
            env={"PYTHONPATH": str(generated)},
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
