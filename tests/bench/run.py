"""``nox -s bench``: picum's service against a bare ASGI app and FastAPI, on the same uvicorn.

picum is started exactly as the README starts it, ``picum serve`` with its defaults (and once
more with ``--access-log``, to show what uvicorn's access log costs). For each scenario (a
request: path, headers, method), the bare app replays the very answer picum gives it (status,
headers and bytes, captured from picum first): the ceiling of any Python app under uvicorn for
that answer. The other apps run under uvicorn with the settings ``picum serve`` gives it. Each
server runs alone on 127.0.0.1, pinned to one core, with the load generator on the other; the
servers take turns, round after round, so that a disturbance hits them all. HEAD is measured
with ApacheBench (``ab -i``), for picum and the bare app alike, since wrk's parser waits for the
body that Content-Length announces. For each run: requests per second, p50 and p99 latency,
and the server's CPU time per request (from /proc). The table shows medians over the rounds,
and each figure's ratio to the bare app replaying the same answer. Then: import and load times
in fresh processes, a profile of 10,000 activities and memberships, loaded, validated and
paged, and what picum adds to a request over the bare app, its protocol's limits on the head
apart, measured in process in CPU time (`in_process`), steady where wrk's figures are not; and
``picum validate DIR``, ``picum build``, ``picum validate FILE`` and ``picum serve --data FILE``
on generated catalogues (`catalogue`, ``--catalogues 100000``): its first answers, then, under
load, profiles never asked for before and searches, each path asked for once, with one worker
(the default) and with two.
Figures go to ``.bench/`` as JSON. Nothing here asserts a time: the figures are
for people.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import http.client
import itertools
import json
import math
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TypeVar

import attrs

import picum
from picum import NetworkMembership, Scope
from picum_api.settings import KEEP_ALIVE_TIMEOUT
from tests.local_servers import NotAnsweringError, free_port, wait_until_answering

from .catalogue import SCRIPTS, WORDS, write_catalogue
from .in_process import in_process_costs


ROOT = Path(__file__).parents[2]
OUT = ROOT / ".bench"
SERVER_CPU, LOAD_CPU = "0", "1"
T = TypeVar("T")
PICUM = str(Path(sys.executable).parent / "picum")
#: The organisation a generated catalogue is served and exported with at ``/v2/organisation``.
_DEFAULT = "org-000000"
# The other apps run under uvicorn with the settings `picum serve` gives it: httptools, uvicorn's
# default event loop (uvloop, where it is installed), no access log, no server header, the same
# keep-alive timeout.
UVICORN = [
    sys.executable,
    "-m",
    "uvicorn",
    "--http",
    "httptools",
    "--no-access-log",
    "--no-server-header",
    "--timeout-keep-alive",
    str(KEEP_ALIVE_TIMEOUT),
]
SERVERS = {
    # Replays picum's answer to one scenario (see `capture`).
    "bare": [*UVICORN, "tests.bench.bare:app"],
    # Exactly as the README starts it, defaults included (and a port of its own).
    "picum": [PICUM, "serve"],
    # The same, with the access log uvicorn keeps by default: what it costs.
    "picum+log": [PICUM, "serve", "--access-log"],
    "fastapi": [*UVICORN, "tests.bench.fastapi_app:app"],
}
#: Headers the server adds itself, to any app's answer: not replayed.
_SERVER_HEADERS = {"date", "server"}


@dataclass(frozen=True)
class Scenario:
    """What to ask for: a path, with a method and headers (``{etag}``: the current ETag)."""

    name: str
    path: str
    headers: tuple[tuple[str, str], ...] = ()
    method: str = "GET"

    def with_etag(self, etag: str) -> Scenario:
        """The scenario with ``{etag}`` in its headers replaced by *etag*."""
        headers = tuple((name, value.format(etag=etag)) for name, value in self.headers)
        return Scenario(self.name, self.path, headers, self.method)


ORGANISATION = Scenario("organisation 200", "/v1/organisation")
REVALIDATED = Scenario("organisation 304", "/v1/organisation", (("If-None-Match", "{etag}"),))
#: What is measured: the scenarios the performance goals name.
SCENARIOS = [
    ORGANISATION,
    REVALIDATED,
    Scenario("organisation HEAD", "/v1/organisation", method="HEAD"),
    Scenario("organisation br", "/v1/organisation", (("Accept-Encoding", "br"),)),
    Scenario("activity 200", "/v1/activities/advocacy"),
    Scenario("activities page 200", "/v1/activities?limit=2&offset=1"),
    Scenario("citations bibtex 200", "/v1/citations?format=bibtex"),
    Scenario("v2 organisation 200", "/v2/organisation"),
]
#: The scenarios of each server: the bare app replays each of picum's.
SCENARIOS_OF = {
    "bare": SCENARIOS,
    "picum": SCENARIOS,
    "picum+log": [ORGANISATION, REVALIDATED],
    "fastapi": [ORGANISATION],
}


@dataclass
class Run:
    """One wrk run against one server."""

    server: str
    scenario: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    cpu_us_per_request: float
    errors: int
    #: The requests answered.
    requests: int = 0
    #: Whether the run ended early, all its paths asked for (see `wrk`).
    exhausted: bool = False
    #: Requests for which there was no path left (none should be): not asked for twice.
    missing: int = 0


def _process_tree(pid: int) -> list[int]:
    """*pid* and its live descendants (``picum serve --workers N``: uvicorn and its workers)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    tree, index = [pid], 0
    while index < len(tree):
        tree.extend(children.get(tree[index], ()))
        index += 1
    return tree


def _cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) of *pid* and of its live descendants, in seconds.

    A server's workers are its children: their time is the server's. (A child that ended is not
    counted: none ends while a server is measured.)
    """
    ticks = 0
    for process in _process_tree(pid):
        try:
            fields = Path(f"/proc/{process}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _settled_cpu_seconds(pid: int, most: float = 10) -> float:
    """`_cpu_seconds` of *pid* once it stops rising (for at most *most* seconds).

    When wrk stops, the server still answers the requests wrk no longer waits for: their CPU
    time belongs to the run (several milliseconds each, for a profile never asked for).
    """
    deadline = time.monotonic() + most
    now = _cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(0.2)
        before, now = now, _cpu_seconds(pid)
        if now == before:
            break
    return now


def _pinned(command: list[str], cpu: str) -> list[str]:
    return ["taskset", "-c", cpu, *command] if shutil.which("taskset") else command


class Server:
    """A uvicorn process serving one of the apps, pinned to one core."""

    def __init__(
        self,
        name: str,
        *options: str,
        replay: Path | None = None,
        answering: tuple[str, str] = ("HEAD", "/v1/organisation"),
        seconds: float = 30,
    ) -> None:
        """Start the server *name* of `SERVERS` with these *options*, and wait until it answers.

        The bare app replays the answer in the file *replay*. The server is waited for (at most
        *seconds*) until it answers *answering* (a method and a path) with any status: the bare
        app may replay a 304, or a HEAD's answer. `answered_after` is the seconds from the
        start of the command to that answer. Raises `NotAnsweringError` (with what the server
        wrote to stderr) if it does not answer; it is stopped then.
        """
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        command = [*SERVERS[name], "--port", str(self.port), *options]
        env = {**os.environ, "PICUM_BENCH_REPLAY": str(replay)} if replay else None
        # A file, not a pipe: nothing reads the server's log while it runs, and a full pipe
        # would stop it.
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `stop`
        started = time.perf_counter()
        self.process = subprocess.Popen(
            _pinned(command, SERVER_CPU),
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self._log,
        )
        method, path = answering
        try:
            wait_until_answering(f"{self.base}{path}", self.process, method=method, seconds=seconds)
        except NotAnsweringError as exc:
            self.stop()
            raise NotAnsweringError(f"{exc}; its log: {self.log[-2000:]!r}") from exc
        self.answered_after = time.perf_counter() - started

    @property
    def log(self) -> str:
        """What the server wrote to stderr so far."""
        self._log.seek(0)
        return self._log.read().decode(errors="replace")

    def etag(self, path: str) -> str:
        """The ETag the server gives *path*."""
        with urllib.request.urlopen(f"{self.base}{path}", timeout=5) as response:  # noqa: S310
            return str(response.headers["ETag"])

    def capture(self, scenario: Scenario) -> dict[str, object]:
        """The server's answer to *scenario*, as it was sent: status, headers and bytes.

        The headers that the server (uvicorn) adds to any app's answer are left out.
        """
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            connection.request(scenario.method, scenario.path, headers=dict(scenario.headers))
            response = connection.getresponse()
            body = response.read()
        finally:
            connection.close()
        headers = [
            (name.lower(), value)
            for name, value in response.getheaders()
            if name.lower() not in _SERVER_HEADERS
        ]
        return {
            "status": response.status,
            "headers": headers,
            "body": base64.b64encode(body).decode(),
        }

    def stop(self) -> None:
        """Stop the server, and any of its workers left behind (killed, by their ids)."""
        workers = _process_tree(self.process.pid)[1:]
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
        finally:
            for pid in workers:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            self._log.close()


_LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.MULTILINE)
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


#: wrk's Lua for a run whose every request asks for a path of its own: the next line of a file
#: (the script's first argument), none twice. The thread stops once all the paths but a
#: reserve (the second argument) are asked for: the requests it sends before its loop ends
#: take the rest. (One thread, as `wrk` runs it: threads would each step through the file.)
#: done() says how many were asked, in what time, and how many paths were missing.
_STEPPING = """
local ffi = require("ffi")
ffi.cdef[[
typedef struct { long tv_sec; long tv_nsec; } picum_timespec;
int clock_gettime(int clock, picum_timespec *now);
]]
local now = ffi.new("picum_timespec")
local function monotonic()
  ffi.C.clock_gettime(1, now)  -- CLOCK_MONOTONIC
  return tonumber(now.tv_sec) + tonumber(now.tv_nsec) / 1e9
end

threads = {}
function setup(thread) table.insert(threads, thread) end

paths, issued, last, started, took, missing = {}, 0, 0, 0, 0, 0
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  last = #paths - tonumber(args[2])
end

function request()
  if issued == 0 then started = monotonic() end
  issued = issued + 1
  if issued == last then
    took = monotonic() - started
    wrk.thread:stop()
  end
  local path = paths[issued]
  if path == nil then  -- the reserve was too small: say so, rather than ask twice
    missing = missing + 1
    path = "/picum-bench-paths-ran-out"
  end
  return wrk.format(nil, path)
end

function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    io.write(string.format("picum: issued %d, stopped after %.6f s, missing %d\\n",
      thread:get("issued"), thread:get("took"), thread:get("missing")))
  end
end
"""
_STEPPED = re.compile(
    r"^picum: issued (\d+), stopped after ([\d.]+) s, missing (\d+)$", re.MULTILINE
)
#: Connections wrk keeps open, each asking again as soon as it has its answer.
CONNECTIONS = 32


def wrk(
    server: Server, name: str, scenario: Scenario, seconds: int, paths: list[str] | None = None
) -> Run:
    """Drive *server* with wrk for *seconds*; measure its CPU time meanwhile.

    wrk asks for *scenario*'s path again and again, or, given *paths*, for each of *paths* in
    turn, once: then the run ends when they run out (`Run.exhausted`) or after *seconds*,
    whichever comes first. The server's CPU time is that of all its processes, until it has
    answered the requests wrk sent (it may stop waiting for a few), per request sent.
    """
    reserve = 2 * CONNECTIONS
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(f'wrk.method = "{scenario.method}"\n')
        for header, value in scenario.headers:
            script.write(f"wrk.headers[{json.dumps(header)}] = {json.dumps(value)}\n")
        if paths is not None:
            script.write(_STEPPING)
    arguments: list[str] = []
    if paths is not None:
        if len(paths) <= reserve:
            raise ValueError(f"{len(paths)} paths: more than {reserve} are needed")
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listed:
            listed.write("".join(f"{path}\n" for path in paths))
        arguments = ["--", listed.name, str(reserve)]
    before = _cpu_seconds(server.process.pid)
    try:
        done = subprocess.run(
            _pinned(
                [
                    "wrk",
                    "-t1",
                    f"-c{CONNECTIONS}",
                    f"-d{seconds}s",
                    # Slow answers are measured, not dropped as timeouts (wrk's are 2 s).
                    "--timeout",
                    "60s",
                    "--latency",
                    "-s",
                    script.name,
                    f"{server.base}{scenario.path}",
                    *arguments,
                ],
                LOAD_CPU,
            ),
            capture_output=True,
            text=True,
            check=True,
        )
        cpu = _settled_cpu_seconds(server.process.pid) - before
    finally:
        Path(script.name).unlink()
        if arguments:
            Path(arguments[1]).unlink()
    out = done.stdout
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    latency = {int(p): float(v) * _UNITS[u] for p, v, u in _LATENCY.findall(out)}
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_2xx.group(1)) if non_2xx else 0
    sent, took, exhausted, missing = total, float(seconds), False, 0
    if paths is not None:
        stepped = _STEPPED.search(out)
        assert stepped, out
        sent, missing = int(stepped.group(1)), int(stepped.group(3))
        if float(stepped.group(2)) > 0:  # stopped: the paths ran out before the time was up
            took, exhausted = float(stepped.group(2)), True
    return Run(
        server=name,
        scenario=scenario.name,
        requests_per_second=total / took,
        p50_ms=latency.get(50, 0.0),
        p99_ms=latency.get(99, 0.0),
        cpu_us_per_request=cpu / max(sent, 1) * 1e6,
        errors=errors,
        requests=total,
        exhausted=exhausted,
        missing=missing,
    )


def ab_head(server: Server, name: str, scenario: Scenario, seconds: int) -> Run:
    """Drive *server* with the HEAD requests of *scenario* from ApacheBench for *seconds*."""
    headers = [
        option for name_value in scenario.headers for option in ("-H", ": ".join(name_value))
    ]
    before = _cpu_seconds(server.process.pid)
    done = subprocess.run(
        _pinned(
            [
                "ab",
                "-q",
                "-i",
                "-k",
                "-c",
                "32",
                "-t",
                str(seconds),
                "-n",
                "100000000",
                *headers,
                f"{server.base}{scenario.path}",
            ],
            LOAD_CPU,
        ),
        capture_output=True,
        text=True,
        check=True,
    )
    cpu = _cpu_seconds(server.process.pid) - before
    out = done.stdout
    total = int(re.search(r"Complete requests:\s+(\d+)", out).group(1))  # type: ignore[union-attr]
    seconds_taken = float(re.search(r"Time taken for tests:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    percentiles = {
        int(p): float(ms) for p, ms in re.findall(r"^\s+(50|99)%\s+(\d+)", out, re.MULTILINE)
    }
    failed = int(re.search(r"Failed requests:\s+(\d+)", out).group(1))  # type: ignore[union-attr]
    return Run(
        server=name,
        scenario=scenario.name,
        requests_per_second=total / seconds_taken,
        p50_ms=percentiles.get(50, 0.0),
        p99_ms=percentiles.get(99, 0.0),
        cpu_us_per_request=cpu / max(total, 1) * 1e6,
        errors=failed,
    )


def measure(server: Server, name: str, scenario: Scenario, seconds: int) -> Run:
    """One run of *scenario* against *server*: wrk, or ab for HEAD; once more after errors."""
    drive = ab_head if scenario.method == "HEAD" else wrk
    run = drive(server, name, scenario, seconds)
    if run.errors:
        run = drive(server, name, scenario, seconds)
    print(f"{name:10} {scenario.name:22} {run.requests_per_second:9.0f} req/s", flush=True)
    return run


def capture_answers(directory: Path) -> tuple[list[Scenario], dict[str, Path]]:
    """The scenarios, with the current ETag, and picum's answer to each, in a file each."""
    server = Server("picum")
    try:
        scenarios = [scenario.with_etag(server.etag("/v1/organisation")) for scenario in SCENARIOS]
        replays: dict[str, Path] = {}
        for number, scenario in enumerate(scenarios):
            replays[scenario.name] = directory / f"replay-{number}.json"
            replays[scenario.name].write_text(json.dumps(server.capture(scenario)))
    finally:
        server.stop()
    return scenarios, replays


def http_rounds(rounds: int, seconds: int) -> list[Run]:
    """Interleaved rounds of every server and scenario, the bare app replaying each answer."""
    runs: list[Run] = []
    with tempfile.TemporaryDirectory() as directory:
        scenarios, replays = capture_answers(Path(directory))
        by_name = {scenario.name: scenario for scenario in scenarios}
        for round_ in range(rounds):
            print(f"round {round_ + 1} of {rounds}", flush=True)
            for name in SERVERS:
                wanted = [by_name[scenario.name] for scenario in SCENARIOS_OF[name]]
                if name == "bare":
                    for scenario in wanted:
                        server = Server(name, replay=replays[scenario.name])
                        try:
                            runs.append(measure(server, name, scenario, seconds))
                        finally:
                            server.stop()
                    continue
                server = Server(name)
                try:
                    wrk(server, name, Scenario("warm-up", "/v1/organisation"), 1)
                    runs.extend(measure(server, name, scenario, seconds) for scenario in wanted)
                finally:
                    server.stop()
    return runs


def _fresh(code: str, repeats: int = 15) -> float:
    times: list[float] = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def startup() -> dict[str, float]:
    """Seconds to import and load, each in a fresh process, against importing attrs and cattrs."""
    figures = {
        "python": _fresh("pass"),
        "import attrs, cattrs": _fresh("import attrs, cattrs"),
        "import picum": _fresh("import picum"),
        "picum.load()": _fresh("import picum; picum.load()"),
    }
    figures["load ratio to attrs+cattrs"] = (
        figures["picum.load()"] / figures["import attrs, cattrs"]
    )
    return figures


def large_profile(count: int = 10_000) -> picum.Organisation:
    """The bundled profile with *count* activities and *count* network memberships."""
    org = picum.load()
    source = org.sources[0].id
    template = org.activities[0]
    activities = tuple(
        attrs.evolve(template, id=f"activity-{n}", title=f"Activity {n}") for n in range(count)
    )
    memberships = tuple(
        NetworkMembership(
            id=f"network-{n}", network=f"Network {n}", scope=Scope.EUROPEAN, sources=(source,)
        )
        for n in range(count)
    )
    assert org.network_memberships is not None
    return attrs.evolve(
        org,
        activities=activities,
        activities_statements=(),
        network_memberships=attrs.evolve(org.network_memberships, items=memberships),
    )


def growth(seconds: int) -> dict[str, float]:
    """Load a large profile, and page through it over HTTP, against the small one."""
    data = picum.dumps(large_profile(), pretty=True)
    tracemalloc.start()
    start = time.perf_counter()
    picum.loads(data, picum.Organisation)
    load_seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    figures = {
        "bytes": float(len(data)),
        "load_seconds": load_seconds,
        "load_peak_mib": peak / 2**20,
    }
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "large.json"
        path.write_bytes(data)
        for label, options in (("small", ()), ("large", ("--data", str(path)))):
            server = Server("picum", *options)
            try:
                for where, offset in (("first", 0), ("deep", 9_000)):
                    page = Scenario("page", f"/v1/activities?offset={offset}&limit=50")
                    run = wrk(server, "picum", page, seconds)
                    figures[f"{label} {where} page req/s"] = run.requests_per_second
            finally:
                server.stop()
    figures["large/small first page"] = (
        figures["large first page req/s"] / figures["small first page req/s"]
    )
    return figures


def _timed(command: list[str]) -> tuple[float, float]:
    """Run *command* as users run it: its wall-clock seconds and peak resident megabytes.

    The peak is that of the largest of the command's processes (wait4's rusage has it, and
    nothing else the bench ran). Raises `AssertionError` with its output if it fails.
    """
    start = time.perf_counter()
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT) as process:
        said = process.stdout.read() if process.stdout else b""
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    assert process.returncode == 0, said[-2000:].decode(errors="replace")
    return seconds, usage.ru_maxrss / 1024


#: The ids of a generated catalogue are asked for in the order of ``k * _STRIDE % count``, for
#: k = 0, 1, ...: each once (the stride, a prime, is coprime with the count), spread over the
#: file rather than in the order it was written.
_STRIDE = 7919
#: The searches `_first_answers` makes one at a time: none is made again under load.
_SEARCHED_FIRST = ("Solidarité", "Δίκτυο", "12")


def _ids(count: int) -> list[str]:
    """The ids of a generated catalogue of *count* profiles, spread out (see `_STRIDE`)."""
    if math.gcd(_STRIDE, count) != 1:
        raise ValueError(f"{count} profiles: a multiple of the stride {_STRIDE}")
    return [f"org-{number * _STRIDE % count:06d}" for number in range(count)]


def _round_robin(*groups: list[str]) -> list[str]:
    """The lists' items in turn, one of each, as long as every list has one; each once."""
    # A dict keeps the first of equal items, in order.
    return list(dict.fromkeys(item for items in zip(*groups, strict=False) for item in items))


def _interleaved(groups: Iterable[Iterable[T]]) -> list[T]:
    """The first item of each group, then the second of each, and so on."""
    return [
        item
        for same_rank in itertools.zip_longest(*groups)
        for item in same_rank
        if item is not None
    ]


def _search_texts(count: int) -> list[str]:
    """Texts to search a generated catalogue of *count* profiles for, each once.

    In turn, so that the mix is the same all along: a part of a word of the names (the whole
    word first; three letters or more, as written, in lower or upper case), the scripts in
    turn (Latin, Greek, Cyrillic, Japanese, whose words of two characters are too short for
    the trigram index); two words as they may stand in a name, the second as one types it
    (the whole first, as written or in lower case); a profile's number (part of its name); a
    profile's acronym. None is one of `_SEARCHED_FIRST`: each is searched, not answered from
    the answer cache.
    """
    by_script = [WORDS[script] for script in SCRIPTS]
    parts = _interleaved(
        [
            [word, word.lower(), word.upper()]
            + [
                case(word[start : start + length])
                for length in range(len(word) - 1, 2, -1)
                for start in range(len(word) - length + 1)
                for case in (str, str.lower, str.upper)
            ]
            for word in _interleaved(by_script)
        ]
    )
    pairs = _interleaved(
        [
            [
                case(f"{first} {second[:length]}")
                for length in range(len(second), 0, -1)
                for case in (str, str.lower)
            ]
            for first, second in _interleaved(
                itertools.permutations(words, 2) for words in by_script
            )
        ]
    )
    numbers = [str(number * _STRIDE % count) for number in range(1, count)]
    acronyms = [f"O{number * _STRIDE % count}" for number in range(count - 1, 0, -1)]
    texts = _round_robin(parts, pairs, numbers, acronyms)
    return [text for text in texts if text not in _SEARCHED_FIRST]


#: The figures of each run of `_under_load`, after its kind.
_LOAD_FIGURES = (
    "p50_ms",
    "p99_ms",
    "requests_per_second",
    "cpu_us_per_request",
    "errors",
    "requests",
    "exhausted",
)


def _under_load(server: Server, count: int, seconds: int) -> dict[str, float]:
    """Drive *server*, serving a generated catalogue of *count*, with wrk: profiles, searches.

    For *seconds* each, at `CONNECTIONS` connections: ``/v2/organisations/{id}`` for ids never
    asked for before (``cold_ids``: all but those `_first_answers` asked for one at a time, and
    the default), then ``/v2/organisations?q=`` searches (`_search_texts`). No path is asked
    for twice, so that the answer cache never answers: a run ends early (``exhausted``) when
    its paths run out. Gives each run's p50 and p99 latency, requests per second, the server's
    CPU time per request (all its processes), errors (and non-2xx answers) and requests.
    """
    ids = _ids(count)
    asked = {ids[0], "org-000001", *ids[2:22]}
    runs = {
        "cold_ids": [f"/v2/organisations/{id_}" for id_ in ids if id_ not in asked],
        "searches": [
            f"/v2/organisations?q={urllib.parse.quote(text, safe='')}"
            for text in _search_texts(count)
        ],
    }
    figures: dict[str, float] = {}
    for kind, paths in runs.items():
        run = wrk(server, "picum", Scenario(kind, "/v2/organisations"), seconds, paths)
        measured = {**asdict(run), "errors": run.errors + run.missing}
        figures |= {f"{kind}_{what}": float(measured[what]) for what in _LOAD_FIGURES}
    return figures


def _first_answers(built: str, count: int, seconds: int, workers: int = 1) -> dict[str, float]:
    """Start ``picum serve --data FILE`` as users do; time its first answer, then more, then load.

    Gives the seconds from the command's start to its first answer (a profile never asked
    for), and the milliseconds of one request to each of 20 other ids never asked for and of a
    few searches, each on a connection of its own, in a row; then the figures of `_under_load`.
    The server runs with its defaults but for *workers* (``--workers``, given only if not 1),
    pinned to a core (all its workers on the one core), wrk on the other.
    """
    options = ["--data", built, "--default", _DEFAULT]
    if workers != 1:
        options += ["--workers", str(workers)]
    server = Server(
        "picum", *options, answering=("GET", "/v2/organisations/org-000001"), seconds=120
    )
    try:
        figures = {"start_to_first_answer_seconds": server.answered_after}
        ids = _ids(count)[2:22]
        searches = [f"q={urllib.parse.quote(text, safe='')}" for text in _SEARCHED_FIRST]
        for kind, paths in (
            ("cold_profile", [f"/v2/organisations/{id_}" for id_ in ids]),
            ("search", [f"/v2/organisations?{query}" for query in searches]),
        ):
            took: list[float] = []
            for path in paths:
                asked = time.perf_counter()
                with urllib.request.urlopen(f"{server.base}{path}") as answer:  # noqa: S310 - ours
                    answer.read()
                took.append((time.perf_counter() - asked) * 1000)
            figures[f"{kind}_median_ms"] = statistics.median(took)
            figures[f"{kind}_max_ms"] = max(took)
        figures |= _under_load(server, count, seconds)
    finally:
        server.stop()
    return figures


def _medians(rounds: list[dict[str, float]]) -> dict[str, float]:
    """The median of each figure over *rounds*; but errors are summed, and any run cut short is said."""
    merged: dict[str, float] = {}
    for what in rounds[0]:
        values = [figures[what] for figures in rounds]
        if what.endswith("_errors"):
            merged[what] = sum(values)
        elif what.endswith("_exhausted"):
            merged[what] = max(values)
        else:
            merged[what] = statistics.median(values)
    return merged


def catalogue(counts: list[int], seconds: int = 5, rounds: int = 3) -> dict[str, dict[str, float]]:
    """Time ``validate DIR``, ``build``, ``validate FILE``, ``serve --data FILE`` and ``export-static``.

    As users run them, on generated catalogues of *counts* profiles
    (`catalogue.write_catalogue`). The built catalogue is served (`_first_answers`, under load
    for *seconds* a run) as users serve it, with one worker, then with two (``two_workers_``
    figures), *rounds* times in turn: the medians (`_medians`). ``*_cpu_two_to_one`` is the
    ratio of the two's CPU time per request. Then it is exported, whole, by every core.
    """
    figures: dict[str, dict[str, float]] = {}
    for count in counts:
        with tempfile.TemporaryDirectory() as folder, tempfile.TemporaryDirectory() as out:
            written = write_catalogue(Path(folder), count)
            validate_seconds, peak = _timed([PICUM, "validate", folder])
            built = str(Path(out) / "catalogue.sqlite")
            build_seconds, build_peak = _timed([PICUM, "build", folder, "-o", built])
            check_seconds, _ = _timed([PICUM, "validate", built])
            # In turn, so that what slows the machine for a while slows both.
            served = [
                (_first_answers(built, count, seconds), _first_answers(built, count, seconds, 2))
                for _ in range(rounds)
            ]
            one, two = _medians([o for o, _ in served]), _medians([t for _, t in served])
            site = Path(out) / "site"
            export = [PICUM, "export-static", str(site), "--data", built, "--default", _DEFAULT]
            export_seconds, export_peak = _timed(export)
            figures[f"{count:,} profiles"] = {
                "megabytes": written / 1e6,
                "validate_seconds": validate_seconds,
                "megabytes_per_second": written / 1e6 / validate_seconds,
                "peak_resident_megabytes": peak,
                "build_seconds": build_seconds,
                "build_peak_resident_megabytes": build_peak,
                "built_megabytes": Path(built).stat().st_size / 1e6,
                "validate_built_seconds": check_seconds,
                "export_seconds": export_seconds,
                "export_peak_resident_megabytes": export_peak,
                **_exported(site),
                **one,
                **{f"two_workers_{what}": value for what, value in two.items()},
                **{
                    f"{kind}_cpu_two_to_one": two[f"{kind}_cpu_us_per_request"]
                    / one[f"{kind}_cpu_us_per_request"]
                    for kind in ("cold_ids", "searches")
                },
            }
    return figures


def _exported(site: Path) -> dict[str, float]:
    """Count the files of the export in *site* and their megabytes, as the disk holds them."""
    files, size = 0, 0
    for folder, _, names in os.walk(site):
        files += len(names)
        size += sum((Path(folder) / name).stat().st_blocks * 512 for name in names)
    return {"exported_files": float(files), "exported_megabytes": size / 1e6}


def table(runs: list[Run]) -> list[dict[str, object]]:
    """Medians per server and scenario, with ratios to the bare app and to FastAPI."""
    keys = sorted(
        {(run.server, run.scenario) for run in runs},
        key=lambda k: (list(SERVERS).index(k[0]), k[1]),
    )
    rows: list[dict[str, object]] = []
    median = {
        key: statistics.median(r.requests_per_second for r in runs if (r.server, r.scenario) == key)
        for key in keys
    }
    cpu = {
        key: statistics.median(r.cpu_us_per_request for r in runs if (r.server, r.scenario) == key)
        for key in keys
    }
    fastapi = median[("fastapi", "organisation 200")]
    for key in keys:
        mine = [r for r in runs if (r.server, r.scenario) == key]
        rows.append(
            {
                "server": key[0],
                "scenario": key[1],
                "requests_per_second": round(median[key]),
                "p50_ms": statistics.median(r.p50_ms for r in mine),
                "p99_ms": statistics.median(r.p99_ms for r in mine),
                "cpu_us_per_request": round(
                    statistics.median(r.cpu_us_per_request for r in mine), 1
                ),
                "ratio_to_bare": round(median[key] / median[("bare", key[1])], 2),
                # The bare app's CPU time per request over this one's: less sensitive than
                # requests/s to other work on the machine, which slows a server, not its requests.
                "cpu_ratio_to_bare": round(cpu[("bare", key[1])] / cpu[key], 2),
                "ratio_to_fastapi": round(median[key] / fastapi, 2),
                "errors": sum(r.errors for r in mine),
            }
        )
    return rows


def _under_load_lines(measured: dict[str, float]) -> str:
    """The lines of `main` on a catalogue served under load, one worker and two (see `catalogue`)."""
    lines: list[str] = []
    for kind, label, goal, ratio_goal in (
        ("cold_ids", "cold ids", 5, ", goal <= 1"),
        ("searches", "searches", 20, ""),
    ):
        one, two = (
            {what: measured[f"{prefix}{kind}_{what}"] for what in _LOAD_FIGURES}
            for prefix in ("", "two_workers_")
        )
        lines.append(
            f"  {'':28} {label} at {CONNECTIONS} connections: p50 {one['p50_ms']:.1f} ms,"
            f" p99 {one['p99_ms']:.1f} ms (goal p99 < {goal}), {one['requests_per_second']:.0f}"
            f" req/s; two workers p50 {two['p50_ms']:.1f} ms, p99 {two['p99_ms']:.1f} ms,"
            f" {two['requests_per_second']:.0f} req/s\n"
            f"  {'':28} {'':9} CPU per request {one['cpu_us_per_request']:,.0f} us, two workers"
            f" {two['cpu_us_per_request']:,.0f} us"
            f" (x {measured[f'{kind}_cpu_two_to_one']:.2f}{ratio_goal})"
        )
        for workers, figures in (("one worker", one), ("two workers", two)):
            if figures["errors"] or figures["exhausted"]:
                lines.append(
                    f"  {'':28} {'':9} {workers}: {figures['errors']:.0f} errors or non-2xx"
                    f" answers in {figures['requests']:.0f} requests"
                    + (
                        ", every path asked for before the time was up"
                        if figures["exhausted"]
                        else ""
                    )
                )
    return "\n".join(lines)


def main() -> None:
    """Run the benchmark and print and save its figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument(
        "--catalogues",
        type=int,
        nargs="*",
        default=[1_000, 10_000],
        help="the sizes of the generated catalogues to validate, build and serve (issue 23's goal"
        " is at 100,000)",
    )
    args = parser.parse_args()
    if not shutil.which("wrk") or not shutil.which("ab"):
        sys.exit("wrk and ab are needed: on Debian, apt-get install wrk apache2-utils")
    runs = http_rounds(args.rounds, args.seconds)
    rows = table(runs)
    start_up, grown, in_process = startup(), growth(args.seconds), in_process_costs()
    catalogues = catalogue(args.catalogues, args.seconds, args.rounds)
    results = {
        "http": rows,
        "startup": start_up,
        "growth": grown,
        "in_process": in_process,
        "catalogues": catalogues,
        "runs": [asdict(r) for r in runs],
    }
    header = f"{'server':10} {'scenario':22} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'CPU us':>7} {'x bare':>7} {'CPU x bare':>10} {'x fastapi':>9}"
    print("\n" + header)
    for row in rows:
        print(
            f"{row['server']:10} {row['scenario']:22} {row['requests_per_second']:>8} {row['p50_ms']:>7.2f}"
            f" {row['p99_ms']:>7.2f} {row['cpu_us_per_request']:>7} {row['ratio_to_bare']:>7} {row['cpu_ratio_to_bare']:>10} {row['ratio_to_fastapi']:>9}"
        )
    print("\nstart-up (median seconds, fresh processes):")
    for what, seconds in start_up.items():
        print(f"  {what:28} {seconds:.3f}")
    print("\ngrowth (10,000 activities and 10,000 memberships):")
    for what, value in grown.items():
        print(f"  {what:28} {value:,.3f}")
    print("\npicum validate DIR, build, validate FILE, serve --data FILE (generated catalogues):")
    for size, measured in catalogues.items():
        print(
            f"  {size:28} validate DIR {measured['validate_seconds']:.1f} s for"
            f" {measured['megabytes']:,.0f} MB ({measured['megabytes_per_second']:.1f} MB/s),"
            f" peak {measured['peak_resident_megabytes']:.0f} MB resident\n"
            f"  {'':28} build {measured['build_seconds']:.1f} s"
            f" ({measured['built_megabytes']:,.0f} MB, peak"
            f" {measured['build_peak_resident_megabytes']:.0f} MB resident),"
            f" validate FILE {measured['validate_built_seconds']:.1f} s\n"
            f"  {'':28} serve: first answer {measured['start_to_first_answer_seconds']:.2f} s"
            f" after start; cold profiles {measured['cold_profile_median_ms']:.1f} ms"
            f" (max {measured['cold_profile_max_ms']:.1f}); searches"
            f" {measured['search_median_ms']:.1f} ms (max {measured['search_max_ms']:.1f})\n"
            f"  {'':28} export-static: {measured['export_seconds']:.0f} s,"
            f" {measured['exported_files']:,.0f} files, {measured['exported_megabytes']:,.0f} MB"
            f" (peak {measured['export_peak_resident_megabytes']:.0f} MB resident)"
        )
        print(_under_load_lines(measured))
    print("\nwhat picum adds per request (in process, CPU time, best of 7 rounds):")
    for what, value in in_process.items():
        print(f"  {what:48} {value:.2f}")
    OUT.mkdir(exist_ok=True)
    target = OUT / f"bench-{time.strftime('%Y%m%dT%H%M%S')}.json"
    target.write_text(json.dumps(results, indent=2))
    print(f"\nfigures written to {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
