"""Sphinx configuration of picum's documentation; `nox -s docs` builds it."""

from __future__ import annotations

import sys
from pathlib import Path


sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "picum"
author = "The picum developers"
copyright = "2026, the picum developers; data CC BY-SA 3.0"  # noqa: A001

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "picum_docs",
]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
source_suffix = {".md": "markdown"}
exclude_patterns = ["_build", "_generated", "Thumbs.db", ".DS_Store"]

html_theme = "furo"
# Files served as they are at the site's root: the JSON Schema of profile files, which the
# picum_docs extension writes there (see publish.md).
html_extra_path = ["_generated/extra"]
html_title = "picum"

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_typehints_format = "short"
autodoc_default_options = {"members": True, "show-inheritance": False}
# There is no network where the docs are built: no intersphinx, so outside types stay plain text.
nitpick_ignore_regex = [
    (
        "py:class",
        r"(datetime|collections\.abc|typing|attrs|attr|cattrs|litestar|pathlib|enum|argparse)\..*",
    ),
    ("py:class", r"(Any|Path|Iterable|Sequence|Mapping|Litestar|Converter|Attribute|T|JSONSchema)"),
    ("py:obj", r"picum\._wire\.T"),
    ("py:class", r"picum\._wire\.T"),
    ("py:class", r"_S"),
    # picum.choose's statement type and what it asks of it; `date` is datetime's.
    ("py:obj", r"picum\._choice\.S"),
    ("py:class", r"(picum\._choice\.)?S|_Statement|date"),
    # What a catalogue's storage (held in memory, or built) gives `picum.Catalogue`: private.
    ("py:class", r"Links|Index"),
    # Format 1's classes share the current ones' names; the library page describes them in prose.
    ("py:class", r"picum\.format1\.\w+"),
]
