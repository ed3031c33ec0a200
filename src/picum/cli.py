"""The ``picum`` command: show, validate, export the profile, or print its schema; and more.

Exit codes: 0 success, 1 an invalid profile, 2 a usage error or a file that cannot be read. A
profile file must be a regular file of at most 16 MiB (`picum.MAX_PROFILE_BYTES`): anything else
(a directory, a device, a FIFO, a larger file) is refused before it is read, as a file that cannot
be read. Installed packages add commands by entry points in the group `COMMANDS` (the API adds
``serve`` and ``export-static``, which exits with 1 for any data file unfit to serve).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from . import formats
from ._errors import ValidationError
from ._loading import load, read_profile_file
from ._organisation import FORMAT, Organisation
from ._schema import json_schema
from ._summary import summary
from ._wire import dumps, format_of, loads


if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence


EXIT_INVALID = 1
EXIT_USAGE = 2

_EXPORTS: dict[str, Callable[[Organisation], bytes]] = {
    "json": lambda org: dumps(org, pretty=True),
    "jsonld": lambda org: dumps(formats.jsonld(org), pretty=True),
    "csl": lambda org: dumps(formats.csl(org.citations), pretty=True),
    "bibtex": lambda org: formats.bibtex(org.citations).encode(),
}


def _parser(plugins: Mapping[str, Command]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="picum", description="The PICUM organisation profile as typed, validated open data."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    show = commands.add_parser("show", help="print the bundled profile")
    show.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text: a summary for people (default); json: the wire format",
    )
    validate = commands.add_parser("validate", help="check a profile file and list every problem")
    validate.add_argument("file", help="the profile file, in the wire format (JSON)")
    schema = commands.add_parser("schema", help="print the JSON Schema of a profile file")
    schema.add_argument(
        "--format",
        type=int,
        choices=[1, FORMAT],
        default=FORMAT,
        help=f"the wire format: {FORMAT}, the current one (default), or 1, the 2016-era one",
    )
    export = commands.add_parser("export", help="write the profile in a standard format")
    export.add_argument(
        "--format",
        choices=list(_EXPORTS),
        default="json",
        help="json: the wire format (default); jsonld: schema.org; csl: CSL-JSON; bibtex",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not to stdout")
    for name, command in plugins.items():
        command.add_arguments(commands.add_parser(name, help=command.help))
    return parser


def _show(output_format: str) -> int:
    org = load()
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
    try:
        data = read_profile_file(path)
        loads(data, Organisation)
    except OSError as exc:
        print(f"picum: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return unreadable, b""
    except ValidationError as exc:
        print(f"{path}: {len(exc.errors)} problem{'s' if len(exc.errors) != 1 else ''}")
        for problem in exc.errors:
            print(f"  {problem}")
        return EXIT_INVALID, b""
    return 0, data


_FORMATS = {1: "format 1, the 2016-era format, read as format 2", FORMAT: f"format {FORMAT}"}


def _validate(path: str) -> int:
    code, data = check_profile_file(path)
    if code == 0:
        print(f"OK ({_FORMATS[format_of(json.loads(data))]})")
    return code


def _export(output_format: str, output: str | None) -> int:
    data = _EXPORTS[output_format](load())
    if output is None:
        sys.stdout.buffer.write(data)
        return 0
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        print(f"picum: cannot write {output}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    return 0


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


_CORE_COMMANDS = {"show", "validate", "schema", "export"}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``picum`` command with *argv* (default: the process's); return the exit code."""
    plugins = _plugins()
    args = _parser(plugins).parse_args(argv)
    if args.command == "show":
        return _show(args.format)
    if args.command == "validate":
        return _validate(args.file)
    if args.command == "schema":
        sys.stdout.buffer.write(dumps(json_schema(args.format), pretty=True))
        return 0
    if args.command == "export":
        return _export(args.format, args.output)
    return plugins[args.command].run(args)


def run() -> None:
    """Entry point of the ``picum`` console script."""
    sys.exit(main())
