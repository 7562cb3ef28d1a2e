"""Constituencies: seats per list with probabilities, and the closest last-seat races."""

import streamlit as st

from engine import REGIONS
from engine.formatting import (
    escape_markdown,
    percent,
    percent_cell,
    seat_interval_cell,
)
from ui import cache, labels, runs, show

st.title("Constituencies")
result = runs.result()
show.scenario_caption(result)
constituencies = result.constituencies
library = cache.library()
shown_parties = {p.key: p for p in result.parties}

st.subheader("Closest races for the last seat")


def short(list_name: str, constituency) -> str:
    """The registry abbreviation of a list (N-VA), or its ballot name for other lists."""
    party = next((e.party for e in constituency.lists if e.list_name == list_name), "")
    return library.parties[party].abbreviation_on(result.poll.fieldwork_end) if party else list_name


races = sorted((c for c in constituencies if c.last_seat), key=lambda c: c.last_seat.gap_points)
st.table(
    {
        "Constituency": [escape_markdown(c.name) for c in races],
        "Seats": [c.seats for c in races],
        "Last seat": [escape_markdown(short(c.last_seat.holder, c)) for c in races],
        "Next in line": [escape_markdown(short(c.last_seat.runner_up, c)) for c in races],
        "Short by (pts)": [f"{c.last_seat.gap_points:.2f}" for c in races],
    },
    hide_index=True,
)
st.caption(
    "At the poll's own shares (no sampling noise): the list holding the constituency's last seat, its "
    "closest challenger, and how many percentage points of the constituency's votes moving from the "
    "one to the other would give the challenger a seat."
)

st.subheader("Seats per list")
names = [c.name for c in sorted(constituencies, key=lambda c: (REGIONS.index(c.region), c.name))]
chosen = st.selectbox(
    "Constituency",
    names,
    key="constituency",
    format_func=lambda n: f"{n} ({labels.region_name(next(c.region for c in constituencies if c.name == n))})",
)
constituency = next(c for c in constituencies if c.name == chosen)
st.caption(f"{constituency.seats} seats.")

# Seat counts less likely than this are left out of the "Seats: probability" table.
SHOWN_PROBABILITY = 0.005


def probabilities(seats) -> str:
    lo, hi = seats.support
    shown = [(x, seats.pmf[x]) for x in range(lo, hi + 1) if seats.pmf[x] >= SHOWN_PROBABILITY]
    # A no-break space inside "8: 42%": a narrow cell breaks between the pairs, never inside one.
    return " · ".join(f"{x}:\u00a0{percent(p)}" for x, p in shown)


def list_cell(entry) -> str:
    mark = labels.held_mark(shown_parties.get(entry.party), constituency.region)
    return escape_markdown(short(entry.list_name, constituency) + mark)


lists = constituency.lists
# Six columns, so that a phone shows the table whole; the probabilities follow in their own table.
st.table(
    {
        "List": [list_cell(e) for e in lists],
        "Last": [e.last_result for e in lists],
        "Median": [e.seats.median for e in lists],
        "90%": [seat_interval_cell(e.seats, 90) for e in lists],
        "P(gain)": [percent_cell(e.seats.at_least(e.last_result + 1).value) for e in lists],
        "P(loss)": [percent_cell(e.seats.at_most(e.last_result - 1).value) for e in lists],
    },
    hide_index=True,
)
st.caption(
    "Last: seats won at the last election. 90 %: seat interval. P(gain) / P(loss): more / fewer seats than last time."
)
show.uncertainty_caption(result)
held = labels.held_note(
    result,
    [(short(e.list_name, constituency), shown_parties[e.party]) for e in lists if e.party in shown_parties],
    constituency.region,
)
if held:
    st.caption(escape_markdown(held))
st.table(
    {
        "List": [list_cell(e) for e in lists],
        "Seats: probability": [probabilities(e.seats) for e in lists],
    },
    hide_index=True,
)
st.caption(f"Every seat count with a probability of at least {100 * SHOWN_PROBABILITY:g} %.")
