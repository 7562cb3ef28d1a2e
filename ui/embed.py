"""The embedded view: one chart of a shared scenario, for an iframe in a news page.

A link with ``chart=`` (`engine.share.EMBED_CHARTS`; ``party=`` for a party's chart) opens this
view instead of the dashboard: the chart, its title, its text alternative, the scenario in one
line and a link back to the full dashboard at the same scenario. No sidebar, no navigation, no
widget: the link's scenario is shown as it is (the URL is not rewritten, so a reload shows the
same chart). Streamlit's own ``embed=true`` takes away its menu and margins.
"""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from engine import Result
from engine.figures import PLOTLY_CONFIG
from engine.figures.publication import scenario_line
from engine.formatting import escape_markdown
from engine.i18n import _
from engine.share import CHART_PARAM, COALITION_CHART, PARTY_SEATS_CHART, SEATING_PLAN_CHART, embedded_chart

from . import cache, charts, graphics, runs, session, share_link
from .graphics import Graphic

# The iframe is `graphics.EMBED_HEIGHT` px high: the chart takes what the title, the source line
# and the link leave of it.
CHART_HEIGHT = {SEATING_PLAN_CHART: 390, COALITION_CHART: 330, PARTY_SEATS_CHART: 300}
STYLE = """<style>
.block-container { padding-top: 0.5rem !important; padding-bottom: 0 !important; }
</style>"""


def requested() -> bool:
    """True when the link asks for one chart alone (``chart=`` is in it, known or not)."""
    return CHART_PARAM in st.query_params


def _chart(chart: str, party: str | None, result: Result) -> tuple[go.Figure, Graphic] | None:
    if chart == SEATING_PLAN_CHART:
        return charts.seating_plan(result)
    if chart == COALITION_CHART:
        return charts.coalition_seats(result)
    shown = next((p for p in result.parties if p.key == party), None)
    if shown is None:
        name = cache.library().parties[party].abbreviation_on(result.poll.fieldwork_end)
        st.warning(
            _("{party} is not in this scenario: there is no chart of its seats.").format(party=escape_markdown(name))
        )
        return None
    return charts.party_seats(result, shown)


def _link_back_markdown() -> str:
    # The share link is URL-encoded (no space, bracket or parenthesis): a Markdown link as it is.
    text = escape_markdown(_("Seatcast: the full dashboard of this scenario"))
    return f"[{text}]({share_link.share_link()})"


def _link_back() -> None:
    st.markdown(_link_back_markdown())


def view() -> None:
    """Draw the embedded chart of the link (or say why there is none, with the link back)."""
    st.html(STYLE)
    graphics.alt_style()
    chart, party, warnings = embedded_chart(st.query_params.to_dict(), cache.library())
    for warning in share_link.take_warnings() + warnings:
        st.warning(escape_markdown(warning))  # a warning may quote the link
    if chart is None:
        _link_back()
        return
    result = runs.result()
    drawn = _chart(chart, party, result)
    if drawn is None:
        _link_back()
        return
    fig, graphic = drawn
    # The view's own title says what the chart is: a party's chart drops its figure title.
    fig.update_layout(height=CHART_HEIGHT[chart], title_text="")
    st.markdown(f"**{escape_markdown(graphic.title)}**")
    st.plotly_chart(fig, width="stretch", config=PLOTLY_CONFIG, key="embedded_chart")
    with st.container(key=f"{graphics.ALT_KEY}-embedded"):
        st.caption(escape_markdown(graphic.alt))
    line = scenario_line(result.scenario, session.is_edited())
    if runs.is_quick(result):
        line = _("{scenario} (quick estimate, refining…)").format(scenario=line)
    # The source line and the link back share a line: the iframe is only so high.
    st.caption(f"{escape_markdown(line)} · {_link_back_markdown()}")
