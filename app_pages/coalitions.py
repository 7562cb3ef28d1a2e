"""Coalitions: every preset by majority probability, and a builder for any set of parties."""

import streamlit as st

from engine import CHAMBER_SEATS, INTERVAL_LEVELS, MAJORITY
from engine.figures import coalition_pmf_figure
from engine.formatting import (
    escape_markdown,
    percent,
    percent_cell,
    probability_with_error,
    seat_interval,
    seat_interval_cell,
)
from ui import cache, coalition, labels, runs, session, show

st.title("Coalitions")
result = runs.result()
show.scenario_caption(result)
# The same scenario with the sampling error only, for comparison (unless it is that already;
# None until it has run).
compares = runs.compares_sampling_only()
comparison = runs.sampling_only()
library = cache.library()
st.info(
    f"**Majority** is the probability that the parties together hold at least {MAJORITY} of the "
    f"{CHAMBER_SEATS} seats: an arithmetical majority, not the chance that the coalition forms.",
    icon=":material/info:",
)

day = result.poll.fieldwork_end
st.subheader("Build a coalition")
coalition.mirror_widget()
st.multiselect(
    "Parties",
    coalition.party_options(),
    key=coalition.COALITION_WIDGET,
    format_func=lambda k: library.parties[k].abbreviation_on(day),
    on_change=coalition.on_coalition,
    placeholder="Choose parties",
)
st.selectbox(
    "…or start from a preset",
    coalition.preset_names(),
    index=None,
    key=coalition.PRESET_WIDGET,
    on_change=coalition.on_preset,
    placeholder="Choose a preset coalition",
)
if session.coalition():
    built = coalition.chosen(result)
    with st.container(horizontal=True):
        st.metric(
            f"Majority (≥ {MAJORITY} seats)",
            percent(built.majority_probability.value),
            help=f"Monte Carlo standard error: {100 * built.majority_probability.standard_error:.2f} percentage points",
        )
        if compares:
            st.metric(
                "Sampling error only",
                labels.sampling_only_value(coalition.chosen(comparison).majority_probability.value if comparison else None),
                help="The majority if the poll erred only by the chance of who was asked, as the published "
                "analyses assume: Belgian polls have missed by more, so this figure is too sure.",
            )
        st.metric("Median seats", built.seats.median, help=f"Last election: {built.last_result}")
        st.metric("90% interval", seat_interval(built.seats.interval(90)))
        st.metric("Dutch-language group majority", percent(built.dutch_majority_probability.value))
    show.uncertainty_caption(result)
    show.chart(coalition_pmf_figure(built.seats), key="coalition_pmf")
    st.caption(
        f"{escape_markdown(built.name)}: probability of each seat total. Bars at {MAJORITY} seats or more are a majority."
    )
else:
    st.caption("Choose at least one party.")

st.subheader("Preset coalitions")
coalitions = result.coalitions
sampling_only = {c.parties: c.majority_probability.value for c in comparison.coalitions} if comparison else {}


def sampling_only_cell(parties) -> str:
    """The coalition's sampling-only majority, below its own in grey ("…" while it runs)."""
    return f"  \n:gray[({escape_markdown(labels.sampling_only_value(sampling_only.get(parties)))})]"


def members(parties) -> str:
    return " · ".join(escape_markdown(library.parties[k].abbreviation_on(day)) for k in parties)


# Name and parties share a cell (parties on a second line): the table then has few enough
# columns to stay readable on a phone.
st.table(
    {
        "Coalition": [f"**{escape_markdown(c.name)}**  \n{members(c.parties)}" for c in coalitions],
        "Last": [c.last_result for c in coalitions],
        "Median": [c.seats.median for c in coalitions],
        "90%": [seat_interval_cell(c.seats, 90) for c in coalitions],
        # The sampling-only figure below the scenario's, in grey: one column, so the table still
        # fits a phone.
        "Majority": [
            percent_cell(c.majority_probability.value)
            + (sampling_only_cell(c.parties) if compares else "")
            for c in coalitions
        ],
        "Dutch group": [percent_cell(c.dutch_majority_probability.value) for c in coalitions],
    },
    hide_index=True,
)
st.caption(
    "Sorted by majority probability. Last: seats at the last election; 90 %: seat interval; "
    + ("Majority: below in brackets, with sampling error only; " if compares else "")
    + "Dutch group: probability of a majority of the Dutch-language group (Flemish seats plus "
    "Brussels seats of Dutch-speaking lists)."
)
show.uncertainty_caption(result)
with st.expander("Other seat intervals and the Monte Carlo error"):
    st.table(
        {
            "Coalition": [escape_markdown(c.name) for c in coalitions],
            # The levels the main table does not show.
            **{
                f"{level}%": [seat_interval_cell(c.seats, level) for c in coalitions]
                for level in INTERVAL_LEVELS
                if level != 90
            },
            "Majority ± s.e.": [
                probability_with_error(c.majority_probability.value, c.majority_probability.standard_error)
                for c in coalitions
            ],
        },
        hide_index=True,
    )
    st.caption(
        "± s.e.: the Monte Carlo standard error of the majority probability, in percentage points "
        "(how much the figure could move with another seed)."
    )
