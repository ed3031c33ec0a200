"""The real thing: `picum serve` under uvicorn, on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

import picum
from tests.local_servers import free_port

from .servers import Server, picum_serve, running, start_server, stop


def test_serves_the_profile_with_caching(server: Server) -> None:
    """The profile, with an ETag; the same request with If-None-Match gives 304."""
    first = httpx.get(f"{server.base}/v1/organisation")
    second = httpx.get(
        f"{server.base}/v1/organisation", headers={"If-None-Match": first.headers["etag"]}
    )

    assert (200, picum.dumps(picum.format1.downgrade(picum.load()), pretty=True).rstrip(b"\n")) == (
        first.status_code,
        json.dumps(first.json(), indent=2, ensure_ascii=False).encode(),
    )
    assert (304, b"") == (second.status_code, second.content)


def test_head_has_no_body_and_the_same_length(server: Server) -> None:
    """Over a real connection, HEAD answers the headers of GET, Content-Length too, and no body."""
    get, head = (
        httpx.get(f"{server.base}/v1/activities"),
        httpx.head(f"{server.base}/v1/activities"),
    )

    assert (b"", get.headers["content-length"], get.headers["etag"]) == (
        head.content,
        head.headers["content-length"],
        head.headers["etag"],
    )


def test_no_server_version_is_leaked(server: Server) -> None:
    """The server does not say what software it runs."""
    assert "server" not in httpx.get(f"{server.base}/v1").headers


def test_etags_are_stable_across_processes(server: Server) -> None:
    """Another server process gives the same ETag for the same resource."""
    with running() as other:
        etags = {
            httpx.get(f"{base}/v1/organisation").headers["etag"]
            for base in (server.base, other.base)
        }

    assert 1 == len(etags)


def test_serves_another_profile(tmp_path: Path) -> None:
    """`--data FILE` serves that profile instead."""
    document = json.loads(picum.bundled_profile())
    document["id"] = "another"
    path = tmp_path / "another.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with running("--data", str(path)) as another:
        served = httpx.get(f"{another.base}/v1/organisation").json()["id"]

    assert "another" == served


def test_an_invalid_profile_is_never_served(tmp_path: Path) -> None:
    """With a bad --data file, every problem is printed, the exit code is 1, and no port opens."""
    # The 2016 profile, whose few sources keep the list of known ids short.
    document = json.loads(picum.read_profile_file("tests/data/profile-2016-format-2.json"))
    document["activities"][0]["title"] = 1
    document["aim"]["sources"] = ["nowhere"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    port = free_port()

    process = picum_serve("--port", str(port), "--data", str(path))
    out, _ = process.communicate(timeout=30)

    assert 1 == process.returncode
    assert [
        "  $.activities[0].title: expected a string, got a number",
        (
            "  $.aim.sources[0]: no source 'nowhere'; known ids:"
            " cambridge-core-craig-lynk-2006-chapter-2, picum-website,"
            " review-of-craig-lynk-2006, unodc-civil-society-database, wikipedia-2016-10-31,"
            " wikipedia-current"
        ),
    ] == out.decode().splitlines()[1:]
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/health")


def test_sigterm_stops_the_server_cleanly() -> None:
    """SIGTERM ends the server with exit code 0."""
    _, process = start_server()

    assert 0 == stop(process)


@pytest.mark.parametrize(("options", "logged"), [((), False), (("--access-log",), True)])
def test_requests_are_logged_only_when_asked(options: tuple[str, ...], logged: bool) -> None:
    """`picum serve` keeps no access log unless `--access-log` asks for one."""
    (base, _), process = start_server(*options)
    httpx.get(f"{base}/v1/organisation")
    process.terminate()
    out, err = process.communicate(timeout=30)

    assert logged == ("GET /v1/organisation HTTP/1.1" in (out + err).decode())
