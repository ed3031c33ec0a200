"""BibTeX entries for citations and sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from picum._citations import Citation, CitationType, Name
from picum._sources import Source


if TYPE_CHECKING:
    from collections.abc import Iterable


_ENTRY_TYPES = {
    CitationType.BOOK: "book",
    CitationType.CHAPTER: "incollection",
    CitationType.ARTICLE_JOURNAL: "article",
    CitationType.REPORT: "techreport",
    CitationType.WEBPAGE: "misc",
}
# LaTeX gives these characters meanings; in a field they must stand for themselves.
_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def _text(value: str) -> str:
    return " ".join(value.translate(_ESCAPES).split())


def _names(names: Iterable[Name]) -> str:
    # "Family, Given" keeps multi-word family names whole; "and" separates people.
    return " and ".join(
        _text(name.family) if name.given is None else f"{_text(name.family)}, {_text(name.given)}"
        for name in names
    )


def _entry(citation: Citation) -> str:
    fields = {
        "author": _names(citation.authors),
        "editor": _names(citation.editors),
        # Double braces keep the title's capitals as they are, whatever the style.
        "title": f"{{{_text(citation.title)}}}",
        "publisher": _text(citation.publisher) if citation.publisher else "",
        "address": _text(citation.publisher_place) if citation.publisher_place else "",
        "year": str(citation.issued) if citation.issued is not None else "",
        "pages": _text(citation.page) if citation.page else "",
        "isbn": citation.isbn.formatted() if citation.isbn else "",
    }
    return _written(_ENTRY_TYPES[citation.type], citation.id, fields)


def _source_entry(source: Source) -> str:
    """Write a source as a web page: ``@misc``, with biblatex's ``date``, ``url``, ``urldate``."""
    day = source.revision_date
    fields = {
        "title": f"{{{_text(source.title)}}}",
        "howpublished": _text(source.publisher) if source.publisher else "",
        "year": str(day.year) if day else "",
        "date": day.isoformat() if day else "",
        # A URL is not LaTeX text: only its braces would end the field early.
        "url": (source.revision or source.url).replace("{", "%7B").replace("}", "%7D"),
        "urldate": source.accessed.isoformat() if source.accessed else "",
    }
    return _written("misc", source.id, fields)


def _written(entry_type: str, key: str, fields: dict[str, str]) -> str:
    lines = [f"  {name} = {{{value}}}," for name, value in fields.items() if value]
    return "\n".join([f"@{entry_type}{{{key},", *lines, "}"])


def bibtex(works: Iterable[Citation | Source]) -> str:
    """Return citations, or sources, as a BibTeX file: one entry each, keyed by its id.

    A source is a web page: ``@misc``, with its publisher as ``howpublished``, the date it
    states for itself (if any) as ``year`` and biblatex's ``date``, and its address and the day
    it was read as biblatex's ``url`` and ``urldate``.

    >>> import picum
    >>> print(bibtex(picum.load().citations))  # doctest: +NORMALIZE_WHITESPACE
    @book{craig-lynk-2006,
      editor = {Craig, John D. R. and Lynk, S. Michael},
      title = {{Globalization and the Future of Labour Law}},
      publisher = {Cambridge University Press},
      address = {Cambridge},
      year = {2006},
      pages = {430},
      isbn = {978-0-521-85490-0},
    }
    """
    return (
        "\n\n".join(
            _source_entry(work) if isinstance(work, Source) else _entry(work) for work in works
        )
        + "\n"
    )
