"""Plotly figures for the poll average (pure functions, no Streamlit, no statistics).

The average, its 80 % band and the projected seats come from the stored files
(`engine.poll_average`); these builders only draw them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import plotly.graph_objects as go

from ..domain import MAJORITY, OTHER, REGION_NAMES, Party
from ..formatting import escape_figure_text, plotly_separators
from ..i18n import _
from ..poll_average.results import AveragePoint
from ..poll_average.seats_over_time import AVERAGE_SOURCE, SeatsRow
from ..track_record.poll_history import PollShare
from .track_record import add_election_results, long_dates

_AVERAGE_COLOUR = "#1f5fbf"
_LEGEND = {"orientation": "h", "yanchor": "top", "y": -0.12, "x": 0}


def _translucent(colour: str, alpha: float) -> str:
    # A "#rrggbb" colour as rgba: a band drawn under its line.
    red, green, blue = (int(colour.lstrip("#")[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def _band(x: list, low: list[float], high: list[float], colour: str, group: str) -> go.Scatter:
    return go.Scatter(
        x=[*x, *reversed(x)],
        y=[*high, *reversed(low)],
        fill="toself",
        fillcolor=_translucent(colour, 0.18),
        line={"width": 0},
        legendgroup=group,
        showlegend=False,
        hoverinfo="skip",
    )


def poll_average_figure(
    shares: Iterable[PollShare],
    average: Iterable[AveragePoint],
    parties: Mapping[str, Party],
    region: str,
    results: Iterable[PollShare] = (),
    poll_names: Mapping[str, str] | None = None,
) -> go.Figure:
    """Draw each party's poll average in one region over time, its 80 % band, and every poll as a dot.

    Parameters
    ----------
    shares : iterable of PollShare
        Poll shares in percent (`engine.track_record.poll_shares`); other regions and `OTHER` are left out.
    average : iterable of AveragePoint
        The stored average (`engine.poll_average.PollAverage.points`); other regions are left out.
    parties : mapping of str to Party
        The party registry (abbreviations and colours).
    region : str
        A region key.
    results : iterable of PollShare, default ()
        Election results, drawn as crosses on election day.
    poll_names : mapping of str to str or None, default None
        What the hover shows for a poll id (default: the id).

    Returns
    -------
    plotly.graph_objects.Figure
        Parties ordered by their latest average; share (percent) on y.
    """
    names = poll_names or {}
    by_party: dict[str, list[AveragePoint]] = {}
    for point in sorted((p for p in average if p.region == region), key=lambda p: p.day):
        by_party.setdefault(point.party, []).append(point)
    polls: dict[str, list[PollShare]] = {}
    for row in sorted((s for s in shares if s.region == region and s.party != OTHER), key=lambda s: s.fieldwork_end):
        polls.setdefault(row.party, []).append(row)
    order = sorted(by_party, key=lambda k: -by_party[k][-1].mean)
    figure = go.Figure()
    for key in order:
        points, party = by_party[key], parties[key]
        name = escape_figure_text(party.abbreviation_on(points[-1].day))
        days = [p.day for p in points]
        bands = [p.band_80 for p in points]
        figure.add_trace(_band(days, [b[0] for b in bands], [b[1] for b in bands], party.colour, key))
        figure.add_trace(
            go.Scatter(
                x=days,
                y=[p.mean for p in points],
                mode="lines",
                line={"color": party.colour, "width": 2.5},
                name=name,
                legendgroup=key,
                customdata=[[low, high, day] for (low, high), day in zip(bands, long_dates(days), strict=True)],
                hovertemplate=_("{party}: average {share} % (80 %: {low}–{high})").format(
                    party=name, share="%{y:.1f}", low="%{customdata[0]:.1f}", high="%{customdata[1]:.1f}"
                )
                + "<br>%{customdata[2]}<extra></extra>",
            )
        )
        dots = polls.get(key, [])
        if dots:
            figure.add_trace(
                go.Scatter(
                    x=[p.fieldwork_end for p in dots],
                    y=[p.share for p in dots],
                    mode="markers",
                    marker={"color": party.colour, "size": 5, "opacity": 0.55},
                    name=_("{party} (polls)").format(party=name),
                    legendgroup=key,
                    showlegend=False,
                    customdata=[[names.get(p.poll_id, p.poll_id)] for p in dots],
                    hovertemplate=_("{party}: {share} %").format(party=name, share="%{y:.1f}")
                    + "<br>%{customdata[0]}<extra></extra>",
                )
            )
        add_election_results(figure, [r for r in results if r.region == region and r.party == key], party, name, key)
    figure.update_layout(
        title=_("Poll average in {region}").format(region=_(REGION_NAMES[region])),
        yaxis_title=_("share (%)"),
        separators=plotly_separators(),
        height=480,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        hovermode="closest",
        legend=_LEGEND,
    )
    figure.update_yaxes(rangemode="tozero")
    return figure


def seats_over_time_figure(
    rows: Iterable[SeatsRow], parties: Mapping[str, Party], shown: Iterable[str] | None = None
) -> go.Figure:
    """Draw each party's projected seats over time: the average's median and 80 % band, every poll as a dot.

    Parameters
    ----------
    rows : iterable of SeatsRow
        `engine.poll_average.load_seats_over_time`; coalition rows are left out.
    parties : mapping of str to Party
        The party registry (abbreviations and colours).
    shown : iterable of str or None, default None
        Registry keys drawn at first; the others wait in the legend (a click shows them). None
        draws every party.

    Returns
    -------
    plotly.graph_objects.Figure
        Parties ordered by their latest median for the average; seats on y.
    """
    average: dict[str, list[SeatsRow]] = {}
    polls: dict[str, list[SeatsRow]] = {}
    for row in sorted((r for r in rows if r.kind == "party"), key=lambda r: r.day):
        (average if row.source == AVERAGE_SOURCE else polls).setdefault(row.key, []).append(row)
    order = sorted(average, key=lambda k: -average[k][-1].median)
    drawn = set(order if shown is None else shown)
    figure = go.Figure()
    for key in order:
        points, party = average[key], parties[key]
        name = escape_figure_text(party.abbreviation_on(points[-1].day))
        days = [r.day for r in points]
        first = len(figure.data)
        figure.add_trace(_band(days, [r.low_80 for r in points], [r.high_80 for r in points], party.colour, key))
        figure.add_trace(
            go.Scatter(
                x=days,
                y=[r.median for r in points],
                mode="lines",
                line={"color": party.colour, "width": 2.5, "shape": "hv"},
                name=name,
                legendgroup=key,
                customdata=[[r.low_80, r.high_80, day] for r, day in zip(points, long_dates(days), strict=True)],
                hovertemplate=_("{party}: median {seats} seats (80 %: {low}–{high})").format(
                    party=name, seats="%{y}", low="%{customdata[0]}", high="%{customdata[1]}"
                )
                + "<br>"
                + _("average of {date}").format(date="%{customdata[2]}")
                + "<extra></extra>",
            )
        )
        dots = polls.get(key, [])
        if dots:
            figure.add_trace(
                go.Scatter(
                    x=[r.day for r in dots],
                    y=[r.median for r in dots],
                    mode="markers",
                    marker={"color": party.colour, "size": 5, "opacity": 0.55},
                    legendgroup=key,
                    showlegend=False,
                    customdata=[[day] for day in long_dates([r.day for r in dots])],
                    hovertemplate=_("{party}: median {seats} seats").format(party=name, seats="%{y}")
                    + "<br>"
                    + _("poll of {date}").format(date="%{customdata[0]}")
                    + "<extra></extra>",
                )
            )
        if key not in drawn:
            for trace in figure.data[first:]:
                trace.visible = "legendonly"
    figure.update_layout(
        title=_("Projected seats (median and 80 % band)"),
        yaxis_title=_("seats"),
        separators=plotly_separators(),
        height=480,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        hovermode="closest",
        legend=_LEGEND,
    )
    figure.update_yaxes(rangemode="tozero")
    return figure


def majority_over_time_figure(rows: Iterable[SeatsRow], coalition: str, shown_name: str | None = None) -> go.Figure:
    """Draw a preset coalition's majority probability over time: the average as a line, every poll as a dot.

    Parameters
    ----------
    rows : iterable of SeatsRow
        `engine.poll_average.load_seats_over_time`; other coalitions and parties are left out.
    coalition : str
        The preset coalition's key (``"Zweeds"``).
    shown_name : str or None, default None
        Its name in the title (`Coalition.name_in` the page's language); None: the key.

    Returns
    -------
    plotly.graph_objects.Figure
        Majority probability (percent, 0–100) on y.
    """
    chosen = sorted((r for r in rows if r.kind == "coalition" and r.key == coalition), key=lambda r: r.day)
    average = [r for r in chosen if r.source == AVERAGE_SOURCE]
    polls = [r for r in chosen if r.source != AVERAGE_SOURCE]
    name = escape_figure_text(shown_name or coalition)
    figure = go.Figure()
    figure.add_trace(
        go.Scatter(
            x=[r.day for r in polls],
            y=[100 * r.majority for r in polls],
            mode="markers",
            marker={"color": "#888888", "size": 5, "opacity": 0.6},
            name=_("single polls"),
            customdata=[[day] for day in long_dates([r.day for r in polls])],
            hovertemplate=_("{probability} % (poll of {date})").format(probability="%{y:.0f}", date="%{customdata[0]}")
            + "<extra></extra>",
        )
    )
    figure.add_trace(
        go.Scatter(
            x=[r.day for r in average],
            y=[100 * r.majority for r in average],
            mode="lines",
            line={"color": _AVERAGE_COLOUR, "width": 2.5, "shape": "hv"},
            name=_("poll average"),
            customdata=[[day] for day in long_dates([r.day for r in average])],
            hovertemplate=_("{probability} % (average of {date})").format(
                probability="%{y:.0f}", date="%{customdata[0]}"
            )
            + "<extra></extra>",
        )
    )
    figure.update_layout(
        title=_("{coalition}: chance of a majority ({seats} seats)").format(coalition=name, seats=MAJORITY),
        yaxis={"title": _("probability (%)"), "range": [0, 100]},
        separators=plotly_separators(),
        height=380,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        hovermode="closest",
        legend=_LEGEND,
    )
    return figure
