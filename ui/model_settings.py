"""The model and run settings on the Poll page: polling error and election day, swing model,
local noise, seed and number of simulations. Their widgets are drawn from the session's scenario;
their callbacks write it back.

Callbacks run before the script, so every page of the rerun sees the new setting.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from engine import NO_POLLING_ERROR, POLLING_ERROR_MODELS, SIMULATION_CHOICES, election_day_range

from . import session

SWING_WIDGET, NOISE_WIDGET, SEED_WIDGET, SIMS_WIDGET = "swing", "noise", "seed", "sims"
POLLING_ERROR_WIDGET, ELECTION_DAY_WIDGET = "polling_error", "election_day"
# A float slider's steps are not exact (0.15000000000000002): the noise is kept to the slider's
# precision so that the link stays short and exact.
NOISE_DECIMALS = 2


def polling_error() -> str:
    return st.session_state[session.POLLING_ERROR]


def election_day() -> date | None:
    """The election the poll is read as a forecast of; None: as if held when the fieldwork ended."""
    return st.session_state[session.ELECTION_DAY]


def election_day_bounds() -> tuple[date, date]:
    """The first and last election day the poll may be read as a forecast of."""
    return election_day_range(session.poll())


def election_day_matters() -> bool:
    """Only the polling error grows with the time to the election; the sampling error does not."""
    return polling_error() != NO_POLLING_ERROR


def dropped_election_day() -> date | None:
    """An election day the new starting point could not keep (see `session.dropped_election_day`)."""
    return session.dropped_election_day()


def swing() -> str:
    return st.session_state[session.SWING]


def noise() -> float:
    return st.session_state[session.NOISE]


def seed() -> int:
    return st.session_state[session.SEED]


def simulations() -> int:
    return st.session_state[session.SIMS]


def polling_error_key() -> str:
    return session.widget_key(POLLING_ERROR_WIDGET, polling_error())


def election_day_key() -> str:
    return session.widget_key(ELECTION_DAY_WIDGET, election_day())


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
def on_polling_error(widget_key: str) -> None:
    if st.session_state[widget_key] in POLLING_ERROR_MODELS:
        st.session_state[session.POLLING_ERROR] = st.session_state[widget_key]


@session.from_current_widget
def on_election_day(widget_key: str) -> None:
    # A cleared date input reports None: the poll is read as of its fieldwork again. The widget
    # keeps to its bounds; a day outside them (a stale report) changes nothing.
    day = st.session_state[widget_key]
    first, last = election_day_bounds()
    if day is None or (isinstance(day, date) and first <= day <= last):
        st.session_state[session.ELECTION_DAY] = day


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
