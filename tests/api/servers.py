"""Real `picum serve` processes on 127.0.0.1 for the tests, and raw HTTP to them."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
from collections.abc import Generator
from typing import NamedTuple

from tests.local_servers import NotAnsweringError, free_port, wait_until_answering


class Server(NamedTuple):
    """A running server: its base URL, and its port for raw connections."""

    base: str
    port: int


def picum_serve(*arguments: str) -> subprocess.Popen[bytes]:
    """Start `picum serve` with these arguments."""
    return subprocess.Popen(
        [sys.executable, "-m", "picum", "serve", *arguments],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def stop(process: subprocess.Popen[bytes]) -> int:
    """Stop the server as a process manager would, and return its exit code."""
    process.terminate()
    process.communicate(timeout=10)
    return process.returncode


def start_server(*arguments: str) -> tuple[Server, subprocess.Popen[bytes]]:
    """Start `picum serve` with *arguments* on a free port; wait until its health check answers.

    Give its address and its process; a server that does not answer is stopped, and the error
    (`NotAnsweringError`) says why.
    """
    port = free_port()
    process = picum_serve("--port", str(port), *arguments)
    server = Server(f"http://127.0.0.1:{port}", port)
    try:
        wait_until_answering(f"{server.base}/health", process)
    except NotAnsweringError:
        stop(process)
        raise
    return server, process


@contextlib.contextmanager
def running(*arguments: str) -> Generator[Server]:
    """Run `picum serve` with *arguments* on a free port while in the block; give its address."""
    server, process = start_server(*arguments)
    try:
        yield server
    finally:
        stop(process)


def raw(port: int, request: bytes, *, timeout: float = 5) -> bytes:
    """Send *request* as it is on a new connection; return what comes back until it closes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks: list[bytes] = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (TimeoutError, ConnectionResetError):
            pass
        return b"".join(chunks)


def status_of(answer: bytes) -> int | None:
    """The status of a raw HTTP answer, or `None` where the server closed without one."""
    if not answer.startswith(b"HTTP/1.1 "):
        return None
    return int(answer[9:12])
