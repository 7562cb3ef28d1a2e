"""Constituencies: seats per list with probabilities, and the closest last-seat races."""

import streamlit as st

from engine import REGIONS
from ui import show, state

st.title("Constituencies")
result = state.result()
show.scenario_caption(result)
constituencies = result.constituencies

st.subheader("Closest races for the last seat")
races = sorted((c for c in constituencies if c.last_seat), key=lambda c: c.last_seat.gap_points)
st.table(
    {
        "Constituency": [c.name for c in races],
        "Seats": [c.seats for c in races],
        "Last seat goes to": [c.last_seat.holder for c in races],
        "Next in line": [c.last_seat.runner_up for c in races],
        "Short by (pts)": [f"{c.last_seat.gap_points:.2f}" for c in races],
    },
    hide_index=True,
)
st.caption(
    "At the poll's own shares (no sampling noise): the list holding the constituency's last seat and "
    "the list that would take it with this many more percentage points of the constituency's votes."
)

st.subheader("Seats per list")
names = [c.name for c in sorted(constituencies, key=lambda c: (REGIONS.index(c.region), c.name))]
chosen = st.selectbox(
    "Constituency",
    names,
    key="constituency",
    format_func=lambda n: f"{n} ({state.region_name(next(c.region for c in constituencies if c.name == n))})",
)
constituency = next(c for c in constituencies if c.name == chosen)
st.caption(f"{constituency.seats} seats.")


def probabilities(seats) -> str:
    lo, hi = seats.support
    shown = [(x, seats.pmf[x]) for x in range(lo, hi + 1) if seats.pmf[x] >= 0.005]
    return " · ".join(f"{x}: {show.percent(p)}" for x, p in shown)


lists = constituency.lists
st.table(
    {
        "List": [e.list_name for e in lists],
        "Last result": [e.last_result for e in lists],
        "Median": [e.seats.median for e in lists],
        "90% interval": [show.interval(e.seats.interval(90)) for e in lists],
        "P(gain)": [show.percent(e.seats.at_least(e.last_result + 1).value) for e in lists],
        "P(loss)": [show.percent(e.seats.at_most(e.last_result - 1).value) for e in lists],
        "Seats: probability": [probabilities(e.seats) for e in lists],
    },
    hide_index=True,
)
st.caption("Seats: probability lists every seat count with a probability of at least 0.5 %.")
