"""Track record: how good were the projections of 2019 (from 2014) and 2024 (from 2019)?

Every number here comes from `engine.track_record` (`coverage_scores`, cached in `ui.cache`, 2^18
simulations per backtest); this page only presents them.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from engine import (
    DEFAULT_CONSTITUENCY_NOISE,
    DEFAULT_SIMULATIONS,
    DEFAULT_SWING,
    HISTORICAL,
    INTERVAL_LEVELS,
    MAJORITY,
    NO_POLLING_ERROR,
    REGION_NAMES,
    REGIONS,
)
from engine import track_record as track
from engine.figures import calibration_figure, projected_vs_actual_figure
from engine.formatting import and_list, escape_figure_text, escape_markdown, long_date, seat_interval
from ui import cache, labels, show

# What the polls got wrong, in the words of docs/track-record.md (the shares are checked against
# data/ by tests/test_backtest.py).
WHAT_WENT_WRONG = {
    "2019-05-26": "The last polls we hold before this election were taken in December 2018, five months "
    "before it. They missed the late surge of Vlaams Belang (8–12 % in Flanders in the polls, 18.6 % "
    "on election day) and had N-VA (28–30 %, against 25.5 %) and Groen too high.",
    "2024-06-09": "The polls overstated Vlaams Belang (26–27 % in Flanders, against 21.8 % on election "
    "day) and understated N-VA in Flanders (20–21 %, against 25.6 %) and MR in Wallonia (23 %, against "
    "28.2 %).",
}
MODEL_NAMES = {HISTORICAL: "with the polling error", NO_POLLING_ERROR: "sampling error only"}
VERDICTS = {
    track.HONEST: "honest",
    track.TOO_CAUTIOUS: "a little too cautious (too wide)",
    track.TOO_CONFIDENT: "too sure of themselves (too narrow)",
}
SHORT_VERDICTS = {track.HONEST: "honest", track.TOO_CAUTIOUS: "too wide", track.TOO_CONFIDENT: "too narrow"}


def _percent(probability) -> str:
    return "—" if probability is None else f"{100 * probability.value:.1f} %"


def _year(election: str) -> str:
    return election[:4]


def _inside(score: track.ModelScore, level: int) -> str:
    return f"{100 * score.poll_coverage(level):.0f} % ({score.poll_calibration[level]}/{score.poll_lists})"


library = cache.library()
scores = cache.coverage(cache.BACKTEST_SIMULATIONS)
score_of = {(s.election, s.polling_error): s for s in scores}
baseline_of = {election: baseline for baseline, election in track.SCORED_ELECTIONS}
elections = [election for _, election in track.SCORED_ELECTIONS][::-1]  # the latest first

st.title("Track record")
st.markdown(
    """
How much can you trust a seat projection? We went back to the eve of two elections, 2019 and
2024. Each time the model started from the result of the election before, as it would have then,
and projected the Chamber from the polls one could read. Then we compared it with the seats the
parties actually won.

- **Perfect poll**: we fed the model the real vote shares of each region, as if a poll had been
  exactly right. Whatever is still wrong is the model's own error: it has to guess how a region's
  swing spreads over its constituencies.
- **Final polls**: the last polls before the election. This is the error you face when you quote
  a projection: the poll's error plus the model's.
"""
)

election = st.radio(
    "Election",
    elections,
    format_func=lambda e: f"{long_date(library.elections[e].date)} (from {_year(baseline_of[e])})",
    horizontal=True,
)
with_error = score_of[(election, HISTORICAL)]
sampling_only = score_of[(election, NO_POLLING_ERROR)]
runs = with_error.backtests
perfect = with_error.perfect
other_years = and_list(_year(e) for e in elections if e != election)

st.markdown(f"**What went wrong.** {WHAT_WENT_WRONG[election]}")
st.info(
    f"The polling error used for the {_year(election)} projections was fitted without the "
    f"{_year(election)} election: on the polls before the {other_years} election only. The model "
    "knew nothing of the result it is scored on.",
    icon=":material/visibility_off:",
)

st.markdown("**Seats off**: the sum over lists of |projected median − seats won| (lower is better).")
with st.container(horizontal=True, gap="medium"):
    for run in runs:
        st.metric(
            escape_markdown(labels.backtest_name(run)),
            run.total_error,
            help=f"out of {run.seats_scored} seats",
            width="content",
        )


sampling_majority = {run.poll_id: run.coalition_majority for run in sampling_only.full_polls}
st.markdown(
    f"**{escape_markdown(perfect.coalition_name)}**, the coalition formed after the election, won "
    f"{perfect.coalition_actual_seats} seats. The probability the model gave it of a majority ({MAJORITY} seats "
    "or more):\n"
    + "".join(
        f"\n- {escape_markdown(labels.backtest_name(run))}: **{_percent(run.coalition_majority)}** "
        f"(sampling error only: {_percent(sampling_majority[run.poll_id])})"
        for run in with_error.full_polls
    )
)

st.subheader("Are the probabilities honest?")
st.markdown(
    "An 80 % interval should contain the result about 8 times in 10. Over the 33 to 35 results of "
    "one election's final polls, we call the intervals honest when the 80 % intervals contain 70 to "
    "90 % of the results and the 90 % intervals 80 to 97 %. *With the polling error* is what this "
    "dashboard shows; *sampling error only* is how polls are usually read."
)
table = pd.DataFrame(
    [
        {
            "Election, error counted": f"{_year(s.election)}, {MODEL_NAMES[s.polling_error]}",
            **{f"inside {level} %": _inside(s, level) for level in INTERVAL_LEVELS},
            "log score": f"{s.poll_log_score:.2f}",
            "verdict": SHORT_VERDICTS[s.coverage_verdict],
        }
        for s in scores
    ]
)
st.dataframe(
    table,
    hide_index=True,
    column_config={"Election, error counted": st.column_config.TextColumn(pinned=True)},
)
st.caption(
    "Inside L %: the share (and number) of the final polls' lists whose seats won fell inside their "
    "L % interval. Log score: the average log10 of the probability the model gave the seats won; "
    "higher is better, and it punishes intervals that are too wide as well as too narrow."
)
st.markdown(
    f"In {_year(election)}, with the polling error, the intervals were "
    f"**{VERDICTS[with_error.coverage_verdict]}**: {100 * with_error.poll_coverage(80):.0f} % of the results "
    f"fell inside their 80 % interval and {100 * with_error.poll_coverage(90):.0f} % inside their 90 % "
    f"interval. With the sampling error only they were **{VERDICTS[sampling_only.coverage_verdict]}**: "
    f"{100 * sampling_only.poll_coverage(80):.0f} % and {100 * sampling_only.poll_coverage(90):.0f} %."
)
show.chart(
    calibration_figure(
        {MODEL_NAMES[HISTORICAL]: with_error.polls, MODEL_NAMES[NO_POLLING_ERROR]: sampling_only.polls},
        targets=track.COVERAGE_TARGETS,
        title=f"{_year(election)}, final polls: results inside the interval",
    )
)
st.caption(
    "Points below the dotted line: the intervals were too narrow, the model more sure of itself than "
    "it should have been. Above it: too wide. The grey bars are the honest range."
)

st.subheader("Projected against actual, list by list")
run = runs[st.selectbox("Backtest", range(len(runs)), format_func=lambda i: labels.backtest_name(runs[i]))]
if run.perfect:
    st.markdown(
        "The perfect poll is the election's own result, with neither sampling nor polling error: "
        "what is left is the model's error."
    )
else:
    samples = library.polls[run.poll_id].regions
    sizes = "; ".join(
        f"{REGION_NAMES[rp.region]}, {rp.sample_size:,} respondents counted as {run.effective_sample_size[rp.region]:,.0f}"
        for rp in samples
    )
    days = (library.elections[election].date - run.fieldwork_end).days
    st.markdown(
        f"Taken {days} days before the election, this poll counts, with the polling error, as a much smaller "
        f"one: {sizes}."
    )
if run.regions != REGIONS:
    st.info(
        "This poll covers only " + ", ".join(REGION_NAMES[r] for r in run.regions) + ": it is scored on the "
        "seats of that region only."
    )
show.chart(projected_vs_actual_figure(run, title=escape_figure_text(labels.backtest_name(run))))
lists = pd.DataFrame(
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
    lists,
    hide_index=True,
    height=35 * (len(lists) + 1) + 3,
    column_config={"List": st.column_config.TextColumn(pinned=True)},  # stays in view on a phone
)
st.caption(
    "Won: seats won; Median: projected median; 80 % … 99 %: projected seat intervals, with the polling "
    "error (none for the perfect poll); Inside: the narrowest of these intervals that contained the seats won."
)

with st.expander("Which swing model does best? (2024, all models compared)"):
    st.markdown(
        "Each row runs the whole 2024 track record with one swing model and one level of local noise. "
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
    f"uses {DEFAULT_SIMULATIONS:,}), with the dashboard's default model: {DEFAULT_SWING} swing, local "
    f"noise {DEFAULT_CONSTITUENCY_NOISE:g}. Seats won are computed by D'Hondt from the official votes."
)
