"""A storm of distinct requests on a real `picum serve`: its memory stays within its budgets.

Run by ``nox -s load`` (it takes one to two minutes): ``pytest tests/bench/memory_storm.py``.
The worker is started as the README starts it, with its defaults; 100,000 distinct requests of
every kind the service keeps answers for are sent on a few kept-alive connections, pipelined,
and its resident memory (VmRSS) is read between batches: it may grow above its idle size by the
two caches' budgets at most, as docs/production.md says.
"""

from __future__ import annotations

import io
import itertools
import socket
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import picum
from picum_api import _fast, _representations
from tests.api.servers import start_server, stop
from tests.bench.catalogue import write_catalogue


if TYPE_CHECKING:
    from collections.abc import Iterator


#: What a worker may grow by beyond its idle size: both caches full, as docs/production.md says.
BUDGET = _fast.CACHE_BYTES + _representations.PAGE_CACHE_BYTES
STORM = 100_000
CONNECTIONS = 4
#: Requests sent at once on a connection before its answers are read (pipelined).
DEPTH = 32
LISTS = ("activities", "citations", "sources", "memberships")
ORGANISATIONS = tuple(picum.Catalogue.bundled().profiles)


def requests() -> Iterator[tuple[str, str]]:
    """Distinct requests of every kind the service keeps answers for: target, and extra headers.

    Pages of every list in both versions (within the list and past its end), in every format;
    the organisation at many days, in both formats; the same resources with many Accept and
    Accept-Encoding headers; and in the bundled catalogue, searches, pages of links, and its
    organisations at many days.
    """
    for number in itertools.count():
        kind, n = number % 8, number // 8
        if kind < 3:
            version = ("/v1", "/v2")[n % 2]
            listed = LISTS[n // 2 % 4]
            offset = (n // 8 % 16, 16 + n, 1_000_000 + n)[kind]
            query = f"offset={offset}&limit={1 + n // 128 % 500}"
            if listed == "citations" or (listed == "sources" and version == "/v2"):
                query += ("&format=json", "&format=csl", "&format=bibtex")[n // 16 % 3]
            yield f"{version}/{listed}?{query}", ""
        elif kind == 3:
            day = f"{1990 + n % 40:04d}-{1 + n // 40 % 12:02d}-{1 + n // 480 % 28:02d}"
            yield f"{('/v2', '')[n // 13440 % 2]}/organisation?as_of={day}&format=jsonld", ""
        elif kind == 4:
            accept = f"application/json;q=0.{1 + n % 999:03d}, */*;q=0.{1 + n // 999 % 9}"
            yield ("/v1", "/v2", "")[n // 8991 % 3] + "/organisation", f"Accept: {accept}\r\n"
        elif kind == 5:
            coding = f"br;q=0.{1 + n % 999:03d}, gzip;q=0.{1 + n // 999 % 9}"
            yield ("/v1", "/v2")[n // 8991 % 2] + "/citations", f"Accept-Encoding: {coding}\r\n"
        elif kind == 6:
            links = ("members", "memberships")[n % 2]
            yield f"/v2/organisations?q=a{n}&offset={n % 7}", ""
            yield (
                f"/v2/organisations/picum/{links}?offset={n // 2 % 5}&limit={1 + n // 10 % 500}",
                "",
            )
        else:
            organisation = ORGANISATIONS[n % len(ORGANISATIONS)]
            m = n // len(ORGANISATIONS)
            day = f"{1990 + m % 40:04d}-{1 + m // 40 % 12:02d}-{1 + m // 480 % 28:02d}"
            yield f"/v2/organisations/{organisation}?as_of={day}", ""


def resident(pid: int) -> int:
    """The resident memory of a process, in bytes (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError(f"no VmRSS for {pid}")


def _status(stream: io.BufferedReader) -> int:
    """Read one answer from *stream*, and give its status."""
    status = int(stream.readline().split()[1])
    length = 0
    while (line := stream.readline()) not in {b"\r\n", b""}:
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    stream.read(length)
    return status


def storm(port: int, pid: int, targets: Iterator[tuple[str, str]]) -> tuple[Counter[int], int]:
    """Send *targets* on `CONNECTIONS` connections, pipelined `DEPTH` at a time.

    Give the statuses of the answers, and the most resident memory seen between batches.
    """
    statuses: Counter[int] = Counter()
    most = 0
    connections = [
        socket.create_connection(("127.0.0.1", port), timeout=60) for _ in range(CONNECTIONS)
    ]
    try:
        streams = [connection.makefile("rb") for connection in connections]
        for batch in itertools.count():
            sent = 0
            for connection, stream in zip(connections, streams, strict=True):
                heads = [
                    f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n".encode()
                    for target, headers in itertools.islice(targets, DEPTH)
                ]
                connection.sendall(b"".join(heads))
                statuses.update(_status(stream) for _ in heads)
                sent += len(heads)
            if batch % 16 == 0 or not sent:
                most = max(most, resident(pid))
            if not sent:
                return statuses, most
    finally:
        for connection in connections:
            connection.close()
    raise AssertionError  # pragma: no cover - the loop returns


def test_a_worker_holds_its_budget_through_a_storm_of_distinct_requests() -> None:
    """100,000 distinct requests of every cached kind grow a worker by no more than its budget.

    The worker is `picum serve` with its defaults; its resident memory is read between batches.
    """
    (_, port), process = start_server()
    try:
        idle = resident(process.pid)
        statuses, most = storm(port, process.pid, itertools.islice(requests(), STORM))
    finally:
        stop(process)

    print(f"resident memory: {idle / 2**20:.0f} MiB idle, {most / 2**20:.0f} MiB at most")
    assert ({200: STORM}, True) == (dict(statuses), most - idle <= BUDGET)


#: The profiles of the generated catalogue a built file's storm is sent to, and its requests.
BUILT_PROFILES = 5_000
BUILT_STORM = 20_000


def built_requests(count: int) -> Iterator[tuple[str, str]]:
    """Distinct requests to a built catalogue of *count* generated profiles, each never sent.

    Each profile (never asked for before), each at a day, a search for a number (which its
    names hold: each finds a few), and pages of each one's links.
    """
    for number in itertools.count():
        kind, n = number % 4, number // 4
        id_ = f"org-{n % count:06d}"
        if kind == 0:
            yield f"/v2/organisations/{id_}", ""
        elif kind == 1:
            yield f"/v2/organisations/{id_}?as_of={1990 + n % 40:04d}-06-01", ""
        elif kind == 2:
            yield f"/v2/organisations?q={n}&limit={1 + n % 50}", ""
        else:
            links = ("members", "memberships")[n % 2]
            yield f"/v2/organisations/{id_}/{links}?limit={1 + n % 500}", ""


def test_a_worker_of_a_built_catalogue_holds_its_budget(tmp_path: Path) -> None:
    """Distinct requests to a built catalogue's profiles, searches and links keep the budget.

    The catalogue is generated and built as users build one (``picum build``), then served as
    they serve it (``picum serve --data FILE``); every profile is asked for once, never before.
    """
    write_catalogue(tmp_path / "catalogue", BUILT_PROFILES)
    built = tmp_path / "catalogue.sqlite"
    subprocess.run(
        [sys.executable, "-m", "picum", "build", str(tmp_path / "catalogue"), "-o", str(built)],
        check=True,
        capture_output=True,
    )
    (_, port), process = start_server("--data", str(built), "--default", "org-000000")
    try:
        idle = resident(process.pid)
        targets = itertools.islice(built_requests(BUILT_PROFILES), BUILT_STORM)
        statuses, most = storm(port, process.pid, targets)
    finally:
        stop(process)

    print(f"resident memory: {idle / 2**20:.0f} MiB idle, {most / 2**20:.0f} MiB at most")
    assert ({200: BUILT_STORM}, True) == (dict(statuses), most - idle <= BUDGET)
