"""The member counts over time on the page at `/`: dates in words, the chart and its table."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import picum
from picum import Members, Organisation, Qualifier, Quantity, QuantityStatement, Rank, UncertainDate
from picum._statements import histories, history_of
from picum_api import _timeline
from picum_api._profile_page import render
from tests import strategies


SEED = "wikipedia-2016-10-31"
LATER = "wikipedia-current"


def stated(  # noqa: PLR0913 - a statement has these many parts
    amount: int,
    edtf: str | None,
    *,
    qualifier: Qualifier = Qualifier.EXACT,
    rank: Rank = Rank.NORMAL,
    reason: str | None = None,
    note: str | None = None,
    sources: tuple[str, ...] = (SEED,),
) -> QuantityStatement:
    """A statement of a count, dated by *edtf* (`None`: undated)."""
    return QuantityStatement(
        value=Quantity(amount=amount, qualifier=qualifier),
        as_of=None if edtf is None else UncertainDate(edtf=edtf),
        rank=rank,
        reason=reason,
        note=note,
        sources=sources,
    )


def fact(*, name: str, statements: tuple[QuantityStatement, ...]) -> _timeline.Fact:
    """A count, its current statement the one `picum.preferred` picks (no source to weigh)."""
    return _timeline.Fact(name=name, statements=statements, current=picum.preferred(statements))


def with_members(
    profile: Organisation, **statements: tuple[QuantityStatement, ...]
) -> Organisation:
    """The bundled profile with these member counts only (``ordinary=(...)``, ...)."""
    fields = {history.fact: history.field for history in histories(Members)}
    counts: dict[str, Any] = {fields[count]: listed for count, listed in statements.items()}
    members = Members(
        **counts,
        area="Europe",
        sources=(SEED,),
    )
    return attrs.evolve(profile, members=members)


class Tables(HTMLParser):
    """The tables of a page, by caption: each row's cells as text; and the chart's parts.

    A row of a group (a `tbody` headed by a ``scope="rowgroup"`` cell) starts with the group's
    heading, as if it were the row's first cell; the heading's own row is left out.
    """

    def __init__(self, html: str) -> None:
        """Read *html*."""
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: list[str] | None = None
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._group: list[str] = []
        self._in_group_heading = False
        self.feed(html)
        self.html = html

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a table, its caption, a group, a row or a cell."""
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._caption = []
        elif tag in {"thead", "tbody"}:
            self._group = []
        elif tag == "tr":
            self._rows.append([])
        elif tag in {"td", "th"}:
            self._cell = []
            self._in_group_heading = ("scope", "rowgroup") in attrs

    def handle_endtag(self, tag: str) -> None:
        """Close them."""
        if tag == "caption" and self._caption is not None:
            self.tables["".join(self._caption)] = self._rows
            self._caption = None
        elif tag in {"td", "th"} and self._cell is not None:
            text = " ".join("".join(self._cell).split())
            if self._in_group_heading:
                self._rows.pop()
                self._group = [text]
            else:
                if not self._rows[-1]:
                    self._rows[-1].extend(self._group)
                self._rows[-1].append(text)
            self._cell = None

    def handle_data(self, data: str) -> None:
        """Keep the text of captions and cells."""
        for part in (self._caption, self._cell):
            if part is not None:
                part.append(data)

    def body(self, caption: str) -> list[list[str]]:
        """The rows of the table whose caption starts with *caption*, but its heading row."""
        (rows,) = [rows for name, rows in self.tables.items() if name.startswith(caption)]
        return rows[1:]

    @property
    def markers(self) -> list[tuple[float, float]]:
        """Where the chart puts its markers, in its order."""
        found = re.findall(
            r'class="marker" d="[^"]*" transform="translate\(([\d.]+) ([\d.]+)\)"', self.html
        )
        return [(float(x), float(y)) for x, y in found]

    @property
    def marker_titles(self) -> list[str]:
        """The title of each of the chart's points."""
        return re.findall(r'<g class="point"><title>(.*?)</title>', self.html)


def page_of(profile: Organisation) -> Tables:
    """The page of *profile*."""
    return Tables(render(profile).decode())


#: The bundled profile as it was in 2016, one statement per fact.
PROFILE_2016 = "tests/data/profile-2016-format-2.json"
DATED = "Every dated figure"
UNDATED = "Figures without a date"


@pytest.mark.parametrize(
    ("edtf", "words"),
    [
        ("2016-10-31", "31 October 2016"),
        ("2016-10", "October 2016"),
        ("2016", "2016"),
        ("2015/2017", "2015 to 2017"),
        ("2015-03-02/2016-05", "2 March 2015 to 31 May 2016"),
        ("2000-11/..", "from November 2000"),
        ("/2000-05", "until May 2000"),
        ("[1995..1999]", "between 1995 and 1999"),
        ("[..1985, 1990..1992]", "on or before 1992"),
        ("[1990, 1995..]", "on or after 1990"),
        ("[..2016-10-31]", "on or before 31 October 2016"),
        ("2016~", "about 2016"),
        ("2016?", "2016 (uncertain)"),
        ("2016-05%", "about May 2016 (uncertain)"),
    ],
)
def test_dates_are_said_in_words(edtf: str, words: str) -> None:
    """An EDTF date, interval or set is said as a person reads it, as precise as it is written."""
    assert words == _timeline.when(UncertainDate(edtf=edtf))


def test_the_sources_words_for_a_date_come_first() -> None:
    """A date with the source's own words is said in them; a missing one is "undated"."""
    assert ["late 1990s", "undated", "undated"] == [
        _timeline.when(UncertainDate(edtf="[1995..1999]", label="late 1990s")),
        _timeline.when(None),
        _timeline.as_of_words(None),
    ]


def test_each_count_answers_with_its_chosen_figure_date_source_and_reason(
    profile: Organisation,
) -> None:
    """The top of the page gives each count's chosen figure, its date, its sources and why."""
    org = with_members(
        profile,
        ordinary=(stated(107, "2016-10-31"), stated(150, "2024", sources=(LATER,))),
        countries=(stated(31, None, sources=(LATER,)),),
    )
    reasons = [
        choice.reason
        for statements in (org.members.ordinary_statements, org.members.countries_statements)  # type: ignore[union-attr]
        if (choice := picum.choose(org, statements)) is not None
    ]
    answers = re.findall(
        r'<p class="answer"><span class="value">(.*?)</span>, (.*?) — (.*?) — '
        r'<span class="why">chosen by the rule: (.*?)</span></p>',
        render(org).decode(),
    )

    assert [
        ("Ordinary members: 150", "as of 2024", [LATER], reasons[0]),
        ("Countries: 31", "undated", [LATER], reasons[1]),
    ] == [
        (value, when, re.findall(r'href="#source-([a-z0-9-]+)"', sources), why)
        for value, when, sources, why in answers[:2]
    ]


def test_the_current_figure_is_the_one_choose_picks(profile: Organisation) -> None:
    """An undated figure from a page read in 2026 is current over one of 2016, as `choose` says."""
    org = with_members(
        profile, ordinary=(stated(107, "2016-10-31"), stated(150, None, sources=(LATER,)))
    )
    page = page_of(org)

    assert (
        [["Ordinary members", "107", "31 October 2016", "[1]"]],
        [["Ordinary members", "150 current figure", "[2]"]],
    ) == (page.body(DATED), page.body(UNDATED))


def test_the_table_gives_every_dated_figure_in_time_order(profile: Organisation) -> None:
    """Dated figures are rows, count by count, each count's in time order, with their notes."""
    org = with_members(
        profile,
        affiliated=(stated(100, "2016-10-31", qualifier=Qualifier.MORE_THAN),),
        ordinary=(
            stated(150, "2024", sources=(LATER,)),
            stated(107, "2016-10-31", note="As the seed counts them."),
        ),
    )

    assert [
        ["Affiliated members", "more than 100 current figure", "31 October 2016", "[1]"],
        ["Ordinary members", "107 As the seed counts them.", "31 October 2016", "[1]"],
        ["Ordinary members", "150 current figure", "2024", "[2]"],
    ] == page_of(org).body(DATED)


def test_undated_figures_are_listed_apart(profile: Organisation) -> None:
    """A figure without a date is a row of its own table, and is not in the chart."""
    org = with_members(
        profile,
        ordinary=(stated(107, "2016-10-31"), stated(160, None, sources=(LATER,))),
    )
    page = page_of(org)

    assert (
        [["Ordinary members", "160 current figure", "[2]"]],
        ["Ordinary members: 107, 31 October 2016"],
    ) == (
        page.body(UNDATED),
        page.marker_titles,
    )


def test_only_undated_figures_make_no_chart(profile: Organisation) -> None:
    """Where no figure has a date there is no chart, and the page says why; the figures are listed."""
    org = with_members(profile, total=(stated(160, None), stated(170, None)))
    page = page_of(org)

    assert ([], 2, True) == (
        page.markers,
        len(page.body(UNDATED)),
        "there is no chart" in page.html,
    )


def test_a_profile_without_members_has_no_timeline(profile: Organisation) -> None:
    """No members, no counts: the page has neither the section nor a chart."""
    html = render(attrs.evolve(profile, members=None)).decode()

    assert (False, False) == ('id="timeline"' in html, "<svg" in html)


def test_deprecated_figures_are_listed_with_their_reason_but_not_drawn(
    profile: Organisation,
) -> None:
    """A deprecated figure is a row saying why, and that the chart leaves it out."""
    org = with_members(
        profile,
        ordinary=(
            stated(107, "2016-10-31"),
            stated(170, "2015", rank=Rank.DEPRECATED, reason="Counted twice."),
        ),
    )
    page = page_of(org)

    assert (
        [
            [
                "Ordinary members",
                "170 deprecated: Counted twice. not in the chart: deprecated",
                "2015",
                "[1]",
            ],
            ["Ordinary members", "107 current figure", "31 October 2016", "[1]"],
        ],
        ["Ordinary members: 107, 31 October 2016"],
    ) == (page.body(DATED), page.marker_titles)


def test_a_date_open_at_one_end_is_drawn_from_the_edge_to_its_known_day() -> None:
    """A figure "on or before 30 June 2015" runs from the chart's start, "from 2017" to its end.

    The axis runs from 2015 to 2018 (1096 days over 392 units from x = 64); each marker is at
    the middle of the day its date names: 30 June 2015 (day 180) and 1 January 2017 (day 731).
    """
    facts = (
        fact(
            name="Ordinary members",
            statements=(
                stated(107, "2016-10-31"),
                stated(100, "[..2015-06-30]"),
                stated(120, "2017/.."),
            ),
        ),
    )
    chart = _timeline.Timeline(facts=facts).chart
    assert chart is not None

    assert (
        [
            (128.6, 64, 128.7, True, False),
            (303.5, 303.3, 303.6, False, False),
            (325.6, 325.5, 456, False, True),
        ],
        ["before", "after"],
    ) == (
        [(p.x, p.x_from, p.x_to, p.before, p.after) for p in chart.points],
        [key.kind for key in chart.keys],
    )


def test_the_chart_says_which_dates_are_open_at_one_end() -> None:
    """The chart's description counts the figures drawn from its edge, on or before or after."""
    facts = (
        fact(
            name="Ordinary members",
            statements=(
                stated(107, "2016-10-31"),
                stated(100, "[..2015-06-30]"),
                stated(90, "[..2015-03-31]"),
                stated(120, "2017/.."),
            ),
        ),
    )
    chart = _timeline.Timeline(facts=facts).chart
    assert chart is not None

    assert (
        " 2 figures held on or before the day marked and 1 figure on or after the day marked,"
        " drawn from the chart's edge."
    ) == chart.description.split("4 figures.")[1].split(" The table")[0]


def test_a_date_open_at_one_end_is_listed_in_words(profile: Organisation) -> None:
    """A figure known only from a document of a day is listed as "on or before" that day."""
    org = with_members(profile, ordinary=(stated(107, "2016-10-31"), stated(100, "[..2015-06-30]")))

    assert [
        ["Ordinary members", "100", "on or before 30 June 2015", "[1]"],
        ["Ordinary members", "107 current figure", "31 October 2016", "[1]"],
    ] == page_of(org).body(DATED)


def test_the_chart_places_figures_by_their_days_and_counts() -> None:
    """Time is x (a year as a bar over its days, the marker at its middle), the count is y.

    The axis runs over whole years, 2016 to 2018 here (731 days over 392 units from x = 64);
    the counts from 0 at y = 208 to 200 at y = 28.
    """
    facts = (
        fact(
            name="Ordinary members",
            statements=(stated(200, "2017-12-31"), stated(100, "2016")),
        ),
    )
    chart = _timeline.Timeline(facts=facts).chart
    assert chart is not None

    assert (
        [(162.1, 118.0), (455.7, 28.0)],
        [(64.0, 260.3, True), (455.5, 456.0, False)],
        "162.1,118.0 455.7,28.0",
    ) == (
        [(point.x, point.y) for point in chart.points],
        [(point.x_from, point.x_to, point.spans) for point in chart.points],
        chart.series[0].line,
    )


def test_the_axes_are_labelled_in_years_and_counts() -> None:
    """Ticks every few years over the whole span, and counts in round steps above the largest."""
    facts = (
        fact(
            name="Members",
            statements=(stated(1200, "1996"), stated(2400, "2016-10-31")),
        ),
    )
    chart = _timeline.Timeline(facts=facts).chart
    assert chart is not None

    assert (
        ["1995", "2000", "2005", "2010", "2015", "2020"],
        ["0", "500", "1,000", "1,500", "2,000", "2,500"],
    ) == ([tick.label for tick in chart.x_ticks], [tick.label for tick in chart.y_ticks])


def test_counts_at_one_time_are_set_side_by_side() -> None:
    """Markers of two counts on one day are set apart, either side of the day; their bars are not."""
    facts = (
        fact(name="Affiliated members", statements=(stated(100, "2016-10-31"),)),
        fact(name="Ordinary members", statements=(stated(107, "2016-10-31"),)),
    )
    chart = _timeline.Timeline(facts=facts).chart
    assert chart is not None

    # 31 October 2016 is day 304 of 366: its middle at 64 + 304.5 / 366 * 392 = 390.1.
    assert ([384.1, 396.1], [389.6, 389.6]) == (
        [point.x for point in chart.points],
        [point.x_from for point in chart.points],
    )


def test_tied_figures_of_one_count_are_both_drawn(profile: Organisation) -> None:
    """Two figures of one count for one day are both drawn and both listed: neither is hidden."""
    org = with_members(profile, ordinary=(stated(107, "2016-10-31"), stated(110, "2016-10-31")))
    page = page_of(org)

    assert ([390.1, 390.1], 2) == ([x for x, _ in page.markers], len(page.body(DATED)))


def test_each_count_is_a_series_of_its_own_marker_and_name(profile: Organisation) -> None:
    """Series differ by marker shape and name, not by colour alone, and the legend names each."""
    org = with_members(
        profile,
        affiliated=(stated(100, "2016-10-31"),),
        ordinary=(stated(107, "2016-10-31"),),
    )
    chart = _timeline.timeline(org).chart
    assert chart is not None
    html = render(org).decode()

    assert (2, True, True) == (
        len({series.marker for series in chart.series}),
        all(f">{series.name}</text>" in html for series in chart.series),
        all(f'd="{series.marker}"' in html for series in chart.series),
    )


def test_qualifiers_are_drawn_and_explained() -> None:
    """An approximate figure is hollow and a lower bound has an arrow; the legend says so."""
    facts = (
        fact(
            name="Countries",
            statements=(stated(25, "2016", qualifier=Qualifier.APPROXIMATELY),),
        ),
        fact(
            name="Affiliated members",
            statements=(stated(100, "2016-10-31", qualifier=Qualifier.AT_LEAST),),
        ),
    )
    chart = _timeline.Timeline(facts=facts).chart
    assert chart is not None

    assert (
        [(True, False), (False, True)],
        ["hollow", "rising", "spans"],
    ) == (
        [(point.hollow, point.rising) for point in chart.points],
        [key.kind for key in chart.keys],
    )


def test_exact_figures_need_no_key() -> None:
    """A chart of exact figures, each of one day, explains no qualifier and no bar."""
    facts = (fact(name="Members", statements=(stated(12, "2025-03-31"),)),)
    chart = _timeline.Timeline(facts=facts).chart
    assert chart is not None

    assert () == chart.keys


def test_the_chart_is_an_image_with_a_name_and_a_description() -> None:
    """The SVG is role="img", named by its title and described by its desc, which sums it up."""
    html = render(picum.load(PROFILE_2016)).decode()
    svg = re.search(
        r"<svg [^>]*>\n<title id=\"([^\"]+)\">(.*?)</title>\n<desc id=\"([^\"]+)\">(.*?)</desc>",
        html,
    )
    assert svg is not None

    assert (
        True,
        'aria-labelledby="chart-title chart-desc"' in svg[0],
        "Member counts over time",
        "dated 2016: Affiliated members, 1 figure; Ordinary members, 1 figure; Countries, 1 figure",
    ) == ('role="img"' in svg[0], True, svg[2], svg[4].split(". ")[0].split("give, ")[1])


def test_the_2016_profile_has_one_point_per_count() -> None:
    """The 2016 profile has one figure per count, each on or before its copy: three points, three rows."""
    page = page_of(picum.load(PROFILE_2016))

    assert (
        [
            "Affiliated members: more than 100, on or before 31 October 2016",
            "Ordinary members: 107, on or before 31 October 2016",
            "Countries: about 25, on or before 31 October 2016",
        ],
        3,
        [],
    ) == (
        page.marker_titles,
        len(page.body(DATED)),
        [name for name in page.tables if name.startswith(UNDATED)],
    )


def test_the_bundled_profile_lists_its_undated_figures_apart(profile: Organisation) -> None:
    """Each figure of a member count without a date is a row of its own table, not a point."""
    assert profile.members is not None
    undated = [
        statement
        for history in histories(profile.members)
        for statement in history.statements(profile.members)
        if statement.as_of is None
    ]
    page = page_of(profile)

    assert (True, len(undated)) == (len(undated) > 0, len(page.body(UNDATED)))


def test_the_example_profile_has_a_chart_of_one_point(example_profile: Organisation) -> None:
    """The fictional shelter network counts its members once: a chart of one point, one row."""
    page = page_of(example_profile)

    assert (
        ["Members: 12, 31 March 2025"],
        [["Members", "12 current figure", "31 March 2025", "[2]"]],
    ) == (
        page.marker_titles,
        page.body(DATED),
    )


def test_a_count_the_page_does_not_know_is_named_by_its_fact(profile: Organisation) -> None:
    """A count added to the members' model (`history_of`) shows, named after the fact it declares."""

    @attrs.frozen(kw_only=True)
    class MoreMembers(Members):
        member_organisations_statements: tuple[QuantityStatement, ...] = history_of(
            "member_organisations"
        )

    members = MoreMembers(member_organisations_statements=(stated(164, None),), sources=(SEED,))
    org = attrs.evolve(profile, members=members)

    assert ["Member organisations"] == [fact.name for fact in _timeline.member_facts(org)]


def test_text_of_a_figure_is_shown_as_text(profile: Organisation) -> None:
    """Markup in a statement's note or reason is escaped in the table and the chart's titles."""
    org = with_members(
        profile,
        ordinary=(
            stated(107, "2016-10-31", note="<script>alert(1)</script>"),
            stated(1, "2016", rank=Rank.DEPRECATED, reason="<b>wrong</b>"),
        ),
    )
    html = render(org).decode()

    assert (False, False, True, True) == (
        "<script>alert" in html,
        "<b>wrong" in html,
        "&lt;script&gt;alert(1)&lt;/script&gt;" in html,
        "deprecated: &lt;b&gt;wrong&lt;/b&gt;" in html,
    )


@settings(max_examples=30)
@given(st.data())
def test_any_member_counts_render_with_every_figure_in_the_text(
    profile: Organisation, data: st.DataObject
) -> None:
    """Whatever the statements, the page renders; each is a row, each drawn one has a marker."""
    source_ids = strategies.references(tuple(source.id for source in profile.sources))
    members = data.draw(strategies.members(source_ids, st.just(())))
    page = page_of(attrs.evolve(profile, members=members))
    figures = _timeline.timeline(attrs.evolve(profile, members=members)).figures
    rows = [
        row
        for name, rows in page.tables.items()
        if name.startswith((DATED, UNDATED))
        for row in rows[1:]
    ]
    drawn = [
        f"{figure.fact}: {figure.statement.value}, {figure.when}"
        for figure in figures
        if figure.plotted
    ]

    assert (len(figures), sorted(drawn)) == (
        len(rows),
        sorted(unescape(title) for title in page.marker_titles),
    )


def test_of_equal_statements_one_is_current() -> None:
    """A statement given twice is two figures, and only the first is the current one."""
    twice = stated(107, "2016-10-31")
    figures = _timeline.Timeline(facts=(fact(name="Members", statements=(twice, twice)),)).figures

    assert [True, False] == [figure.current for figure in figures]
