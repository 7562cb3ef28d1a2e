"""The seating plan with uncertainty: each seat's colour strength says how sure it is.

The seats are the plain seating plan's (`hemicycle`): the same seats per party, in the same wedges.
Each seat is drawn in its party's colour at a strength for its class (docs/seating-plan.md):
safe seats solid, likely seats a lighter tint, toss-ups a faint tint with an outline in the
party's colour. Within a wedge the safest seats take the front rows (closest to the centre), the
least safe the back rows.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import plotly.graph_objects as go

from ..defaults import LIKELY_SEAT_PROBABILITY, SAFE_SEAT_PROBABILITY
from ..domain import MAJORITY, OTHER
from ..formatting import escape_figure_text, percent, percent_number
from ..i18n import _
from ..seating_plan import LIKELY, SAFE, SEAT_CLASSES, TOSS_UP, PlanSeat, plan_order, seating_plan
from ..simulation import Result
from .hemicycle import _seats_left_to_right, chamber_layout

OTHERS_COLOUR = "#9E9E9E"  # as the plain seating plan's "Others"
KEY_COLOUR = "#4D4D4D"  # the key's neutral seats
# Marker size in screen pixels, as the plain plan's: fits the outer row without overlap at a
# 390 px phone width (seats 19 px apart along the row, rows 14 px apart).
_MARKER_SIZE = 11
_HEIGHT = 420
# How much white each class mixes into the party's colour, and its outline width (px). A tint
# rather than opacity, so the seat looks the same on any background and in an exported image.
_STRENGTH = {SAFE: (0.0, 0.0), LIKELY: (0.5, 1.0), TOSS_UP: (0.85, 1.5)}
# The key sits in the hemicycle's empty centre (its inner row has radius 0.5): x of its seats,
# y of its rows, and of the majority note below them (data units of parliamentarch's geometry).
_KEY_X = 0.70
_KEY_Y = {SAFE: 0.31, LIKELY: 0.22, TOSS_UP: 0.13}
_MAJORITY_Y = 0.04


def tint(colour: str, white: float) -> str:
    """Mix `colour` with white.

    Parameters
    ----------
    colour : str
        Hex colour, ``"#RRGGBB"``.
    white : float
        Fraction of white, 0 (the colour) to 1 (white).

    Returns
    -------
    str
        The mixed colour, ``"#RRGGBB"`` (lower case).
    """
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c + (255 - c) * white):02x}" for c in channels)


def _seat_style(colour: str, certainty: str) -> dict:
    white, outline = _STRENGTH[certainty]
    return {
        "size": _MARKER_SIZE,
        "color": tint(colour, white),
        "line": {"width": outline, "color": colour},
    }


def _front_rows_first(positions: Sequence[tuple[float, float]]) -> list[tuple[float, float]]:
    """Order a wedge's seat centres by row, the row closest to the centre first; left to right within a row."""

    def row_then_left(xy: tuple[float, float]) -> tuple[float, float]:
        x, y = xy
        # Rows are circles around (1, 0); rounding absorbs floating-point noise within a row.
        return round(math.hypot(x - 1, y), 6), -math.atan2(y, x - 1)

    return sorted(positions, key=row_then_left)


def _class_label(certainty: str) -> str:
    if certainty == SAFE:
        return _("safe ≥ {percent}").format(percent=percent_number(100 * SAFE_SEAT_PROBABILITY))
    if certainty == LIKELY:
        return _("likely ≥ {percent}").format(percent=percent_number(100 * LIKELY_SEAT_PROBABILITY))
    return _("toss-up < {percent}").format(percent=percent_number(100 * LIKELY_SEAT_PROBABILITY))


def _class_explanation(certainty: str) -> str:
    if certainty == SAFE:
        text = _("Safe: the party holds this seat in at least {percent} of simulations")
        return text.format(percent=percent_number(100 * SAFE_SEAT_PROBABILITY))
    if certainty == LIKELY:
        text = _("Likely: the party holds this seat in {low} to {high} of simulations")
        return text.format(
            low=percent_number(100 * LIKELY_SEAT_PROBABILITY), high=percent_number(100 * SAFE_SEAT_PROBABILITY)
        )
    text = _("Toss-up: the party holds this seat in fewer than {percent} of simulations")
    return text.format(percent=percent_number(100 * LIKELY_SEAT_PROBABILITY))


def seat_hover(label: str, seat: PlanSeat) -> str:
    """Say who holds a seat and how likely: "N-VA: seat 23 of 24, held in 62% of simulations (toss-up)".

    Parameters
    ----------
    label : str
        The party's name as shown (escaped for plotly).
    seat : PlanSeat
        The seat.

    Returns
    -------
    str
        In the current language; the chance as `engine.formatting.percent` writes it.
    """
    return _("{party}: seat {k} of {n}, held in {chance} of simulations ({certainty})").format(
        party=label, k=seat.rank, n=seat.of, chance=percent(seat.chance.value), certainty=_(seat.certainty)
    )


def certainty_hemicycle_figure(
    plan: Sequence[PlanSeat],
    parties: Mapping[str, tuple[str, str]],
    *,
    majority: int = MAJORITY,
) -> go.Figure:
    """Draw a seating plan whose seats show how sure they are.

    Parameters
    ----------
    plan : sequence of PlanSeat
        Every seat in layout order (`engine.seating_plan.seating_plan`): party wedges left to right,
        within a party from rank 1 (safest) on.
    parties : mapping of str to (str, str)
        ``(label, colour hex)`` per party key in `plan`; the label is shown as it is (plotly reads
        its HTML tags: escape names from the data files).
    majority : int, default 76
        Seats for a majority, named in the hemicycle's centre.

    Returns
    -------
    plotly.graph_objects.Figure
        420 px high, axes hidden. One legend entry per party (``"label (seats)"``, solid colour),
        then the seats, one trace per party and class (hover: `seat_hover`); the key of the classes
        and the majority note in the hemicycle's centre.

    Raises
    ------
    KeyError
        When a party of `plan` is not in `parties`.
    """
    positions = _seats_left_to_right(len(plan))
    fig = go.Figure()
    start = 0
    for party in dict.fromkeys(seat.party for seat in plan):
        seats = [seat for seat in plan if seat.party == party]
        wedge = _front_rows_first(positions[start : start + len(seats)])
        start += len(seats)
        label, colour = parties[party]
        # A legend-only entry in the party's full colour: the wedge's own first trace may be a tint.
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=f"{label} ({len(seats)})",
                legendgroup=party,
                marker={"size": _MARKER_SIZE, "color": colour},
                hoverinfo="skip",
            )
        )
        for certainty in SEAT_CLASSES:
            held = [(xy, seat) for xy, seat in zip(wedge, seats, strict=True) if seat.certainty == certainty]
            if not held:
                continue
            fig.add_trace(
                go.Scatter(
                    x=[x for (x, _y), _seat in held],
                    y=[y for (_x, y), _seat in held],
                    mode="markers",
                    name=f"{label}: {_(certainty)}",
                    legendgroup=party,
                    showlegend=False,
                    marker=_seat_style(colour, certainty),
                    # hoverinfo="text" rather than hovertemplate: a label may contain "%{".
                    text=[seat_hover(label, seat) for _xy, seat in held],
                    hoverinfo="text",
                )
            )

    for certainty in SEAT_CLASSES:
        fig.add_trace(
            go.Scatter(
                x=[_KEY_X],
                y=[_KEY_Y[certainty]],
                mode="markers+text",
                marker=_seat_style(KEY_COLOUR, certainty),
                text=[_class_label(certainty)],
                textposition="middle right",
                textfont={"size": 11, "color": "#333333"},
                hovertext=[_class_explanation(certainty)],
                hoverinfo="text",
                showlegend=False,
            )
        )
    return chamber_layout(fig, majority, majority_y=_MAJORITY_Y, height=_HEIGHT)


def seating_plan_figure(result: Result) -> go.Figure:
    """Draw the 150-seat Chamber of a run with how sure each seat is.

    The seats per party and their order are the plain seating plan's (`hemicycle`); lists outside
    the registry are "Others", on the right. Labels are the parties' abbreviations on the poll's
    last fieldwork day.

    Parameters
    ----------
    result : Result
        The run.

    Returns
    -------
    plotly.graph_objects.Figure
        From `certainty_hemicycle_figure`.
    """
    plan = seating_plan(result)
    by_key = {p.key: p for p in result.parties}
    parties = {
        key: (_("Others"), OTHERS_COLOUR)
        if key == OTHER
        else (escape_figure_text(by_key[key].abbreviation), by_key[key].colour)
        for key in plan_order(result)
    }
    return certainty_hemicycle_figure(plan, parties, majority=MAJORITY)
