"""The session's scenario: where it is kept, how a session starts, and how the rest of `ui/`
reads it. The stored poll is the truth; widgets only mirror it.

Only `ui/` touches `st.session_state`; pages call the accessors below.
"""

from __future__ import annotations

import streamlit as st

from engine import Poll, Scenario

# The scenario's keys, shared by the rooms of ui/ that edit it (their own widgets' keys live
# with their callbacks).
POLL = "scenario.poll"  # the Poll being edited
PUBLISHED = "scenario.published"  # what "Reset" goes back to
POLL_ID = "scenario.poll_id"  # library poll or election-<date> the share link refers to
UPLOADED = "scenario.uploaded"  # True when the poll came from an uploaded file
COALITION = "scenario.coalition"
SEED, SIMS = "scenario.seed", "scenario.sims"
SWING, NOISE = "scenario.swing", "scenario.noise"


def started() -> bool:
    return POLL in st.session_state


def start(scenario_: Scenario, published_: Poll, poll_id_: str, uploaded: bool, coalition_: tuple[str, ...]) -> None:
    """Store a session's first scenario (from its link)."""
    state = st.session_state
    state[POLL], state[PUBLISHED] = scenario_.poll, published_
    state[POLL_ID], state[UPLOADED] = poll_id_, uploaded
    state[COALITION] = coalition_
    state[SEED], state[SIMS] = scenario_.seed, scenario_.simulations
    state[SWING], state[NOISE] = scenario_.swing, scenario_.constituency_noise


def choose_poll(poll_: Poll, poll_id_: str, uploaded: bool) -> None:
    """A new starting point: the poll and its published version, its edits gone."""
    state = st.session_state
    state[POLL] = state[PUBLISHED] = poll_
    state[POLL_ID], state[UPLOADED] = poll_id_, uploaded


def edit_poll(poll_: Poll) -> None:
    st.session_state[POLL] = poll_


def scenario() -> Scenario:
    state = st.session_state
    return Scenario(
        state[POLL], seed=state[SEED], simulations=state[SIMS], swing=state[SWING], constituency_noise=state[NOISE]
    )


def poll() -> Poll:
    return st.session_state[POLL]


def published() -> Poll:
    return st.session_state[PUBLISHED]


def poll_id() -> str:
    return st.session_state[POLL_ID]


def current_poll_id() -> str | None:
    """The starting poll's id, or None outside a dashboard session (a page run on its own)."""
    return st.session_state.get(POLL_ID)


def is_uploaded() -> bool:
    return st.session_state[UPLOADED]


def is_edited() -> bool:
    return poll() != published()


def coalition() -> tuple[str, ...]:
    return st.session_state[COALITION]


def mirror(widget_key: str, value) -> None:
    """Write `value` into a widget's state before it is drawn.

    Only when it differs: a value written from the script overrides the browser's, and would
    swallow the key presses a user made on a slider while the previous edit was running."""
    if st.session_state.get(widget_key) != value:
        st.session_state[widget_key] = value
