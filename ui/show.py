"""Small drawing helpers shared by the pages (formatting only, no statistics)."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from engine import Result
from engine.figures import PLOTLY_CONFIG
from engine.formatting import escape_markdown, long_date, percent

from . import state

__all__ = [
    "chart",
    "election_date",
    "interval",
    "percent",
    "percent_cell",
    "probability_with_error",
    "scenario_caption",
]

# A word joiner on each side of the dash: browsers may otherwise break a narrow table cell after
# it ("79–" above "87"). It is invisible and does not change what the number says.
_RANGE_DASH = "\u2060–\u2060"


def chart(fig: go.Figure, key: str | None = None) -> None:
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)


def interval(bounds: tuple[int, int], *, table: bool = True) -> str:
    """A seat interval, "73–82"; in a table cell the range never breaks across lines (a metric
    does not wrap, so it keeps a plain dash for copying)."""
    lo, hi = bounds
    return str(lo) if lo == hi else f"{lo}{_RANGE_DASH if table else '–'}{hi}"


def share_interval(bounds: tuple[float, float]) -> str:
    return f"{bounds[0]:.1f}{_RANGE_DASH}{bounds[1]:.1f}"


def election_date(result: Result) -> str:
    """The baseline election as a reader's date: "9 June 2024"."""
    return long_date(result.model.baseline.date)


def percent_cell(probability: float) -> str:
    """A probability for an `st.table` cell. Table cells are Markdown, where the leading ">" of
    ">99.9%" starts a block quote (drawn as a grey bar): escape it."""
    return escape_markdown(percent(probability))


def probability_with_error(value: float, standard_error: float) -> str:
    """Like "41% ± 0.05" for a table cell: the Monte Carlo standard error in percentage points."""
    return f"{percent_cell(value)} ± {100 * standard_error:.2f}"


def scenario_caption(result: Result) -> None:
    """One line under the page title: which poll, edited or not, how many simulations."""
    edited = " · edited" if state.is_edited() else ""
    quick = " (quick estimate, refining…)" if state.is_quick(result) else ""
    st.caption(
        f"{escape_markdown(state.poll_label(result.poll))}{edited} · "
        f"{result.simulations:,} simulations{quick} · seed {result.scenario.seed} · "
        f"baseline: {election_date(result)} election"
    )
