"""The model and run settings on the Poll page: swing model, local noise, seed and number of
simulations. Their widgets mirror the session's scenario; their callbacks write it back.

Callbacks run before the script, so every page of the rerun sees the new setting.
"""

from __future__ import annotations

import streamlit as st

from engine import SIMULATION_CHOICES

from . import session

SWING_WIDGET, NOISE_WIDGET, SEED_WIDGET, SIMS_WIDGET = "swing", "noise", "seed", "sims"
# A float slider's steps are not exact (0.15000000000000002): the noise is kept to the slider's
# precision so that the link stays short and exact.
NOISE_DECIMALS = 2


def mirror_widgets() -> None:
    """Write the scenario's model and run settings into their widgets (before they are drawn)."""
    for widget, key in (
        (SWING_WIDGET, session.SWING),
        (NOISE_WIDGET, session.NOISE),
        (SEED_WIDGET, session.SEED),
        (SIMS_WIDGET, session.SIMS),
    ):
        session.mirror(widget, st.session_state[key])


def simulation_choices() -> list[int]:
    """The offered run sizes, plus the current one when a link asked for another."""
    return sorted({*SIMULATION_CHOICES, st.session_state[session.SIMS]})


def on_swing() -> None:
    st.session_state[session.SWING] = st.session_state[SWING_WIDGET]


def on_noise() -> None:
    st.session_state[session.NOISE] = round(float(st.session_state[NOISE_WIDGET]), NOISE_DECIMALS)


def on_seed() -> None:
    value = st.session_state[SEED_WIDGET]
    if value is not None:  # an emptied number input: keep the last seed
        st.session_state[session.SEED] = int(value)


def on_sims() -> None:
    st.session_state[session.SIMS] = int(st.session_state[SIMS_WIDGET])
