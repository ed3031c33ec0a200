"""The commands the API adds to ``picum``: ``picum serve`` and ``picum export-static``.

``picum`` finds them by their entry points (group ``picum.commands``). Loading this module is
cheap and needs none of the API's dependencies: each command imports the service when it runs,
and says how to install the ``api`` extra where it is missing.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import picum
from picum import Organisation, loads
from picum._built import is_built
from picum._catalogue import BUNDLED_DEFAULT
from picum.cli import (
    EXIT_INTERRUPTED,
    EXIT_INVALID,
    EXIT_USAGE,
    check_built_file,
    check_catalogue_folder,
    check_profile_file,
    terminated_as_exit,
)

from . import settings


_API_EXTRA = "this command needs the API extra; install it with: pip install 'picum[api]'"


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return number


#: The ports TCP has: 0 (any free port) to 65535.
_PORTS = range(65536)


def _port(text: str) -> int:
    """Read a TCP port: 70000 is refused, not taken modulo 65536 as the socket layer would."""
    try:
        number = int(text)
    except ValueError:
        number = -1
    if number not in _PORTS:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (0 to 65535)")
    return number


def _positive_number(text: str) -> float:
    number = float(text)
    if not 0 < number < float("inf"):
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds above 0")
    return number


class Serve:
    """``picum serve``: run the API under uvicorn: the bundled catalogue, or a valid file or DIR."""

    help = "serve profiles as a JSON API (needs the extra: picum[api])"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Declare where to listen, what to serve, and the limits for clients."""
        parser.add_argument("--host", default=settings.HOST, help="the address to listen on")
        parser.add_argument(
            "--port", type=_port, default=settings.PORT, help="the port to listen on (0 to 65535)"
        )
        parser.add_argument(
            "--data",
            metavar="FILE or DIR",
            help="serve this profile file, or the catalogue in this folder, once valid, or the"
            " catalogue picum build wrote to this file (default: the bundled catalogue)",
        )
        parser.add_argument(
            "--default",
            metavar="ID",
            help="the organisation of the catalogue (--data DIR or a built FILE) to serve as a"
            " profile alone is,"
            " at /v2/organisation (needed where it holds more than one)",
        )
        parser.add_argument(
            "--public-url",
            metavar="URL",
            help="where the service is reached from outside (https://example.org): a catalogue's"
            " JSON-LD gives its organisations' addresses under it",
        )
        parser.add_argument(
            "--workers", type=_positive, default=settings.WORKERS, help="how many worker processes"
        )
        parser.add_argument("--reload", action="store_true", help="restart when the code changes")
        parser.add_argument(
            "--access-log",
            action="store_true",
            help="log every request (off by default: it costs about half the throughput)",
        )
        parser.add_argument(
            "--head-timeout",
            type=_positive_number,
            default=settings.HEAD_TIMEOUT,
            metavar="SECONDS",
            help="close a connection whose request head is not whole this long after the"
            " connection or the head's first bytes (default: %(default)g)",
        )
        parser.add_argument(
            "--keep-alive-timeout",
            type=_positive,
            default=settings.KEEP_ALIVE_TIMEOUT,
            metavar="SECONDS",
            help="close a connection idle this long after an answer (default: %(default)s)",
        )
        parser.add_argument(
            "--max-connections",
            type=_positive,
            default=settings.MAX_CONNECTIONS,
            metavar="N",
            help="connections each worker serves at once; more get 503 (default: %(default)s)",
        )

    def run(self, args: argparse.Namespace) -> int:
        """Validate the data file or folder, if any, then serve exactly its validated bytes."""
        try:
            from ._serving import serve  # noqa: PLC0415 - needs the API extra
        except ImportError:
            print(f"picum: {_API_EXTRA}", file=sys.stderr)
            return EXIT_USAGE
        data: bytes | dict[str, bytes] | Path | None = None
        # os.path.isdir, as picum validate: a path that cannot be looked at is read as a file.
        if args.data is None or os.path.isdir(args.data):  # noqa: PTH112 - see above
            code, data = self._catalogue(args.data, args.default, args.public_url)
        elif is_built(args.data):
            code, data = self._built(args.data, args.default, args.public_url)
        elif args.default is not None or args.public_url is not None:
            option = "--default" if args.default is not None else "--public-url"
            print(
                f"picum: {option} is for a catalogue: give --data DIR (or a built FILE)",
                file=sys.stderr,
            )
            return EXIT_USAGE
        else:
            # The data a server is to serve is either fit to serve or not: unreadable is unfit.
            code, data = check_profile_file(args.data, unreadable=EXIT_INVALID)
        if code != 0:
            return code
        # The very bytes validated here are served: the file is not read again.
        serve(
            host=args.host,
            port=args.port,
            data=data,
            default=args.default,
            public_url=args.public_url,
            workers=args.workers,
            reload=args.reload,
            head_timeout=args.head_timeout,
            keep_alive_timeout=args.keep_alive_timeout,
            max_connections=args.max_connections,
            access_log=args.access_log,
        )
        return 0

    @classmethod
    def _catalogue(
        cls, folder: str | None, default: str | None, public_url: str | None
    ) -> tuple[int, dict[str, bytes] | None]:
        """Check the catalogue in *folder* (`None`: the bundled one), its *default*, *public_url*.

        Give the exit code and, where it is 0, the bytes validated of the folder's files (none
        for the bundled catalogue). Only the bytes are kept: the workers read them again.
        """
        if folder is None:
            checked: picum.Catalogue | None = picum.Catalogue.bundled()
            code, data, default = 0, None, default or BUNDLED_DEFAULT
        else:
            code, checked, data = check_catalogue_folder(folder)
        if checked is None:
            return code, None
        return cls._options(checked, default, public_url), data

    @classmethod
    def _built(
        cls, path: str, default: str | None, public_url: str | None
    ) -> tuple[int, Path | None]:
        """Check that the file ``picum build`` wrote at *path* can be served, as its *default*.

        Give the exit code and, where it is 0, the file's path, which the workers open.
        """
        code, checked = check_built_file(path)
        if checked is None:
            return code, None
        return cls._options(checked, default, public_url), Path(path).resolve()

    @staticmethod
    def _options(catalogue: picum.Catalogue, default: str | None, public_url: str | None) -> int:
        """Check that *catalogue* has its *default*, and *public_url*: give the exit code."""
        try:
            catalogue.default(default)
        except ValueError as exc:
            print(f"picum: --default: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if public_url is not None:
            try:
                settings.public_base(public_url)
            except ValueError as exc:
                print(f"picum: --public-url: {exc}", file=sys.stderr)
                return EXIT_USAGE
        return 0


class ExportStatic:
    """``picum export-static``: write the whole API as static files, of a profile or a catalogue."""

    help = "write the whole API as static files, for any static host (needs picum[api])"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Declare the folder to write, and the profile or catalogue to export."""
        parser.add_argument("directory", help="where to write the files")
        parser.add_argument(
            "--data",
            metavar="FILE or DIR",
            help="export this profile file, or the catalogue in this folder, once valid, or the"
            " catalogue picum build wrote to this file (default: the bundled PICUM profile)",
        )
        parser.add_argument(
            "--default",
            metavar="ID",
            help="the organisation of the catalogue to publish as a profile alone is, at"
            " /v2/organisation (needed where it holds more than one)",
        )

    def run(self, args: argparse.Namespace) -> int:
        """Write the export, or say which file could not be written."""
        try:
            from ._static import export_static  # noqa: PLC0415 - needs the API extra
        except ImportError:
            print(f"picum: {_API_EXTRA}", file=sys.stderr)
            return EXIT_USAGE
        code, data = self._data(args.data, args.default)
        if code != 0:
            return code
        directory: str = args.directory
        try:
            with terminated_as_exit():
                files = export_static(
                    directory, data, default=args.default, processes=os.cpu_count() or 1
                )
        except OSError as exc:
            # Name the very file or folder that could not be written, not only the export's.
            failed = exc.filename or directory
            print(f"picum: cannot write {failed}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
        except picum.BuiltCatalogueError as exc:
            # The file exported was built again meanwhile: nothing was written.
            print(f"picum: {exc}", file=sys.stderr)
            return EXIT_INVALID
        except KeyboardInterrupt:
            # Ctrl-C: the export cleaned up as it unwound; a traceback would tell the user nothing.
            print(f"picum: export to {directory} stopped by Ctrl-C", file=sys.stderr)
            return EXIT_INTERRUPTED
        listed = [Path(directory) / "manifest.json"]
        organisations = Path(directory) / "organisations.jsonl"
        count = len(files)
        if isinstance(data, picum.Catalogue):
            with organisations.open("rb") as lines:
                count += sum(1 for _ in lines)
            listed.append(organisations)
        print(f"{count} files written to {directory}, listed in {' and '.join(map(str, listed))}")
        return 0

    @staticmethod
    def _data(
        path: str | None, default: str | None
    ) -> tuple[int, Organisation | picum.Catalogue | None]:
        """Check the data at *path*, as ``serve`` does, and *default*: give the exit code and it.

        A file that cannot be read is unfit to publish. `None` is the bundled PICUM profile.
        """
        if path is not None and os.path.isdir(path):  # noqa: PTH112 - as serve reads --data
            code, checked, _ = check_catalogue_folder(path)
        elif path is not None and is_built(path):
            code, checked = check_built_file(path)
        elif default is not None:
            print(
                "picum: --default is for a catalogue: give --data DIR (or a built FILE)",
                file=sys.stderr,
            )
            return EXIT_USAGE, None
        elif path is None:
            return 0, None
        else:
            code, data = check_profile_file(path, unreadable=EXIT_INVALID)
            return code, None if code != 0 else loads(data, Organisation)
        if checked is None:
            return code, None
        try:
            checked.default(default)
        except ValueError as exc:
            print(f"picum: --default: {exc}", file=sys.stderr)
            return EXIT_USAGE, None
        return 0, checked


#: The entry points of ``picum serve`` and ``picum export-static``.
SERVE = Serve()
EXPORT_STATIC = ExportStatic()
