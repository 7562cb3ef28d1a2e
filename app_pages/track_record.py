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
from engine.defaults import ADDITIVE, MULTIPLICATIVE
from engine.figures import calibration_figure, projected_vs_actual_figure
from engine.figures.alt_text import calibration_alt_text, projected_vs_actual_alt_text
from engine.formatting import and_list, escape_figure_text, escape_markdown, long_date, number, seat_interval
from engine.i18n import N_, _, ngettext
from ui import cache, labels, show

# What the polls got wrong, in the words of docs/track-record.md (the shares are checked against
# data/ by tests/test_backtest.py; the translations quote the same numbers).
WHAT_WENT_WRONG = {
    "2019-05-26": N_(
        "The last polls we hold before this election were taken in December 2018, five months "
        "before it. They missed the late surge of Vlaams Belang (8–12 % in Flanders in the polls, 18.6 % "
        "on election day) and had N-VA (28–30 %, against 25.5 %) and Groen too high."
    ),
    "2024-06-09": N_(
        "The polls overstated Vlaams Belang (26–27 % in Flanders, against 21.8 % on election "
        "day) and understated N-VA in Flanders (20–21 %, against 25.6 %) and MR in Wallonia (23 %, against "
        "28.2 %)."
    ),
}
MODEL_NAMES = {HISTORICAL: N_("with the polling error"), NO_POLLING_ERROR: N_("sampling error only")}
VERDICTS = {
    track.HONEST: N_("honest"),
    track.TOO_CAUTIOUS: N_("a little too cautious (too wide)"),
    track.TOO_CONFIDENT: N_("too sure of themselves (too narrow)"),
}
SHORT_VERDICTS = {track.HONEST: N_("honest"), track.TOO_CAUTIOUS: N_("too wide"), track.TOO_CONFIDENT: N_("too narrow")}
SWING_NAMES = {MULTIPLICATIVE: N_("multiplicative"), ADDITIVE: N_("additive")}
# As many decimals as the default has ("0.1", "0.15").
NOISE_DECIMALS = len(f"{DEFAULT_CONSTITUENCY_NOISE:g}".partition(".")[2])


def _percent(probability) -> str:
    return "—" if probability is None else _("{percent} %").format(percent=number(100 * probability.value, 1))


def _year(election: str) -> str:
    return election[:4]


def _inside(score: track.ModelScore, level: int) -> str:
    return _("{percent} % ({inside}/{lists})").format(
        percent=number(100 * score.poll_coverage(level)), inside=score.poll_calibration[level], lists=score.poll_lists
    )


library = cache.library()
scores = cache.coverage(cache.BACKTEST_SIMULATIONS)
score_of = {(s.election, s.polling_error): s for s in scores}
baseline_of = {election: baseline for baseline, election in track.SCORED_ELECTIONS}
elections = [election for _baseline, election in track.SCORED_ELECTIONS][::-1]  # the latest first

st.title(_("Track record"))
st.markdown(
    "\n\n".join(
        [
            _(
                "How much can you trust a seat projection? We went back to the eve of two elections, 2019 and "
                "2024. Each time the model started from the result of the election before, as it would have "
                "then, and projected the Chamber from the polls one could read. Then we compared it with the "
                "seats the parties actually won."
            ),
            "- "
            + _(
                "**Perfect poll**: we fed the model the real vote shares of each region, as if a poll had been "
                "exactly right. Whatever is still wrong is the model's own error: it has to guess how a "
                "region's swing spreads over its constituencies."
            )
            + "\n- "
            + _(
                "**Final polls**: the last polls before the election. This is the error you face when you "
                "quote a projection: the poll's error plus the model's."
            ),
        ]
    )
)

# Labels written now, in this run's language: Streamlit may call format_func outside the run.
election_names = {
    e: _("{date} (from {year})").format(date=long_date(library.elections[e].date), year=_year(baseline_of[e]))
    for e in elections
}
election = st.radio(_("Election"), elections, format_func=election_names.__getitem__, horizontal=True)
with_error = score_of[(election, HISTORICAL)]
sampling_only = score_of[(election, NO_POLLING_ERROR)]
runs = with_error.backtests
perfect = with_error.perfect
other_years = and_list(_year(e) for e in elections if e != election)

st.markdown(_("**What went wrong.** {explanation}").format(explanation=_(WHAT_WENT_WRONG[election])))
st.info(
    _(
        "The polling error used for the {year} projections was fitted without the {year} election: on the "
        "polls before the {other_years} election only. The model knew nothing of the result it is scored on."
    ).format(year=_year(election), other_years=other_years),
    icon=":material/visibility_off:",
)

st.markdown(_("**Seats off**: the sum over lists of |projected median − seats won| (lower is better)."))
with st.container(horizontal=True, gap="medium"):
    for run in runs:
        st.metric(
            escape_markdown(labels.backtest_name(run)),
            run.total_error,
            help=_("out of {seats} seats").format(seats=run.seats_scored),
            width="content",
        )


sampling_majority = {run.poll_id: run.coalition_majority for run in sampling_only.full_polls}
st.markdown(
    _(
        "**{coalition}**, the coalition formed after the election, won {seats} seats. The probability the "
        "model gave it of a majority ({majority} seats or more):"
    ).format(coalition=escape_markdown(perfect.coalition_name), seats=perfect.coalition_actual_seats, majority=MAJORITY)
    + "\n"
    + "".join(
        "\n- "
        + _("{backtest}: **{probability}** (sampling error only: {sampling_only})").format(
            backtest=escape_markdown(labels.backtest_name(run)),
            probability=_percent(run.coalition_majority),
            sampling_only=_percent(sampling_majority[run.poll_id]),
        )
        for run in with_error.full_polls
    )
)

st.subheader(_("Are the probabilities honest?"))
st.markdown(
    _(
        "An 80 % interval should contain the result about 8 times in 10. Over the 33 to 35 results of "
        "one election's final polls, we call the intervals honest when the 80 % intervals contain 70 to "
        "90 % of the results and the 90 % intervals 80 to 97 %. *With the polling error* is what this "
        "dashboard shows; *sampling error only* is how polls are usually read."
    )
)
election_column = _("Election, error counted")
table = pd.DataFrame(
    [
        {
            election_column: f"{_year(s.election)}, {_(MODEL_NAMES[s.polling_error])}",
            **{_("inside {level} %").format(level=level): _inside(s, level) for level in INTERVAL_LEVELS},
            _("log score"): number(s.poll_log_score, 2),
            _("verdict"): _(SHORT_VERDICTS[s.coverage_verdict]),
        }
        for s in scores
    ]
)
st.dataframe(
    table,
    hide_index=True,
    column_config={election_column: st.column_config.TextColumn(pinned=True)},
)
st.caption(
    _(
        "Inside L %: the share (and number) of the final polls' lists whose seats won fell inside their "
        "L % interval. Log score: the average log10 of the probability the model gave the seats won; "
        "higher is better, and it punishes intervals that are too wide as well as too narrow."
    )
)
st.markdown(
    _(
        "In {year}, with the polling error, the intervals were **{verdict}**: {inside_80} % of the results "
        "fell inside their 80 % interval and {inside_90} % inside their 90 % interval. With the sampling "
        "error only they were **{sampling_verdict}**: {sampling_80} % and {sampling_90} %."
    ).format(
        year=_year(election),
        verdict=_(VERDICTS[with_error.coverage_verdict]),
        inside_80=number(100 * with_error.poll_coverage(80)),
        inside_90=number(100 * with_error.poll_coverage(90)),
        sampling_verdict=_(VERDICTS[sampling_only.coverage_verdict]),
        sampling_80=number(100 * sampling_only.poll_coverage(80)),
        sampling_90=number(100 * sampling_only.poll_coverage(90)),
    )
)
st.markdown(
    _(
        "Seats are whole numbers, so an interval holds more than its name: an honest model would have put "
        "about {expected_80} of these {lists} results inside their 80 % intervals and {expected_90} inside "
        "their 90 % ones; we saw {inside_80} and {inside_90}. An honest model lands that far out "
        "{chance_80} % and {chance_90} % of the time: one election cannot tell such a gap from chance."
    ).format(
        lists=with_error.poll_lists,
        expected_80=number(with_error.poll_expected_inside(80), 1),
        expected_90=number(with_error.poll_expected_inside(90), 1),
        inside_80=with_error.poll_calibration[80],
        inside_90=with_error.poll_calibration[90],
        chance_80=number(100 * with_error.chance_this_far_out(80)),
        chance_90=number(100 * with_error.chance_this_far_out(90)),
    )
)
models = {_(MODEL_NAMES[HISTORICAL]): with_error.polls, _(MODEL_NAMES[NO_POLLING_ERROR]): sampling_only.polls}
calibration_title = _("{year}, final polls: results inside the interval").format(year=_year(election))
show.chart(
    calibration_figure(
        {escape_figure_text(label): polls for label, polls in models.items()},
        targets=track.COVERAGE_TARGETS,
        title=escape_figure_text(calibration_title),
    ),
    f"calibration:{election}",
    graphic=show.Graphic(
        name=_("calibration"),
        title=calibration_title,
        alt=calibration_alt_text(models),
        source=_("Track record of the {year} election: the final polls' projections against the seats won").format(
            year=_year(election)
        ),
        tag=election,
    ),
)
st.caption(
    _(
        "Points below the dotted line: the intervals were too narrow, the model more sure of itself than "
        "it should have been. Above it: too wide. The grey bars are the honest range."
    )
)

st.subheader(_("Projected against actual, list by list"))
run_names = [labels.backtest_name(run) for run in runs]
run = runs[st.selectbox(_("Backtest"), range(len(runs)), format_func=run_names.__getitem__)]
if run.perfect:
    st.markdown(
        _(
            "The perfect poll is the election's own result, with neither sampling nor polling error: "
            "what is left is the model's error."
        )
    )
else:
    samples = library.polls[run.poll_id].regions
    sizes = "; ".join(
        _("{region}, {respondents} respondents counted as {effective}").format(
            region=_(REGION_NAMES[rp.region]),
            respondents=number(rp.sample_size),
            effective=number(run.effective_sample_size[rp.region]),
        )
        for rp in samples
    )
    days = (library.elections[election].date - run.fieldwork_end).days
    st.markdown(
        ngettext(
            "Taken {days} day before the election, this poll counts, with the polling error, as a much smaller "
            "one: {sizes}.",
            "Taken {days} days before the election, this poll counts, with the polling error, as a much smaller "
            "one: {sizes}.",
            days,
        ).format(days=days, sizes=sizes)
    )
if run.regions != REGIONS:
    st.info(
        _("This poll covers only {regions}: it is scored on the seats of that region only.").format(
            regions=", ".join(_(REGION_NAMES[r]) for r in run.regions)
        )
    )
show.chart(
    projected_vs_actual_figure(run, title=escape_figure_text(labels.backtest_name(run))),
    f"backtest:{election}:{run.label}",
    graphic=show.Graphic(
        name=_("backtest"),
        title=labels.backtest_name(run),
        alt=projected_vs_actual_alt_text(run, labels.backtest_name(run)),
        source=_("Track record of the {year} election: the final polls' projections against the seats won").format(
            year=_year(election)
        ),
        tag=f"{election}-{run.label}",
    ),
)
list_column = _("List")
lists = pd.DataFrame(
    [
        {
            list_column: e.shown_name,
            _("Won"): e.actual,
            _("Median"): e.median,
            _("Off by"): e.error,
            **{_("{level} %").format(level=level): seat_interval(e.interval(level)) for level in INTERVAL_LEVELS},
            _("Inside"): labels.narrowest_interval_inside(e),
        }
        for e in run.lists
    ]
)
# Tall enough for every list: no scrolling inside the table.
st.dataframe(
    lists,
    hide_index=True,
    height=35 * (len(lists) + 1) + 3,
    column_config={list_column: st.column_config.TextColumn(pinned=True)},  # stays in view on a phone
)
st.caption(
    _(
        "Won: seats won; Median: projected median; 80 % … 99 %: projected seat intervals, with the polling "
        "error (none for the perfect poll); Inside: the narrowest of these intervals that contained the seats won."
    )
)

with st.expander(_("Which swing model does best? (2024, all models compared)")):
    st.markdown(
        _(
            "Each row runs the whole 2024 track record with one swing model and one level of local noise. "
            "Lower errors are better; the calibration counts should be close to 80/90/95/99 % of the lists; "
            "the log score (higher is better) rewards intervals that are both narrow and right."
        )
    )
    if st.toggle(_("Run the comparison"), value=False):
        swing_column, noise_column = _("swing"), _("local noise")
        rows = []
        for score in cache.model_comparison():
            rows.append(
                {
                    swing_column: _(SWING_NAMES[score.swing]),
                    noise_column: number(score.constituency_noise, 2),
                    _("perfect poll: seats off"): score.perfect.total_error,
                    **{
                        _("perfect poll inside {level} %").format(level=lv): n
                        for lv, n in score.perfect.calibration.items()
                    },
                    _("perfect poll log score"): number(score.perfect.mean_log_score, 2),
                    _("polls: seats off (mean)"): number(score.poll_error, 1),
                    **{_("polls inside {level} %").format(level=lv): n for lv, n in score.poll_calibration.items()},
                    _("lists scored (polls)"): score.poll_lists,
                    _("polls log score"): number(score.poll_log_score, 2),
                }
            )
        # The model's settings stay in view while a phone scrolls through the scores.
        pinned = st.column_config.Column(pinned=True)
        st.dataframe(pd.DataFrame(rows), hide_index=True, column_config={swing_column: pinned, noise_column: pinned})

st.caption(
    _(
        "Each backtest on this page runs {simulations} simulations (our published track record uses "
        "{published}), with the dashboard's default model: {swing} swing, local noise {noise}. Seats won are "
        "computed by D'Hondt from the official votes."
    ).format(
        simulations=number(cache.BACKTEST_SIMULATIONS),
        published=number(DEFAULT_SIMULATIONS),
        swing=_(SWING_NAMES[DEFAULT_SWING]),
        noise=number(DEFAULT_CONSTITUENCY_NOISE, NOISE_DECIMALS),
    )
)
