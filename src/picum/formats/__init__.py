"""Standard formats other tools read, made from the typed model: JSON-LD, CSL-JSON and BibTeX.

`picum.formats.text` has the words for people that the CLI and the page share.

>>> import picum
>>> from picum import formats
>>> print(formats.bibtex(picum.load().citations).splitlines()[0])
@book{craig-lynk-2006,
"""

from __future__ import annotations

from . import text
from .bibtex import bibtex
from .csl import csl
from .jsonld import jsonld


__all__ = ["bibtex", "csl", "jsonld", "text"]
