"""Everything the dashboard keeps between reruns and sessions: the one library, the bounded
cache of results, the track record's backtests and poll history, and the stored poll average.

The library is a heavy singleton (`st.cache_resource`); results are compact (about 9 MB for 2^20
simulations), kept in memory for a while and shared between processes through the shared store
(`engine.serving`, `engine.result_store`); the track record's numbers are small and deterministic
(`st.cache_data`, over the shared store, which `python -m engine batch` may have filled).
"""

from __future__ import annotations

import gc
import threading
import time
import weakref

import streamlit as st

from engine import QUICK_SIMULATIONS, Library, Scenario, batch, load_library, render
from engine import poll_average as pa
from engine import track_record as track
from engine.defaults import BACKTEST_SIMULATIONS, MEMORY_RESULTS_KEPT, TIDY_EVERY_S
from engine.i18n import _, current_language
from engine.poll_average.eve import EveComparison, eve_sentence, load_evidence
from engine.poll_average.seats_over_time import SeatsRow, load_seats_over_time
from engine.result_store import ResultStore, open_store
from engine.serving import ResultService, RunQueue, memory_ttl_s, tidy


@st.cache_resource(show_spinner=False)
def library() -> Library:
    """The parties, elections, polls and coalitions of `data/`, loaded once per server."""
    loaded = load_library()
    # The library and every module loaded by now live as long as the server: out of the garbage
    # collector's sight, its full passes (which hold the interpreter, health endpoint included)
    # stay short while many readers' pages fill the heap.
    gc.freeze()
    return loaded


@st.cache_resource(show_spinner=False)
def _services() -> tuple[ResultService, ResultService]:
    """This process's results (`engine.serving`): full runs, and small ones (the quick runs and the
    sampling-only comparisons, 2^16 simulations, under a megabyte each) kept apart, so that small
    runs never push a reader's full result out of memory; both share the store and the run queue."""
    store, queue, ttl = open_store(), RunQueue(), memory_ttl_s()
    services = (
        ResultService(library(), store, queue, kept=MEMORY_RESULTS_KEPT, ttl_s=ttl),
        ResultService(library(), store, queue, kept=MEMORY_RESULTS_KEPT, ttl_s=ttl),
    )
    # Results leave memory when their time is over even if no reader comes to ask (a quiet night
    # after a busy evening), and so do closed pages' objects; the process then gives the memory back.
    every = min(ttl / 4, TIDY_EVERY_S)
    watched = tuple(weakref.ref(service) for service in services)
    threading.Thread(target=_tidy_every, args=(watched, every), name="seatcast-tidy", daemon=True).start()
    return services


def _tidy_every(watched: tuple[weakref.ref, ...], seconds: float) -> None:
    # Holds the services weakly: it ends with them (a cleared cache), rather than tidy forever.
    while True:
        time.sleep(seconds)
        services = tuple(ref() for ref in watched)
        if None in services:
            return
        tidy(services)
        del services


def results_for(scenario: Scenario) -> ResultService:
    """The service that keeps `scenario`'s result, shared by every session and, through the shared
    store, every process (`ResultService.result`, `.ready`)."""
    full, small = _services()
    return full if scenario.simulations > QUICK_SIMULATIONS else small


def shared_store() -> ResultStore:
    """The shared store the process's services read (opened once, with them)."""
    return _services()[0].store


def report(scenario: Scenario, coalition: tuple[str, ...], fmt: str) -> str:
    """`engine.render` of `scenario`'s full result in `fmt`, with `coalition` among the
    coalitions, in the page's language."""
    return _report(scenario, coalition, fmt, current_language())


# Every rerun of the Report page offers four downloads; rendering them (a custom coalition sums
# its seats over every simulation again) is done once per scenario, coalition, format and
# language (the language is in the key: a report is text).
@st.cache_data(max_entries=32, ttl=3600, show_spinner=False, hash_funcs={Scenario: repr})
def _report(scenario: Scenario, coalition: tuple[str, ...], fmt: str, lang: str) -> str:
    return render(results_for(scenario).result(scenario), fmt, coalition)


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
    return batch.cached_coverage_scores(library(), shared_store(), simulations)


def model_comparison() -> tuple[track.ModelScore, ...]:
    """The track record's scores for every swing model and level of local noise."""
    with st.spinner(_("Comparing swing models (about half a minute, once)…")):
        return _model_comparison()


@st.cache_data(show_spinner=False)
def _model_comparison() -> tuple[track.ModelScore, ...]:
    return batch.cached_model_comparison(library(), shared_store(), BACKTEST_SIMULATIONS)


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
