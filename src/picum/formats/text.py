"""Words for people: the plain-text pieces that the CLI summary and the page share.

One rendering of a citation, of an organisation's name and type, of its members and of a list
of names, so that the terminal and the page say the same thing the same way.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from picum._organisation import OrganisationType


if TYPE_CHECKING:
    from collections.abc import Iterable

    from picum._citations import Citation
    from picum._memberships import Members
    from picum._organisation import Identity


_TYPE_NAMES = {
    OrganisationType.ORGANISATION: "organisation",
    OrganisationType.NON_GOVERNMENTAL_ORGANISATION: "non-governmental organisation",
    OrganisationType.GOVERNMENT_ORGANISATION: "government organisation",
    OrganisationType.EDUCATIONAL_ORGANISATION: "educational organisation",
    OrganisationType.RESEARCH_ORGANISATION: "research organisation",
    OrganisationType.MEDICAL_ORGANISATION: "medical organisation",
    OrganisationType.NEWS_MEDIA_ORGANISATION: "news media organisation",
    OrganisationType.CORPORATION: "corporation",
    OrganisationType.CONSORTIUM: "consortium",
    OrganisationType.WORKERS_UNION: "workers' union",
    OrganisationType.POLITICAL_PARTY: "political party",
    OrganisationType.SPORTS_ORGANISATION: "sports organisation",
}


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


def a_type_name(type_: OrganisationType) -> str:
    """Name a kind of organisation in words, after "a" or "an" as its sound asks.

    >>> a_type_name(OrganisationType.NON_GOVERNMENTAL_ORGANISATION)
    'a non-governmental organisation'
    >>> a_type_name(OrganisationType.EDUCATIONAL_ORGANISATION)
    'an educational organisation'
    """
    name = _TYPE_NAMES[type_]
    return f"{'an' if name[0] in 'aeio' else 'a'} {name}"


def title(identity: Identity) -> str:
    """Name an organisation in full, as a title does: "acronym: name", or its name alone."""
    return f"{identity.acronym}: {identity.name}" if identity.acronym else identity.name


def members_sentence(members: Members) -> str:
    """Say in one phrase how many members there are, of which kinds, and where.

    Each count is its preferred figure, said on its own: figures from different sources and
    times are not parts of one another.

    >>> from picum import Members, Quantity, QuantityStatement
    >>> total = QuantityStatement(value=Quantity(amount=42), sources=("s",))
    >>> members_sentence(Members(total_statements=(total,), area="Exampleland", sources=("s",)))
    '42 members, in Exampleland'
    """
    kinds = [
        f"{count} {kind}"
        for kind, count in (("affiliated", members.affiliated), ("ordinary", members.ordinary))
        if count is not None
    ]
    counts = [
        *([f"{members.total} members"] if members.total is not None else []),
        *([f"{and_list(kinds)} members"] if kinds else []),
        *(
            [f"{members.organisations} member organisations"]
            if members.organisations is not None
            else []
        ),
        *([f"{members.individuals} individual members"] if members.individuals is not None else []),
    ]
    where = f"in {members.area}" if members.area else ""
    if members.countries is not None:
        where = f"in {members.countries} countries" + (f" ({members.area})" if members.area else "")
    return ", ".join(filter(None, ["; ".join(counts) or "members", where]))


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
