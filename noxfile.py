"""The sessions that users and CI run: ``nox`` runs the default ones, ``nox -l`` lists all."""

from __future__ import annotations

import os
from pathlib import Path

import nox


nox.options.default_venv_backend = "uv|virtualenv"
nox.options.sessions = ["tests", "lint", "typecheck"]
# Every Python of the pyproject's classifiers that this machine has is tested; one it lacks is
# skipped, even in CI, rather than failing the run.
nox.options.error_on_missing_interpreters = False

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


def install_groups(session: nox.Session, *groups: str) -> None:
    """Install picum (not editable, as users get it) and these dependency groups."""
    requirements = [
        requirement
        for group in groups
        for requirement in nox.project.dependency_groups(PYPROJECT, group)
    ]
    session.install(".", *requirements)


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite with branch coverage, which must be 100% on src/picum."""
    install_groups(session, "tests")
    # sys.monitoring (Python 3.12+) measures branches at a fraction of the cost of tracing.
    env = {"COVERAGE_FILE": f".coverage.{session.python}", "COVERAGE_CORE": "sysmon"}
    session.run("coverage", "erase", env=env)
    session.run("coverage", "run", "-m", "pytest", *session.posargs, env=env)
    session.run("coverage", "combine", "--quiet", env=env)
    session.run("coverage", "report", "--fail-under=100", env=env)


@nox.session(python=PYTHONS[0])
def lint(session: nox.Session) -> None:
    """Check style and formatting with ruff."""
    install_groups(session, "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session(python=PYTHONS[0])
def typecheck(session: nox.Session) -> None:
    """Check types with mypy --strict and pyright (strict) over src, tests and this file."""
    install_groups(session, "typing")
    session.run("mypy")
    session.run("pyright")
