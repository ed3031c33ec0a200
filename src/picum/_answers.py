"""The answers of a profile: for each fact with statements, the one chosen, why, and from when.

`answers` gives, for every fact of a profile that holds statements, what a reader asking "how
many?", "where?" or "since when?" gets: the statement `picum.choose` picks, the reason, the day
it is known from, its source, and where it is in the profile.
"""

from __future__ import annotations

import types
from datetime import date
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin, get_type_hints

import attrs

from . import _constraints, _provenance
from ._choice import choose
from ._organisation import Organisation
from ._statements import Rank, histories
from ._values import Place, Quantity, UncertainDate


if TYPE_CHECKING:
    from collections.abc import Iterator


#: The value of a statement: a count, a place, a date, or a list of activities' ids.
AnswerValue = Quantity | Place | UncertainDate | tuple[str, ...]


def _facts() -> dict[str, tuple[str, ...]]:
    """Find every fact with statements: its dotted name, and the attributes that lead to its list.

    A fact's list is a history (`history_of`) the profile declares, or one that a fact the
    profile holds at most once (`Members`, `History`, ...) declares; it is named by the fact
    its declaration names (``members.organisations`` for ``members.organisations_statements``).
    """
    found: dict[str, tuple[str, ...]] = {}
    hints = get_type_hints(Organisation)
    own = {history.field: history for history in histories(Organisation)}
    for field in attrs.fields(Organisation):
        if field.name in own:
            found[own[field.name].fact] = (field.name,)
            continue
        hint = hints[field.name]
        one_of = get_args(hint) if get_origin(hint) in {Union, types.UnionType} else (hint,)
        for part in one_of:
            if isinstance(part, type) and attrs.has(part):
                for history in histories(part):
                    found[f"{field.name}.{history.fact}"] = (field.name, history.field)
    return found


_FACTS = _facts()
#: The facts that have statements, by their dotted names, in the wire format's order.
FACTS = tuple(_FACTS)


@_constraints.constraint({"enum": list(FACTS)})
def _fact(value: str) -> Iterator[_constraints.Finding]:
    if value not in _FACTS:
        yield "", f"{value!r} is not one of {', '.join(FACTS)}"


@attrs.frozen(kw_only=True)
class Answer:
    """The answer for one fact of a profile: the statement chosen (`picum.choose`), and why.

    `fact` names the fact by where its statements are, dotted, as the wire format names the
    fields (``members.organisations`` for ``members.organisations_statements``); the chosen
    statement is item `index` of that list. `value`, `as_of`, `rank`, `quote` and `sources`
    are the statement's, as it gives them; `reason`, `by_curator` and `known_on` are the
    choice's: the curator's reason where a curator marked the statement preferred, else the
    written rule in words, and the day the statement is known from (`None`: no day).
    """

    fact: str = attrs.field(validator=_fact)
    index: int = attrs.field(validator=_constraints.non_negative)
    value: AnswerValue
    as_of: UncertainDate | None
    rank: Rank
    reason: str = attrs.field(validator=_constraints.text)
    by_curator: bool
    known_on: date | None
    quote: str | None = attrs.field(validator=_constraints.optional_text)
    sources: tuple[str, ...] = _provenance.sources()


def answers(profile: Organisation) -> tuple[Answer, ...]:
    """Return the answer for each fact of *profile* that has statements, in the wire format's order.

    A fact with no statement (the sources do not say) has no answer. For a view of the profile
    on a day, give `picum.as_of`'s profile.

    >>> import picum
    >>> answer = answers(picum.load())[3]
    >>> answer.fact, str(answer.value), answer.known_on, answer.sources
    ('members.organisations', '164', datetime.date(2026, 11, 30), ('picum-members-page',))
    """
    found: list[Answer] = []
    for fact, path in _FACTS.items():
        holder: Any = profile
        for name in path[:-1]:
            holder = getattr(holder, name)
        if holder is None:
            continue
        statements = getattr(holder, path[-1])
        chosen = choose(profile, statements)
        if chosen is None:
            continue
        statement = chosen.statement
        found.append(
            Answer(
                fact=fact,
                index=next(i for i, each in enumerate(statements) if each is statement),
                value=statement.value,
                as_of=statement.as_of,
                rank=statement.rank,
                reason=chosen.reason,
                by_curator=chosen.by_curator,
                known_on=chosen.known_on,
                quote=statement.quote,
                sources=statement.sources,
            )
        )
    return tuple(found)
