"""Bad input and hard stops against a real `picum serve`.

Every bad request gets a 4xx or a closed connection, never a 500, and the server goes on serving.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from pathlib import Path

import httpx
import pytest

import picum
from tests.local_servers import free_port

from .servers import Server, picum_serve, raw, start_server, status_of, stop


def still_serving(base: str) -> bool:
    """Tell whether the server still answers an ordinary request."""
    return httpx.get(f"{base}/v1/organisation").status_code == 200


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"GET /v1 HTTP/1.x\r\nHost: x\r\n\r\n",
        b"GET /v1 HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        b"GET /v1 HTTP/1.1\r\nHost x\r\n\r\n",
        b"GET /v1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n",
        b"\x00\x01\x02\x03\r\n\r\n",
    ],
    ids=["garbage", "version", "length", "header", "chunk", "binary"],
)
def test_malformed_http_is_refused(server: Server, request_bytes: bytes) -> None:
    """Malformed HTTP gets a 4xx, or a closed connection, and the server goes on serving."""
    base, port = server
    status = status_of(raw(port, request_bytes + b"Connection: close\r\n\r\n"))

    assert status is None or 400 <= status < 500
    assert still_serving(base)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/v1/%ZZ", {404}),
        ("/v1/activities/%FF%FE", {400, 404}),
        ("/v1/activities/" + "a" * 100_000, {400, 404, 414}),
        ("/v1/activities?limit=" + "9" * 7_000, {400}),
        ("/v1/activities?limit=" + "9" * 10_000, {414}),
        ("/v1/activities?limit=1&limit=2", {200}),
        ("/v1/activities?" + "&".join(f"x{n}=1" for n in range(5_000)), {200, 400, 414}),
        ("/v1/organisation?format=" + "%00", {400}),
    ],
    ids=[
        "bad-percent",
        "bad-utf8",
        "long-url",
        "huge-parameter",
        "too-long-target",
        "repeated",
        "many-parameters",
        "nul",
    ],
)
def test_bad_urls_are_4xx(server: Server, path: str, expected: set[int]) -> None:
    """Invalid encodings, huge and repeated parameters: a 4xx (or a sound 200), never a 500."""
    base, port = server
    status = status_of(
        raw(port, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    )

    assert status is None or status in expected
    assert still_serving(base)


@pytest.mark.parametrize("size", [20_000, 1_000_000])
def test_huge_headers_are_refused(server: Server, size: int) -> None:
    """Headers of more than 16 KiB get a 431 problem document (or a closed connection)."""
    base, port = server
    request = b"GET /v1 HTTP/1.1\r\nHost: x\r\nX-Huge: " + b"a" * size + b"\r\n\r\n"

    answer = raw(port, request)

    assert status_of(answer) in {None, 431}
    assert still_serving(base)


@pytest.mark.parametrize(
    ("method", "expected"),
    [("BREW", 501), ("PROPFIND", 501), ("get", 501), ("DELETE", 405), ("TRACE", 405)],
)
def test_unknown_methods_are_refused(server: Server, method: str, expected: int) -> None:
    """Methods HTTP does not define get 501, those the API does not allow 405 (RFC 9110, 9.1)."""
    base, port = server
    status = status_of(
        raw(
            port,
            f"{method} /v1/organisation HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode(),
        )
    )

    assert expected == status
    assert still_serving(base)


def test_a_slow_client_does_not_hold_up_others(server: Server) -> None:
    """A client that sends its request a byte at a time does not stop others being served."""
    base, port = server
    with socket.create_connection(("127.0.0.1", port), timeout=5) as slow:
        for byte in b"GET /v1 HTTP/1.1\r\nHo":
            slow.sendall(bytes([byte]))
            time.sleep(0.01)
        started = time.monotonic()
        served = [still_serving(base) for _ in range(20)]
        elapsed = time.monotonic() - started

    assert (True, True) == (all(served), elapsed < 5)


def test_sigterm_during_load_finishes_what_it_started() -> None:
    """SIGTERM under load: every answered request is whole, and the server exits with 0."""
    (base, _), process = start_server()
    expected = httpx.get(f"{base}/v1/organisation").content
    broken: list[str] = []
    whole = 0
    stopping = threading.Event()

    def hammer() -> None:
        nonlocal whole
        with httpx.Client() as client:
            while not stopping.is_set():
                try:
                    response = client.get(f"{base}/v1/organisation")
                except httpx.TransportError:
                    continue  # refused once the server has stopped listening: not a broken answer
                if response.status_code == 200 and response.content == expected:
                    whole += 1
                else:
                    broken.append(f"{response.status_code} {len(response.content)}")

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(1)
    code = stop(process)
    stopping.set()
    for thread in threads:
        thread.join(timeout=10)

    assert (0, [], True) == (code, broken, whole > 0)


def bundled_text() -> str:
    """The bundled profile, as text."""
    return picum.bundled_profile().decode()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (
            "{not json",
            "$: not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2",
        ),
        (bundled_text()[: len(bundled_text()) // 2], "$: not valid JSON"),
        ("", "$: not valid JSON: Expecting value at line 1, column 1"),
        ("null", "$: expected an object, got null"),
    ],
    ids=["corrupt", "truncated", "empty", "null"],
)
def test_a_bad_data_file_is_never_served(tmp_path: Path, content: str, problem: str) -> None:
    """Corrupt, truncated or empty data: the problem is reported, exit code 1, no port opened."""
    path = tmp_path / "profile.json"
    path.write_text(content, encoding="utf-8")
    port = free_port()

    process = picum_serve("--port", str(port), "--data", str(path))
    out, _ = process.communicate(timeout=30)

    assert (1, True) == (
        process.returncode,
        out.decode().splitlines()[1].strip().startswith(problem),
    )
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/health")


def test_an_unreadable_data_file_is_never_served(tmp_path: Path) -> None:
    """A data file that cannot be read (here: a FIFO) is reported, exit code 1, no port opened."""
    port = free_port()
    fifo = tmp_path / "profile.json"
    os.mkfifo(fifo)

    process = picum_serve("--port", str(port), "--data", str(fifo))
    _, err = process.communicate(timeout=30)

    assert (1, f"picum: cannot read {fifo}: a FIFO (named pipe), not a regular file") == (
        process.returncode,
        err.decode().strip().splitlines()[-1],
    )
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/health")


def test_a_folder_without_profiles_is_never_served(tmp_path: Path) -> None:
    """A folder with no profile file is no catalogue: reported, exit code 1, no port opened."""
    port = free_port()

    process = picum_serve("--port", str(port), "--data", str(tmp_path))
    out, _ = process.communicate(timeout=30)

    assert (1, f"{tmp_path}: no profile files (*.json), so no catalogue") == (
        process.returncode,
        out.decode().splitlines()[0],
    )
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/health")


def test_a_valid_file_with_every_kind_of_mistake_lists_them_all(tmp_path: Path) -> None:
    """Many mistakes in one data file are all reported before anything is served."""
    document = json.loads(picum.bundled_profile())
    document["id"] = "Not A Slug"
    document["members"]["ordinary_statements"][0]["value"]["amount"] = -1
    document["sources"][0]["revision_date"] = "31/10/2016"
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    process = picum_serve("--port", str(free_port()), "--data", str(path))
    out, _ = process.communicate(timeout=30)

    assert (1, 3) == (process.returncode, len(out.decode().splitlines()) - 1)
