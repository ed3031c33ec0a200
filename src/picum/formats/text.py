"""Words for people: the plain-text pieces that the CLI summary and the page share.

One rendering of a citation, of an organisation's type and of a list of names, so that the
terminal and the page say the same thing the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from picum._organisation import OrganisationType


if TYPE_CHECKING:
    from collections.abc import Iterable

    from picum._citations import Citation


_TYPE_NAMES = {OrganisationType.NON_GOVERNMENTAL_ORGANISATION: "non-governmental organisation"}


def and_list(words: Iterable[str]) -> str:
    """Join words as a sentence lists them.

    >>> and_list(["Belgium", "Netherlands", "Germany"]), and_list(["Belgium"]), and_list([])
    ('Belgium, Netherlands and Germany', 'Belgium', '')
    """
    words = list(words)
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else "".join(words)


def type_name(type_: OrganisationType) -> str:
    """Name a kind of organisation in words, in lower case.

    >>> type_name(OrganisationType.NON_GOVERNMENTAL_ORGANISATION)
    'non-governmental organisation'
    """
    return _TYPE_NAMES[type_]


def reference_parts(citation: Citation) -> list[tuple[str, str]]:
    """Return the parts of a citation's reference, each with its kind, in the order they are read.

    The kinds are ``people`` (editors, marked "(eds.)", or else authors), ``title``,
    ``publisher`` (with its place), ``issued``, ``page`` and ``isbn`` (hyphenated); parts the
    citation lacks are left out. A page can set the title apart; `reference` joins them.
    """
    people = and_list(str(name) for name in citation.editors or citation.authors)
    if citation.editors:
        people += " (eds.)"
    parts = [
        ("people", people),
        ("title", citation.title),
        ("publisher", ": ".join(filter(None, [citation.publisher_place, citation.publisher]))),
        ("issued", str(citation.issued) if citation.issued is not None else ""),
        ("page", f"p. {citation.page}" if citation.page else ""),
        ("isbn", f"ISBN {citation.isbn.formatted()}" if citation.isbn else ""),
    ]
    return [(kind, part) for kind, part in parts if part]


def reference(citation: Citation) -> str:
    """Write a citation as one plain-text reference.

    >>> import picum
    >>> reference(picum.load().citation("craig-lynk-2006"))[:76]
    'John D. R. Craig and S. Michael Lynk (eds.). Globalization and the Future of'
    """
    return ". ".join(part for _, part in reference_parts(citation)) + "."
