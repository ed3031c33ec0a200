"""CSL-JSON, the Citation Style Language's data format, for citations and sources.

See https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from picum._sources import Source


if TYPE_CHECKING:
    from collections.abc import Iterable
    from datetime import date

    from picum._citations import Citation, Name


def _names(names: Iterable[Name]) -> list[dict[str, str]]:
    return [
        {"family": name.family}
        if name.given is None
        else {"family": name.family, "given": name.given}
        for name in names
    ]


def _date_parts(day: date | None) -> dict[str, list[list[int]]] | None:
    return None if day is None else {"date-parts": [[day.year, day.month, day.day]]}


def _source_item(source: Source) -> dict[str, Any]:
    """Write a source as the web page it was read as: its own date, if any, and the day read."""
    fields: dict[str, Any] = {
        "id": source.id,
        "type": "webpage",
        "title": source.title,
        "publisher": source.publisher,
        "URL": source.revision or source.url,
        "issued": _date_parts(source.revision_date),
        "accessed": _date_parts(source.accessed),
    }
    return {key: value for key, value in fields.items() if value is not None}


def _item(work: Citation | Source) -> dict[str, Any]:
    if isinstance(work, Source):
        return _source_item(work)
    fields: dict[str, Any] = {
        "id": work.id,
        "type": work.type.value,
        "title": work.title,
        "author": _names(work.authors),
        "editor": _names(work.editors),
        "issued": {"date-parts": [[work.issued]]} if work.issued is not None else None,
        "publisher": work.publisher,
        "publisher-place": work.publisher_place,
        "page": work.page,
        "ISBN": work.isbn.formatted() if work.isbn else None,
    }
    return {key: value for key, value in fields.items() if value not in (None, [])}


def csl(works: Iterable[Citation | Source]) -> list[dict[str, Any]]:
    """Return citations, or sources, as CSL-JSON items, ready for any CSL processor.

    A source is a web page (CSL's ``webpage``): its title, publisher and address, the date it
    states for itself (``issued``) where it states one, and the day it was read (``accessed``).

    >>> import picum
    >>> item, = csl(picum.load().citations)
    >>> item["editor"][0], item["issued"]
    ({'family': 'Craig', 'given': 'John D. R.'}, {'date-parts': [[2006]]})
    >>> csl([picum.load().source("iom-interview-michele-levoy")])[0]["issued"]
    {'date-parts': [[2020, 9, 16]]}
    """
    return [_item(work) for work in works]
