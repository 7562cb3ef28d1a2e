"""Plotly figures for the track record and the poll of polls (pure functions, no Streamlit).

Text is in the current language (`engine.i18n`): plotly writes the numbers of a hover with the
language's decimal sign (`separators`), and the dates as the language does (`long_dates`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import plotly.graph_objects as go

from ..domain import INTERVAL_LEVELS, OTHER, REGION_NAMES, Party
from ..formatting import escape_figure_text, long_date, number, plotly_separators
from ..i18n import _
from ..track_record.backtest import Backtest
from ..track_record.poll_history import NATIONAL, PollShare

_ACTUAL_COLOUR = "#111111"
_MEDIAN_COLOUR = "#1f5fbf"


_LEGEND_GREY = "#8a8a8a"
# One colour per line of a calibration figure, in order: the first (the model shown) in the
# median's blue; the others in colours that stay apart for colour-blind readers.
_GROUP_COLOURS = (_MEDIAN_COLOUR, "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")


def long_dates(days: Sequence[date]) -> list[str]:
    """Return `long_date` of each day, for a hover: plotly's own date format writes month names in English only."""
    written = {day: long_date(day) for day in set(days)}
    return [written[day] for day in days]


def add_election_results(figure: go.Figure, actual: Sequence[PollShare], party: Party, name: str, group: str) -> None:
    """Add a party's election results to a share-over-time figure, as crosses (nothing when empty).

    Parameters
    ----------
    figure : plotly.graph_objects.Figure
        The figure (dates on x, shares in percent on y).
    actual : sequence of PollShare
        The party's election results in the figure's region (`election_shares`).
    party : Party
        For its colour.
    name : str
        The party's label, already escaped for plotly.
    group : str
        The legend group the crosses join (the party's key).
    """
    if not actual:
        return
    days = [r.fieldwork_end for r in actual]
    figure.add_trace(
        go.Scatter(
            x=days,
            y=[r.share for r in actual],
            mode="markers",
            marker={"symbol": "x", "size": 11, "color": party.colour, "line": {"width": 1, "color": "#111"}},
            name=_("{party} (election)").format(party=name),
            legendgroup=group,
            showlegend=False,
            customdata=[[day] for day in long_dates(days)],
            hovertemplate=_("{party}: {share} % at the election of {date}").format(
                party=name, share="%{y:.1f}", date="%{customdata[0]}"
            )
            + "<extra></extra>",
        )
    )


def projected_vs_actual_figure(run: Backtest, title: str | None = None) -> go.Figure:
    """Draw a backtest: per list, the projected 80 % and 95 % intervals and median, and the seats won.

    Parameters
    ----------
    run : Backtest
        The backtest; lists are drawn largest (most seats won) at the top.
    title : str or None, default None
        Figure title; None takes the backtest's label (in English: the page passes its own).

    Returns
    -------
    plotly.graph_objects.Figure
        Seats on the x axis, ``130 + 32 × len(run.lists)`` px high.
    """
    names = [escape_figure_text(entry.shown_name) for entry in run.lists][::-1]  # largest at the top
    lists = run.lists[::-1]
    figure = go.Figure()
    for level, width, opacity in ((95, 6, 0.35), (80, 14, 0.6)):
        interval = _("{level} % interval").format(level=level)
        for i, entry in enumerate(lists):
            low, high = entry.interval(level)
            figure.add_trace(
                go.Scatter(
                    x=[low - 0.4, high + 0.4],
                    y=[names[i], names[i]],
                    mode="lines",
                    line={"color": entry.colour, "width": width},
                    opacity=opacity,
                    name=interval,
                    legendgroup=f"i{level}",
                    showlegend=False,
                    hovertemplate=_("{list}: {level} % interval {low}–{high} seats").format(
                        list=names[i], level=level, low=low, high=high
                    )
                    + "<extra></extra>",
                )
            )
        # The bars take each party's colour; the legend shows the bar's shape in a neutral grey.
        figure.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="lines",
                line={"color": _LEGEND_GREY, "width": width},
                opacity=opacity,
                name=interval,
                legendgroup=f"i{level}",
            )
        )
    figure.add_trace(
        go.Scatter(
            x=[entry.median for entry in lists],
            y=names,
            mode="markers",
            marker={"symbol": "line-ns", "size": 18, "line": {"width": 3, "color": _MEDIAN_COLOUR}},
            name=_("projected median"),
            hovertemplate=_("{list}: projected median {seats} seats").format(list="%{y}", seats="%{x}")
            + "<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[entry.actual for entry in lists],
            y=names,
            mode="markers",
            marker={"symbol": "diamond", "size": 11, "color": _ACTUAL_COLOUR},
            name=_("seats won"),
            hovertemplate=_("{list}: won {seats} seats").format(list="%{y}", seats="%{x}") + "<extra></extra>",
        )
    )
    figure.update_layout(
        title=title or escape_figure_text(run.label),
        xaxis_title=_("seats"),
        separators=plotly_separators(),
        height=130 + 32 * len(names),
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        legend={"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0},
    )
    figure.update_xaxes(rangemode="tozero", dtick=5)
    return figure


def calibration_figure(
    groups: Mapping[str, Sequence[Backtest]],
    targets: Mapping[int, tuple[float, float]] | None = None,
    title: str | None = None,
) -> go.Figure:
    """Draw calibration: the share of lists whose result fell inside the L % interval, per L.

    A well-calibrated model sits on the diagonal; below it, the intervals are too narrow, above
    it too wide.

    Parameters
    ----------
    groups : mapping of str to sequence of Backtest
        One line per label (the labels are drawn as they are: escape them with
        `escape_figure_text`); a group without any list is skipped.
    targets : mapping of int to (float, float) or None, default None
        Per interval level (percent), the range of shares inside (fractions) that counts as
        honest (`track_record.COVERAGE_TARGETS`), drawn as a grey bar at that level.
    title : str or None, default None
        Figure title; None: "Results inside the interval".

    Returns
    -------
    plotly.graph_objects.Figure
        Interval level (percent) on x, results inside (percent of lists) on y.
    """
    figure = go.Figure()
    levels = list(INTERVAL_LEVELS)
    honest = _("honest range")
    for i, (level, (low, high)) in enumerate((targets or {}).items()):
        figure.add_trace(
            go.Scatter(
                x=[level, level],
                y=[100 * low, 100 * high],
                mode="lines",
                line={"color": "rgba(0,0,0,0.18)", "width": 14},
                name=honest,
                legendgroup="honest",
                showlegend=i == 0,
                hovertemplate=_("{level} % interval: honest if {low}–{high} % of results fall inside").format(
                    level=level, low=number(100 * low), high=number(100 * high)
                )
                + "<extra></extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            x=levels,
            y=levels,
            mode="lines",
            line={"dash": "dot", "color": "#888888"},
            name=_("ideal (as often as promised)"),
            hoverinfo="skip",
        )
    )
    lowest = 100.0
    for colour, (label, runs) in zip(_GROUP_COLOURS, groups.items(), strict=False):
        total = sum(len(run.lists) for run in runs)
        if total == 0:
            continue
        inside = [sum(run.calibration[level] for run in runs) for level in levels]
        shares = [100.0 * n / total for n in inside]
        lowest = min(lowest, *shares)
        figure.add_trace(
            go.Scatter(
                x=levels,
                y=shares,
                mode="lines+markers",
                line={"color": colour, "width": 3},
                marker={"size": 9},
                name=label,
                customdata=[[n, total] for n in inside],
                hovertemplate=f"{label}<br>"
                + _("{level} % interval: {inside} of {total} results inside ({share} %)").format(
                    level="%{x}", inside="%{customdata[0]}", total="%{customdata[1]}", share="%{y:.0f}"
                )
                + "<extra></extra>",
            )
        )
    figure.update_layout(
        title=title or _("Results inside the interval"),
        xaxis_title=_("interval level (%)"),
        yaxis_title=_("results inside (%)"),
        separators=plotly_separators(),
        height=420,
        margin={"l": 10, "r": 10, "t": 50, "b": 40},
        legend={"orientation": "h", "yanchor": "top", "y": -0.2, "x": 0},
    )
    figure.update_xaxes(tickvals=levels)
    # From 40 % (lower when a line goes lower), so that the lines near the diagonal stand apart.
    figure.update_yaxes(range=[max(0, min(40, 10 * (int(lowest) // 10) - 10)), 102])
    return figure


def poll_history_figure(
    shares: Iterable[PollShare],
    parties: Mapping[str, Party],
    region: str = NATIONAL,
    highlight: str | None = None,
    results: Iterable[PollShare] = (),
    poll_names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Draw each party's share in every poll over time, one line per party.

    Parameters
    ----------
    shares : iterable of PollShare
        Poll shares in percent (`poll_shares`); rows of other regions and `OTHER` are left out.
    parties : mapping of str to Party
        The party registry (abbreviations and colours).
    region : str, default NATIONAL
        ``"national"`` or a region key.
    highlight : str or None, default None
        A poll id to ring and mark with a vertical line.
    results : iterable of PollShare, default ()
        Election results (`election_shares`), drawn as crosses on election day.
    poll_names : mapping of str to str or None, default None
        What the hover and the highlight show for a poll id (default: the id).

    Returns
    -------
    plotly.graph_objects.Figure
        Parties ordered by their latest share; share (percent) on y.

    Raises
    ------
    KeyError
        When a party in `shares` is not in `parties`, or `region` is not a region key or "national".
    """
    names = poll_names or {}
    rows = sorted((s for s in shares if s.region == region and s.party != OTHER), key=lambda s: s.fieldwork_end)
    by_party: dict[str, list[PollShare]] = {}
    for row in rows:
        by_party.setdefault(row.party, []).append(row)
    order = sorted(by_party, key=lambda k: -by_party[k][-1].share)
    figure = go.Figure()
    for key in order:
        points = by_party[key]
        party = parties[key]
        name = escape_figure_text(party.abbreviation_on(points[-1].fieldwork_end))
        figure.add_trace(
            go.Scatter(
                x=[p.fieldwork_end for p in points],
                y=[p.share for p in points],
                mode="lines+markers",
                line={"color": party.colour, "width": 1.5},
                marker={"size": 6},
                name=name,
                legendgroup=key,
                customdata=[[names.get(p.poll_id, p.poll_id)] for p in points],
                hovertemplate=_("{party}: {share} %").format(party=name, share="%{y:.1f}")
                + "<br>%{customdata[0]}<extra></extra>",
            )
        )
        add_election_results(figure, [r for r in results if r.region == region and r.party == key], party, name, key)
        chosen = [p for p in points if p.poll_id == highlight]
        if chosen:
            figure.add_trace(
                go.Scatter(
                    x=[p.fieldwork_end for p in chosen],
                    y=[p.share for p in chosen],
                    mode="markers",
                    marker={"size": 14, "color": "rgba(0,0,0,0)", "line": {"color": party.colour, "width": 3}},
                    showlegend=False,
                    hoverinfo="skip",
                )
            )
    if highlight is not None and any(row.poll_id == highlight for row in rows):
        day = next(row.fieldwork_end for row in rows if row.poll_id == highlight)
        figure.add_vline(x=day, line={"dash": "dash", "color": "#555555"})
        # Text to the left of the line: plotly widens a date axis to fit an annotation that
        # sticks out to the right of the last poll.
        figure.add_annotation(
            x=day,
            y=1.02,
            yref="paper",
            xanchor="right",
            text=names.get(highlight, highlight),
            showarrow=False,
            font={"size": 11},
        )
    if region == NATIONAL:
        title = _("National vote share, every poll")
    else:
        title = _("Vote share in {region}, every poll").format(region=_(REGION_NAMES[region]))
    figure.update_layout(
        title=title,
        yaxis_title=_("share (%)"),
        separators=plotly_separators(),
        height=460,
        margin={"l": 10, "r": 10, "t": 60, "b": 40},
        hovermode="closest",
    )
    figure.update_yaxes(rangemode="tozero")
    return figure
