"""Quick, then full: the current scenario's result at once from the first 2^16 simulations of
its seed, then the full run, after which the page draws again. The sampling-only comparison of a
majority probability follows the same way: never before the page's own numbers.

The quick run is exactly the full run's first simulations (same seed), so the numbers only
sharpen; a scenario whose full result this process or the shared store holds (another reader,
another process, the batch) is answered in full at once. Runs wait in the process's queue (quick
runs first), and a waiting reader sees its place in line. The full run starts only once the page
has drawn (in `refine`), so that a reader who moves on while it waits leaves the line: a slider
dragged across ten values costs ten quick runs, not ten full ones.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from engine import QUICK_SIMULATIONS, Result, Scenario, kernel_ready, sampling_only_comparison
from engine.formatting import escape_markdown, number
from engine.i18n import _

from . import cache, session

PENDING_FULL = "scenario.pending_full"  # the full run `refine` still owes the page
PENDING_SAMPLING_ONLY = "scenario.pending_sampling_only"  # the comparison `refine` still owes the page
# Queue priorities (smaller first): a reader's first numbers before anyone's refinement.
QUICK, COMPARISON, FULL = 0, 1, 2


def _place_in_line(slot):
    """A callback telling the reader its place in the process's run queue, in `slot`."""

    def show(place: int) -> None:
        slot.info(
            _(
                "Many readers at once: your simulation is number {place} in line and starts as soon as a place is free."
            ).format(place=number(place))
        )

    return show


def result() -> Result:
    """The current scenario's result. While its full run is not done, the quick run answers at
    once and `refine()` follows with the full run."""
    full = session.scenario()
    try:
        done = cache.results_for(full).ready(full)
        if done is not None:
            return done
        line = st.empty()
        # The spinner shows only when the run is not cached (it appears after half a second).
        with st.spinner(running_message()):
            first = replace(full, simulations=min(full.simulations, QUICK_SIMULATIONS))
            quick = cache.results_for(first).result(first, QUICK, _place_in_line(line))
            if first != full:
                st.session_state[PENDING_FULL] = full
        line.empty()
        return quick
    except ValueError as error:  # e.g. a poll dated before the first election in the library
        st.error(_("This scenario cannot be simulated: {error}").format(error=escape_markdown(str(error))))
        st.stop()


def sampling_only_scenario() -> Scenario | None:
    """The current scenario's sampling-only comparison (`engine.sampling_only_comparison`), or None."""
    return sampling_only_comparison(session.scenario())


def compares_sampling_only() -> bool:
    """True when a majority probability has a sampling-only figure beside it (the scenario is not
    sampling-only already), shown once `sampling_only()` has it."""
    return sampling_only_scenario() is not None


def sampling_only() -> Result | None:
    """The sampling-only comparison run of the current scenario, or None: when the scenario is
    sampling-only, or while the run is not done (`refine()` runs it after the page has drawn its
    own numbers, and the page draws again)."""
    comparison = sampling_only_scenario()
    if comparison is None:
        return None
    done = cache.results_for(comparison).ready(comparison)
    if done is None:
        st.session_state[PENDING_SAMPLING_ONLY] = comparison
    return done


def running_message() -> str:
    """What the spinner says while the current scenario runs: on a server's first run the
    simulation engine is prepared first (numba compiles or loads its kernel), which takes a while."""
    if kernel_ready():
        return _("Running the simulations…")
    return _("One-time preparation of the simulation engine (about 20 seconds on a new server), then the simulations…")


def is_quick(result_: Result) -> bool:
    """True when `result_` is the quick run of a larger scenario (the full run follows)."""
    return result_.simulations < session.scenario().simulations


def refine(placeholder) -> None:
    """After a page drew its numbers: run what it still owes (the sampling-only comparison, then
    the full simulation), telling the reader its place in line while a run waits, and draw the
    page again."""
    state = st.session_state
    full, comparison = state.pop(PENDING_FULL, None), state.pop(PENDING_SAMPLING_ONLY, None)
    full = full if full is not None and full == session.scenario() else None
    comparison = comparison if comparison is not None and comparison == sampling_only_scenario() else None
    if full is None and comparison is None:
        return
    message = (
        _("Quick estimate shown; refining with {n} simulations…").format(n=number(full.simulations))
        if full
        else _("Comparing with the sampling error only…")
    )
    with placeholder.container():
        line = st.empty()
        with st.spinner(message):
            # The comparison first: it is small, and a rerun that interrupts the full run keeps it.
            if comparison:
                cache.results_for(comparison).result(comparison, COMPARISON, _place_in_line(line))
            if full:
                cache.results_for(full).result(full, FULL, _place_in_line(line))
    st.rerun()
