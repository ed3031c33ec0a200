"""The settings of ``picum serve``, with their defaults: what a worker is given to serve, and how.

This module needs none of the API's dependencies: ``picum serve``'s options (`commands`) take
their defaults from here before the service is imported. `_serving` hands the settings to every
worker process (`WorkerSettings`), and the protocol (`_protocol`) applies them.
"""

from __future__ import annotations

import json
import os
import urllib.parse
from typing import Final

import attrs


#: The address and port ``picum serve`` listens on, unless told otherwise.
HOST: Final = "127.0.0.1"
PORT: Final = 8000
#: Worker processes.
WORKERS: Final = 1
#: Seconds a client has to send a whole request head, from its connection or its first bytes.
HEAD_TIMEOUT: Final = 10.0
#: Seconds an idle connection is kept open after an answer (uvicorn's keep-alive timeout).
KEEP_ALIVE_TIMEOUT: Final = 5
#: Connections served at once by each worker; a request on one more is answered 503.
MAX_CONNECTIONS: Final = 1000
#: How `picum_api.serve` tells the workers what to serve; not meant to be set by hand.
WORKER_ENVIRONMENT_VARIABLE: Final = "PICUM_SERVE_WORKER"


def public_base(url: str) -> str:
    """Check *url*, where the service is reached from outside, and give it with no final ``/``.

    Raises `ValueError` if it is no http or https URL of a site (``https://example.org``, with
    a path or not), or has a query or a fragment.
    """
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"where the service is reached, http(s)://host[/path], not {url!r}")
    return url.rstrip("/")


@attrs.frozen(kw_only=True)
class WorkerSettings:
    """What every worker of one `picum_api.serve` serves: a copy of the data validated, its hash."""

    #: A private copy of the validated profile file, or of a catalogue's folder; `None`: the
    #: bundled catalogue.
    data: str | None = None
    #: The catalogue ``picum build`` wrote, opened where it is (it is read-only); `None`: none.
    built: str | None = None
    #: The SHA-256 of the bytes that were validated (of a catalogue: `_serving.digest`).
    sha256: str | None = None
    #: The id of the organisation a catalogue serves as its default (`None`: its only one, or
    #: for the bundled catalogue, PICUM).
    default: str | None = None
    #: Where the service is reached from outside, for the addresses in a catalogue's JSON-LD.
    public_url: str | None = None
    #: Seconds a client has to send a request's head (see `_protocol`).
    head_timeout: float = HEAD_TIMEOUT
    #: Connections each worker serves at once (see `_protocol`).
    max_connections: int = MAX_CONNECTIONS

    @classmethod
    def from_environment(cls) -> WorkerSettings:
        """Read the settings `picum_api.serve` has set for this process; the defaults where none."""
        text = os.environ.get(WORKER_ENVIRONMENT_VARIABLE)
        return cls() if text is None else cls(**json.loads(text))

    def to_environment(self) -> None:
        """Set these settings for the workers to come, whatever the environment held."""
        os.environ[WORKER_ENVIRONMENT_VARIABLE] = json.dumps(attrs.asdict(self))
