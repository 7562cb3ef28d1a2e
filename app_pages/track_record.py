"""Track record: how good was the projection of the 2024 election from the 2019 one?

Every number here comes from `engine.backtest` (2^18 simulations per backtest, cached); this page
only presents them.
"""

from __future__ import annotations

from dataclasses import fields

import pandas as pd
import streamlit as st

from engine import REGIONS, SWING_MODELS, Scenario, load_library
from engine import track_record as track
from engine.domain import INTERVAL_LEVELS, REGION_NAMES
from engine.figures import calibration_figure, projected_vs_actual_figure
from engine.formatting import long_date
from ui import show

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


def _name(run: track.Backtest) -> str:
    """ "Perfect poll" or "Cluster17, 31 May 2024" (the firm and the last day of fieldwork)."""
    if run.perfect:
        return run.label
    scope = "" if run.regions == REGIONS else " (" + ", ".join(REGION_NAMES[r] for r in run.regions) + " only)"
    return f"{_library().polls[run.poll_id].firm}, {long_date(run.fieldwork_end)}{scope}"


def _caught_by(entry: track.ListBacktest) -> str:
    """The narrowest interval that contained the seats won."""
    return next((f"{level} %" for level in INTERVAL_LEVELS if entry.inside(level)), "none")


election_date = _library().elections[track.ELECTION].date
baseline_date = _library().elections[track.BASELINE].date


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

st.markdown("**Seats off**: the sum over lists of |projected median − seats won| (lower is better).")
with st.container(horizontal=True, gap="medium"):
    for run in runs:
        st.metric(_name(run), run.total_error, help=f"out of {run.seats_scored} seats", width="content")

formed = ", ".join(_name(run) + ": " + _percent(run.coalition_majority) for run in runs if run.coalition_majority)
st.markdown(
    f"**{perfect.coalition_name}**, the coalition that was formed, won {perfect.coalition_actual_seats} seats. "
    f"The probability the model gave it of a majority (76 seats or more): {formed}."
)

st.subheader("Projected against actual, list by list")
run = runs[st.selectbox("Backtest", range(len(runs)), format_func=lambda i: _name(runs[i]))]
if run.regions != REGIONS:
    st.info(
        "This poll covers only " + ", ".join(REGION_NAMES[r] for r in run.regions) + ": it is scored on the "
        "seats of that region only."
    )
show.chart(projected_vs_actual_figure(run, title=_name(run)))
table = pd.DataFrame(
    [
        {
            "List": e.name,
            "Won": e.actual,
            "Median": e.median,
            "Off by": e.error,
            **{f"{level} %": "{}–{}".format(*e.interval(level)) for level in INTERVAL_LEVELS},
            "Inside": _caught_by(e),
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
