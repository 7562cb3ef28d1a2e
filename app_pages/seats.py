"""Seats: the seat table, the Chamber at the expected seats, and every party's seat PMF."""

import pandas as pd
import streamlit as st

from engine import INTERVAL_LEVELS
from engine.figures import hemicycle, seat_pmf_figure
from engine.formatting import UNBREAKABLE_DASH, percent_cell, seat_interval
from ui import labels, runs, show

st.title("Seats")
result = runs.result()
show.scenario_caption(result)


def seat_row(label: str, last: int, seats) -> dict[str, object]:
    return {
        "Party": label,
        "Last": last,
        "Median": seats.median,
        # The ranges never break across lines in a narrow table cell.
        **{f"{level}%": seat_interval(seats.interval(level), dash=UNBREAKABLE_DASH) for level in INTERVAL_LEVELS},
        "P(gain)": percent_cell(seats.at_least(last + 1).value),
        "P(0)": percent_cell(seats.at_most(0).value),
    }


rows = [seat_row(p.abbreviation, p.last_result, p.seats) for p in result.parties]
# PVDA and PTB are one party that runs two lists (Flanders; Wallonia and Brussels): their sum,
# simulation by simulation, goes below the parties, set apart in italics.
abbreviations = {p.key: p.abbreviation for p in result.parties}
family_rows = [
    seat_row(f"{f.name} combined ({' + '.join(abbreviations[k] for k in f.parties)})", f.last_result, f.seats)
    for f in result.families
]
table = pd.DataFrame(rows + family_rows)
styled = table.style.apply(
    lambda row: ["font-style: italic; border-top: 2px solid #999" if row.name >= len(rows) else ""] * len(row),
    axis=1,
)
st.table(styled, hide_index=True)
st.caption(
    f"Last: seats at the {labels.election_date(result)} election. Median, and 80 % to 99 % intervals of the "
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
