"""CSL-JSON, the Citation Style Language's data format, for citations.

See https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    from collections.abc import Iterable

    from picum._citations import Citation, Name


def _names(names: Iterable[Name]) -> list[dict[str, str]]:
    return [
        {"family": name.family}
        if name.given is None
        else {"family": name.family, "given": name.given}
        for name in names
    ]


def _item(citation: Citation) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "id": citation.id,
        "type": citation.type.value,
        "title": citation.title,
        "author": _names(citation.authors),
        "editor": _names(citation.editors),
        "issued": {"date-parts": [[citation.issued]]} if citation.issued is not None else None,
        "publisher": citation.publisher,
        "publisher-place": citation.publisher_place,
        "page": citation.page,
        "ISBN": citation.isbn.formatted() if citation.isbn else None,
    }
    return {key: value for key, value in fields.items() if value not in (None, [])}


def csl(citations: Iterable[Citation]) -> list[dict[str, Any]]:
    """Return *citations* as CSL-JSON items, ready for any CSL processor.

    >>> import picum
    >>> item, = csl(picum.load().citations)
    >>> item["editor"][0], item["issued"]
    ({'family': 'Craig', 'given': 'John D. R.'}, {'date-parts': [[2006]]})
    """
    return [_item(citation) for citation in citations]
