"""Voting intentions: national and regional vote shares with their intervals."""

import streamlit as st

from engine import INTERVAL_LEVELS, REGIONS
from engine.figures import vote_share_figure
from engine.formatting import UNBREAKABLE_DASH, and_list, escape_figure_text, escape_markdown, share_interval
from ui import labels, runs, show

st.title("Voting intentions")
result = runs.result()
show.scenario_caption(result)

# The main table keeps to four columns so that a phone shows it whole; the other intervals follow
# in their own table.
MAIN_LEVEL = 90

AREAS = ("national", *REGIONS)
area = st.radio(
    "Area",
    AREAS,
    format_func=lambda a: "Belgium" if a == "national" else labels.region_name(a),
    horizontal=True,
    key="area",
)
region = None if area == "national" else area
if region is None:
    rows = [(p, p.vote_share, p.last_vote_share) for p in result.parties]
    st.caption(
        "National shares weight each region by its share of the valid votes at the "
        f"{labels.election_date(result)} election."
    )
else:
    # A party missing from last_regional_vote_share did not run in the region last time.
    rows = [
        (p, p.regional_vote_share[region], p.last_regional_vote_share.get(region))
        for p in result.parties
        if region in p.regional_vote_share
    ]
    if region not in result.poll.covered_regions:
        st.info(
            f"This poll does not cover {labels.region_name(region)}: it keeps its {labels.election_date(result)} "
            "election result, so these shares have no uncertainty."
        )


def figure_label(p) -> str:
    return escape_figure_text(p.abbreviation + labels.held_mark(p, region))


show.chart(
    vote_share_figure(
        [(figure_label(p), p.colour, s.estimate, s.intervals[80], s.intervals[95], last) for p, s, last in rows]
    ),
    key=f"shares:{area}",
)
where = "" if region is None else f" in {labels.region_name(region)}"
st.caption(
    "Dot: estimate (median of the simulations). Thick bar: 80 % interval; thin bar: 95 % interval. "
    f"Tick: {result.model.baseline.date:%Y} election result{where}."
)
show.uncertainty_caption(result)


def party_cell(p) -> str:
    return escape_markdown(p.name + labels.held_mark(p, region))


def interval_cell(share, level: int) -> str:
    return share_interval(share.intervals[level], dash=UNBREAKABLE_DASH, unit="")


last_election = f"{result.model.baseline.date:%Y} election"
st.table(
    {
        "Party": [party_cell(p) for p, _, _ in rows],
        last_election: [f"{last:.1f}%" if last is not None else "did not run" for _, _, last in rows],
        "Estimate": [f"{s.estimate:.1f}%" for _, s, _ in rows],
        f"{MAIN_LEVEL}% interval": [interval_cell(s, MAIN_LEVEL) for _, s, _ in rows],
    },
    hide_index=True,
)
held = labels.held_note(result, [(p.name, p) for p, _, _ in rows], region)
if held:
    st.caption(escape_markdown(held))
with st.expander("Other intervals"):
    other_levels = [level for level in INTERVAL_LEVELS if level != MAIN_LEVEL]
    st.table(
        {
            "Party": [party_cell(p) for p, _, _ in rows],
            **{f"{level}%": [interval_cell(s, level) for _, s, _ in rows] for level in other_levels},
        },
        hide_index=True,
    )
    st.caption(
        f"{and_list([f'{level} %' for level in other_levels])} intervals: the range of the share, in percent, "
        "in that share of the simulations."
    )
