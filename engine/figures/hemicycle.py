"""Plotly hemicycle chart of a seat distribution, using parliamentarch for the seat geometry."""

from __future__ import annotations

import plotly.graph_objects as go
from parliamentarch.geometry import get_seats_centers

from ..i18n import _

# Marker size is in screen pixels, not data units: 11 px fits the outer row
# without overlap at a 390 px phone width; the fixed height caps the drawing
# width on desktop (equal aspect ratio), so seats never look tiny there either.
_MARKER_SIZE = 11
_HEIGHT = 380


def _seats_left_to_right(total: int) -> list[tuple[float, float]]:
    """Seat centres ordered so that consecutive slices form contiguous left-to-right wedges."""
    centers = get_seats_centers(total)
    # parliamentarch maps each (x, y) to its angle around (1, 0), measured
    # counterclockwise from the right (angle 0 = rightmost, pi = leftmost), so
    # descending angle is left to right; this is what its own SVG writer does.
    return sorted(centers, key=centers.__getitem__, reverse=True)


def hemicycle_figure(
    groups: list[tuple[str, str, int, str]],
    *,
    total: int = 150,
    majority: int = 76,
) -> go.Figure:
    """Return a Plotly figure drawing a hemicycle of ``total`` seats.

    Each group with at least one seat gets one scatter trace (one marker per seat, legend entry
    ``"label (seats)"``) occupying a contiguous wedge; the seat geometry is parliamentarch's.

    Parameters
    ----------
    groups : list of (str, str, int, str)
        ``(label, colour hex, seats, hover_text)`` in left-to-right order; `hover_text` is shown
        as it is (plotly reads its HTML tags).
    total : int, default 150
        Seats in the chamber (`CHAMBER_SEATS`).
    majority : int, default 76
        Seats for a majority, named in the annotation.

    Returns
    -------
    plotly.graph_objects.Figure
        380 px high, axes hidden, legend below.

    Raises
    ------
    ValueError
        If any seat count is negative or the seats do not sum to `total`.
    """
    if any(seats < 0 for _, _, seats, _ in groups):
        raise ValueError("seat counts must be non-negative")
    seat_sum = sum(seats for _, _, seats, _ in groups)
    if seat_sum != total:
        raise ValueError(f"seats sum to {seat_sum}, expected {total}")

    positions = _seats_left_to_right(total)
    fig = go.Figure()
    start = 0
    for label, colour, seats, hover_text in groups:
        if seats == 0:
            continue  # an empty wedge would only add a marker-less legend entry
        xs, ys = zip(*positions[start : start + seats])
        start += seats
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="markers",
                name=f"{label} ({seats})",
                marker={"size": _MARKER_SIZE, "color": colour, "line": {"width": 0}},
                # hoverinfo="text" rather than hovertemplate: hover_text may contain "%{"
                text=[hover_text] * seats,
                hoverinfo="text",
            )
        )

    return chamber_layout(fig, majority, majority_y=0.08, height=_HEIGHT)


def chamber_layout(fig: go.Figure, majority: int, majority_y: float, height: int) -> go.Figure:
    """Lay out a hemicycle drawn in parliamentarch's coordinates and return `fig`.

    Hidden axes at equal scale, the majority named at (1, `majority_y`), the legend below, `height`
    pixels high, a transparent background.
    """
    fig.add_annotation(
        x=1, y=majority_y, text=_("{majority} for a majority").format(majority=majority), showarrow=False, font={"size": 12}
    )
    hidden_axis = {"visible": False, "showgrid": False, "zeroline": False, "fixedrange": True}
    fig.update_layout(
        xaxis={**hidden_axis, "range": [-0.03, 2.03]},
        yaxis={**hidden_axis, "range": [-0.03, 1.03], "scaleanchor": "x", "scaleratio": 1},
        height=height,
        margin={"l": 4, "r": 4, "t": 4, "b": 4},
        font={"family": "sans-serif", "size": 12},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": 0, "yanchor": "top"},
        dragmode=False,
        hovermode="closest",
    )
    return fig
