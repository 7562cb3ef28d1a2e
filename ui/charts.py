"""The scenario's charts that a page draws and a news page can embed: each as its figure and its
`Graphic` (title, file name, text alternative, embed name), so that the Seats and Coalitions pages
and the embedded view (`ui.embed`) draw exactly the same chart."""

from __future__ import annotations

import plotly.graph_objects as go

from engine import PartyResult, Result
from engine.figures import coalition_pmf_figure, hemicycle, seat_pmf_figure, seating_plan_figure
from engine.figures.alt_text import coalition_alt_text, plan_alt_text, seat_distribution_alt_text
from engine.formatting import escape_figure_text
from engine.i18n import _, current_language
from engine.results import party_name
from engine.share import COALITION_CHART, PARTY_SEATS_CHART, SEATING_PLAN_CHART

from . import coalition, labels
from .graphics import Graphic


def seating_plan(result: Result) -> tuple[go.Figure, Graphic]:
    """The seating plan with how sure each seat is."""
    return seating_plan_figure(result), Graphic(
        name=_("seating plan"),
        title=_("Seating plan: how sure each seat is"),
        alt=plan_alt_text(result),
        result=result,
        embed=SEATING_PLAN_CHART,
    )


def plain_plan(result: Result) -> tuple[go.Figure, Graphic]:
    """The plain seating plan at the expected seats."""
    return hemicycle(result), Graphic(
        name=_("plain seating plan"),
        title=_("Seating plan at the expected seats"),
        alt=plan_alt_text(result, certainty=False),
        result=result,
    )


def party_title(result: Result, party: PartyResult) -> str:
    """A party's name as the Seats page titles its chart, in the page's language (plain text)."""
    name = party_name(result.library.parties[party.key], result.poll.fieldwork_end, current_language())
    return name + labels.held_mark(party)


def party_seats(result: Result, party: PartyResult) -> tuple[go.Figure, Graphic]:
    """A party's seat distribution, titled with its name."""
    name = party_title(result, party)
    fig = seat_pmf_figure(party.seats, party.colour, party.last_result, title=escape_figure_text(name))
    return fig, Graphic(
        name=_("seats {party}").format(party=party.abbreviation),
        title=_("{party}: projected seats").format(party=name),
        alt=seat_distribution_alt_text(name, party.seats, party.last_result),
        result=result,
        embed=PARTY_SEATS_CHART,
        party=party.key,
    )


def coalition_seats(result: Result) -> tuple[go.Figure, Graphic]:
    """The seats of the coalition on display, with the majority line."""
    built = coalition.chosen(result)
    name = coalition.shown_name(built.name)
    return coalition_pmf_figure(built.seats), Graphic(
        name=_("coalition {coalition}").format(coalition=name),
        title=_("{coalition}: seats and the chance of a majority").format(coalition=name),
        alt=coalition_alt_text(name, built.seats),
        result=result,
        embed=COALITION_CHART,
    )
