"""Voting intentions: national and regional vote shares with their intervals."""

import streamlit as st

from engine import INTERVAL_LEVELS, REGIONS
from engine.figures import vote_share_figure
from engine.formatting import UNBREAKABLE_DASH, share_interval
from ui import labels, runs, show

st.title("Voting intentions")
result = runs.result()
show.scenario_caption(result)

AREAS = ("national", *REGIONS)
area = st.radio(
    "Area",
    AREAS,
    format_func=lambda a: "Belgium" if a == "national" else labels.region_name(a),
    horizontal=True,
    key="area",
)
if area == "national":
    rows = [(p, p.vote_share, p.last_vote_share) for p in result.parties]
    st.caption(
        "National shares weight each region by its share of the valid votes at the "
        f"{labels.election_date(result)} election."
    )
else:
    # A party missing from last_regional_vote_share did not run in the region last time.
    rows = [
        (p, p.regional_vote_share[area], p.last_regional_vote_share.get(area))
        for p in result.parties
        if area in p.regional_vote_share
    ]
    if area not in result.poll.covered_regions:
        st.info(
            f"This poll does not cover {labels.region_name(area)}: it keeps its {labels.election_date(result)} "
            "election result, so these shares have no uncertainty."
        )

show.chart(
    vote_share_figure(
        [(p.abbreviation, p.colour, s.estimate, s.intervals[80], s.intervals[95], last) for p, s, last in rows]
    ),
    key=f"shares:{area}",
)
where = "" if area == "national" else f" in {labels.region_name(area)}"
st.caption(
    "Dot: estimate (median of the simulations). Thick bar: 80 % interval; thin bar: 95 % interval. "
    f"Tick: {result.model.baseline.date:%Y} election result{where}."
)
table = {"Party": [p.name for p, _, _ in rows]}
table[f"{result.model.baseline.date:%Y} election"] = [
    f"{last:.1f}%" if last is not None else "did not run" for _, _, last in rows
]
table["Estimate"] = [f"{s.estimate:.1f}%" for _, s, _ in rows]
for level in INTERVAL_LEVELS:
    table[f"{level}% interval"] = [
        share_interval(s.intervals[level], dash=UNBREAKABLE_DASH, unit="") for _, s, _ in rows
    ]
st.table(table, hide_index=True)
