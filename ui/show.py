"""Drawing helpers shared by the pages: a chart at full width, and the line under each title
that says which scenario the numbers are for. Text formatting is `engine.formatting`'s."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from engine import Result
from engine.figures import PLOTLY_CONFIG
from engine.formatting import escape_markdown

from . import labels, runs, session


def chart(fig: go.Figure, key: str | None = None) -> None:
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key=key)


def scenario_caption(result: Result) -> None:
    """One line under the page title: which poll, edited or not, how many simulations."""
    edited = " · edited" if session.is_edited() else ""
    quick = " (quick estimate, refining…)" if runs.is_quick(result) else ""
    st.caption(
        f"{escape_markdown(labels.poll_label(result.poll))}{edited} · "
        f"{result.simulations:,} simulations{quick} · seed {result.scenario.seed} · "
        f"baseline: {labels.election_date(result)} election"
    )
