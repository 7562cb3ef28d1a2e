"""Drawing helpers shared by the pages: a chart at full width with its Download and Embed controls
and its text alternative (`Graphic`), the line under each title that says which scenario the
numbers are for, and the line that says what their uncertainty includes.
Text formatting is `engine.formatting`'s."""

from __future__ import annotations

import re
from datetime import date

import plotly.graph_objects as go
import streamlit as st

from engine import NO_POLLING_ERROR, Result
from engine.figures import PLOTLY_CONFIG
from engine.formatting import escape_markdown, long_date, number
from engine.i18n import _

from . import graphics, labels, runs, session
from .graphics import Graphic

__all__ = ["Graphic", "chart", "scenario_caption", "uncertainty_caption"]


def chart(fig: go.Figure, key: str | None = None, *, graphic: Graphic) -> None:
    """A chart at full width, and under it its Download (and Embed) controls and its text
    alternative for screen readers (`ui.graphics`)."""
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)
    graphics.controls(fig, key or re.sub(r"\W+", "-", graphic.name), graphic)


def scenario_caption(result: Result) -> None:
    """One line under the page title: which poll, edited or not, how many simulations."""
    n = number(result.simulations)
    parts = [escape_markdown(labels.poll_label(result.poll))]
    if session.is_edited():
        parts.append(_("edited"))
    quick = runs.is_quick(result)
    parts += [
        (_("{n} simulations (quick estimate, refining…)") if quick else _("{n} simulations")).format(n=n),
        _("seed {seed}").format(seed=result.scenario.seed),
        _("baseline: {date} election").format(date=labels.election_date(result)),
    ]
    day = _forecast_day(result)
    if day:
        parts.append(_("election day {date}").format(date=long_date(day)))
    st.caption(" · ".join(parts))


def uncertainty_caption(result: Result) -> None:
    """One line under intervals or probabilities: what their uncertainty includes
    (`Result.uncertainty_note`, plain text from the engine), and the election day the poll is
    read as a forecast of, which widens it."""
    day = _forecast_day(result)
    forecast = (
        " "
        + _("Read as a forecast of the election of {date}: opinion may move until then.").format(date=long_date(day))
        if day
        else ""
    )
    st.caption(f":material/info: {result.uncertainty_note}{forecast}")


def _forecast_day(result: Result) -> date | None:
    # Only the polling error grows with the time to the election day: without it the day changes nothing.
    scenario = result.scenario
    return scenario.election_day if scenario.polling_error != NO_POLLING_ERROR else None
