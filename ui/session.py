"""The session's scenario: where it is kept, how a session starts, how the rest of `ui/` reads
and changes it, what "Undo" gives back, and the keys under which its widgets are drawn.

The stored scenario is the truth; widgets are drawn from it and never written to (see
`widget_key`). Only `ui/` touches `st.session_state`; pages call the accessors below.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

import streamlit as st

from engine import Poll, Scenario, election_day_range

# The scenario's keys, shared by the rooms of ui/ that edit it.
POLL = "scenario.poll"  # the Poll being edited
PUBLISHED = "scenario.published"  # what "Reset" goes back to
POLL_ID = "scenario.poll_id"  # library poll or election-<date> the share link refers to
UPLOADED = "scenario.uploaded"  # True when the poll came from an uploaded file
LOCKS = "scenario.locks"  # per region, the entries locked in the editor (the link carries them)
REPLACED = "scenario.replaced"  # the edits a new starting point or a reset replaced, for "Undo"
COALITION = "scenario.coalition"
SEED, SIMS = "scenario.seed", "scenario.sims"
SWING, NOISE = "scenario.swing", "scenario.noise"
POLLING_ERROR, ELECTION_DAY = "scenario.polling_error", "scenario.election_day"
# An election day a new starting point could not keep, and the scenario it was dropped for.
ELECTION_DAY_DROPPED = "scenario.election_day_dropped"
WIDGET_GENERATIONS = "widgets.generations"  # per widget name, how often it was drawn afresh

Locks = dict[str, tuple[str, ...]]


class Replaced(NamedTuple):
    """An edited starting point that a new one (`why` "start") or a reset (`why` "reset")
    replaced: what "Undo" restores."""

    poll: Poll
    published: Poll
    poll_id: str
    uploaded: bool
    locks: Locks
    why: str


def started() -> bool:
    return POLL in st.session_state


def start(
    scenario_: Scenario, published_: Poll, poll_id_: str, uploaded: bool, coalition_: tuple[str, ...], locks_: Locks
) -> None:
    """Store a session's first scenario (from its link)."""
    state = st.session_state
    state[POLL], state[PUBLISHED] = scenario_.poll, published_
    state[POLL_ID], state[UPLOADED] = poll_id_, uploaded
    state[LOCKS] = dict(locks_)
    state[REPLACED] = None
    state[COALITION] = coalition_
    state[SEED], state[SIMS] = scenario_.seed, scenario_.simulations
    state[SWING], state[NOISE] = scenario_.swing, scenario_.constituency_noise
    state[POLLING_ERROR], state[ELECTION_DAY] = scenario_.polling_error, scenario_.election_day
    state[ELECTION_DAY_DROPPED] = None


def _keep_election_day_in_range() -> None:
    # The election day is a model setting and stays with a new starting point, unless it is
    # before that poll's fieldwork ended or too long after: the poll is then read as of its
    # fieldwork, and `dropped_election_day` says so.
    state = st.session_state
    day = state.get(ELECTION_DAY)
    first, last = election_day_range(poll())
    if day is not None and not first <= day <= last:
        state[ELECTION_DAY] = None
        state[ELECTION_DAY_DROPPED] = (day, scenario())


def dropped_election_day() -> date | None:
    """The election day the last change of starting point dropped, while the scenario is still
    the one it was dropped for (the next change of any setting ends the notice)."""
    dropped = st.session_state.get(ELECTION_DAY_DROPPED)
    return dropped[0] if dropped and dropped[1] == scenario() else None


def _keep_for_undo(why: str) -> None:
    # Only edits are worth giving back. An unedited starting point replaced again keeps the
    # earlier edits on offer: two quick changes of starting point must not lose them.
    if is_edited() or all_locks():
        state = st.session_state
        state[REPLACED] = Replaced(poll(), published(), poll_id(), is_uploaded(), all_locks(), why)


def choose_poll(poll_: Poll, poll_id_: str, uploaded: bool) -> None:
    """A new starting point: the poll and its published version, its edits and locks gone
    (kept for `undo`)."""
    _keep_for_undo("start")
    state = st.session_state
    state[POLL] = state[PUBLISHED] = poll_
    state[POLL_ID], state[UPLOADED] = poll_id_, uploaded
    state[LOCKS] = {}
    _keep_election_day_in_range()


def reset_edits() -> None:
    """Back to the published poll (the edits kept for `undo`)."""
    _keep_for_undo("reset")
    st.session_state[POLL] = published()


def replaced() -> Replaced | None:
    """The edits "Undo" would restore, if any."""
    return st.session_state.get(REPLACED)


def undo() -> None:
    """Restore the edited starting point the last change of starting point or reset replaced."""
    state = st.session_state
    previous = state.get(REPLACED)
    if previous is None:
        return
    state[POLL], state[PUBLISHED] = previous.poll, previous.published
    state[POLL_ID], state[UPLOADED] = previous.poll_id, previous.uploaded
    state[LOCKS] = dict(previous.locks)
    state[REPLACED] = None
    _keep_election_day_in_range()


def edit_poll(poll_: Poll) -> None:
    """The edited poll. Editing ends the offer to undo: the user has moved on."""
    st.session_state[POLL] = poll_
    st.session_state[REPLACED] = None


def scenario() -> Scenario:
    state = st.session_state
    return Scenario(
        state[POLL],
        seed=state[SEED],
        simulations=state[SIMS],
        swing=state[SWING],
        constituency_noise=state[NOISE],
        polling_error=state[POLLING_ERROR],
        election_day=state[ELECTION_DAY],
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


def locks(region: str) -> tuple[str, ...]:
    """The region's locked entries that are still in its poll, in the poll's order."""
    region_poll = poll().region(region)
    asked = st.session_state.get(LOCKS, {}).get(region, ())
    return tuple(k for k, _ in region_poll.shares if k in asked) if region_poll else ()


def all_locks() -> Locks:
    """Every region's locked entries (regions without any left out), as the share link writes them."""
    return {r.region: locks(r.region) for r in poll().regions if locks(r.region)}


def set_locks(region: str, entries: tuple[str, ...]) -> None:
    st.session_state[LOCKS] = {**st.session_state.get(LOCKS, {}), region: tuple(entries)}


def coalition() -> tuple[str, ...]:
    return st.session_state[COALITION]


def _generations() -> dict[str, int]:
    return st.session_state.setdefault(WIDGET_GENERATIONS, {})


def current_key(name: str) -> str:
    """The key the widget `name` is drawn under now."""
    return f"{name}#{_generations().get(name, 0)}"


def renew(name: str) -> None:
    """Draw the widget `name` afresh (empty, or at the value it is created with) on the next run."""
    _generations()[name] = _generations().get(name, 0) + 1


def _shows(widget_value, value) -> bool:
    if isinstance(value, float) and isinstance(widget_value, int | float):
        return math.isclose(widget_value, value, rel_tol=0.0, abs_tol=1e-9)
    return widget_value == value


def widget_key(name: str, value) -> str:
    """The key to draw the widget `name` under, created with `value` (the stored scenario's).

    The script never writes a widget's state. A value pushed into a widget reaches the browser
    only after the run, and a rerun the browser sent meanwhile (the next key press on a slider)
    still reports the widget's old value: Streamlit takes that for a user's edit and runs its
    callback, undoing the scenario's change and dropping key presses. A widget also starts from
    the value it is created with when the browser draws it afresh (after an error replaced the
    page): that value must be the scenario's, not the widget's minimum. So when the scenario no
    longer matches what the widget shows, the widget is drawn afresh under a new key; the widget
    the user is moving keeps its key (and the keyboard focus), since it shows what was stored.
    """
    key = current_key(name)
    if key in st.session_state and not _shows(st.session_state[key], value):
        renew(name)
        key = current_key(name)
    return key


def from_current_widget(callback: Callable[..., None]) -> Callable[..., None]:
    """`callback` (whose last argument is its widget's key), run only for the widget as drawn now.

    While fast reruns interrupt one another, the browser keeps reporting widgets it has not yet
    seen replaced, with the values they showed. Streamlit has by then forgotten their state and
    takes any such report for an edit: it would put an old share back."""

    @functools.wraps(callback)
    def guarded(*args) -> None:
        name, _, _ = args[-1].rpartition("#")
        if args[-1] == current_key(name):
            callback(*args)

    return guarded
