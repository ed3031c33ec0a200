"""What `picum serve` hands its workers: exactly the bytes validated, whatever the environment."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import picum
from picum._loading import BUNDLED_CATALOGUE
from picum_api import serve, settings
from picum_api._serving import DataChangedError, digest, worker_app
from picum_api.settings import WorkerSettings


class Served:
    """A stand-in for uvicorn.run: records what a worker would be given, and the copy's bytes."""

    def __init__(self) -> None:
        """Nothing served yet."""
        self.settings: list[WorkerSettings] = []
        self.copies: list[bytes] = []
        self.folders: list[dict[str, bytes]] = []

    def __call__(self, *args: object, **kwargs: object) -> None:
        """Record the settings of the workers, as they would read them."""
        del args, kwargs
        settings = WorkerSettings.from_environment()
        self.settings.append(settings)
        if settings.data is not None and not Path(settings.data).is_dir():
            self.copies.append(Path(settings.data).read_bytes())
        elif settings.data is not None:
            self.folders.append(
                {path.name: path.read_bytes() for path in Path(settings.data).iterdir()}
            )


def ignore(*arguments: object) -> None:
    """Do nothing (instead of installing a signal handler in the test process)."""
    del arguments


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Served:
    """A recorder instead of uvicorn; the workers' variable restored afterwards."""
    monkeypatch.delenv(settings.WORKER_ENVIRONMENT_VARIABLE, raising=False)
    recorder = Served()
    monkeypatch.setattr("picum_api._serving.uvicorn.run", recorder)
    monkeypatch.setattr("picum_api._serving.signal.signal", ignore)
    return recorder


def another_profile() -> bytes:
    """A valid profile other than the bundled one."""
    document = json.loads(picum.bundled_profile())
    document["id"] = "another"
    return json.dumps(document).encode()


def test_workers_get_a_copy_of_the_validated_bytes(served: Served) -> None:
    """The workers serve a private copy of the bytes given, with their hash."""
    data = another_profile()

    serve(host="127.0.0.1", port=0, data=data)

    assert ([data], hashlib.sha256(data).hexdigest()) == (served.copies, served.settings[0].sha256)


def test_workers_get_the_protocols_limits(served: Served) -> None:
    """The head's deadline and the connection limit reach the workers' protocol."""
    serve(host="127.0.0.1", port=0, head_timeout=2.5, max_connections=64)

    assert [WorkerSettings(head_timeout=2.5, max_connections=64)] == served.settings


def test_the_copy_is_removed_when_the_server_stops(served: Served) -> None:
    """Once the server has stopped, the private copy is gone."""
    serve(host="127.0.0.1", port=0, data=another_profile())

    assert not Path(str(served.settings[0].data)).exists()


def test_an_inherited_setting_is_never_used(
    served: Served, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A plain `serve` serves the bundled profile, whatever the environment says."""
    monkeypatch.setenv(
        settings.WORKER_ENVIRONMENT_VARIABLE, json.dumps({"data": str(tmp_path), "sha256": "x"})
    )
    monkeypatch.setenv("PICUM_DATA", str(tmp_path))

    serve(host="127.0.0.1", port=0)

    assert [WorkerSettings()] == served.settings


def test_a_worker_without_settings_serves_the_bundled_profile(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Where `serve` has set nothing, a worker serves the bundled profile."""
    monkeypatch.delenv(settings.WORKER_ENVIRONMENT_VARIABLE, raising=False)

    assert "picum" == worker_app().litestar.state.representations.org.id


def test_a_worker_serves_the_validated_copy(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A worker serves the copy whose hash is the one validated."""
    copy = tmp_path / "profile.json"
    copy.write_bytes(another_profile())
    monkeypatch.setenv(
        settings.WORKER_ENVIRONMENT_VARIABLE,
        json.dumps({"data": str(copy), "sha256": hashlib.sha256(another_profile()).hexdigest()}),
    )

    assert "another" == worker_app().litestar.state.representations.org.id


def test_a_worker_refuses_data_that_changed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A copy whose bytes are not those validated is not served: the worker does not start."""
    copy = tmp_path / "profile.json"
    copy.write_bytes(picum.bundled_profile())
    monkeypatch.setenv(
        settings.WORKER_ENVIRONMENT_VARIABLE,
        json.dumps({"data": str(copy), "sha256": hashlib.sha256(another_profile()).hexdigest()}),
    )

    with pytest.raises(DataChangedError, match="is not the data validated"):
        worker_app()


#: The bundled catalogue's files, by name, as ``picum serve --data DIR`` hands them on.
CATALOGUE = {path.name: path.read_bytes() for path in BUNDLED_CATALOGUE.glob("*.json")}


def test_workers_get_a_copy_of_a_catalogues_validated_files(served: Served) -> None:
    """The workers serve a private copy of a catalogue's files, its digest and its default."""
    serve(host="127.0.0.1", port=0, data=CATALOGUE, default="kok")

    assert ([CATALOGUE], digest(CATALOGUE), "kok") == (
        served.folders,
        served.settings[0].sha256,
        served.settings[0].default,
    )


def test_a_worker_serves_the_validated_copy_of_a_catalogue(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A worker serves the catalogue copied, its default as a profile alone is served."""
    for name, data in CATALOGUE.items():
        (tmp_path / name).write_bytes(data)
    worker = {"data": str(tmp_path), "sha256": digest(CATALOGUE), "default": "kok"}
    monkeypatch.setenv(settings.WORKER_ENVIRONMENT_VARIABLE, json.dumps(worker))

    state = worker_app().litestar.state

    assert ("kok", sorted(CATALOGUE)) == (
        state.representations.org.id,
        sorted(f"{id_}.json" for id_ in state.catalogue.catalogue.profiles),
    )


def test_a_worker_refuses_a_catalogue_that_changed(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A catalogue's copy with a file more than was validated is not served."""
    for name, data in CATALOGUE.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "more.json").write_bytes(another_profile())
    worker = {"data": str(tmp_path), "sha256": digest(CATALOGUE), "default": "kok"}
    monkeypatch.setenv(settings.WORKER_ENVIRONMENT_VARIABLE, json.dumps(worker))

    with pytest.raises(DataChangedError, match="is not the data validated"):
        worker_app()


def test_a_catalogues_digest_tells_names_from_bytes() -> None:
    """Moving a byte from a file's name to its bytes changes the digest."""
    assert digest({"ab": b"c"}) != digest({"a": b"bc"})


def test_a_worker_gives_the_catalogue_the_public_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker of the bundled catalogue gives its JSON-LD addresses under the public URL."""
    worker = {"public_url": "https://example.org"}
    monkeypatch.setenv(settings.WORKER_ENVIRONMENT_VARIABLE, json.dumps(worker))

    address = worker_app().litestar.state.catalogue.address

    assert "https://example.org/v2/organisations/kok" == address("kok")


def test_workers_get_the_path_of_a_built_catalogue(served: Served, tmp_path: Path) -> None:
    """A built catalogue is not copied: the workers are given its path, to open it there."""
    path = tmp_path / "catalogue.sqlite"

    serve(host="127.0.0.1", port=0, data=path, default="kok")

    assert (str(path), None, None, [], []) == (
        served.settings[0].built,
        served.settings[0].data,
        served.settings[0].sha256,
        served.copies,
        served.folders,
    )


def test_a_worker_serves_a_built_catalogue_where_it_is(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A worker opens the built catalogue, its default served as a profile alone is."""
    path = tmp_path / "catalogue.sqlite"
    picum.write_built_catalogue(picum.Catalogue.bundled(), path)
    worker = {"built": str(path), "default": "kok", "public_url": "https://example.org"}
    monkeypatch.setenv(settings.WORKER_ENVIRONMENT_VARIABLE, json.dumps(worker))

    state = worker_app().litestar.state

    assert (
        "kok",
        sorted(picum.Catalogue.bundled().profiles),
        "https://example.org/v2/organisations/kok",
    ) == (
        state.representations.org.id,
        sorted(state.catalogue.catalogue.profiles),
        state.catalogue.address("kok"),
    )


def test_a_worker_refuses_a_built_catalogue_cut_short(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A built catalogue that is no longer whole is not served: the worker does not start."""
    path = tmp_path / "catalogue.sqlite"
    picum.write_built_catalogue(picum.Catalogue.bundled(), path)
    with path.open("r+b") as file:
        file.truncate(4096)
    monkeypatch.setenv(settings.WORKER_ENVIRONMENT_VARIABLE, json.dumps({"built": str(path)}))

    with pytest.raises(picum.BuiltCatalogueError, match="incomplete"):
        worker_app()
