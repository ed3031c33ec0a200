"""The member counts over time, for the page: each figure in words, and a chart of the dated ones.

`Timeline` sorts a profile's member figures (`picum.Members`' statements) into those with a
date and those without, and lays the dated ones out as a chart (`Chart`), which the page's
template draws as inline SVG. No figure is placed on a date its sources do not give: an undated
figure is listed apart. A date that spans days (a year, a month, an interval) is drawn as a bar
over those days, with the figure's marker at its middle; a date open at one end (``[..2016-10-31]``,
on or before that day) as a dotted line from the edge of the chart to the marker at its known day.
"""

from __future__ import annotations

import calendar
import math
from datetime import date
from typing import TYPE_CHECKING

import attrs

import picum
from picum import Qualifier, QuantityStatement, Rank
from picum._statements import histories


if TYPE_CHECKING:
    from collections.abc import Sequence

    from picum import Organisation, UncertainDate

_DAY, _MONTH, _YEAR = "day", "month", "year"


def _precision(earliest: date, latest: date) -> str:
    """Return the coarsest unit in which *earliest* starts and *latest* ends."""
    month_end = latest.day == calendar.monthrange(latest.year, latest.month)[1]
    if earliest.day != 1 or not month_end:
        return _DAY
    if earliest.month != 1 or latest.month != 12:
        return _MONTH
    return _YEAR


def _day_words(day: date, precision: str) -> str:
    if precision == _YEAR:
        return str(day.year)
    if precision == _MONTH:
        return f"{calendar.month_name[day.month]} {day.year}"
    return f"{day.day} {calendar.month_name[day.month]} {day.year}"


def _span_words(earliest: date, latest: date, joiner: str = " to ") -> str:
    """Say the days from *earliest* to *latest*: "2016", "October 2016", "2015 to 2017"."""
    precision = _precision(earliest, latest)
    first, last = _day_words(earliest, precision), _day_words(latest, precision)
    return first if first == last else f"{first}{joiner}{last}"


def _part_words(edtf: str) -> str:
    """Say one end of an EDTF interval or set, a plain date, as precisely as it is written."""
    earliest, latest = picum.edtf_bounds(edtf)
    assert earliest is not None  # noqa: S101 - a plain date has both bounds
    assert latest is not None  # noqa: S101
    return _span_words(earliest, latest)


def when(as_of: UncertainDate | None) -> str:
    """Say when a figure holds, in words a person reads: "31 October 2016", or "undated".

    The source's own words (the date's label) come first; otherwise the EDTF is said:
    ``2016-10`` as "October 2016", ``2015/2017`` as "2015 to 2017", ``2000-11/..`` as
    "from November 2000", ``[1995..1999]`` as "between 1995 and 1999", ``[..2016-10-31]``
    (one day up to then) as "on or before 31 October 2016", ``2016~`` as "about 2016" and
    ``2016?`` as "2016 (uncertain)".
    """
    if as_of is None:
        return "undated"
    if as_of.label:
        return as_of.label
    text = as_of.edtf
    earliest, latest = picum.edtf_bounds(text)
    if text.startswith("["):
        elements = [element.strip() for element in text[1:-1].split(",")]
        start, end = elements[0].partition("..")[0], elements[-1].rpartition("..")[2]
    else:
        start, _, end = text.partition("/")
    # An interval holds throughout its days; a set, on one of them.
    one_day = text.startswith("[")
    if earliest is None:
        words = f"{'on or before' if one_day else 'until'} {_part_words(end)}"
    elif latest is None:
        words = f"{'on or after' if one_day else 'from'} {_part_words(start)}"
    elif one_day:
        words = _span_words(earliest, latest, joiner=" and ")
        words = f"between {words}" if " and " in words else words
    else:
        words = _span_words(earliest, latest)
    if "~" in text or "%" in text:
        words = f"about {words}"
    if "?" in text or "%" in text:
        words = f"{words} (uncertain)"
    return words


_SPANS = ("on or ", "until ", "from ", "between ")


def as_of_words(as_of: UncertainDate | None) -> str:
    """Say a figure's date after its value: "as of 31 October 2016", or "undated".

    A date that says its own span needs no "as of": "on or before 31 October 2016".
    """
    if as_of is None:
        return "undated"
    words = when(as_of)
    return words if words.startswith(_SPANS) else f"as of {words}"


#: What the page calls each count of `Members`; a count not named here is called by its field.
FACT_NAMES = {
    "total": "Members",
    "affiliated": "Affiliated members",
    "ordinary": "Ordinary members",
    "organisations": "Member organisations",
    "individuals": "Individual members",
    "countries": "Countries",
}


@attrs.frozen(kw_only=True)
class Fact:
    """One count of the members, with its statements; `current` is the one that answers for it."""

    name: str
    statements: tuple[QuantityStatement, ...]
    current: QuantityStatement


def member_facts(org: Organisation) -> tuple[Fact, ...]:
    """Return each count of *org*'s members that has a statement, in `Members`' order.

    Every history `Members` declares is a count, so a count added to the model shows without a
    change here. Each count's current statement is the one `picum.choose` picks.
    """
    members = org.members
    if members is None:
        return ()
    return tuple(
        Fact(
            name=FACT_NAMES.get(count.fact) or count.fact.replace("_", " ").capitalize(),
            statements=statements,
            current=choice.statement,
        )
        for count in histories(members)
        if (choice := picum.choose(org, statements := getattr(members, count.field)))
    )


_DEPRECATED = "not in the chart: deprecated"


@attrs.frozen(kw_only=True)
class Figure:
    """One statement of one member count, with what a reader should know of it.

    `plotted` says whether the chart draws it; `notes` say whether it is the current figure,
    why it is deprecated, the statement's own note, and why it is not drawn.
    """

    fact: str
    statement: QuantityStatement
    current: bool

    @property
    def when(self) -> str:
        """When the figure holds, in words."""
        return when(self.statement.as_of)

    @property
    def plotted(self) -> bool:
        """Whether the chart draws the figure: dated (if only at one end), and not deprecated."""
        return self.statement.rank is not Rank.DEPRECATED and self.statement.as_of is not None

    @property
    def notes(self) -> tuple[str, ...]:
        """What the page says of the figure beside its value."""
        statement = self.statement
        notes = ["current figure"] if self.current else []
        if statement.reason is not None:
            notes.append(f"deprecated: {statement.reason}")
        if statement.note is not None:
            notes.append(statement.note)
        if statement.as_of is not None and not self.plotted:
            notes.append(_DEPRECATED)
        return tuple(notes)


def _days(figure: Figure) -> tuple[int | None, int | None]:
    """Return the first day of a dated figure and the day after its last, as ordinals.

    An open end is `None`; EDTF has no date open at both.
    """
    assert figure.statement.as_of is not None  # noqa: S101 - only dated figures are drawn
    earliest, latest = picum.edtf_bounds(figure.statement.as_of.edtf)
    return (
        None if earliest is None else earliest.toordinal(),
        None if latest is None else latest.toordinal() + 1,
    )


def _known(figure: Figure) -> tuple[int, int]:
    """Return the days of a figure the sources name: both ends, or the one day of an open end."""
    first, end = _days(figure)
    if first is None:
        assert end is not None  # noqa: S101 - EDTF has no date open at both ends
        return end - 1, end
    return first, first + 1 if end is None else end


def _year_start(year: int) -> int:
    """Return the ordinal of 1 January of *year*, from year 0 to 10000 (`date` ends at 9999)."""
    before = year - 1
    return 1 + 365 * before + before // 4 - before // 100 + before // 400


# Where the chart's parts go, in SVG user units.
WIDTH = 480
LEFT, RIGHT, TOP = 64, 24, 28
PLOT_HEIGHT = 180
AXIS_BAND = 36
LEGEND_ROW = 22
LEGEND_COLUMNS = 2
DODGE = 12

#: How each series is drawn, cycled through: a colour, a marker (a path around 0,0) and a dash.
STYLES = (
    ("#0b5394", "M -5 0 A 5 5 0 1 0 5 0 A 5 5 0 1 0 -5 0 Z", ""),  # circle
    ("#a34700", "M -4.5 -4.5 H 4.5 V 4.5 H -4.5 Z", "6 3"),  # square
    ("#2e6b17", "M 0 -6 L 5.5 4 L -5.5 4 Z", "2 3"),  # triangle
    ("#741b47", "M 0 -6.5 L 6.5 0 L 0 6.5 L -6.5 0 Z", "8 3 2 3"),  # diamond
    ("#3d3d3d", "M 0 6 L 5.5 -4 L -5.5 -4 Z", "1 2"),  # triangle pointing down
    ("#8a0000", "M -2 -6 H 2 V -2 H 6 V 2 H 2 V 6 H -2 V 2 H -6 V -2 H -2 Z", "10 4"),  # cross
)


@attrs.frozen(kw_only=True)
class Point:
    """Where the chart draws one figure: its marker at (`x`, `y`), its days from `x_from` to `x_to`.

    The marker is at the middle of the days, set `DODGE` units aside for each other count with a
    figure at the same time. `spans` says whether the days are more than one, drawn as a bar from
    the start of the first to the end of the last. A date open at its start (`before`: on or
    before its last day) is drawn from the chart's start to that day; one open at its end
    (`after`) from its first day to the chart's end, the marker at the day known. `hollow`
    marks an approximate figure, `rising` one that is "more than" or "at least".
    """

    figure: Figure
    x: float
    y: float
    x_from: float
    x_to: float

    @property
    def spans(self) -> bool:
        """Whether the figure's days are more than one: drawn as a bar, its marker at the middle."""
        first, end = _days(self.figure)
        return first is not None and end is not None and end - first > 1

    @property
    def before(self) -> bool:
        """Whether the figure's date is open at its start: it held on or before the marked day."""
        return _days(self.figure)[0] is None

    @property
    def after(self) -> bool:
        """Whether the figure's date is open at its end: it held on or after the marked day."""
        return _days(self.figure)[1] is None

    @property
    def hollow(self) -> bool:
        """Whether the figure is approximate: its marker is drawn hollow."""
        return self.figure.statement.value.qualifier is Qualifier.APPROXIMATELY

    @property
    def rising(self) -> bool:
        """Whether the figure is a lower bound: an arrow points up from its marker."""
        return self.figure.statement.value.qualifier in {Qualifier.MORE_THAN, Qualifier.AT_LEAST}

    @property
    def label(self) -> str:
        """The figure in words: fact, value and date."""
        return f"{self.figure.fact}: {self.figure.statement.value}, {self.figure.when}"


@attrs.frozen(kw_only=True)
class Series:
    """The points of one member count, in time order, drawn in one style, and its legend entry."""

    name: str
    colour: str
    marker: str
    dash: str
    points: tuple[Point, ...]
    legend_x: float
    legend_y: float

    @property
    def line(self) -> str:
        """The points joined in time order, as an SVG polyline's points ("" for a single point)."""
        if len(self.points) < 2:
            return ""
        return " ".join(f"{point.x},{point.y}" for point in self.points)


@attrs.frozen(kw_only=True)
class Tick:
    """A mark on an axis, at `at` along it, with its label."""

    at: float
    label: str


@attrs.frozen(kw_only=True)
class Key:
    """An entry of the legend that explains a way of drawing (`kind`), at (`x`, `y`).

    The kinds: ``hollow`` (an approximate figure), ``rising`` (more than, or at least),
    ``spans`` (a figure dated by a span of days), ``before`` and ``after`` (a date open at its
    start or its end).
    """

    kind: str
    words: str
    x: float
    y: float


@attrs.frozen(kw_only=True)
class Chart:
    """The member counts laid out for an SVG of `width` by `height`, with words for its title."""

    series: tuple[Series, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    left: float
    right: float
    top: float
    bottom: float
    width: float
    height: float
    description: str
    keys: tuple[Key, ...]

    @property
    def points(self) -> tuple[Point, ...]:
        """Every point, series by series."""
        return tuple(point for series in self.series for point in series.points)


# Each divides 10000, so that the axis ends by the year 10000; the last spans any years.
_YEAR_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000)


def _year_step(first: int, last: int) -> int:
    """Return the years between the time axis' ticks: at most six steps over *first*..*last*."""
    return next(step for step in _YEAR_STEPS if math.ceil((last + 1) / step) - first // step <= 6)


def _count_step(top: int) -> int:
    """Return the count between the value axis' ticks: 1, 2 or 5 by a power of ten, five at most."""
    power = 1
    while True:
        for multiple in (1, 2, 5):
            if top <= 5 * multiple * power:
                return multiple * power
        power *= 10


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _open_words(points: Sequence[Point]) -> str:
    """Say how many of the *points* have a date open at one end, and how they are drawn."""
    before = sum(point.before for point in points)
    after = sum(point.after for point in points)
    words = [
        *([f"{_plural(before, 'figure')} held on or before the day marked"] if before else []),
        *([f"{_plural(after, 'figure')} on or after the day marked"] if after else []),
    ]
    return f" {' and '.join(words)}, drawn from the chart's edge." if words else ""


def chart(figures: Sequence[Figure]) -> Chart | None:
    """Lay out the figures the chart draws (`Figure.plotted`); `None` where none is."""
    drawn = [figure for figure in figures if figure.plotted]
    if not drawn:
        return None
    days = {id(figure): _known(figure) for figure in drawn}
    first_year = date.fromordinal(min(start for start, _ in days.values())).year
    last_year = date.fromordinal(max(end for _, end in days.values()) - 1).year
    step = _year_step(first_year, last_year)
    start_year = first_year // step * step
    end_year = math.ceil((last_year + 1) / step) * step
    day_0, day_1 = _year_start(start_year), _year_start(end_year)
    plot_width = WIDTH - LEFT - RIGHT
    bottom = TOP + PLOT_HEIGHT

    def x_at(day: float) -> float:
        return round(LEFT + (day - day_0) / (day_1 - day_0) * plot_width, 1)

    top_count = max(figure.statement.value.amount for figure in drawn)
    count_step = _count_step(top_count)
    count_top = max(count_step, math.ceil(top_count / count_step) * count_step)

    def y_at(count: int) -> float:
        return round(bottom - count / count_top * PLOT_HEIGHT, 1)

    names = list(dict.fromkeys(figure.fact for figure in drawn))
    # Markers of several counts at one time are set side by side, so that none hides another;
    # their bars, and the table, keep the exact days.
    at_time: dict[int, list[str]] = {}
    for figure in drawn:
        there = at_time.setdefault(sum(days[id(figure)]), [])
        there += [] if figure.fact in there else [figure.fact]

    def dodged(figure: Figure) -> float:
        there = at_time[sum(days[id(figure)])]
        shift = (there.index(figure.fact) - (len(there) - 1) / 2) * DODGE
        return round(x_at(sum(days[id(figure)]) / 2) + shift, 1)

    legend_top = bottom + AXIS_BAND
    series: list[Series] = []
    for index, name in enumerate(names):
        colour, marker, dash = STYLES[index % len(STYLES)]
        ordered = sorted(
            (figure for figure in drawn if figure.fact == name),
            key=lambda figure: sum(days[id(figure)]),
        )
        points = tuple(
            Point(
                figure=figure,
                x=dodged(figure),
                y=y_at(figure.statement.value.amount),
                x_from=x_at(first) if first is not None else LEFT,
                x_to=x_at(end) if end is not None else WIDTH - RIGHT,
            )
            for figure in ordered
            for first, end in [_days(figure)]
        )
        row, column = divmod(index, LEGEND_COLUMNS)
        series.append(
            Series(
                name=name,
                colour=colour,
                marker=marker,
                dash=dash,
                points=points,
                legend_x=LEFT + column * plot_width / LEGEND_COLUMNS,
                legend_y=legend_top + row * LEGEND_ROW,
            )
        )
    marks = [point for line in series for point in line.points]
    wanted = [
        ("hollow", "hollow marker: about", any(point.hollow for point in marks)),
        ("rising", "arrow up: more than, or at least", any(point.rising for point in marks)),
        ("spans", "bar: a span of time, the marker at its middle", any(p.spans for p in marks)),
        ("before", "dotted, open to the left: on or before", any(p.before for p in marks)),
        ("after", "dotted, open to the right: on or after", any(p.after for p in marks)),
    ]
    key_top = legend_top + math.ceil(len(series) / LEGEND_COLUMNS) * LEGEND_ROW
    keys = tuple(
        Key(kind=kind, words=words, x=LEFT, y=key_top + row * LEGEND_ROW)
        for row, (kind, words, _) in enumerate(entry for entry in wanted if entry[2])
    )
    height = key_top + len(keys) * LEGEND_ROW
    counted = "; ".join(f"{line.name}, {_plural(len(line.points), 'figure')}" for line in series)
    years = str(first_year) if first_year == last_year else f"{first_year} to {last_year}"
    return Chart(
        series=tuple(series),
        x_ticks=tuple(
            Tick(at=x_at(_year_start(year)), label=str(year))
            for year in range(start_year, end_year + 1, step)
        ),
        y_ticks=tuple(
            Tick(at=y_at(count), label=f"{count:,}")
            for count in range(0, count_top + 1, count_step)
        ),
        left=LEFT,
        right=WIDTH - RIGHT,
        top=TOP,
        bottom=bottom,
        width=WIDTH,
        height=height,
        description=(
            f"The member counts the sources give, dated {years}: {counted}.{_open_words(marks)}"
            " The table that follows gives every figure with its date and sources."
        ),
        keys=keys,
    )


@attrs.frozen(kw_only=True)
class Timeline:
    """The member counts of a profile: each fact, its figures dated and undated, and a chart."""

    facts: tuple[Fact, ...]

    @property
    def figures(self) -> tuple[Figure, ...]:
        """Every figure, fact by fact, each fact's in the data's order."""
        # The current figure is the first statement equal to the preferred one: the one chosen.
        return tuple(
            Figure(
                fact=fact.name,
                statement=statement,
                current=index == fact.statements.index(fact.current),
            )
            for fact in self.facts
            for index, statement in enumerate(fact.statements)
        )

    @property
    def dated(self) -> tuple[Figure, ...]:
        """The figures with a date, fact by fact, each fact's in time order."""
        return tuple(
            sorted(
                (figure for figure in self.figures if figure.statement.as_of is not None),
                key=lambda figure: (
                    [fact.name for fact in self.facts].index(figure.fact),
                    _order(figure.statement.as_of),
                ),
            )
        )

    @property
    def undated(self) -> tuple[Figure, ...]:
        """The figures without a date, fact by fact: listed apart, never placed in time."""
        return tuple(figure for figure in self.figures if figure.statement.as_of is None)

    @property
    def chart(self) -> Chart | None:
        """The chart of the dated figures, or `None` where no figure can be drawn."""
        return chart(self.figures)


def by_fact(figures: Sequence[Figure]) -> tuple[tuple[str, tuple[Figure, ...]], ...]:
    """Group *figures* by their fact, in the order each fact first comes, each group in order."""
    names = dict.fromkeys(figure.fact for figure in figures)
    return tuple(
        (name, tuple(figure for figure in figures if figure.fact == name)) for name in names
    )


def _order(as_of: UncertainDate | None) -> tuple[date, date]:
    """Order dates by their first day, then their last (an open end counts as the other end)."""
    assert as_of is not None  # noqa: S101 - only dated figures are ordered
    earliest, latest = picum.edtf_bounds(as_of.edtf)
    first = earliest or latest
    assert first is not None  # noqa: S101 - EDTF has no date open at both ends
    return first, latest or first


def timeline(org: Organisation) -> Timeline:
    """Return the timeline of *org*'s members (none, for a profile without members)."""
    return Timeline(facts=member_facts(org))
