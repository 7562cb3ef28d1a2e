"""Which seating plan the Seats page shows: the plan with how sure each seat is (the default), or
the plain plan at the median picture. The reader's choice is kept for the session.

Only this module keeps the choice in `st.session_state`; the page asks `selector()` and draws.
"""

from __future__ import annotations

import streamlit as st

from engine.i18n import _

CERTAINTY, PLAIN = "certainty", "plain"
VIEWS = (CERTAINTY, PLAIN)
VIEW = "ui.plan_view"
SELECTOR = "ui.plan_view_selector"


def current() -> str:
    """The plan shown: `CERTAINTY` (how sure each seat is) unless the reader chose `PLAIN`."""
    return st.session_state.get(VIEW, CERTAINTY)


def _choose() -> None:
    chosen = st.session_state.get(SELECTOR)
    if chosen in VIEWS:  # clicking the selected option again unselects it: keep the view
        st.session_state[VIEW] = chosen


def selector() -> str:
    """Draw the choice between the two plans; return the one to draw."""
    st.session_state[SELECTOR] = current()
    # Looked up, not translated in the function: AppTest formats the options outside the page's language.
    names = {CERTAINTY: _("How sure each seat is"), PLAIN: _("Plain plan")}
    st.segmented_control(
        _("Seating plan"),
        VIEWS,
        format_func=names.__getitem__,
        key=SELECTOR,
        on_change=_choose,
        label_visibility="collapsed",
    )
    return current()
