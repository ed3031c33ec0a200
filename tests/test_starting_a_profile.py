"""`picum init` starts a new organisation's profile; `picum schema` gives its JSON Schema.

And `show` and `export` take a profile file (``--data``), as `serve` does.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import picum
from picum import OrganisationType, formats
from picum.cli import SCHEMA_FILE, main

from .profiles import EXAMPLE_PROFILE


ANSWERS = [
    "--name",
    "Example Shelter Network (fictional)",
    "--type",
    "consortium",
    "--aim",
    "To give everyone a safe bed for the night.",
    "--source-url",
    "https://example.org/shelter-network/",
    "--licence",
    "CC-BY-4.0",
    "--attribution",
    "Example Shelter Network (fictional), under CC BY 4.0.",
    "--accessed",
    "2026-11-30",
]


@pytest.fixture
def not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input is no terminal, as in a script."""
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)


def answered(monkeypatch: pytest.MonkeyPatch, answers: list[str]) -> list[str]:
    """Run in a terminal whose user gives *answers*, one a question; return the questions."""
    questions: list[str] = []
    given: Iterator[str] = iter(answers)

    def ask(question: str) -> str:
        questions.append(question)
        return next(given)

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", ask)
    return questions


@pytest.mark.usefixtures("not_a_terminal")
def test_init_writes_a_profile_that_validates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The file `init` writes from its options is valid as it stands."""
    path = tmp_path / "profile.json"
    assert 0 == main(["init", str(path), *ANSWERS])
    capsys.readouterr()

    assert (0, "OK (format 2)\n") == (main(["validate", str(path)]), capsys.readouterr().out)


@pytest.mark.usefixtures("not_a_terminal")
def test_init_writes_the_least_profile_of_the_answers(tmp_path: Path) -> None:
    """The profile holds the answers, its id made from the name, and its source read that day."""
    path = tmp_path / "profile.json"
    main(["init", str(path), *ANSWERS])

    org = picum.load(path)

    assert (
        "example-shelter-network-fictional",
        None,
        OrganisationType.CONSORTIUM,
        ("main-source",),
        date(2026, 11, 30),
        "CC-BY-4.0",
    ) == (
        org.id,
        org.identity.acronym,
        org.identity.type,
        org.aim.sources,
        org.source("main-source").accessed,
        org.licence.spdx_id,
    )


@pytest.mark.usefixtures("not_a_terminal")
def test_init_names_the_schema_it_writes_beside_the_profile(tmp_path: Path) -> None:
    """`$schema` comes first and names the JSON Schema beside the file: `picum schema`'s."""
    path = tmp_path / "profile.json"
    main(["init", str(path), *ANSWERS])

    document = json.loads(path.read_text(encoding="utf-8"))

    assert (["$schema", "format", "id"], f"./{SCHEMA_FILE}", picum.json_schema()) == (
        list(document)[:3],
        document["$schema"],
        json.loads((tmp_path / SCHEMA_FILE).read_text(encoding="utf-8")),
    )


@pytest.mark.usefixtures("not_a_terminal")
def test_the_profile_init_writes_conforms_to_its_schema(tmp_path: Path) -> None:
    """An editor checking the new file against the schema it names finds nothing wrong."""
    path = tmp_path / "profile.json"
    main(["init", str(path), *ANSWERS])
    schema = json.loads((tmp_path / SCHEMA_FILE).read_text(encoding="utf-8"))

    assert [] == list(
        jsonschema.Draft202012Validator(schema).iter_errors(  # pyright: ignore[reportUnknownMemberType]
            json.loads(path.read_text(encoding="utf-8"))
        )
    )


@pytest.mark.usefixtures("not_a_terminal")
def test_init_with_a_schema_address_writes_no_schema(tmp_path: Path) -> None:
    """Given the schema's address (a published copy, say), `init` names it and writes no schema."""
    path = tmp_path / "profile.json"
    address = "https://docs.example.org/picum-profile.schema.json"
    main(["init", str(path), *ANSWERS, "--schema", address, "--acronym", "ESN"])

    document = json.loads(path.read_text(encoding="utf-8"))

    assert (address, "esn", False) == (
        document["$schema"],
        document["id"],
        (tmp_path / SCHEMA_FILE).exists(),
    )


def test_init_asks_in_a_terminal_for_what_the_options_lack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a terminal, each missing value is asked for; a wrong choice or an empty answer again."""
    questions = answered(
        monkeypatch,
        [
            *("", "Example", "", "charity", "consortium", "To help.", "https://example.org/"),
            *("", "MIT", "CC0-1.0", "Example data."),
        ],
    )
    path = tmp_path / "profile.json"

    assert 0 == main(["init", str(path)])
    org = picum.load(path)

    assert ("Example", None, OrganisationType.CONSORTIUM, "Example", "CC0-1.0") == (
        org.identity.name,
        org.identity.acronym,
        org.identity.type,
        org.source("main-source").title,
        org.licence.spdx_id,
    )
    assert [
        "Name of the organisation: ",
        "Name of the organisation, again: ",
        "Acronym (none: leave empty): ",
    ] == questions[:3]


@pytest.mark.usefixtures("not_a_terminal")
def test_init_without_a_terminal_names_the_missing_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no terminal to ask in, the options missing are named: a usage error, nothing written."""
    path = tmp_path / "profile.json"

    code = main(["init", str(path), "--name", "Example", "--licence", "CC0-1.0"])

    assert (
        2,
        "picum init: give --type, --aim, --source-url, --attribution (or run it in a terminal)\n",
        False,
    ) == (code, capsys.readouterr().err, path.exists())


@pytest.mark.usefixtures("not_a_terminal")
def test_init_lists_what_is_wrong_with_the_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Answers that make no valid profile are listed with their paths, and nothing is written."""
    path = tmp_path / "profile.json"

    code = main(["init", str(path), *ANSWERS, "--source-url", "example.org"])

    assert (
        1,
        (
            "picum init: the answers make an invalid profile (1):\n"
            "  $.sources[0].url: 'example.org' is not an absolute http(s) URL\n"
        ),
        False,
    ) == (code, capsys.readouterr().out, path.exists())


@pytest.mark.usefixtures("not_a_terminal")
def test_init_never_replaces_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that exists is left as it is: `init` starts new profiles only."""
    path = tmp_path / "profile.json"
    path.write_text("mine", encoding="utf-8")

    code = main(["init", str(path), *ANSWERS])

    assert (2, f"picum init: cannot write {path}: it exists; --force replaces it\n", "mine") == (
        code,
        capsys.readouterr().err,
        path.read_text(encoding="utf-8"),
    )


def test_schema_prints_the_json_schema(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """`picum schema` prints `picum.json_schema()`, the document profile files name."""
    assert 0 == main(["schema"])

    assert picum.json_schema() == json.loads(capsysbinary.readouterr().out)


def test_schema_writes_a_file(tmp_path: Path) -> None:
    """`picum schema -o FILE` writes the same document to FILE."""
    path = tmp_path / SCHEMA_FILE

    assert 0 == main(["schema", "-o", str(path)])

    assert picum.json_schema() == json.loads(path.read_bytes())


def test_show_a_profile_file(capsys: pytest.CaptureFixture[str]) -> None:
    """`picum show --data FILE` summarises that profile."""
    assert 0 == main(["show", "--data", str(EXAMPLE_PROFILE)])

    assert capsys.readouterr().out.startswith("Example Shelter Network (fictional)\nConsortium\n")


def test_export_a_profile_file(
    example_profile: picum.Organisation, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """`picum export --data FILE` exports that profile."""
    assert 0 == main(["export", "--data", str(EXAMPLE_PROFILE), "--format", "bibtex"])

    assert formats.bibtex(example_profile.citations).encode() == capsysbinary.readouterr().out


@pytest.mark.parametrize("command", ["show", "export"])
def test_an_invalid_profile_file_is_reported_not_used(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """Given an invalid file, `show` and `export` list its problems as `validate` does: exit 1."""
    path = tmp_path / "profile.json"
    path.write_text("[]", encoding="utf-8")

    assert (1, f"{path}: 1 problem\n  $: expected an object, got an array\n") == (
        main([command, "--data", str(path)]),
        capsys.readouterr().out,
    )


def test_a_profile_files_schema_address_is_not_data(profile: picum.Organisation) -> None:
    """A profile file's `$schema` is read past: the profile is the same with it or without."""
    document = {"$schema": f"./{SCHEMA_FILE}", **json.loads(picum.bundled_profile())}

    assert profile == picum.loads(json.dumps(document), picum.Organisation)


def test_a_schema_address_that_is_no_string_is_a_problem_beside_the_others() -> None:
    """A `$schema` that is not a string is reported with its path, beside every other problem."""
    document = {"$schema": 3, **json.loads(picum.bundled_profile()), "id": "X"}

    with pytest.raises(picum.ValidationError) as caught:
        picum.loads(json.dumps(document), picum.Organisation)

    assert ["$.$schema", "$.id"] == [problem.path for problem in caught.value.errors]


def test_a_schema_address_that_is_no_string_is_a_problem_of_a_valid_profile() -> None:
    """A profile valid but for its `$schema` is refused, with that one problem."""
    document = {"$schema": ["./schema.json"], **json.loads(picum.bundled_profile())}

    with pytest.raises(picum.ValidationError) as caught:
        picum.loads(json.dumps(document), picum.Organisation)

    assert ["$.$schema: expected the address of a JSON Schema (a string), got an array"] == [
        str(problem) for problem in caught.value.errors
    ]


@pytest.mark.parametrize(("address", "errors"), [("./schema.json", 0), (3, 1)])
def test_the_schema_says_what_the_loader_does_of_the_schema_address(
    address: str | int, errors: int
) -> None:
    """The JSON Schema, too, takes a string as `$schema`, and nothing else."""
    document: dict[str, Any] = {"$schema": address, **json.loads(picum.bundled_profile())}

    assert errors == len(
        list(jsonschema.Draft202012Validator(picum.json_schema()).iter_errors(document))  # pyright: ignore[reportUnknownMemberType]
    )
