"""Everything the dashboard keeps between reruns and sessions: the one library, the bounded
cache of results, the track record's backtests and poll history, and the stored poll average.

The library is a heavy singleton (`st.cache_resource`); results hold the raw draws, so at most a
few are kept; the track record's numbers are small and deterministic (`st.cache_data`).
"""

from __future__ import annotations

import streamlit as st

from engine import Library, Result, Scenario, load_library, render, simulate
from engine import poll_average as pa
from engine import track_record as track
from engine.i18n import _, current_language
from engine.poll_average.eve import EveComparison, eve_sentence, load_evidence
from engine.poll_average.seats_over_time import SeatsRow, load_seats_over_time

# 2^18 simulations per backtest: the seat medians and intervals are stable at this size (the docs
# use 2^20); both elections, with and without the polling error, take about twenty seconds, once
# per server.
BACKTEST_SIMULATIONS = 2**18


@st.cache_resource(show_spinner=False)
def library() -> Library:
    """The parties, elections, polls and coalitions of `data/`, loaded once per server."""
    return load_library()


# A 2^20-simulation Result with every summary read holds about 115 MB of draws: keep four (and
# drop them after an hour), so that many readers of many links stay within a host's memory.
# Scenario is a frozen dataclass whose repr spells out every field, so repr is an exact cache key.
@st.cache_resource(max_entries=4, ttl=3600, show_spinner=False, hash_funcs={Scenario: repr})
def result(scenario: Scenario) -> Result:
    """The engine's result for `scenario`, shared by every session that asks for the same one."""
    return simulate(scenario, library())


# The sampling-only comparison next to a majority probability (`runs.sampling_only`) has a cache
# of its own: small runs (2^16 simulations, about 7 MB each) that must not push the full runs
# readers are looking at out of the four places above.
@st.cache_resource(max_entries=8, ttl=3600, show_spinner=False, hash_funcs={Scenario: repr})
def sampling_only_result(scenario: Scenario) -> Result:
    """The engine's result for `scenario` (a sampling-only comparison run), shared by every session."""
    return simulate(scenario, library())


def report(scenario: Scenario, coalition: tuple[str, ...], fmt: str) -> str:
    """`engine.render` of `scenario`'s full result in `fmt`, with `coalition` among the
    coalitions, in the page's language."""
    return _report(scenario, coalition, fmt, current_language())


# Every rerun of the Report page offers four downloads; rendering them (a custom coalition sums
# its seats over every simulation again) is done once per scenario, coalition, format and
# language (the language is in the key: a report is text).
@st.cache_data(max_entries=32, ttl=3600, show_spinner=False, hash_funcs={Scenario: repr})
def _report(scenario: Scenario, coalition: tuple[str, ...], fmt: str, lang: str) -> str:
    return render(result(scenario), fmt, coalition)


# The spinners' messages are shown by the callers: a cache's own message is fixed at import,
# before the session's language is known. (A spinner appears only after half a second: a cached
# answer shows none.)
def coverage(simulations: int) -> tuple[track.ModelScore, ...]:
    """Each scored election's track record with the polling error and with sampling error only
    (`track.coverage_scores`, default swing and local noise, `simulations` per backtest)."""
    with st.spinner(_("Running the backtests of 2019 and 2024 (about twenty seconds, once)…")):
        return _coverage(simulations)


# The simulations are an argument so that a test may run the page smaller without its numbers
# landing in the cache the full-size page reads.
@st.cache_data(show_spinner=False)
def _coverage(simulations: int) -> tuple[track.ModelScore, ...]:
    return track.coverage_scores(library(), simulations=simulations)


def model_comparison() -> tuple[track.ModelScore, ...]:
    """The track record's scores for every swing model and level of local noise."""
    with st.spinner(_("Comparing swing models (about half a minute, once)…")):
        return _model_comparison()


@st.cache_data(show_spinner=False)
def _model_comparison() -> tuple[track.ModelScore, ...]:
    return track.compare_models(library(), simulations=BACKTEST_SIMULATIONS)


@st.cache_data(show_spinner=False)
def poll_shares() -> tuple[track.PollShare, ...]:
    """Every library poll's shares (percent), nationally and per region, as the model reads them."""
    return track.poll_shares(library())


@st.cache_data(show_spinner=False)
def election_shares() -> tuple[track.PollShare, ...]:
    """Every election's official shares (percent), nationally and per region."""
    return track.election_shares(library())


# The poll average and what it feeds are derived files (`python -m engine fit-poll-average`,
# `seats-over-time`), read once per server: many small frozen objects, kept as they are.
@st.cache_resource(show_spinner=False)
def poll_average() -> pa.PollAverage:
    """The stored poll average (shares in percent, sds in points), validated against the registry."""
    return pa.load_poll_average(parties=library().parties)


@st.cache_resource(show_spinner=False)
def house_effects() -> tuple[pa.HouseEffect, ...]:
    """The stored house effects per firm, region and party (points)."""
    return pa.load_house_effects(parties=library().parties)


def poll_average_evidence() -> str:
    """The stored eve-of-election evidence in one sentence (`engine.poll_average.eve`), in the
    page's language."""
    return eve_sentence(_evidence())


# The numbers are kept, not the sentence: it is written in each reader's language.
@st.cache_resource(show_spinner=False)
def _evidence() -> tuple[EveComparison, ...]:
    return load_evidence()


@st.cache_resource(show_spinner=False)
def seats_over_time() -> tuple[SeatsRow, ...]:
    """The stored projected seats of every poll and of the average at each month end."""
    return load_seats_over_time()
