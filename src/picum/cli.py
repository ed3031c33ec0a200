"""The ``picum`` command: show the profile, or validate a profile file.

Exit codes: 0 success, 1 an invalid profile, 2 a usage error or a file that cannot be read.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ._errors import ValidationError
from ._loading import load
from ._summary import summary
from ._wire import dumps


if TYPE_CHECKING:
    from collections.abc import Sequence


EXIT_INVALID = 1
EXIT_USAGE = 2


def _parser() -> argparse.ArgumentParser:
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
    return parser


def _show(output_format: str) -> int:
    org = load()
    if output_format == "json":
        sys.stdout.buffer.write(dumps(org, pretty=True))
    else:
        sys.stdout.write(summary(org))
    return 0


def _validate(path: str) -> int:
    try:
        load(path)
    except OSError as exc:
        print(f"picum: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    except ValidationError as exc:
        print(f"{path}: {len(exc.errors)} problem{'s' if len(exc.errors) != 1 else ''}")
        for problem in exc.errors:
            print(f"  {problem}")
        return EXIT_INVALID
    print("OK")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``picum`` command with *argv* (default: the process's); return the exit code."""
    args = _parser().parse_args(argv)
    if args.command == "show":
        return _show(args.format)
    return _validate(args.file)


def run() -> None:
    """Entry point of the ``picum`` console script."""
    sys.exit(main())
