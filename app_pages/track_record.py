"""Track record: how good was the projection of the 2024 election from the 2019 one?

Every number here comes from `engine.track_record` (cached in `ui.cache`, 2^18 simulations per
backtest); this page only presents them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine import (
    DEFAULT_CONSTITUENCY_NOISE,
    DEFAULT_SIMULATIONS,
    DEFAULT_SWING,
    INTERVAL_LEVELS,
    MAJORITY,
    REGION_NAMES,
    REGIONS,
    SWING_MODELS,
)
from engine import track_record as track
from engine.figures import calibration_figure, projected_vs_actual_figure
from engine.formatting import escape_figure_text, escape_markdown, long_date, seat_interval
from ui import cache, labels, show


def _percent(probability) -> str:
    return "—" if probability is None else f"{100 * probability.value:.1f} %"


library = cache.library()
election_date = library.elections[track.ELECTION].date
baseline_date = library.elections[track.BASELINE].date


st.title("Track record")
st.markdown(
    f"""
How much can you trust a seat projection? We went back to the eve of the
{long_date(election_date)} election: the model started from the {long_date(baseline_date)} result, as it would have
then, and projected the Chamber from what was known. Then we compared it with the seats the
parties actually won.

- **Perfect poll**: we fed the model the real {election_date:%Y} vote shares of each region, as if a
  poll had been exactly right. Whatever is still wrong is the model's own error: it has to guess
  how a region's swing spreads over its constituencies.
- **Published polls**: every poll whose fieldwork ended in the month before the election. This is
  the error you face when you quote a projection: the poll's error plus the model's.
"""
)

swings = list(SWING_MODELS)
noises = list(track.CONSTITUENCY_NOISE_LEVELS)
left, right = st.columns(2)
swing = left.radio(
    "Swing model",
    swings,
    index=swings.index(DEFAULT_SWING),
    horizontal=True,
    help="multiplicative: each list keeps its share of the region's vote for its party (the default); "
    "additive: every constituency moves by the same number of points.",
)
noise = right.select_slider(
    "Local noise on the swing",
    options=sorted(set(noises) | {DEFAULT_CONSTITUENCY_NOISE}),
    value=DEFAULT_CONSTITUENCY_NOISE,
    help="How much a constituency may deviate from its region's swing (standard deviation of a "
    "log-normal factor per list and constituency). 0 = the swing is the same everywhere.",
)
runs = cache.track_record(swing, noise)
perfect = next(run for run in runs if run.perfect)
polls = [run for run in runs if not run.perfect]

st.markdown("**Seats off**: the sum over lists of |projected median − seats won| (lower is better).")
with st.container(horizontal=True, gap="medium"):
    for run in runs:
        st.metric(
            escape_markdown(labels.backtest_name(run)),
            run.total_error,
            help=f"out of {run.seats_scored} seats",
            width="content",
        )

formed = ", ".join(
    escape_markdown(labels.backtest_name(run)) + ": " + _percent(run.coalition_majority)
    for run in runs
    if run.coalition_majority
)
st.markdown(
    f"**{escape_markdown(perfect.coalition_name)}**, the coalition that was formed, won {perfect.coalition_actual_seats} seats. "
    f"The probability the model gave it of a majority ({MAJORITY} seats or more): {formed}."
)

st.subheader("Projected against actual, list by list")
run = runs[st.selectbox("Backtest", range(len(runs)), format_func=lambda i: labels.backtest_name(runs[i]))]
if run.regions != REGIONS:
    st.info(
        "This poll covers only " + ", ".join(REGION_NAMES[r] for r in run.regions) + ": it is scored on the "
        "seats of that region only."
    )
show.chart(projected_vs_actual_figure(run, title=escape_figure_text(labels.backtest_name(run))))
table = pd.DataFrame(
    [
        {
            "List": e.name,
            "Won": e.actual,
            "Median": e.median,
            "Off by": e.error,
            **{f"{level} %": seat_interval(e.interval(level)) for level in INTERVAL_LEVELS},
            "Inside": labels.narrowest_interval_inside(e),
        }
        for e in run.lists
    ]
)
# Tall enough for every list: no scrolling inside the table.
st.dataframe(
    table,
    hide_index=True,
    height=35 * (len(table) + 1) + 3,
    column_config={"List": st.column_config.TextColumn(pinned=True)},  # stays in view on a phone
)
st.caption(
    "Won: seats won; Median: projected median; 80 % … 99 %: projected seat intervals; Inside: the "
    "narrowest of these intervals that contained the seats won."
)

st.subheader("Calibration: are the intervals honest?")
st.markdown(
    "An 80 % interval should contain the result about 8 times in 10. Points below the dotted line "
    "mean the intervals were too narrow: the model was more sure of itself than it should have been."
)
show.chart(calibration_figure({"Perfect poll": [perfect], "Published polls": polls}))
inside = ", ".join(f"{level} %: {n} of {len(perfect.lists)}" for level, n in perfect.calibration.items())
st.caption(f"Perfect poll, lists whose result fell inside the interval: {inside}.")

with st.expander("Which swing model does best? (all models compared)"):
    st.markdown(
        "Each row runs the whole track record with one swing model and one level of local noise. "
        "Lower errors are better; the calibration counts should be close to 80/90/95/99 % of the lists; "
        "the log score (higher is better) rewards intervals that are both narrow and right."
    )
    if st.toggle("Run the comparison", value=False):
        rows = []
        for score in cache.model_comparison():
            rows.append(
                {
                    "swing": score.swing,
                    "local noise": score.constituency_noise,
                    "perfect poll: seats off": score.perfect.total_error,
                    **{f"perfect poll inside {lv} %": n for lv, n in score.perfect.calibration.items()},
                    "perfect poll log score": round(score.perfect.mean_log_score, 2),
                    "polls: seats off (mean)": round(score.poll_error, 1),
                    **{f"polls inside {lv} %": n for lv, n in score.poll_calibration.items()},
                    "lists scored (polls)": score.poll_lists,
                    "polls log score": round(score.poll_log_score, 2),
                }
            )
        # The model's settings stay in view while a phone scrolls through the scores.
        pinned = st.column_config.Column(pinned=True)
        st.dataframe(pd.DataFrame(rows), hide_index=True, column_config={"swing": pinned, "local noise": pinned})

st.caption(
    f"Each backtest on this page runs {cache.BACKTEST_SIMULATIONS:,} simulations (our published track record "
    f"uses {DEFAULT_SIMULATIONS:,}). Seats won are computed by D'Hondt from the official votes."
)
