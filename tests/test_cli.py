from __future__ import annotations

import argparse
import errno
import importlib.metadata
import json
import os
import runpy
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import picum
from picum import Organisation, formats
from picum._loading import BUNDLED_CATALOGUE
from picum.cli import COMMANDS, main, run


def write_profile(tmp_path: Path, document: object) -> str:
    """Write *document* as a profile file, and return its path."""
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return str(path)


def test_show_json_prints_the_wire_format(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """`picum show --format json` prints exactly the bundled profile in the wire format."""
    assert 0 == main(["show", "--format", "json"])

    assert picum.bundled_profile() == capsysbinary.readouterr().out


def test_show_text_is_a_summary_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    """`picum show` prints every kind of fact in words, qualifiers and all."""
    assert 0 == main(["show"])

    out = capsys.readouterr().out
    for words in [
        "PICUM: Platform for International Cooperation on Undocumented Migrants",
        "Non-governmental organisation",
        (
            "more than 180 members; more than 100 affiliated and 107 ordinary members;"
            " 164 member organisations; at least 170 individual members, in 31 countries"
        ),
        "    member organisations: 164 (known on 2026-11-30; source: picum-members-page)",
        "      why: PICUM's own current page of its members, read on 30 November 2026:",
        "    affiliated members: more than 100 (known on 2016-10-31; source: wikipedia-2016-10-31)",
        "      why: the statement known latest (known on 2016-10-31)",
        "Founded: 2001 (sources: picum-about-page, ilo-good-practices-picum)",
        "by 29 September 2008: The Council of Europe grants PICUM participatory status",
        "Identifier: EU Transparency Register 19093363838-48, first registered 2010-07-08",
        "Global Coalition on Migration (global)",
        "The initiative was taken by organisations from Belgium, Netherlands and Germany",
        "late 1990s: Grassroots organisations take the initiative",
        "November 2000: PICUM's office opens in Brussels (Brussels, Belgium)",
        "5. Global actors on international migration: Developing",
        "in 7 languages (not named by the sources)",
        "circulates to more than 4,000 civil society organizations",
        "lost from the source",
        "Based in: Brussels, Belgium",
        "Website: https://picum.org",
        "ISBN 978-0-521-85490-0",
        "As the source gives it: S. Michael Lynk; Craig, John (2006).",
        "Corrected publisher (the source says 'Cambridge University Library')",
        "[wikipedia-2016-10-31] PICUM, Wikipedia, an encyclopedia, dated 2016-10-31",
        (
            "[picum-annual-report-2014] PICUM Annual Report 2014, PICUM, the organisation itself,"
            " read 2026-12-07 in a copy at https://esdocs.com/doc/1600081/picum-2014-annual-report"
        ),
        "Sources: cambridge-core-craig-lynk-2006-chapter-2, review-of-craig-lynk-2006",
        "[wikipedia-current] PICUM, Wikipedia, an encyclopedia, read 2026-11-29",
        "Licence: Creative Commons Attribution-ShareAlike 3.0 Unported",
    ]:
        assert words in out


def test_validate_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A valid profile file gives `OK`, its format, and exit code 0."""
    path = write_profile(tmp_path, json.loads(picum.bundled_profile()))

    assert (0, "OK (format 2)\n") == (main(["validate", path]), capsys.readouterr().out)


def test_validate_tells_a_format_1_file(capsys: pytest.CaptureFixture[str]) -> None:
    """A valid 2016-era file is reported as format 1, read as format 2."""
    code = main(["validate", "tests/data/profile-0.1.0.json"])

    assert (0, "OK (format 1, the 2016-era format, read as format 2)\n") == (
        code,
        capsys.readouterr().out,
    )


@pytest.mark.parametrize("wire_format", [1, 2])
def test_schema_prints_the_json_schema_of_a_format(
    wire_format: int, capsys: pytest.CaptureFixture[str]
) -> None:
    """`picum schema --format N` prints `picum.json_schema(N)`."""
    code = main(["schema", "--format", str(wire_format)])

    assert (0, picum.json_schema(wire_format)) == (code, json.loads(capsys.readouterr().out))


def test_validate_lists_every_mistake(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Three different mistakes are all listed with their paths, and the exit code is 1."""
    document = json.loads(picum.bundled_profile())
    document["activities"][2]["title"] = 42
    document["members"]["countries_statements"][0]["value"]["qualifier"] = "roughly"
    document["newsletter"]["sources"] = ["newsletter-archive"]
    path = write_profile(tmp_path, document)

    code = main(["validate", path])

    lines = capsys.readouterr().out.splitlines()
    assert (1, f"{path}: 3 problems") == (code, lines[0])
    assert [
        "$.members.countries_statements[0].value.qualifier",
        "$.activities[2].title",
        "$.newsletter.sources[0]",
    ] == [line.split(":")[0].strip() for line in lines[1:]]


def test_validate_one_mistake_is_singular(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One problem is counted as one problem."""
    path = write_profile(tmp_path, [])

    assert (1, f"{path}: 1 problem\n  $: expected an object, got an array\n") == (
        main(["validate", path]),
        capsys.readouterr().out,
    )


def test_validate_unreadable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that cannot be read is a usage error: exit code 2, and a message on stderr."""
    missing = tmp_path / "missing.json"

    assert 2 == main(["validate", str(missing)])
    assert f"picum: cannot read {missing}: No such file or directory\n" == capsys.readouterr().err


@pytest.mark.parametrize("argv", [[], ["show", "--format", "yaml"], ["validate"], ["frobnicate"]])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    """Unknown commands and missing or bad arguments exit with code 2."""
    with pytest.raises(SystemExit) as caught:
        main(argv)

    assert 2 == caught.value.code


def test_python_dash_m_picum() -> None:
    """`python -m picum` is the `picum` command."""
    done = subprocess.run(
        [sys.executable, "-m", "picum", "show", "--format", "json"],
        capture_output=True,
        check=False,
    )

    assert (0, picum.bundled_profile()) == (done.returncode, done.stdout)


def test_console_script(tmp_path: Path) -> None:
    """The installed `picum` script runs the command and passes on its exit code."""
    script = Path(sys.executable).parent / "picum"
    path = write_profile(tmp_path, {})

    done = subprocess.run([script, "validate", path], capture_output=True, text=True, check=False)

    assert 1 == done.returncode
    assert "$.id: required field missing" in done.stdout


def test_run_exits_with_the_commands_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """The console script's entry point exits with the command's exit code."""
    monkeypatch.setattr(sys, "argv", ["picum", "validate", "/nonexistent/profile.json"])

    with pytest.raises(SystemExit) as caught:
        run()

    assert 2 == caught.value.code


def test_module_main_runs_the_command(monkeypatch: pytest.MonkeyPatch) -> None:
    """Running the package as a module runs the command."""
    monkeypatch.setattr(sys, "argv", ["picum", "validate", "/nonexistent/profile.json"])

    with pytest.raises(SystemExit) as caught:
        runpy.run_module("picum", run_name="__main__")

    assert 2 == caught.value.code


def test_serve_without_the_api_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without picum[api], `picum serve` says how to install it, and exits 2."""
    monkeypatch.setitem(sys.modules, "picum_api._serving", None)

    assert 2 == main(["serve"])
    assert "pip install 'picum[api]'" in capsys.readouterr().err


def test_serve_gives_its_defaults_without_the_api_extra() -> None:
    """`picum serve --help` names the settings' defaults with neither Litestar nor uvicorn."""
    blocked = "import sys; sys.modules['litestar'] = sys.modules['uvicorn'] = None; "
    run_serve = "from picum.cli import main; main(['serve', '--help'])"

    done = subprocess.run(
        [sys.executable, "-c", blocked + run_serve],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )

    assert (0, True, True, True) == (
        done.returncode,
        "(default: 10)" in done.stdout,
        "(default: 5)" in done.stdout,
        "(default: 1000)" in done.stdout,
    )


@pytest.mark.parametrize("workers", ["0", "-1", "many"])
def test_serve_needs_a_positive_number_of_workers(workers: str) -> None:
    """`--workers` takes a number, 1 or more."""
    with pytest.raises(SystemExit) as caught:
        main(["serve", "--workers", workers])

    assert 2 == caught.value.code


@pytest.mark.parametrize("port", ["70000", "65536", "-1", "http"])
def test_serve_refuses_a_port_out_of_range(port: str, capsys: pytest.CaptureFixture[str]) -> None:
    """`--port 70000` is a usage error naming --port (uvicorn would have listened on 4464)."""
    with pytest.raises(SystemExit) as caught:
        main(["serve", "--port", port])

    assert (2, f"argument --port: {port!r} is not a port number (0 to 65535)") == (
        caught.value.code,
        capsys.readouterr().err.splitlines()[-1].split(": error: ")[1],
    )


@pytest.mark.parametrize("port", ["0", "65535"])
def test_serve_takes_the_ports_at_the_ends_of_the_range(served: ServeCalls, port: str) -> None:
    """0 (any free port) and 65535 are ports: they are passed on as they are."""
    assert 0 == main(["serve", "--port", port])
    assert [int(port)] == [call["port"] for call in served.calls]


@pytest.mark.parametrize("seconds", ["0", "-1", "inf", "nan", "soon"])
def test_serve_needs_a_positive_head_timeout(seconds: str) -> None:
    """`--head-timeout` takes a number of seconds above 0."""
    with pytest.raises(SystemExit) as caught:
        main(["serve", "--head-timeout", seconds])

    assert 2 == caught.value.code


class ServeCalls:
    """A stand-in for the server, recording how it was asked to serve."""

    def __init__(self) -> None:
        """Record nothing yet."""
        self.calls: list[dict[str, object]] = []

    def __call__(self, **options: object) -> None:
        """Record one call."""
        self.calls.append(options)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> ServeCalls:
    """Replace the server by a recorder."""
    import picum_api._serving  # noqa: PLC0415 - the API is an optional extra

    recorder = ServeCalls()
    monkeypatch.setattr(picum_api._serving, "serve", recorder)
    return recorder


def test_serve_options(served: ServeCalls, tmp_path: Path) -> None:
    """`picum serve` passes its options on to the server, and the data file's validated bytes."""
    path = write_profile(tmp_path, json.loads(picum.bundled_profile()))

    code = main(
        [
            "serve",
            "--host",
            "192.0.2.1",
            "--port",
            "9000",
            "--data",
            path,
            "--workers",
            "2",
            "--reload",
            "--head-timeout",
            "2.5",
            "--keep-alive-timeout",
            "3",
            "--max-connections",
            "64",
            "--access-log",
        ]
    )

    assert (
        0,
        [
            {
                "host": "192.0.2.1",
                "port": 9000,
                "data": Path(path).read_bytes(),
                "default": None,
                "public_url": None,
                "workers": 2,
                "reload": True,
                "head_timeout": 2.5,
                "keep_alive_timeout": 3,
                "max_connections": 64,
                "access_log": True,
            }
        ],
    ) == (
        code,
        served.calls,
    )


def test_serve_defaults(served: ServeCalls) -> None:
    """By default, `picum serve` serves the bundled profile on 127.0.0.1:8000, one worker, no log."""
    assert 0 == main(["serve"])
    assert [
        {
            "host": "127.0.0.1",
            "port": 8000,
            "data": None,
            "default": None,
            "public_url": None,
            "workers": 1,
            "reload": False,
            "head_timeout": 10.0,
            "keep_alive_timeout": 5,
            "max_connections": 1000,
            "access_log": False,
        }
    ] == served.calls


def test_serve_refuses_an_invalid_profile(
    served: ServeCalls, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With an invalid --data file, `picum serve` lists every problem, exits 1, and serves nothing."""
    path = write_profile(tmp_path, {"id": "x"})

    code = main(["serve", "--data", path])

    assert (1, []) == (code, served.calls)
    assert "$.identity: required field missing" in capsys.readouterr().out


def test_serve_hands_on_the_validated_files_of_a_catalogue_and_its_default(
    served: ServeCalls,
) -> None:
    """With --data DIR, `picum serve` serves the bytes it validated of each file, by name."""
    code = main(["serve", "--data", str(BUNDLED_CATALOGUE), "--default", "kok"])

    expected = {path.name: path.read_bytes() for path in BUNDLED_CATALOGUE.glob("*.json")}
    assert (0, expected, "kok") == (code, served.calls[0]["data"], served.calls[0]["default"])


def test_serve_serves_the_bundled_catalogue_with_the_default_named(served: ServeCalls) -> None:
    """Without --data, --default names one of the bundled catalogue's organisations."""
    code = main(["serve", "--default", "kok"])

    assert (0, None, "kok") == (code, served.calls[0]["data"], served.calls[0]["default"])


def test_serve_hands_on_the_public_url_of_a_catalogue(served: ServeCalls) -> None:
    """--public-url reaches the server, for the addresses in a catalogue's JSON-LD."""
    code = main(["serve", "--public-url", "https://example.org"])

    assert (0, "https://example.org") == (code, served.calls[0]["public_url"])


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--public-url", "example.org"], "picum: --public-url: where the service is reached"),
        (
            ["--data", str(BUNDLED_CATALOGUE / "kok.json"), "--public-url", "https://example.org"],
            "picum: --public-url is for a catalogue: give --data DIR (or a built FILE)",
        ),
    ],
)
def test_serve_refuses_a_public_url_it_cannot_use(
    served: ServeCalls, capsys: pytest.CaptureFixture[str], arguments: list[str], said: str
) -> None:
    """A public URL that is no site's, or for a profile alone, is a usage error: exit 2."""
    code = main(["serve", *arguments])

    assert (2, [], True) == (code, served.calls, capsys.readouterr().err.startswith(said))


def test_serve_refuses_a_catalogue_with_problems(
    served: ServeCalls, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With an invalid --data DIR, `picum serve` lists every problem, exits 1, serves nothing."""
    write_profile(tmp_path, {"id": "x"})

    code = main(["serve", "--data", str(tmp_path)])

    assert (1, []) == (code, served.calls)
    assert [
        f"{tmp_path / 'profile.json'}: 5 problems",
        f"{tmp_path}: 1 problem, so no catalogue to serve",
    ] == [line for line in capsys.readouterr().out.splitlines() if not line.startswith(" ")]


def test_serve_counts_the_problems_of_a_catalogue_past_those_it_lists(
    served: ServeCalls, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Past the first 100 problems of a catalogue, `picum serve` says how many more there are."""
    for number in range(picum.MAX_LISTED_PROBLEMS + 3):
        (tmp_path / f"{number:03}.json").write_text("[]", encoding="utf-8")

    code = main(["serve", "--data", str(tmp_path)])

    assert (
        1,
        [],
        ["and 3 more problems", f"{tmp_path}: 103 problems, so no catalogue to serve"],
    ) == (
        code,
        served.calls,
        capsys.readouterr().out.splitlines()[-2:],
    )


def test_serve_refuses_a_folder_it_cannot_list(
    served: ServeCalls,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A folder `picum serve` may not list (as a user without the right) is unfit: exit 1."""

    def refuse(path: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", refuse)

    code = main(["serve", "--data", str(tmp_path)])

    assert (1, [], f"picum: cannot read {tmp_path}: Permission denied\n") == (
        code,
        served.calls,
        capsys.readouterr().err,
    )


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (
            ["--data", str(BUNDLED_CATALOGUE)],
            "picum: --default: the default organisation is one of",
        ),
        (
            ["--data", str(BUNDLED_CATALOGUE), "--default", "x"],
            "(global-coalition-on-migration, kok, konsorcium, picum, social-platform): not 'x'",
        ),
        (["--default", "nowhere"], "(global-coalition-on-migration, kok, konsorcium, picum"),
        (
            ["--data", str(BUNDLED_CATALOGUE / "kok.json"), "--default", "kok"],
            "picum: --default is for a catalogue: give --data DIR (or a built FILE)",
        ),
    ],
)
def test_serve_needs_a_default_of_the_catalogue_for_a_catalogue_only(
    served: ServeCalls, capsys: pytest.CaptureFixture[str], arguments: list[str], said: str
) -> None:
    """--default names one of the catalogue's organisations, where --data DIR holds several."""
    code = main(["serve", *arguments])

    assert (2, [], True) == (code, served.calls, said in capsys.readouterr().err)


EXPECTED_EXPORTS: dict[str, Callable[[Organisation], bytes]] = {
    "json": lambda org: picum.dumps(org, pretty=True),
    "jsonld": lambda org: picum.dumps(formats.jsonld(org), pretty=True),
    "csl": lambda org: picum.dumps(formats.csl(org.citations), pretty=True),
    "bibtex": lambda org: formats.bibtex(org.citations).encode(),
}


@pytest.mark.parametrize("output_format", list(EXPECTED_EXPORTS))
def test_export_to_stdout(
    capsysbinary: pytest.CaptureFixture[bytes],
    profile: Organisation,
    output_format: str,
) -> None:
    """`picum export --format F` prints the profile in that standard format."""
    assert 0 == main(["export", "--format", output_format])
    assert EXPECTED_EXPORTS[output_format](profile) == capsysbinary.readouterr().out


def test_export_to_a_file(tmp_path: Path, profile: Organisation) -> None:
    """`-o FILE` writes the export to a file instead."""
    target = tmp_path / "picum.bib"

    assert 0 == main(["export", "--format", "bibtex", "-o", str(target)])
    assert formats.bibtex(profile.citations) == target.read_text(encoding="utf-8")


def test_export_to_an_unwritable_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that cannot be written is exit code 2, with a message."""
    target = tmp_path / "missing" / "picum.json"

    assert 2 == main(["export", "-o", str(target)])
    assert f"picum: cannot write {target}: No such file or directory\n" == capsys.readouterr().err


def test_export_static(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`picum export-static DIR` writes the API's files and says how many."""
    assert 0 == main(["export-static", str(tmp_path)])
    assert (tmp_path / "v2" / "organisation.jsonld").is_file()
    assert capsys.readouterr().out.startswith("40 files written to")


def test_export_static_of_a_catalogue_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`picum export-static DIR --data FOLDER --default ID` writes every organisation's files."""
    site = tmp_path / "site"

    assert 0 == main(
        ["export-static", str(site), "--data", str(BUNDLED_CATALOGUE), "--default", "picum"]
    )
    listed = (site / "organisations.jsonl").read_bytes().count(b"\n")
    said = (
        f"{40 + listed} files written to {site}, listed in {site / 'manifest.json'} and"
        f" {site / 'organisations.jsonl'}\n"
    )
    assert (True, said) == (
        (site / "v2" / "organisations" / "kok.html").is_file(),
        capsys.readouterr().out,
    )


def test_export_static_of_a_built_catalogue(tmp_path: Path) -> None:
    """`picum export-static DIR --data FILE`, of a file ``picum build`` wrote, exports it all."""
    built = tmp_path / "catalogue.sqlite"
    picum.build_catalogue(BUNDLED_CATALOGUE, built)

    assert 0 == main(
        ["export-static", str(tmp_path / "site"), "--data", str(built), "--default", "kok"]
    )
    assert (tmp_path / "site" / "v2" / "organisations" / "picum" / "members.json").is_file()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--default", "picum"],
            "picum: --default is for a catalogue: give --data DIR (or a built FILE)\n",
        ),
        (
            ["--data", str(BUNDLED_CATALOGUE)],
            "picum: --default: the default organisation is one of",
        ),
        (["--data", str(BUNDLED_CATALOGUE), "--default", "nope"], "picum: --default: "),
    ],
    ids=["no catalogue", "no default", "an unknown default"],
)
def test_export_static_needs_a_default_of_the_catalogue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    """--default names one of the catalogue's organisations, and only of a catalogue: else exit 2."""
    site = tmp_path / "site"

    assert (2, False) == (main(["export-static", str(site), *options]), site.exists())
    assert capsys.readouterr().err.startswith(message)


def test_export_static_of_an_invalid_catalogue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A catalogue folder with a profile that is not valid is exit code 1, and nothing written."""
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "broken.json").write_text("{}", encoding="utf-8")
    site = tmp_path / "site"

    assert (1, False) == (
        main(["export-static", str(site), "--data", str(folder), "--default", "x"]),
        site.exists(),
    )
    assert "broken.json: 6 problems" in capsys.readouterr().out


def test_export_static_of_a_catalogue_built_again_meanwhile(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A built file replaced while it is exported is exit code 1, with the export's message."""
    built = tmp_path / "catalogue.sqlite"
    picum.build_catalogue(BUNDLED_CATALOGUE, built)
    message = f"{built}: replaced while it was exported (built again?): export it again"

    def replaced(*_: object, **__: object) -> None:
        raise picum.BuiltCatalogueError(message)

    monkeypatch.setattr("picum_api._static.export_static", replaced)
    arguments = ["export-static", str(tmp_path / "site"), "--data", str(built), "--default", "kok"]

    assert (1, f"picum: {message}\n") == (main(arguments), capsys.readouterr().err)


def test_export_static_to_an_unwritable_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A directory that cannot be made is exit code 2, with a message naming what failed."""
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")

    assert 2 == main(["export-static", str(blocker / "site")])
    assert f"picum: cannot write {blocker / 'site'}: Not a directory\n" == capsys.readouterr().err


def test_export_static_without_the_api_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without picum[api], `picum export-static` says how to install it, and exits 2."""
    monkeypatch.setitem(sys.modules, "picum_api._static", None)

    assert 2 == main(["export-static", "site"])
    assert "pip install 'picum[api]'" in capsys.readouterr().err


def test_serve_refuses_an_unreadable_profile(served: ServeCalls, tmp_path: Path) -> None:
    """Data that cannot be read is unfit to serve: exit code 1, and nothing served."""
    assert (1, []) == (main(["serve", "--data", str(tmp_path / "missing.json")]), served.calls)


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/dev/zero", "a character device, not a regular file"),
        ("/dev/null", "a character device, not a regular file"),
    ],
)
def test_validate_refuses_what_is_no_regular_file(
    path: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Devices are refused before anything is read: exit code 2, named."""
    assert (2, f"picum: cannot read {path}: {reason}\n") == (
        main(["validate", path]),
        capsys.readouterr().err,
    )


def test_a_profile_to_show_is_a_file_not_a_folder(capsys: pytest.CaptureFixture[str]) -> None:
    """`--data` takes one profile file: a folder (a catalogue, to `validate`) is refused, exit 2."""
    assert (2, "picum: cannot read .: a directory, not a regular file\n") == (
        main(["show", "--data", "."]),
        capsys.readouterr().err,
    )


def test_validate_refuses_a_fifo_without_waiting_for_a_writer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A FIFO no one writes to is refused at once, not waited on."""
    fifo = tmp_path / "profile.json"
    os.mkfifo(fifo)

    assert (2, f"picum: cannot read {fifo}: a FIFO (named pipe), not a regular file\n") == (
        main(["validate", str(fifo)]),
        capsys.readouterr().err,
    )


def test_validate_refuses_a_file_over_the_limit_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file larger than 16 MiB is refused by its size, before it is read."""
    big = tmp_path / "big.json"
    with big.open("wb") as file:
        file.truncate(picum.MAX_PROFILE_BYTES + 1)  # sparse: nothing to read in reasonable time

    assert (
        2,
        (
            f"picum: cannot read {big}: larger than 16,777,216 bytes (16 MiB), the limit for a"
            " profile file\n"
        ),
    ) == (main(["validate", str(big)]), capsys.readouterr().err)


def test_a_file_that_reads_longer_than_it_says_is_refused_at_the_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A file that says it is small but reads long (it grows, or lives in /proc) stops at the limit."""
    monkeypatch.setattr("picum._loading.MAX_PROFILE_BYTES", 16)
    monkeypatch.setattr("picum._loading._CHUNK", 4)

    with pytest.raises(OSError, match="limit for a profile file") as caught:
        picum.read_profile_file("/proc/self/status")  # its size says 0

    assert errno.EFBIG == caught.value.errno


def test_serve_refuses_a_device_as_data(served: ServeCalls) -> None:
    """`serve --data /dev/zero` serves nothing, and exits with 1 at once."""
    assert (1, []) == (main(["serve", "--data", "/dev/zero"]), served.calls)


class Hello:
    """A command another package could add to `picum`."""

    help = "say hello"

    def add_arguments(self, parser: argparse.ArgumentParser) -> None:
        """Take a name."""
        parser.add_argument("name")

    def run(self, args: argparse.Namespace) -> int:
        """Greet, and exit 3 to be told apart."""
        sys.stdout.write(f"hello, {args.name}\n")
        return 3


HELLO = Hello()


def commands_from(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    """Let `picum` find these entry points, and only these, in the group of its commands."""
    found = [
        importlib.metadata.EntryPoint(name=name.replace("_", "-"), value=value, group=COMMANDS)
        for name, value in values.items()
    ]

    def entry_points(group: str) -> list[importlib.metadata.EntryPoint]:
        return [entry_point for entry_point in found if entry_point.group == group]

    monkeypatch.setattr(importlib.metadata, "entry_points", entry_points)


def test_installed_packages_add_commands(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A command declared by an entry point is listed, parses its arguments and runs."""
    commands_from(monkeypatch, hello=f"{__name__}:HELLO")

    assert (3, "hello, world\n") == (main(["hello", "world"]), capsys.readouterr().out)


def test_a_command_cannot_replace_the_cores(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An entry point named like a command of the core is left out."""
    commands_from(monkeypatch, validate=f"{__name__}:HELLO")

    assert (2, "") == (main(["validate", "/nonexistent/profile.json"]), capsys.readouterr().out)


def test_the_core_knows_nothing_of_the_service() -> None:
    """No module of `picum` names `picum_api`: the service adds itself, by entry points."""
    sources = Path(picum.__file__).parent.rglob("*.py")

    assert [] == [path.name for path in sources if "picum_api" in path.read_text(encoding="utf-8")]


def test_the_services_commands_load_without_its_framework() -> None:
    """Loading `picum serve` and `picum export-static` imports neither Litestar nor uvicorn."""
    code = (
        "import sys, picum_api.commands;"
        "print(sorted(m for m in ('litestar', 'uvicorn') if m in sys.modules))"
    )

    assert (
        "[]\n"
        == subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )


def test_validate_of_an_empty_path_names_no_file(capsys: pytest.CaptureFixture[str]) -> None:
    """`picum validate ""` is no file (exit 2), not the current folder read as a file."""
    assert (2, "picum: cannot read : No such file or directory\n") == (
        main(["validate", ""]),
        capsys.readouterr().err,
    )


@pytest.fixture
def built(tmp_path: Path) -> Path:
    """The bundled catalogue, built."""
    output = tmp_path / "catalogue.sqlite"
    picum.write_built_catalogue(picum.Catalogue.bundled(), output)
    return output


def test_serve_hands_on_a_built_catalogue_by_its_path(served: ServeCalls, built: Path) -> None:
    """With --data FILE built, the workers are given its absolute path: they open it there."""
    code = main(["serve", "--data", str(built), "--default", "kok"])

    assert (0, built.resolve(), "kok") == (
        code,
        served.calls[0]["data"],
        served.calls[0]["default"],
    )


def test_serve_needs_a_default_of_a_built_catalogue(
    served: ServeCalls, built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A built catalogue of many profiles needs --default, one of its ids: exit 2 without."""
    code = main(["serve", "--data", str(built)])

    assert (2, [], True) == (
        code,
        served.calls,
        capsys.readouterr().err.startswith("picum: --default: the default organisation is one"),
    )


def test_serve_refuses_a_built_catalogue_it_cannot_serve(
    served: ServeCalls, built: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A built catalogue cut short is unfit to serve: exit 1, nothing served, and why."""
    with built.open("r+b") as file:
        file.truncate(4096)

    code = main(["serve", "--data", str(built), "--default", "kok"])

    assert (1, [], True) == (
        code,
        served.calls,
        "incomplete (4,096 bytes of" in capsys.readouterr().out,
    )


def test_serve_says_when_a_built_catalogue_cannot_be_read(
    served: ServeCalls,
    built: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A built catalogue that cannot be opened (no right to) is unfit to serve: exit 1."""

    def refuse(path: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(picum.Catalogue, "from_built", refuse)

    code = main(["serve", "--data", str(built), "--default", "kok"])

    assert (1, [], f"picum: cannot read {built}: Permission denied\n") == (
        code,
        served.calls,
        capsys.readouterr().err,
    )
