"""Seats: the seat table, the Chamber at the expected seats, and every party's seat PMF."""

import streamlit as st

from engine.figures import hemicycle, seat_pmf_figure
from ui import show, state

st.title("Seats")
result = state.result()
show.scenario_caption(result)

st.table(
    {
        "Party": [p.abbreviation for p in result.parties],
        "Last": [p.last_result for p in result.parties],
        "Median": [p.seats.median for p in result.parties],
        **{f"{level}%": [show.interval(p.seats.interval(level)) for p in result.parties] for level in (80, 90, 95, 99)},
        "P(gain)": [show.percent(p.probability_of_gain.value) for p in result.parties],
        "P(0)": [show.percent(p.probability_of_no_seat.value) for p in result.parties],
    },
    hide_index=True,
)
if result.families:
    # PVDA and PTB are one party that runs two lists (Flanders; Wallonia and Brussels).
    families = result.families
    party_names = {p.key: p.abbreviation for p in result.parties}
    st.table(
        {
            "Party": [f"{f.name} combined ({' + '.join(party_names[k] for k in f.parties)})" for f in families],
            "Last": [f.last_result for f in families],
            "Median": [f.seats.median for f in families],
            **{f"{level}%": [show.interval(f.seats.interval(level)) for f in families] for level in (80, 90, 95, 99)},
            "P(gain)": [show.percent(f.seats.at_least(f.last_result + 1).value) for f in families],
            "P(0)": [show.percent(f.seats.at_most(0).value) for f in families],
        },
        hide_index=True,
    )
st.caption(
    f"Last: seats at the {result.model.baseline.id} election. Median, and 80 % to 99 % intervals of the "
    "seats in the simulations. P(gain): more seats than last time. P(0): no seat at all."
    + (
        f" {' and '.join(f.name for f in result.families)}: one party that runs two lists; the last row "
        "adds them up in every simulation (it is not an extra party)."
        if result.families
        else ""
    )
)

st.subheader("The Chamber")
show.chart(hemicycle(result), key="hemicycle")
st.caption(
    "Expected seats, rounded to a 150-seat Chamber (largest remainders). A plausible picture, not a "
    "forecast of the exact seats: the medians in the table need not add up to 150."
)

st.subheader("Seats per party")
st.caption("Probability of each seat count. Solid line: median; dotted line: last election.")
parties = result.parties
for row in range(0, len(parties), 2):  # row by row, so that a phone stacks them in table order
    for column, p in zip(st.columns(2), parties[row : row + 2], strict=False):
        with column:
            show.chart(seat_pmf_figure(p.seats, p.colour, p.last_result, title=p.name), key=f"pmf:{p.key}")
