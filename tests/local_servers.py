"""Servers started on 127.0.0.1 by the tests and the benchmark: a free port, and waiting for one.

Only the standard library: the benchmark's session (`nox -s bench`) installs neither pytest nor the
tests' dependency group.
"""

from __future__ import annotations

import http.client
import socket
import time
import urllib.parse
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    import subprocess


class NotAnsweringError(RuntimeError):
    """A server that exited, or did not answer in time."""


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_answering(
    url: str, process: subprocess.Popen[bytes], *, method: str = "GET", seconds: float = 30
) -> None:
    """Wait until a request to *url* gets an answer, of any status, from the server *process*.

    Raises `NotAnsweringError` as soon as *process* exits (with what it wrote to its pipes), or after
    *seconds* (thirty by default: a busy machine is slow to start a server).
    """
    target = urllib.parse.urlsplit(url)
    path = urllib.parse.urlunsplit(("", "", target.path or "/", target.query, ""))
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            stdout, stderr = process.communicate()
            raise NotAnsweringError(
                f"{process.args!r} exited with {process.returncode}: {stdout!r}, {stderr!r}"
            )
        connection = http.client.HTTPConnection(target.hostname or "", target.port, timeout=1)
        try:
            connection.request(method, path)
            connection.getresponse().read()
        except (OSError, http.client.HTTPException):
            time.sleep(0.05)
        else:
            return
        finally:
            connection.close()
    raise NotAnsweringError(f"{process.args!r} did not answer at {url} in {seconds} s")
