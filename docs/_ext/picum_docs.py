"""Parts of pages made at build time from the real thing, never copied by hand.

The wire format's examples come from the bundled profile, the HTTP API's reference from the
app's own OpenAPI document, and the JSON Schema the site serves from `picum schema`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import picum
from picum.cli import SCHEMA_FILE
from picum_api import create_app


if TYPE_CHECKING:
    from sphinx.application import Sphinx


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def wire_examples(org: picum.Organisation) -> dict[str, object]:
    """One real value of each type, from the bundled profile."""
    assert org.history is not None
    assert org.newsletter is not None
    assert org.members is not None
    return {
        "Quantity": org.members.affiliated,
        "UncertainDate": org.history.milestones[0].date,
        "Members": org.members,
        "QuantityStatement": org.members.ordinary_statements[0],
        "Headquarters": org.headquarters,
        "Milestone": org.history.milestones[1],
        "Activity": org.activities[0],
        "ActivitiesStatement": org.activities_statements[1],
        "Newsletter": org.newsletter,
        "NetworkMemberships": org.network_memberships,
        "Citation": org.citations[0],
        "Source": org.sources[0],
        "SourceReadInACopy": org.source("picum-annual-report-2014"),
        "DateStatement": org.history.founded_statements[0],
        "Identifier": org.identifiers[0],
    }


def _type_name(schema: dict[str, Any]) -> str:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return f"{{ref}}`{name} <schema-{name.lower()}>`"
    if "anyOf" in schema:
        return " or ".join(_type_name(option) for option in schema["anyOf"])
    if schema.get("type") == "array":
        return f"array of {_type_name(schema.get('items', {}))}"
    kind = str(schema.get("type", "any"))
    if "enum" in schema and len(schema["enum"]) <= 8:
        kind += ": " + ", ".join(f"`{value}`" for value in schema["enum"])
    return kind


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def http_reference(openapi: dict[str, Any]) -> str:
    """Write the API's reference in MyST Markdown, from its OpenAPI document."""
    lines = [
        f"*{openapi['info']['title']}, version {openapi['info']['version']}.*",
        "",
        "## Operations",
        "",
    ]
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            if method == "head":
                continue
            lines += [f"### `{method.upper()} {path}`", "", f"**{operation['summary']}.**"]
            lines += [
                "",
                operation.get("description", ""),
                "",
                "`HEAD` answers the same, without a body.",
                "",
            ]
            parameters = operation.get("parameters", [])
            if parameters:
                lines += ["| Parameter | In | Type | Description |", "|---|---|---|---|"]
                lines += [
                    f"| `{p['name']}` | {p['in']} | {_cell(_type_name(p.get('schema', {})))} | "
                    f"{_cell(p.get('description', ''))} |"
                    for p in parameters
                ]
                lines.append("")
            lines += ["| Status | Meaning | Media types and bodies |", "|---|---|---|"]
            for status, response in sorted(operation["responses"].items()):
                bodies = (
                    ", ".join(
                        f"`{media}` ({_type_name(content.get('schema', {}))})"
                        for media, content in response.get("content", {}).items()
                    )
                    or "no body"
                )
                lines.append(f"| {status} | {_cell(response['description'])} | {_cell(bodies)} |")
            lines.append("")
    lines += ["## Schemas", "", "The bodies' JSON Schemas, as the core library makes them.", ""]
    for name, schema in sorted(openapi["components"]["schemas"].items()):
        lines += [
            f"({'schema-' + name.lower()})=",
            f"### {name}",
            "",
            _cell(schema.get("description", "")),
            "",
        ]
        if schema.get("type") == "object":
            required = set(schema.get("required", []))
            lines += ["| Field | Type | Required |", "|---|---|---|"]
            for field, value in schema["properties"].items():
                needed = "yes" if field in required else "no"
                lines.append(f"| `{field}` | {_cell(_type_name(value))} | {needed} |")
        else:
            lines.append(f"A {_cell(_type_name(schema))}.")
        lines.append("")
    return "\n".join(lines)


def generate(app: Sphinx) -> None:
    """Write the generated pages' parts under ``_generated``."""
    out = Path(app.srcdir) / "_generated"
    org = picum.load()
    for name, value in wire_examples(org).items():
        _write(out / "wire" / f"{name}.json", picum.dumps(value, pretty=True).decode())
    openapi = json.loads(create_app(org).litestar.state.openapi[0].body)
    _write(out / "http-api.md", http_reference(openapi))


def publish_schema(app: Sphinx, config: object) -> None:
    """Write the JSON Schema of profile files where the site serves it from (`html_extra_path`).

    At ``config-inited``, before Sphinx checks that the paths of `html_extra_path` exist.
    """
    del config
    out = Path(app.confdir) / "_generated" / "extra" / SCHEMA_FILE
    _write(out, picum.dumps(picum.json_schema(), pretty=True).decode())


def setup(app: Sphinx) -> dict[str, object]:
    """Register the generator with Sphinx."""
    app.connect("config-inited", publish_schema)
    app.connect("builder-inited", generate)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
