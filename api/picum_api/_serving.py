"""Running the API under uvicorn: what ``picum serve`` does.

uvicorn makes the app in each worker process by calling `worker_app` (through the protocol's
`picum_api._protocol.served_app`). What a worker is to serve
is decided once, by `serve`, and handed down in one environment variable that `serve` always
sets (an inherited value is never used): the bytes of a profile (or of a catalogue's profile
files) that were validated are copied to a private file (or folder), with their hash, and every
worker serves that copy, or refuses to start; a catalogue ``picum build`` wrote, being read-only,
is opened where it is by every worker, which checks it as `picum.Catalogue.from_built` does.
The deadline for a request's head and the most connections served at once go the same way, to
the protocol (`_protocol`). The settings and their defaults are those of `picum_api.settings`.
"""

from __future__ import annotations

import hashlib
import os
import signal
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import uvicorn

import picum

from ._app import create_app
from .settings import (
    HEAD_TIMEOUT,
    KEEP_ALIVE_TIMEOUT,
    MAX_CONNECTIONS,
    WorkerSettings,
)


if TYPE_CHECKING:
    from collections.abc import Mapping
    from types import FrameType

    from ._app import Service


class DataChangedError(RuntimeError):
    """The data a worker is to serve is not the data that was validated."""


def digest(files: Mapping[str, bytes]) -> str:
    """Give the SHA-256 of a catalogue's *files*, by name: each name and its bytes, in order."""
    hashed = hashlib.sha256()
    for name in sorted(files):
        for part in (os.fsencode(name), files[name]):
            hashed.update(len(part).to_bytes(8, "big"))
            hashed.update(part)
    return hashed.hexdigest()


def worker_app() -> Service:
    """Make the app for the data `serve` validated, or for the bundled catalogue.

    uvicorn calls this factory in each worker process. Raises `DataChangedError` if the copy of
    the data no longer has the hash of the bytes validated.
    """
    settings = WorkerSettings.from_environment()
    if settings.built is not None:
        return create_app(
            picum.Catalogue.from_built(settings.built),
            default=settings.default,
            public_url=settings.public_url,
        )
    if settings.data is None:
        return create_app(default=settings.default, public_url=settings.public_url)
    copy = Path(settings.data)
    if copy.is_dir():
        files = {path.name: picum.read_profile_file(path) for path in copy.iterdir()}
        if digest(files) != settings.sha256:
            raise DataChangedError(f"{copy} is not the data validated: not serving it")
        profiles = (picum.loads(data, picum.Organisation) for data in files.values())
        return create_app(
            picum.Catalogue.from_profiles(profiles),
            default=settings.default,
            public_url=settings.public_url,
        )
    data = picum.read_profile_file(copy)
    if hashlib.sha256(data).hexdigest() != settings.sha256:
        raise DataChangedError(f"{copy} is not the data validated: not serving it")
    return create_app(picum.loads(data, picum.Organisation))


def _stopped(signum: int, frame: FrameType | None) -> None:
    del signum, frame
    sys.exit(0)


def serve(  # noqa: PLR0913 - each is an option of `picum serve`
    *,
    host: str,
    port: int,
    data: bytes | Mapping[str, bytes] | Path | None = None,
    default: str | None = None,
    public_url: str | None = None,
    workers: int = 1,
    reload: bool = False,
    head_timeout: float = HEAD_TIMEOUT,
    keep_alive_timeout: int = KEEP_ALIVE_TIMEOUT,
    max_connections: int = MAX_CONNECTIONS,
    access_log: bool = False,
) -> None:
    """Serve the API with uvicorn until stopped: the bundled catalogue, or *data*.

    *data* is a profile file's bytes, a catalogue's profile files (their bytes, by name), or
    the path of a catalogue ``picum build`` wrote, whose *default* organisation (or the bundled
    catalogue's) is served as a profile alone is (see `create_app`), its JSON-LD giving
    addresses under *public_url*. Validate
    *data* before calling this (``picum serve --data FILE`` or ``DIR`` does): every worker
    serves exactly these bytes, from a private copy removed when the server stops (a built
    catalogue is opened where it is, read-only, by each worker). A client has
    *head_timeout* seconds to send a request's head, an idle connection is closed after
    *keep_alive_timeout* seconds, and each worker serves *max_connections* connections at once.
    Each request is logged only with *access_log*: uvicorn's access log costs about half the
    throughput, and a reverse proxy in front usually keeps its own.
    """
    with tempfile.TemporaryDirectory(prefix="picum-serve-") as private:
        settings = WorkerSettings(
            default=default,
            public_url=public_url,
            head_timeout=head_timeout,
            max_connections=max_connections,
        )
        if isinstance(data, bytes):
            copy = Path(private) / "profile.json"
            copy.write_bytes(data)
            sha256 = hashlib.sha256(data).hexdigest()
            settings = attrs.evolve(settings, data=str(copy), sha256=sha256)
        elif isinstance(data, Path):
            settings = attrs.evolve(settings, built=str(data))
        elif data is not None:
            copy = Path(private) / "catalogue"
            copy.mkdir()
            for name, profile in data.items():
                (copy / name).write_bytes(profile)
            settings = attrs.evolve(settings, data=str(copy), sha256=digest(data))
        settings.to_environment()
        # uvicorn shuts down gracefully on SIGTERM, then raises the signal again: a stop that was
        # asked for is a success, so the process then ends with 0.
        signal.signal(signal.SIGTERM, _stopped)
        uvicorn.run(
            # The service's layers under `Limits`, which the protocol applies itself; an ASGI 3
            # app (said, to spare uvicorn its guess).
            "picum_api._protocol:served_app",
            factory=True,
            interface="asgi3",
            host=host,
            port=port,
            workers=workers,
            reload=reload,
            server_header=False,
            http="picum_api._protocol:LimitedHttpToolsProtocol",
            # No WebSocket: a request asking to upgrade is an ordinary HTTP request.
            ws="none",
            timeout_keep_alive=keep_alive_timeout,
            access_log=access_log,
        )
