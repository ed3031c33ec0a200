"""``nox -s load``: a real ``picum serve`` under sustained load, then stopped with SIGTERM.

64 connections on 127.0.0.1 send a mix of requests, each with the status it must get: plain and
conditional GETs, HEAD, negotiated formats, pages, an unknown path, a method that is not
allowed. Meanwhile the server's resident memory is sampled every second. The run fails if any
request errs or gets another status than its own, if memory grows by 10% or more from the first
third of the run to the last, or if the server does not stop cleanly on SIGTERM.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.local_servers import free_port, wait_until_answering

from .run import ROOT


CONNECTIONS = 64
MAX_GROWTH = 0.10


@dataclass(frozen=True)
class Request:
    """A request, and the status it must get."""

    method: str
    path: str
    status: int
    headers: tuple[tuple[str, str], ...] = ()


def mix(etag: str) -> list[Request]:
    """The requests the load is made of, taking turns."""
    return [
        Request("GET", "/v1/organisation", 200),
        Request("GET", "/v1/organisation", 304, (("If-None-Match", etag),)),
        Request("HEAD", "/v1/organisation", 200),
        Request("GET", "/v1/organisation", 200, (("Accept", "application/ld+json"),)),
        Request("GET", "/v1/activities?limit=2&offset=1", 200),
        Request("GET", "/v1/activities/advocacy", 200),
        Request("GET", "/v1/citations", 200, (("Accept", "application/x-bibtex"),)),
        Request("GET", "/v1/sources", 200),
        Request("GET", "/v1/activities/fundraising", 404),
        Request("GET", "/v1/organisation", 406, (("Accept", "text/html"),)),
        Request("POST", "/v1/organisation", 405),
        Request("GET", "/v1", 200),
    ]


def rss_kib(pid: int) -> int:
    """The resident memory of a process, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


async def _worker(
    client: httpx.AsyncClient,
    requests: itertools.cycle[Request],
    deadline: float,
    tally: Counter[str],
) -> None:
    while time.monotonic() < deadline:
        request = next(requests)
        try:
            response = await client.request(
                request.method, request.path, headers=dict(request.headers)
            )
        except httpx.HTTPError as exc:
            tally[f"error: {type(exc).__name__}"] += 1
            continue
        tally[
            "ok"
            if response.status_code == request.status
            else f"unexpected {request.method} {request.path}: {response.status_code}"
        ] += 1


async def _sample(pid: int, deadline: float, samples: list[int]) -> None:
    while time.monotonic() < deadline:
        samples.append(rss_kib(pid))
        await asyncio.sleep(1)


async def load(base: str, pid: int, seconds: float) -> tuple[Counter[str], list[int]]:
    """Send the mix from every connection until *seconds* have passed; sample memory meanwhile."""
    tally: Counter[str] = Counter()
    samples: list[int] = []
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        etag = (await client.get("/v1/organisation")).headers["etag"]
        requests = itertools.cycle(mix(etag))
        deadline = time.monotonic() + seconds
        await asyncio.gather(
            _sample(pid, deadline, samples),
            *(_worker(client, requests, deadline, tally) for _ in range(CONNECTIONS)),
        )
    return tally, samples


def main() -> None:
    """Load a server, check what it answered, its memory, and how it stops."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=45)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "picum", "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    wait_until_answering(f"{base}/health", server)
    tally, samples = asyncio.run(load(base, server.pid, args.seconds))
    server.terminate()
    _, stderr = server.communicate(timeout=30)
    third = max(len(samples) // 3, 1)
    first, last = statistics.mean(samples[:third]), statistics.mean(samples[-third:])
    growth = last / first - 1
    total = sum(tally.values())
    print(
        f"{total} requests in {args.seconds:.0f} s ({total / args.seconds:.0f}/s), {CONNECTIONS} connections"
    )
    for outcome, count in tally.most_common():
        print(f"  {count:8} {outcome}")
    print(
        f"resident memory: {first / 1024:.1f} MiB in the first third, {last / 1024:.1f} MiB in the last ({growth:+.1%})"
    )
    print(f"exit code after SIGTERM: {server.returncode}")
    failures = [outcome for outcome in tally if outcome != "ok"]
    if failures or growth >= MAX_GROWTH or server.returncode != 0 or total == 0:
        sys.exit(
            f"load test failed: {failures or ''} growth {growth:+.1%} exit {server.returncode}\n{stderr.decode()}"
        )
    print("load test passed")


if __name__ == "__main__":
    main()
