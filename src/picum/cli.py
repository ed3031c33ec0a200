"""The ``picum`` command: start, show, validate or export a profile, build a catalogue; and more.

Exit codes: 0 success, 1 an invalid profile or catalogue, 2 a usage error or a file that cannot be
read. A profile file must be a regular file of at most 16 MiB (`picum.MAX_PROFILE_BYTES`): anything
else (a device, a FIFO, a larger file) is refused before it is read, as a file that cannot be read.
``picum validate`` takes a folder as a catalogue (each ``*.json`` file a profile), where a file
that cannot be read is one of the catalogue's problems, and a file ``picum build`` wrote (a
built catalogue) as one, checked against its digest. Installed packages add commands by entry
points in the group `COMMANDS` (the API adds ``serve`` and ``export-static``, which exits with 1
for any data file unfit to serve).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, Protocol

from . import formats
from ._built import BuiltCatalogueError, build_catalogue, check_built_catalogue, is_built
from ._catalogue import (
    PROFILE_SUFFIX,
    Catalogue,
    CatalogueError,
    CatalogueProblem,
    check_profiles,
    profile_files,
    read_catalogue,
    read_checked,
)
from ._errors import ValidationError, plural
from ._files import FileExists, write_file, write_files
from ._loading import load
from ._organisation import FORMAT, Organisation, OrganisationType
from ._schema import json_schema
from ._skeleton import LICENCES, profile_file, skeleton
from ._summary import summary
from ._wire import dumps, format_of, loads


if TYPE_CHECKING:
    from collections.abc import Callable, Generator, Mapping, Sequence
    from types import FrameType


EXIT_INVALID = 1
EXIT_USAGE = 2
#: The exit status of a command stopped by Ctrl-C, as a shell reports SIGINT's (128 + 2).
EXIT_INTERRUPTED = 128 + signal.SIGINT

_EXPORTS: dict[str, Callable[[Organisation], bytes]] = {
    "json": lambda org: dumps(org, pretty=True),
    "jsonld": lambda org: dumps(formats.jsonld(org), pretty=True),
    "csl": lambda org: dumps(formats.csl(org.citations), pretty=True),
    "bibtex": lambda org: formats.bibtex(org.citations).encode(),
}


#: The file name of the JSON Schema that ``picum init`` writes beside a new profile, and the
#: address (relative to the profile) that the profile's ``$schema`` gives for it.
SCHEMA_FILE = "picum-profile.schema.json"


def _parser(plugins: Mapping[str, Command]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="picum",
        description="An organisation's profile as typed, validated open data (PICUM's is bundled).",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _init_parser(commands.add_parser("init", help="start the profile file of a new organisation"))
    schema = commands.add_parser("schema", help="print the JSON Schema of profile files")
    schema.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not to stdout")
    _force_argument(schema, "FILE")
    schema.add_argument(
        "--format",
        type=int,
        choices=[1, FORMAT],
        default=FORMAT,
        help=f"the wire format: {FORMAT}, the current one (default), or 1, the 2016-era one",
    )
    show = commands.add_parser("show", help="print the bundled profile, or a profile file's")
    show.add_argument("--data", metavar="FILE", help="show this profile file, once valid")
    show.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text: a summary for people (default); json: the wire format",
    )
    validate = commands.add_parser(
        "validate", help="check a profile file, or a catalogue's folder, and list its problems"
    )
    validate.add_argument(
        "file",
        metavar="PATH",
        help="a profile file, in the wire format (JSON); or a folder, a catalogue: each of its"
        f" *{PROFILE_SUFFIX} files a profile, no two of one organisation; or a catalogue"
        " picum build wrote, whose content is checked against its digest",
    )
    build = commands.add_parser(
        "build", help="check a catalogue's folder and write it as one file to serve (SQLite)"
    )
    build.add_argument("folder", metavar="DIR", help="the catalogue's folder, as validate takes")
    build.add_argument("-o", "--output", metavar="FILE", required=True, help="the file to write")
    _force_argument(build, "FILE")
    export = commands.add_parser("export", help="write the profile in a standard format")
    export.add_argument("--data", metavar="FILE", help="export this profile file, once valid")
    export.add_argument(
        "--format",
        choices=list(_EXPORTS),
        default="json",
        help="json: the wire format (default); jsonld: schema.org; csl: CSL-JSON; bibtex",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not to stdout")
    _force_argument(export, "FILE")
    for name, command in plugins.items():
        command.add_arguments(commands.add_parser(name, help=command.help))
    return parser


def _force_argument(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help=f"replace {what} if it exists (without it, an existing file is never replaced;"
        " files are written whole or not at all, never through a symbolic link)",
    )


def _init_parser(init: argparse.ArgumentParser) -> None:
    init.description = (
        "Write a new profile file: the organisation, its aim, one source, the licence. Values"
        " not given as options are asked for when run in a terminal."
    )
    init.add_argument("file", help="the profile file to write (not one that exists)")
    _force_argument(init, f"FILE and {SCHEMA_FILE}")
    init.add_argument("--name", help="the organisation's name")
    init.add_argument("--acronym", help="its acronym, if it has one")
    init.add_argument(
        "--type",
        choices=[type_.value for type_ in OrganisationType],
        metavar="TYPE",
        help="its kind: " + ", ".join(type_.value for type_ in OrganisationType),
    )
    init.add_argument("--aim", help="what it sets out to do, in a sentence")
    init.add_argument("--source-url", help="the address of a document that says these facts")
    init.add_argument("--source-title", help="that document's title (default: the name)")
    init.add_argument(
        "--source-id", default="main-source", help="that source's id (default: main-source)"
    )
    init.add_argument(
        "--accessed",
        type=date.fromisoformat,
        default=date.today(),  # noqa: DTZ011 - the reader's day, where the reader is
        metavar="YYYY-MM-DD",
        help="the day the source was read (default: today)",
    )
    init.add_argument(
        "--licence",
        choices=list(LICENCES),
        metavar="SPDX-ID",
        help="the profile's licence: " + ", ".join(LICENCES) + " (others: edit the file)",
    )
    init.add_argument("--attribution", help="the credit that users of the data must give")
    init.add_argument("--id", help="the profile's id (default: from the acronym or the name)")
    init.add_argument(
        "--schema",
        metavar="ADDRESS",
        help=f"the JSON Schema's address for $schema (default: ./{SCHEMA_FILE}, written"
        " beside the profile)",
    )


#: What ``picum init`` asks for, by option, in the order it asks; None: no answer is needed.
_QUESTIONS = {
    "name": "Name of the organisation",
    "acronym": "Acronym (none: leave empty)",
    "type": "Kind of organisation (" + ", ".join(type_.value for type_ in OrganisationType) + ")",
    "aim": "Its aim, in a sentence",
    "source_url": "Address (URL) of a document that says these facts",
    "source_title": "Title of that document (empty: the name)",
    "licence": "Licence of the profile (" + ", ".join(LICENCES) + ")",
    "attribution": "Attribution that users of the data must give",
}
_OPTIONAL = {"acronym", "source_title"}
_CHOICES = {"type": {type_.value for type_ in OrganisationType}, "licence": set(LICENCES)}


def _answers(args: argparse.Namespace) -> dict[str, str | None] | None:
    """Return the values `picum init` needs: from its options or, in a terminal, asked for.

    Return `None` where a needed value is missing and there is no terminal to ask it in.
    """
    answers: dict[str, str | None] = {name: getattr(args, name) for name in _QUESTIONS}
    missing = [name for name, value in answers.items() if value is None]
    if not sys.stdin.isatty():
        needed = [name for name in missing if name not in _OPTIONAL]
        if needed:
            options = ", ".join("--" + name.replace("_", "-") for name in needed)
            print(f"picum init: give {options} (or run it in a terminal)", file=sys.stderr)
            return None
        return answers
    for name in missing:
        answer = input(f"{_QUESTIONS[name]}: ").strip()
        while not (answer or name in _OPTIONAL) or answer not in _CHOICES.get(name, {answer}):
            answer = input(f"{_QUESTIONS[name]}, again: ").strip()
        answers[name] = answer or None
    return answers


def _init(args: argparse.Namespace) -> int:
    path = Path(args.file)
    answers = _answers(args)
    if answers is None:
        return EXIT_USAGE
    try:
        org = skeleton(
            name=str(answers["name"]),
            acronym=answers["acronym"],
            type_=OrganisationType(answers["type"]),
            aim=str(answers["aim"]),
            source_url=str(answers["source_url"]),
            source_title=answers["source_title"] or str(answers["name"]),
            source_id=args.source_id,
            accessed=args.accessed,
            licence=LICENCES[str(answers["licence"])],
            attribution=str(answers["attribution"]),
            id_=args.id,
        )
    except ValidationError as exc:
        print(f"picum init: the answers make an invalid profile ({exc.count}):")
        for line in exc.details():
            print(line)
        return EXIT_INVALID
    schema = args.schema or f"./{SCHEMA_FILE}"
    # The schema first: if it cannot be written, no profile is left pointing to it.
    files = [] if args.schema else [(path.parent / SCHEMA_FILE, dumps(json_schema(), pretty=True))]
    files.append((path, profile_file(org, schema)))
    try:
        write_files(files, replace=args.force)
    except OSError as exc:
        _cannot_write("picum init", exc)
        return EXIT_USAGE
    beside = " (written beside it)" if args.schema is None else ""
    print(f"Wrote {path}, whose $schema is {schema}{beside}.")
    print(f"Add what your sources say, then check it: picum validate {path}")
    return 0


def _schema(wire_format: int, output: str | None, *, force: bool) -> int:
    return _write(dumps(json_schema(wire_format), pretty=True), output, force=force)


def _profile(data: str | None) -> tuple[int, Organisation | None]:
    """Return the bundled profile, or the profile file *data* if valid (else report as validate)."""
    if data is None:
        return 0, load()
    code, validated = check_profile_file(data)
    return code, loads(validated, Organisation) if code == 0 else None


def _show(output_format: str, data: str | None) -> int:
    code, org = _profile(data)
    if org is None:
        return code
    if output_format == "json":
        sys.stdout.buffer.write(dumps(org, pretty=True))
    else:
        sys.stdout.write(summary(org))
    return 0


def check_profile_file(path: str, *, unreadable: int = EXIT_USAGE) -> tuple[int, bytes]:
    """Read and validate the profile file at *path*, reporting what is wrong as `picum` does.

    Return the exit code and, if it is 0, the bytes that were validated. A file that cannot be
    read is a usage error (2), except where *unreadable* says otherwise. Commands that other
    packages add use it to check a profile file the way ``picum validate`` does.
    """
    checked = read_checked(path)
    if not isinstance(checked, CatalogueProblem):
        return 0, checked[0]
    if checked.reason is not None:
        _cannot_read(path, checked.reason)
        return unreadable, b""
    _print_problem(path, checked)
    return EXIT_INVALID, b""


def check_catalogue_folder(folder: str) -> tuple[int, Catalogue | None, dict[str, bytes]]:
    """Read and check the catalogue in *folder*, reporting what is wrong as ``picum validate`` does.

    Return the exit code and, if it is 0, the catalogue and the bytes validated of each of its
    files, by name. A folder that cannot be listed, or a catalogue with problems, is unfit (1).
    """
    try:
        catalogue, data = read_catalogue(folder)
    except OSError as exc:
        _cannot_read(folder, exc.strerror or str(exc))
        return EXIT_INVALID, None, {}
    except CatalogueError as exc:
        _print_catalogue_error(folder, exc, "so no catalogue to serve")
        return EXIT_INVALID, None, {}
    return 0, catalogue, {path.name: bytes_ for path, bytes_ in data.items()}


def check_built_file(path: str) -> tuple[int, Catalogue | None]:
    """Open the catalogue ``picum build`` wrote as *path*, reporting what is wrong as `picum` does.

    Return the exit code and, if it is 0, the catalogue. Only what the file says about itself
    is read (`picum.Catalogue.from_built`): a file that is no built catalogue this picum
    serves is unfit (1), as is one that cannot be read.
    """
    try:
        return 0, Catalogue.from_built(path)
    except OSError as exc:
        _cannot_read(path, exc.strerror or str(exc))
    except BuiltCatalogueError as exc:
        print(exc)
    return EXIT_INVALID, None


def _print_catalogue_error(folder: str, exc: CatalogueError, outcome: str) -> None:
    """Print each problem *exc* lists, under its files, then how many there are and *outcome*."""
    for problem in exc.problems:
        _print_problem(" and ".join(map(_shown, problem.files)), problem)
    more = exc.count - len(exc.problems)
    if more:
        print(f"and {plural(more, 'more problem')}")
    print(f"{folder}: {plural(exc.count, 'problem')}, {outcome}")


def _print_problem(where: str, problem: CatalogueProblem) -> None:
    """Print what is wrong *where*, then the lines that list its problems, if any."""
    print(f"{where}: {problem.message}")
    for line in problem.details:
        print(line)


_FORMATS = {1: "format 1, the 2016-era format, read as format 2", FORMAT: f"format {FORMAT}"}


def _validate(path: str) -> int:
    # os.path.isdir, not Path.is_dir: a path that cannot be looked at (too long, no right to
    # its folder) is no folder, and reading it as a file says why it cannot be read.
    if os.path.isdir(path):  # noqa: PTH112 - see above
        return _validate_catalogue(path)
    if is_built(path):
        return _validate_built(path)
    code, data = check_profile_file(path)
    if code == 0:
        print(f"OK ({_FORMATS[format_of(json.loads(data))]})")
    return code


def _validate_catalogue(folder: str) -> int:
    """Check the catalogue in *folder*, printing each problem as it is found, under its files."""
    try:
        files = profile_files(folder)
    except OSError as exc:
        _cannot_read(folder, exc.strerror or str(exc))
        return EXIT_USAGE
    if not files:
        print(f"{folder}: no profile files (*{PROFILE_SUFFIX}), so no catalogue")
        return EXIT_INVALID
    found = 0
    for problem in check_profiles(files, processes=os.cpu_count() or 1):
        found += 1
        _print_problem(" and ".join(map(_shown, problem.files)), problem)
    if found:
        print(f"{folder}: {plural(found, 'problem')} in its {plural(len(files), 'profile file')}")
        return EXIT_INVALID
    print(f"OK (a catalogue of {plural(len(files), 'profile')})")
    return 0


def _validate_built(path: str) -> int:
    """Check the whole catalogue ``picum build`` wrote as *path*, against its digest."""
    try:
        catalogue = check_built_catalogue(path)
    except OSError as exc:
        _cannot_read(path, exc.strerror or str(exc))
        return EXIT_USAGE
    except BuiltCatalogueError as exc:
        print(exc)
        return EXIT_INVALID
    print(f"OK (a built catalogue of {plural(len(catalogue.profiles), 'profile')})")
    return 0


def _build(folder: str, output: str, *, force: bool) -> int:
    """Check the catalogue in *folder* as ``validate`` does; write it, built, as *output*."""
    try:
        with terminated_as_exit():
            built = build_catalogue(folder, output, processes=os.cpu_count() or 1, replace=force)
    except CatalogueError as exc:
        _print_catalogue_error(folder, exc, "so nothing built")
        return EXIT_INVALID
    except OSError as exc:
        # An error of the file written names it as picum writes it (`Path`), not as given.
        if exc.filename == str(Path(output)):
            _cannot_write("picum", exc)
        else:
            _cannot_read(folder, exc.strerror or str(exc))
        return EXIT_USAGE
    except KeyboardInterrupt:
        # Ctrl-C: the build cleaned up as it unwound; a traceback would tell the user nothing.
        print(f"picum: build of {output} stopped by Ctrl-C", file=sys.stderr)
        return EXIT_INTERRUPTED
    print(f"{plural(built, 'profile')} built into {output}")
    return 0


#: Control characters, shown escaped: a name with a line break would print as two lines.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(32), 127)}


def _shown(path: Path) -> str:
    r"""Show *path* on one line: a byte that is no UTF-8, or a control, escaped (``\udcff``)."""
    return str(path).encode("utf-8", "backslashreplace").decode("utf-8").translate(_CONTROLS)


def _export(output_format: str, output: str | None, data: str | None, *, force: bool) -> int:
    code, org = _profile(data)
    if org is None:
        return code
    return _write(_EXPORTS[output_format](org), output, force=force)


def _write(data: bytes, output: str | None, *, force: bool) -> int:
    if output is None:
        sys.stdout.buffer.write(data)
        return 0
    try:
        write_file(output, data, replace=force)
    except OSError as exc:
        _cannot_write("picum", exc)
        return EXIT_USAGE
    return 0


def _cannot_read(path: str, reason: str) -> None:
    """Say that the file or folder *path* cannot be read, and why (*reason*)."""
    print(f"picum: cannot read {path}: {reason}", file=sys.stderr)


def _cannot_write(command: str, exc: OSError) -> None:
    """Say which file *command* could not write, and why (what to do, if it exists)."""
    why = "it exists; --force replaces it" if isinstance(exc, FileExists) else exc.strerror
    print(f"{command}: cannot write {exc.filename}: {why}", file=sys.stderr)


@contextlib.contextmanager
def terminated_as_exit() -> Generator[None]:
    """Make SIGTERM raise `SystemExit` (exit status 143, as the signal's) while inside.

    By default SIGTERM ends Python at once, running no ``finally``: ``picum build`` would leave
    its temporary file, ``export-static`` its half-built folder beside DIR. The handler there
    before is put back on leaving.
    """
    previous = signal.signal(signal.SIGTERM, _exit_terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _exit_terminated(signum: int, _frame: FrameType | None) -> NoReturn:
    raise SystemExit(128 + signum)


class Command(Protocol):
    """A command that another package adds to ``picum``, by an entry point in `COMMANDS`.

    The entry point's name is the command's name; it refers to an object with a one-line
    `help`, which declares its arguments and runs. Loading it should be cheap: a command imports
    what it needs when it runs, and says there how to install what is missing.
    """

    help: str

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Declare the command's arguments."""
        ...

    def run(self, args: argparse.Namespace) -> int:
        """Run the command with its parsed *args*; return the exit code."""
        ...


#: The entry point group of the commands other installed packages add (``picum serve``, say).
COMMANDS = "picum.commands"


def _plugins() -> dict[str, Command]:
    """Load the commands other installed packages add, by name, leaving out the core's own."""
    from importlib.metadata import entry_points  # noqa: PLC0415 - only the CLI needs it

    plugins: dict[str, Command] = {}
    for entry_point in entry_points(group=COMMANDS):
        if entry_point.name not in _CORE_COMMANDS:
            plugins[entry_point.name] = entry_point.load()
    return plugins


#: The core's commands, by name, each run with its parsed arguments.
_CORE_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": _init,
    "schema": lambda args: _schema(args.format, args.output, force=args.force),
    "show": lambda args: _show(args.format, args.data),
    "validate": lambda args: _validate(args.file),
    "build": lambda args: _build(args.folder, args.output, force=args.force),
    "export": lambda args: _export(args.format, args.output, args.data, force=args.force),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``picum`` command with *argv* (default: the process's); return the exit code."""
    plugins = _plugins()
    args = _parser(plugins).parse_args(argv)
    core = _CORE_COMMANDS.get(args.command)
    return plugins[args.command].run(args) if core is None else core(args)


def run() -> None:
    """Entry point of the ``picum`` console script.

    Output piped to a reader that stops early (``| head``) ends the command quietly, exit 1.
    """
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # As the Python docs say for SIGPIPE: nothing more can reach the reader, and flushing at
        # exit would raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        code = EXIT_INVALID
    sys.exit(code)
