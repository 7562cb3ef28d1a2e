"""The model and run settings on the Poll page: swing model, local noise, seed and number of
simulations. Their widgets are drawn from the session's scenario; their callbacks write it back.

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


def swing() -> str:
    return st.session_state[session.SWING]


def noise() -> float:
    return st.session_state[session.NOISE]


def seed() -> int:
    return st.session_state[session.SEED]


def simulations() -> int:
    return st.session_state[session.SIMS]


def swing_key() -> str:
    return session.widget_key(SWING_WIDGET, swing())


def noise_key() -> str:
    return session.widget_key(NOISE_WIDGET, noise())


def seed_key() -> str:
    return session.widget_key(SEED_WIDGET, seed())


def sims_key() -> str:
    return session.widget_key(SIMS_WIDGET, simulations())


def simulation_choices() -> list[int]:
    """The offered run sizes, plus the current one when a link asked for another."""
    return sorted({*SIMULATION_CHOICES, simulations()})


@session.from_current_widget
def on_swing(widget_key: str) -> None:
    st.session_state[session.SWING] = st.session_state[widget_key]


@session.from_current_widget
def on_noise(widget_key: str) -> None:
    st.session_state[session.NOISE] = round(float(st.session_state[widget_key]), NOISE_DECIMALS)


@session.from_current_widget
def on_seed(widget_key: str) -> None:
    # A cleared seed input reports the value it was created with, the current seed: no change.
    st.session_state[session.SEED] = int(st.session_state[widget_key])


@session.from_current_widget
def on_sims(widget_key: str) -> None:
    st.session_state[session.SIMS] = int(st.session_state[widget_key])
