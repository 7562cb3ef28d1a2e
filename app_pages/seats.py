"""Seats: the seat table, the Chamber at the expected seats (how sure each seat is, or the plain
plan), and every party's seat PMF."""

import pandas as pd
import streamlit as st

from engine import INTERVAL_LEVELS
from engine.defaults import LIKELY_SEAT_PROBABILITY, SAFE_SEAT_PROBABILITY
from engine.formatting import (
    HELD_MARK,
    and_list,
    escape_markdown,
    percent_cell,
    percent_number,
    seat_interval_cell,
)
from engine.i18n import _, pgettext
from ui import charts, labels, plan_view, runs, show

st.title(_("Seats"))
result = runs.result()
show.scenario_caption(result)

# The main table keeps to six columns so that a phone shows it whole; the other intervals follow
# in their own table.
MAIN_LEVEL = 90


def seat_row(label: str, row) -> dict[str, object]:
    """One party's (or family's) line: its PartyResult or FamilyResult `row`."""
    last, seats = row.last_result, row.seats
    return {
        _("Party"): escape_markdown(label),
        pgettext("table column", "Last"): last,
        pgettext("table column", "Median"): seats.median,
        percent_number(MAIN_LEVEL): seat_interval_cell(seats, MAIN_LEVEL),
        _("P(gain)"): percent_cell(row.probability_of_gain.value),
        _("P(0)"): percent_cell(row.probability_of_no_seat.value),
    }


def interval_row(label: str, seats) -> dict[str, object]:
    return {
        _("Party"): escape_markdown(label),
        **{percent_number(level): seat_interval_cell(seats, level) for level in INTERVAL_LEVELS if level != MAIN_LEVEL},
    }


def party_label(p) -> str:
    return p.abbreviation + labels.held_mark(p)


# PVDA and PTB are one party that runs two lists (Flanders; Wallonia and Brussels): their sum,
# simulation by simulation, goes below the parties, set apart in italics.
abbreviations = {p.key: p.abbreviation for p in result.parties}
families = [
    (_("{family} combined ({lists})").format(family=f.name, lists=" + ".join(abbreviations[k] for k in f.parties)), f)
    for f in result.families
]


def set_apart_families(table: pd.DataFrame):
    return table.style.apply(
        lambda row: (
            ["font-style: italic; border-top: 2px solid #999" if row.name >= len(result.parties) else ""] * len(row)
        ),
        axis=1,
    )


rows = [seat_row(party_label(p), p) for p in result.parties]
rows += [seat_row(label, f) for label, f in families]
st.table(set_apart_families(pd.DataFrame(rows)), hide_index=True)
caption = _(
    "Last: seats at the {date} election. Median, and {level} % interval of the seats in the simulations. "
    "P(gain): more seats than last time. P(0): no seat at all."
).format(date=labels.election_date(result), level=MAIN_LEVEL)
if result.families:
    caption += " " + _(
        "{families}: one party that runs two lists; the last row adds them up in every simulation (it is not an "
        "extra party)."
    ).format(families=and_list(escape_markdown(f.name) for f in result.families))
st.caption(caption)
held = labels.held_note(result, [(p.abbreviation, p) for p in result.parties])
if held:
    st.caption(escape_markdown(held))
show.uncertainty_caption(result)
with st.expander(_("Other seat intervals")):
    intervals = [interval_row(party_label(p), p.seats) for p in result.parties]
    intervals += [interval_row(label, f.seats) for label, f in families]
    st.table(set_apart_families(pd.DataFrame(intervals)), hide_index=True)
    other_levels = and_list([_("{level} %").format(level=level) for level in INTERVAL_LEVELS if level != MAIN_LEVEL])
    st.caption(
        _("{levels} intervals: the range of seats in that share of the simulations.").format(levels=other_levels)
    )

st.subheader(_("The Chamber"))
if plan_view.selector() == plan_view.CERTAINTY:
    fig, graphic = charts.seating_plan(result)
    show.chart(fig, "seating_plan", graphic=graphic)
    st.caption(
        _(
            "Each party has its expected seats, rounded to a 150-seat Chamber (largest remainders). A seat is safe "
            "when the party wins at least that many seats in {safe} of the simulations, likely in {likely}, a "
            "toss-up below; a party's safest seats sit in front. A plausible picture, not a forecast of the exact "
            "seats."
        ).format(safe=percent_number(100 * SAFE_SEAT_PROBABILITY), likely=percent_number(100 * LIKELY_SEAT_PROBABILITY))
    )
else:
    fig, graphic = charts.plain_plan(result)
    show.chart(fig, "hemicycle", graphic=graphic)
    st.caption(
        _(
            "Expected seats, rounded to a 150-seat Chamber (largest remainders). A plausible picture, not a "
            "forecast of the exact seats: the medians in the table need not add up to 150."
        )
    )

st.subheader(_("Seats per party"))
caption = _("Probability of each seat count. Solid line: median; dotted line: last election.")
if held:
    caption += " " + _("{mark}: held at the last result where the poll does not name the party (see above).").format(
        mark=HELD_MARK
    )
st.caption(caption)
parties = result.parties
for row in range(0, len(parties), 2):  # row by row, so that a phone stacks them in table order
    for column, p in zip(st.columns(2), parties[row : row + 2], strict=False):
        with column:
            fig, graphic = charts.party_seats(result, p)
            show.chart(fig, f"pmf:{p.key}", graphic=graphic)
