"""Quick, then full: the current scenario's result at once from the first 2^16 simulations of
its seed, then the full run, after which the page draws again.

The quick run is exactly the full run's first simulations (same seed), so the numbers only
sharpen; a scenario whose full run this session has seen finish is answered in full at once.
"""

from __future__ import annotations

from collections import deque
from dataclasses import replace

import streamlit as st

from engine import QUICK_SIMULATIONS, Result, kernel_ready
from engine.formatting import escape_markdown

from . import cache, session

FULL_DONE = "scenario.full_done"  # scenarios whose full run this session has seen finish
PENDING_FULL = "scenario.pending_full"  # the full run `refine` still owes the page
FULL_DONE_KEPT = 6  # a few, for going back and forth between recent edits


def _full_done() -> deque:
    return st.session_state.setdefault(FULL_DONE, deque(maxlen=FULL_DONE_KEPT))


def result() -> Result:
    """The current scenario's result. While a full run is not yet done, the quick run answers at
    once and `refine()` follows with the full run."""
    full = session.scenario()
    try:
        # The spinner shows only when the run is not cached (it appears after half a second).
        with st.spinner(running_message()):
            if full.simulations <= QUICK_SIMULATIONS or full in _full_done():
                return cache.result(full)
            st.session_state[PENDING_FULL] = full
            return cache.result(replace(full, simulations=QUICK_SIMULATIONS))
    except ValueError as error:  # e.g. a poll dated before the first election in the library
        st.error(f"This scenario cannot be simulated: {escape_markdown(str(error))}")
        st.stop()


def running_message() -> str:
    """What the spinner says while the current scenario runs: on a server's first run the
    simulation engine is prepared first (numba compiles or loads its kernel), which takes a while."""
    if kernel_ready():
        return "Running the simulations…"
    return "One-time preparation of the simulation engine (about 20 seconds on a new server), then the simulations…"


def is_quick(result_: Result) -> bool:
    """True when `result_` is the quick run of a larger scenario (the full run follows)."""
    return result_.simulations < session.scenario().simulations


def refine(placeholder) -> None:
    """After a page drew the quick result: run the full simulation and draw the page again."""
    pending = st.session_state.pop(PENDING_FULL, None)
    if pending is None or pending != session.scenario():
        return
    with placeholder.container():
        with st.spinner(f"Quick estimate shown; refining with {pending.simulations:,} simulations…"):
            cache.result(pending)
    _full_done().append(pending)
    st.rerun()
