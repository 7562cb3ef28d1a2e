"""Track record: how good was the projection of the 2024 election from the 2019 one?

Every number here comes from `engine.backtest` (2^18 simulations per backtest, cached); this page
only presents them.
"""

from __future__ import annotations

from dataclasses import fields

import pandas as pd
import streamlit as st

from engine import Scenario, load_library
from engine import backtest as track
from engine.domain import INTERVAL_LEVELS, REGION_NAMES
from engine.figures_backtest import calibration_figure, projected_vs_actual_figure

# 2^18 simulations: the seat medians and intervals of a backtest are stable at this size (the
# docs use 2^20), and a whole track record takes a few seconds, once per server.
PAGE_SIMULATIONS = 2**18
SCENARIO_DEFAULTS = {f.name: f.default for f in fields(Scenario)}


@st.cache_resource
def _library():
    return load_library()


@st.cache_data(show_spinner="Running the backtests (a few seconds, once)…")
def _track_record(swing: str, constituency_noise: float) -> tuple[track.Backtest, ...]:
    return track.track_record(
        _library(), swing=swing, constituency_noise=constituency_noise, simulations=PAGE_SIMULATIONS
    )


@st.cache_data(show_spinner="Comparing swing models (about half a minute, once)…")
def _comparison() -> tuple[track.ModelScore, ...]:
    return track.compare_models(_library(), simulations=PAGE_SIMULATIONS)


def _percent(probability) -> str:
    return "—" if probability is None else f"{100 * probability.value:.1f} %"


st.title("Track record")
st.markdown(
    f"""
How much can you trust a seat projection? We went back to the eve of the
{track.ELECTION} election: the model started from the {track.BASELINE} result, as it would have
then, and projected the Chamber from what was known. Then we compared it with the seats the
parties actually won.

- **Perfect poll**: we fed the model the real {track.ELECTION} vote shares of each region, as if a
  poll had been exactly right. Whatever is still wrong is the model's own error: it has to guess
  how a region's swing spreads over its constituencies.
- **Published polls**: every poll whose fieldwork ended in the month before the election. This is
  the error you face when you quote a projection: the poll's error plus the model's.
"""
)

swings = list(track.SWING_MODELS)
noises = list(track.CONSTITUENCY_NOISE_LEVELS)
left, right = st.columns(2)
swing = left.radio(
    "Swing model",
    swings,
    index=swings.index(SCENARIO_DEFAULTS["swing"]),
    horizontal=True,
    help="multiplicative: each list keeps its share of the region's vote for its party (the default); "
    "additive: every constituency moves by the same number of points.",
)
default_noise = SCENARIO_DEFAULTS["constituency_noise"]
noise = right.select_slider(
    "Local noise on the swing",
    options=sorted(set(noises) | {default_noise}),
    value=default_noise,
    help="How much a constituency may deviate from its region's swing (standard deviation of a "
    "log-normal factor per list and constituency). 0 = the swing is the same everywhere.",
)
runs = _track_record(swing, noise)
perfect = next(run for run in runs if run.perfect)
polls = [run for run in runs if not run.perfect]

columns = st.columns(1 + len(polls))
columns[0].metric(
    "Perfect poll: seats off",
    perfect.total_error,
    help=f"Sum over lists of |projected median − seats won|, out of {perfect.seats_scored} seats.",
)
for column, run in zip(columns[1:], polls, strict=True):
    scope = "" if run.regions == track.REGIONS else " (" + ", ".join(REGION_NAMES[r] for r in run.regions) + ")"
    column.metric(f"{run.label}{scope}: seats off", run.total_error, help=f"out of {run.seats_scored} seats")

formed = ", ".join(run.label + ": " + _percent(run.coalition_majority) for run in runs if run.coalition_majority)
st.markdown(
    f"**{perfect.coalition_name}**, the coalition that was formed, won {perfect.coalition_actual_seats} seats. "
    f"The probability the model gave it of a majority (76 seats or more): {formed}."
)

st.subheader("Projected against actual, list by list")
choice = st.selectbox("Backtest", [run.label for run in runs])
run = next(r for r in runs if r.label == choice)
if run.regions != track.REGIONS:
    st.info(
        "This poll covers only " + ", ".join(REGION_NAMES[r] for r in run.regions) + ": it is scored on the "
        "seats of that region only."
    )
st.plotly_chart(projected_vs_actual_figure(run))
table = pd.DataFrame(
    [
        {
            "list": e.name,
            "seats won": e.actual,
            "projected median": e.median,
            "error": e.error,
            **{f"{level} % interval": "{}–{}".format(*e.interval(level)) for level in INTERVAL_LEVELS},
            **{f"inside {level} %": e.inside(level) for level in INTERVAL_LEVELS},
        }
        for e in run.lists
    ]
)
st.dataframe(table, hide_index=True)

st.subheader("Calibration: are the intervals honest?")
st.markdown(
    "An 80 % interval should contain the result about 8 times in 10. Points below the dotted line "
    "mean the intervals were too narrow: the model was more sure of itself than it should have been."
)
st.plotly_chart(
    calibration_figure({"Perfect poll": [perfect], "Published polls": polls}),
)
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
        for score in _comparison():
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
        st.dataframe(pd.DataFrame(rows), hide_index=True)

st.caption(
    f"Backtests run {PAGE_SIMULATIONS:,} simulations each on this page (the published tables in "
    "docs/track-record.md use 1,048,576). Seats won are computed by D'Hondt from the official votes."
)
