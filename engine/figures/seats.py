"""Plotly figures of engine summaries (no Streamlit).

Seat PMFs, coalition PMFs, vote-share intervals and the hemicycle. Each function takes summaries
and returns a figure.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from ..allocation import largest_remainder
from ..domain import CHAMBER_SEATS, MAJORITY
from ..formatting import escape_figure_text, percent_number, plotly_separators, share_interval
from ..i18n import _, current_language, ngettext
from ..results import PartyResult, party_name
from ..simulation import Result
from ..summaries import SeatDistribution
from .hemicycle import hemicycle_figure

OTHERS_COLOUR = "#9E9E9E"
MARK_COLOUR = "#333333"
# Plotly's modebar is clutter on a phone and the charts are not meant to be zoomed.
PLOTLY_CONFIG = {"displayModeBar": False}
_FONT = {"family": "sans-serif", "size": 12}


def _percent_suffix() -> str:
    """Return the percent sign as the current language writes it after a number: "%", "\u00a0%" (fr)."""
    return percent_number(0).removeprefix("0")


def _layout(fig: go.Figure, height: int, **extra) -> go.Figure:
    fig.update_layout(
        height=height,
        margin={"l": 8, "r": 8, "t": 28, "b": 8},
        font=_FONT,
        separators=plotly_separators(),
        showlegend=False,
        bargap=0.08,
        dragmode=False,
        plot_bgcolor="rgba(0,0,0,0)",
        paper_bgcolor="rgba(0,0,0,0)",
        **extra,
    )
    return fig


def _mark(fig: go.Figure, x: float, label: str, dash: str, position: str) -> None:
    fig.add_vline(
        x=x,
        line={"color": MARK_COLOUR, "width": 1.5, "dash": dash},
        annotation={"text": label, "font": {"size": 11, "color": MARK_COLOUR}},
        annotation_position=position,
    )


def _seat_range(seats: SeatDistribution, *keep: int, min_width: int = 7) -> tuple[int, int]:
    """Return the seat counts worth drawing.

    Those with probability ≥ 0.05 %, plus the marked ones, widened to `min_width` counts so that a
    near-certain seat count is not one page-wide bar.
    """
    visible = np.flatnonzero(seats.pmf >= 0.0005)
    lo, hi = (int(visible[0]), int(visible[-1])) if len(visible) else seats.support
    lo, hi = min(lo, *keep), max(hi, *keep)
    missing = max(0, min_width - (hi - lo + 1))
    lo = max(0, lo - (missing + 1) // 2)
    return lo, lo + max(hi - lo, min_width - 1)


def _seat_hover(x: np.ndarray, pmf: np.ndarray, decimals: int) -> list[str]:
    """Each bar's hover text: "12 seats: 4.3%" (the percent sign spaced as the language spaces it)."""
    return [
        ngettext("{seats} seat: {probability}", "{seats} seats: {probability}", int(seats)).format(
            seats=int(seats), probability=percent_number(100 * p, decimals)
        )
        for seats, p in zip(x, pmf, strict=True)
    ]


def seat_pmf_figure(seats: SeatDistribution, colour: str, last_result: int, title: str = "") -> go.Figure:
    """Draw a seat PMF: bars P(seats = x) in percent, the median (solid) and last result (dotted).

    Parameters
    ----------
    seats : SeatDistribution
        The seats to draw; counts with probability ≥ 0.05 % are shown (at least 7 of them).
    colour : str
        Bar colour, hex.
    last_result : int
        Seats at the baseline election, marked.
    title : str, default ""
        Figure title (plotly reads HTML tags in it: escape names from the data files).

    Returns
    -------
    plotly.graph_objects.Figure
        220 px high.
    """
    lo, hi = _seat_range(seats, last_result)
    x = np.arange(lo, hi + 1)
    fig = go.Figure(
        go.Bar(
            x=x,
            y=100 * seats.pmf[lo : hi + 1],
            marker={"color": colour},
            hovertext=_seat_hover(x, seats.pmf[lo : hi + 1], 1),
            hoverinfo="text",
        )
    )
    median = seats.median
    # Each label on the side away from the other line, so that neighbours do not overlap.
    median_side, last_side = ("top left", "top right") if last_result > median else ("top right", "top left")
    _mark(fig, median, _("median {seats}").format(seats=median), "solid", median_side)
    if last_result != median:
        _mark(fig, last_result, _("last {seats}").format(seats=last_result), "dot", last_side)
    else:
        fig.layout.annotations[-1].text = _("median = last {seats}").format(seats=median)
    return _layout(
        fig,
        220,
        title={"text": title, "font": {"size": 14}, "x": 0, "xanchor": "left", "y": 0.98},
        xaxis={"title": None, "dtick": 1 if hi - lo <= 12 else None, "fixedrange": True},
        # Headroom above the tallest bar for the median and last-result labels.
        yaxis={"title": None, "ticksuffix": _percent_suffix(), "fixedrange": True, "range": [0, 118 * seats.pmf.max()]},
    )


def coalition_pmf_figure(seats: SeatDistribution, colour: str = "#1F4E79") -> go.Figure:
    """Draw a coalition's seat PMF in percent, with the 76-seat majority line; majority bars darker.

    Parameters
    ----------
    seats : SeatDistribution
        The coalition's seats (`CoalitionResult.seats`).
    colour : str, default "#1F4E79"
        Colour of the bars at or above the majority, hex.

    Returns
    -------
    plotly.graph_objects.Figure
        300 px high.
    """
    lo, hi = _seat_range(seats, MAJORITY)
    x = np.arange(lo, hi + 1)
    fig = go.Figure(
        go.Bar(
            x=x,
            y=100 * seats.pmf[lo : hi + 1],
            marker={"color": [colour if seat >= MAJORITY else "#A9BCD0" for seat in x]},
            hovertext=_seat_hover(x, seats.pmf[lo : hi + 1], 2),
            hoverinfo="text",
        )
    )
    _mark(fig, MAJORITY - 0.5, _("{majority} seats: majority").format(majority=MAJORITY), "dash", "top right")
    return _layout(
        fig,
        300,
        xaxis={"title": _("seats"), "fixedrange": True},
        yaxis={"title": None, "ticksuffix": _percent_suffix(), "fixedrange": True, "range": [0, 115 * seats.pmf.max()]},
    )


def vote_share_figure(
    rows: list[tuple[str, str, float, tuple[float, float], tuple[float, float], float | None]],
) -> go.Figure:
    """Draw vote shares as dots with 95 % (thin) and 80 % (thick) intervals, one row per party.

    Parameters
    ----------
    rows : list of (str, str, float, (float, float), (float, float), float or None)
        ``(label, colour, estimate, 80 % interval, 95 % interval, last result or None)``, shares
        in percent, drawn top to bottom in the order given.

    Returns
    -------
    plotly.graph_objects.Figure
        ``60 + 30 × len(rows)`` px high; a last result is marked with a vertical tick.
    """
    labels = [r[0] for r in rows]
    fig = go.Figure()
    for label, colour, estimate, i80, i95, last in rows:
        fig.add_trace(
            go.Scatter(
                x=list(i95),
                y=[label, label],
                mode="lines",
                line={"color": colour, "width": 3},
                opacity=0.45,
                hoverinfo="skip",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=list(i80), y=[label, label], mode="lines", line={"color": colour, "width": 9}, hoverinfo="skip"
            )
        )
        fig.add_trace(
            go.Scatter(
                x=[estimate],
                y=[label],
                mode="markers",
                marker={"color": "white", "size": 9, "line": {"color": colour, "width": 2.5}},
                hovertemplate=_("{party}: {estimate} (80%: {interval80}, 95%: {interval95})").format(
                    party=label,
                    estimate=percent_number(estimate, 1),
                    interval80=share_interval(i80, unit=""),
                    interval95=share_interval(i95, unit=""),
                )
                + "<extra></extra>",
            )
        )
        if last is not None:
            fig.add_trace(
                go.Scatter(
                    x=[last],
                    y=[label],
                    mode="markers",
                    marker={"symbol": "line-ns", "size": 14, "line": {"color": MARK_COLOUR, "width": 2}},
                    hovertemplate=_("{party}, last election: {share}").format(
                        party=label, share=percent_number(last, 1)
                    )
                    + "<extra></extra>",
                )
            )
    return _layout(
        fig,
        60 + 30 * len(rows),
        xaxis={"ticksuffix": _percent_suffix(), "fixedrange": True, "rangemode": "tozero", "side": "top"},
        yaxis={"categoryorder": "array", "categoryarray": labels[::-1], "fixedrange": True},
    )


def expected_seats_rounded(parties: tuple[PartyResult, ...], total: int = CHAMBER_SEATS) -> dict[str, int]:
    """Round the parties' expected seats (mean of each PMF) to `total` by largest remainder (Hamilton).

    Medians need not add up to 150; this does, for drawing a plausible Chamber.

    Parameters
    ----------
    parties : tuple of PartyResult
        The shown parties (`Result.parties`).
    total : int, default 150
        Seats to hand out (`CHAMBER_SEATS`).

    Returns
    -------
    dict of str to int
        Whole seats per party key, adding up to `total`; seats of lists outside the registry (the
        rest up to `total`) under ``"OTHER"``.
    """
    expected = {p.key: float(p.seats.pmf @ np.arange(len(p.seats.pmf))) for p in parties}
    expected["OTHER"] = max(0.0, total - sum(expected.values()))
    return largest_remainder(expected, total)


def hemicycle(result: Result) -> go.Figure:
    """Draw the 150-seat Chamber at the expected seats (rounded, `expected_seats_rounded`).

    Parties are in their fixed left-to-right order (`Party.position`), so that a wedge does not
    jump between scenarios; lists outside the registry are "Others", on the right. Names are in the current language
    (`party_name`).

    Parameters
    ----------
    result : Result
        The run.

    Returns
    -------
    plotly.graph_objects.Figure
        From `hemicycle_figure`.
    """
    seats = expected_seats_rounded(result.parties)
    registry = result.library.parties
    by_key = {p.key: p for p in result.parties}
    ordered = sorted((k for k in seats if k != "OTHER"), key=lambda k: registry[k].position)
    day, lang = result.poll.fieldwork_end, current_language()
    groups = [
        (
            escape_figure_text(by_key[k].abbreviation),
            by_key[k].colour,
            seats[k],
            ngettext(
                "{party}: {seats} seat (median {median})", "{party}: {seats} seats (median {median})", seats[k]
            ).format(
                party=escape_figure_text(party_name(registry[k], day, lang)),
                seats=seats[k],
                median=by_key[k].seats.median,
            ),
        )
        for k in ordered
    ]
    if seats["OTHER"]:
        groups.append(
            (
                _("Others"),
                OTHERS_COLOUR,
                seats["OTHER"],
                _("Lists outside the registry: {seats}").format(seats=seats["OTHER"]),
            )
        )
    fig = hemicycle_figure(groups, total=CHAMBER_SEATS, majority=MAJORITY)
    fig.update_layout(font=_FONT)
    return fig
