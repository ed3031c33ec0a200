"""Running the API under uvicorn: what ``picum serve`` does."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn

import picum

from ._app import create_app


if TYPE_CHECKING:
    from types import FrameType

    from litestar import Litestar


#: The profile file the workers serve; unset: the bundled profile.
DATA_ENVIRONMENT_VARIABLE = "PICUM_DATA"


def app_from_environment() -> Litestar:
    """Make the app for the profile file named by ``PICUM_DATA``, or for the bundled profile.

    uvicorn calls this factory in each worker process.
    """
    path = os.environ.get(DATA_ENVIRONMENT_VARIABLE)
    return create_app(picum.load(path) if path else None)


def _stopped(signum: int, frame: FrameType | None) -> None:
    del signum, frame
    sys.exit(0)


def serve(
    *, host: str, port: int, data: str | None = None, workers: int = 1, reload: bool = False
) -> None:
    """Serve the API with uvicorn until stopped; *data* is a profile file to serve instead.

    Validate *data* before calling this: each worker loads it again, and must not fail.
    """
    if data is not None:
        os.environ[DATA_ENVIRONMENT_VARIABLE] = str(Path(data).resolve())
    # uvicorn shuts down gracefully on SIGTERM, then raises the signal again: a stop that was
    # asked for is a success, so the process then ends with 0.
    signal.signal(signal.SIGTERM, _stopped)
    uvicorn.run(
        "picum_api.serving:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        server_header=False,
    )
