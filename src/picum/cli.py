"""The ``picum`` command: show, validate or export the profile, or serve it as an API.

Exit codes: 0 success, 1 an invalid profile, 2 a usage error or a file that cannot be read. A
profile file must be a regular file of at most 16 MiB (`picum.MAX_PROFILE_BYTES`): anything else
(a directory, a device, a FIFO, a larger file) is refused before it is read, as a file that cannot
be read. `picum serve` exits with 1 for any data file unfit to serve, unreadable ones included.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import formats
from ._errors import ValidationError
from ._loading import load, read_profile_file
from ._organisation import Organisation
from ._summary import summary
from ._wire import dumps, loads


if TYPE_CHECKING:
    from collections.abc import Callable, Sequence


EXIT_INVALID = 1
EXIT_USAGE = 2
_API_EXTRA = "this command needs the API extra; install it with: pip install 'picum[api]'"

_EXPORTS: dict[str, Callable[[Organisation], bytes]] = {
    "json": lambda org: dumps(org, pretty=True),
    "jsonld": lambda org: dumps(formats.jsonld(org), pretty=True),
    "csl": lambda org: dumps(formats.csl(org.citations), pretty=True),
    "bibtex": lambda org: formats.bibtex(org.citations).encode(),
}


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
    export = commands.add_parser("export", help="write the profile in a standard format")
    export.add_argument(
        "--format",
        choices=list(_EXPORTS),
        default="json",
        help="json: the wire format (default); jsonld: schema.org; csl: CSL-JSON; bibtex",
    )
    export.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not to stdout")
    static = commands.add_parser(
        "export-static",
        help="write the whole API as static files, for any static host (needs picum[api])",
    )
    static.add_argument("directory", help="where to write the files")
    serve = commands.add_parser(
        "serve", help="serve the profile as a JSON API (needs the extra: picum[api])"
    )
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on")
    serve.add_argument("--port", type=int, default=8000, help="the port to listen on")
    serve.add_argument("--data", metavar="FILE", help="serve this profile file, once it is valid")
    serve.add_argument("--workers", type=_positive, default=1, help="how many worker processes")
    serve.add_argument("--reload", action="store_true", help="restart when the code changes")
    serve.add_argument(
        "--head-timeout",
        type=_positive_number,
        default=10.0,
        metavar="SECONDS",
        help="close a connection whose request head is not whole this long after the connection"
        " or the head's first bytes (default: 10)",
    )
    serve.add_argument(
        "--keep-alive-timeout",
        type=_positive,
        default=5,
        metavar="SECONDS",
        help="close a connection idle this long after an answer (default: 5)",
    )
    serve.add_argument(
        "--max-connections",
        type=_positive,
        default=1000,
        metavar="N",
        help="connections each worker serves at once; more get 503 (default: 1000)",
    )
    return parser


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return number


def _positive_number(text: str) -> float:
    number = float(text)
    if not 0 < number < float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds above 0")
    return number


def _show(output_format: str) -> int:
    org = load()
    if output_format == "json":
        sys.stdout.buffer.write(dumps(org, pretty=True))
    else:
        sys.stdout.write(summary(org))
    return 0


def _check(path: str, *, unreadable: int = EXIT_USAGE) -> tuple[int, bytes]:
    """Read and validate the profile file at *path*, reporting what is wrong.

    Return the exit code and, if it is 0, the bytes that were validated. A file that cannot be
    read is a usage error (2), except where *unreadable* says otherwise.
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


def _validate(path: str) -> int:
    code, _ = _check(path)
    if code == 0:
        print("OK")
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


def _export_static(directory: str) -> int:
    try:
        # The API is an optional extra: import it only where it is needed.
        from picum_api.static import export_static  # noqa: PLC0415
    except ImportError:
        print(f"picum: {_API_EXTRA}", file=sys.stderr)
        return EXIT_USAGE
    try:
        files = export_static(directory)
    except OSError as exc:
        # Name the very file or folder that could not be written, not only the export's folder.
        failed = exc.filename or directory
        print(f"picum: cannot write {failed}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{len(files)} files written to {directory}, listed in {directory}/manifest.json")
    return 0


def _serve(args: argparse.Namespace) -> int:
    try:
        from picum_api.serving import serve  # noqa: PLC0415
    except ImportError:
        print(f"picum: {_API_EXTRA}", file=sys.stderr)
        return EXIT_USAGE
    data = None
    if args.data is not None:
        # The data a server is to serve is either fit to serve or not: unreadable is unfit (1).
        code, data = _check(args.data, unreadable=EXIT_INVALID)
        if code != 0:
            return code
    # The very bytes validated here are served: the file is not read again.
    serve(
        host=args.host,
        port=args.port,
        data=data,
        workers=args.workers,
        reload=args.reload,
        head_timeout=args.head_timeout,
        keep_alive_timeout=args.keep_alive_timeout,
        max_connections=args.max_connections,
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``picum`` command with *argv* (default: the process's); return the exit code."""
    args = _parser().parse_args(argv)
    if args.command == "show":
        return _show(args.format)
    if args.command == "validate":
        return _validate(args.file)
    if args.command == "export":
        return _export(args.format, args.output)
    if args.command == "export-static":
        return _export_static(args.directory)
    return _serve(args)


def run() -> None:
    """Entry point of the ``picum`` console script."""
    sys.exit(main())
