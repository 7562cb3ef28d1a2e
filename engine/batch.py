"""Batch: many scenarios at once on a Dask cluster, into the shared result store and the tables the app reads.

``python -m engine batch`` computes, task by task on a `distributed` cluster (a local one of
spawned worker processes by default, or any running scheduler):

- every poll of the library as the app opens it (`poll_scenario`: the defaults of
  `engine.defaults`, the scenario a link without settings or the poll picker gives), optionally
  with the 2^16 runs the app shows first (the quick run and the sampling-only comparison); each
  through `cached_result`, so that the first reader of any poll finds it in the store;
- the seats over time (`engine.poll_average.seats_over_time`): one task per projection, whose
  rows the client writes to data/seats_over_time.csv, the same bytes as
  ``python -m engine seats-over-time``;
- the backtest grids of the Track record page (`coverage_scores`, `compare_models`): one task per
  backtest, then one per grid that stores the `ModelScore` tuple under `COVERAGE_SCORES` or
  `MODEL_COMPARISON` (`cached_coverage_scores` and `cached_model_comparison` read them back).

Every write to the store happens on a worker, from the worker's own environment (`open_store`:
``SEATCAST_REDIS_URL``, else ``SEATCAST_CACHE_DIR``): a local cluster's workers inherit the
command's, a remote cluster's workers must be given the store the app reads (Redis, or a disk
cache on the app's machine) and the engine's code and data at the same paths. Tasks send back
small summaries only (`PollRun`, `SeatsRow` tuples, `Backtest`), never draws.

The engine is deterministic from the seed whatever the thread count (docs/method.md §3.6), so a
batch gives the same numbers as the same scenarios run one by one.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import numpy as np

from . import track_record as track
from .data import DATA_DIR, load_library
from .defaults import (
    BACKTEST_SIMULATIONS,
    DEFAULT_CONSTITUENCY_NOISE,
    DEFAULT_POLLING_ERROR,
    DEFAULT_SEED,
    DEFAULT_SIMULATIONS,
    DEFAULT_SWING,
    NO_POLLING_ERROR,
    POLLING_ERROR_MODELS,
    QUICK_SIMULATIONS,
    SWING_MODELS,
)
from .domain import Library, Poll, Scenario
from .poll_average.seats_over_time import (
    AVERAGE_SOURCE,
    SeatsRow,
    month_ends,
    projection_rows,
    projection_scenario,
)
from .polling_error_fit import final_polls
from .result_store import (
    ResultStore,
    cached_result,
    cached_value,
    open_store,
    scenario_key,
    store_result,
    stored_result,
)
from .simulation import sampling_only_comparison, simulate

if TYPE_CHECKING:  # distributed is imported only when a batch runs
    from distributed import Client, Future, LocalCluster

    from .poll_average import PollAverage

POLLS, SEATS_OVER_TIME, BACKTESTS = "polls", "seats-over-time", "backtests"
JOBS = (POLLS, SEATS_OVER_TIME, BACKTESTS)

# The Track record page's grids in the store: `cached_value(store, library, name, (simulations, seed), …)`.
COVERAGE_SCORES = "track_record.coverage_scores"
MODEL_COMPARISON = "track_record.compare_models"
# One backtest (`BacktestSpec`, its fields in order as the parts), so that a batch run again reads
# what the last one computed.
BACKTEST = "track_record.backtest"


def poll_scenario(
    poll: Poll, simulations: int = DEFAULT_SIMULATIONS, polling_error: str = DEFAULT_POLLING_ERROR
) -> Scenario:
    """Return the scenario the app runs when a reader opens `poll` (every other setting the default).

    Parameters
    ----------
    poll : Poll
        A library poll.
    simulations : int, default DEFAULT_SIMULATIONS (2^20)
        The full run; `QUICK_SIMULATIONS` for the quick run the app shows first.
    polling_error : str, default DEFAULT_POLLING_ERROR
        `NO_POLLING_ERROR` for the sampling-only comparison beside each majority probability.

    Returns
    -------
    Scenario
        Equal to the scenario of a share link that names only the poll (and these two settings),
        hence the same store key.
    """
    return Scenario(poll, simulations=simulations, polling_error=polling_error)


def cached_coverage_scores(
    library: Library, store: ResultStore, simulations: int = BACKTEST_SIMULATIONS, seed: int = DEFAULT_SEED
) -> tuple[track.ModelScore, ...]:
    """Return `track.coverage_scores` from `store` (under `COVERAGE_SCORES`), computed and stored if missing.

    Returns
    -------
    tuple of ModelScore
        As `engine.track_record.coverage_scores(library, simulations=simulations, seed=seed)`.
    """
    return cached_value(
        store,
        library,
        COVERAGE_SCORES,
        (simulations, seed),
        lambda: track.coverage_scores(library, simulations=simulations, seed=seed),
    )


def cached_model_comparison(
    library: Library, store: ResultStore, simulations: int = BACKTEST_SIMULATIONS, seed: int = DEFAULT_SEED
) -> tuple[track.ModelScore, ...]:
    """Return `track.compare_models` from `store` (under `MODEL_COMPARISON`), computed and stored if missing.

    Returns
    -------
    tuple of ModelScore
        As `engine.track_record.compare_models(library, simulations=simulations, seed=seed)`.
    """
    return cached_value(
        store,
        library,
        MODEL_COMPARISON,
        (simulations, seed),
        lambda: track.compare_models(library, simulations=simulations, seed=seed),
    )


# --- what the workers run --------------------------------------------------------------------------

_libraries: dict[str, Library] = {}
_averages: dict[str, PollAverage] = {}
_stores: dict[tuple, ResultStore] = {}


def _library(data_dir: str) -> Library:
    # Every task starts here.
    _share_cores()
    # Once per worker process: loading and validating data/ takes longer than a quick run.
    if data_dir not in _libraries:
        _libraries[data_dir] = load_library(data_dir)
    return _libraries[data_dir]


def _share_cores() -> None:
    # numba reads NUMBA_NUM_THREADS when it is imported, which a spawned worker does before the
    # nanny sets its environment when the main script imports the engine: set it again at run time.
    wanted = os.environ.get("NUMBA_NUM_THREADS", "")
    if wanted.isdigit() and int(wanted) > 0:
        import numba

        numba.set_num_threads(min(int(wanted), numba.config.NUMBA_NUM_THREADS))


def _average(data_dir: str, library: Library) -> PollAverage:
    from .poll_average import POLL_AVERAGE_FILE, load_poll_average

    if data_dir not in _averages:
        _averages[data_dir] = load_poll_average(Path(data_dir) / POLL_AVERAGE_FILE, library.parties)
    return _averages[data_dir]


def _store() -> ResultStore:
    # One store per process and configuration (a disk cache holds an SQLite connection open).
    configuration = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("SEATCAST_")))
    if configuration not in _stores:
        _stores[configuration] = open_store()
    return _stores[configuration]


def _store_name() -> str:
    return _store().name


@dataclass(frozen=True)
class PollRun:
    """One poll's run, as a worker reports it: the numbers a test or a reader checks, no draws.

    Attributes
    ----------
    poll_id : str
        The library poll.
    scenario : Scenario
        What was run (`poll_scenario`).
    key : str
        Its key in the store (`engine.result_store.scenario_key`).
    was_stored : bool
        True when the store held it already (nothing was simulated).
    seat_counts : dict of str to numpy.ndarray
        Per party key, how many simulations gave it each number of seats (`SeatDistribution.counts`).
    majority : dict of str to float
        Per preset coalition name, P(≥ 76 seats), a fraction.
    """

    poll_id: str
    scenario: Scenario
    key: str
    was_stored: bool
    seat_counts: dict[str, np.ndarray]
    majority: dict[str, float]


def run_poll(data_dir: str, poll_id: str, simulations: int, polling_error: str) -> PollRun:
    """Run (or read from the store) one library poll as the app opens it, on a worker.

    Returns
    -------
    PollRun
    """
    library = _library(data_dir)
    scenario = poll_scenario(library.polls[poll_id], simulations, polling_error)
    store = _store()
    found = stored_result(scenario, library, store)
    result = found
    if result is None:
        result = simulate(scenario, library).compact()
        store_result(scenario, library, store, result)
    return PollRun(
        poll_id,
        scenario,
        scenario_key(scenario, library),
        found is not None,
        {party.key: party.seats.counts for party in result.parties},
        {coalition.name: coalition.majority_probability.value for coalition in result.coalitions},
    )


def projection(data_dir: str, day: date, source: str) -> tuple[SeatsRow, ...]:
    """One projection of the seats over time (a poll, or the average on `day`), on a worker.

    The poll's projection is its quick run as the app asks for it (default settings, 2^16
    simulations), so it goes through the store and warms it.

    Returns
    -------
    tuple of SeatsRow
        As `engine.poll_average.seats_over_time` writes them: the parties, then the presets.
    """
    from .poll_average import average_poll

    library = _library(data_dir)
    poll = (
        average_poll(_average(data_dir, library), day, library) if source == AVERAGE_SOURCE else library.polls[source]
    )
    return tuple(projection_rows(day, source, cached_result(projection_scenario(poll), library, _store())))


@dataclass(frozen=True)
class BacktestSpec:
    """One backtest of a track record (`engine.track_record.backtest`), by value: what a task is sent.

    Attributes
    ----------
    poll_id : str or None
        A final poll of the library; None for the perfect poll of `election`.
    baseline, election : str
        Election ids.
    swing : str
    constituency_noise : float
    polling_error : str
    simulations : int
    seed : int
    """

    poll_id: str | None
    baseline: str
    election: str
    swing: str
    constituency_noise: float
    polling_error: str
    simulations: int
    seed: int


def run_backtest(data_dir: str, spec: BacktestSpec) -> track.Backtest:
    """Run (or read from the store, under `BACKTEST`) one backtest, on a worker.

    Returns
    -------
    Backtest
        As `engine.track_record.backtest` gives it.
    """
    library = _library(data_dir)
    perfect = spec.poll_id is None
    poll = track.perfect_poll(library.elections[spec.election]) if perfect else library.polls[spec.poll_id]
    return cached_value(
        _store(),
        library,
        BACKTEST,
        astuple(spec),
        lambda: track.backtest(
            poll,
            library,
            baseline=spec.baseline,
            election=spec.election,
            swing=spec.swing,
            constituency_noise=spec.constituency_noise,
            simulations=spec.simulations,
            seed=spec.seed,
            polling_error=spec.polling_error,
            perfect=perfect,
        ),
    )


@dataclass(frozen=True)
class ScoreSpec:
    """One `ModelScore` of a grid: its model and its track record's backtests, in order."""

    swing: str
    constituency_noise: float
    polling_error: str
    election: str
    backtests: tuple[BacktestSpec, ...]


def _track_record_specs(
    library: Library,
    *,
    swing: str,
    constituency_noise: float,
    polling_error: str,
    baseline: str,
    election: str,
    simulations: int,
    seed: int,
) -> ScoreSpec:
    # `track.track_record`'s backtests: the perfect poll (no polling error), then the final polls.
    def spec(poll_id: str | None, error: str) -> BacktestSpec:
        return BacktestSpec(poll_id, baseline, election, swing, constituency_noise, error, simulations, seed)

    backtests = (spec(None, NO_POLLING_ERROR), *(spec(p.id, polling_error) for p in final_polls(library, election)))
    return ScoreSpec(swing, constituency_noise, polling_error, election, backtests)


def coverage_specs(
    library: Library, simulations: int = BACKTEST_SIMULATIONS, seed: int = DEFAULT_SEED
) -> tuple[ScoreSpec, ...]:
    """Return the backtests of `track.coverage_scores`, grouped as its scores, in its order.

    Returns
    -------
    tuple of ScoreSpec
        One per (scored election, polling-error model), elections outermost.
    """
    return tuple(
        _track_record_specs(
            library,
            swing=DEFAULT_SWING,
            constituency_noise=DEFAULT_CONSTITUENCY_NOISE,
            polling_error=polling_error,
            baseline=baseline,
            election=election,
            simulations=simulations,
            seed=seed,
        )
        for baseline, election in track.SCORED_ELECTIONS
        for polling_error in POLLING_ERROR_MODELS
    )


def comparison_specs(
    library: Library, simulations: int = BACKTEST_SIMULATIONS, seed: int = DEFAULT_SEED
) -> tuple[ScoreSpec, ...]:
    """Return the backtests of `track.compare_models`, grouped as its scores, in its order.

    Returns
    -------
    tuple of ScoreSpec
        One per (swing model, local noise level), swings outermost.
    """
    return tuple(
        _track_record_specs(
            library,
            swing=swing,
            constituency_noise=noise,
            polling_error=DEFAULT_POLLING_ERROR,
            baseline=track.BASELINE,
            election=track.ELECTION,
            simulations=simulations,
            seed=seed,
        )
        for swing in SWING_MODELS
        for noise in track.CONSTITUENCY_NOISE_LEVELS
    )


def model_scores(specs: Sequence[ScoreSpec], backtests: Sequence[track.Backtest]) -> tuple[track.ModelScore, ...]:
    """Group backtests (in the order of the specs' backtests) into the grid's `ModelScore` tuple.

    Returns
    -------
    tuple of ModelScore
        The value `track.coverage_scores` or `track.compare_models` returns for these specs.
    """
    scores, start = [], 0
    for spec in specs:
        end = start + len(spec.backtests)
        scores.append(
            track.ModelScore(
                spec.swing,
                spec.constituency_noise,
                tuple(backtests[start:end]),
                polling_error=spec.polling_error,
                election=spec.election,
            )
        )
        start = end
    return tuple(scores)


def store_grid(data_dir: str, name: str, parts: tuple, specs: tuple[ScoreSpec, ...], *backtests: track.Backtest) -> str:
    """Store a grid's scores under `name` and `parts` (`cached_value`), on a worker; return `name`."""
    cached_value(_store(), _library(data_dir), name, parts, lambda: model_scores(specs, backtests))
    return name


# --- the client ------------------------------------------------------------------------------------


def available_cores() -> int:
    """Return the cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def local_cluster(workers: int | None = None) -> LocalCluster:
    """Start a local cluster: `workers` processes (default one per core), one task at a time each.

    Workers are spawned, not forked (numba's OpenMP threading layer does not survive a fork), and
    each runs the kernel on its share of the cores (``NUMBA_NUM_THREADS``), so that the workers'
    threads together never outnumber the cores: one worker uses them all, two share them.

    Returns
    -------
    distributed.LocalCluster
        Its HTTP server (dashboard, health) on a free port; its workers' logs silenced.
    """
    import logging

    import dask
    from distributed import LocalCluster

    cores = available_cores()
    workers = workers or cores
    with dask.config.set({"distributed.worker.multiprocessing-method": "spawn"}):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: the scheduler serves HTTP (health, metrics) in any case
            # A worker's heartbeat can miss the scheduler while the cluster shuts down, logged as an
            # error with its traceback; a task's own failure reaches the client as its exception.
            silence_logs=logging.CRITICAL,
            env={"NUMBA_NUM_THREADS": str(max(1, cores // workers))},
        )


@dataclass(frozen=True)
class BatchReport:
    """What a batch did.

    Attributes
    ----------
    stores : tuple of str
        The store each worker wrote to (``"disk"``, ``"redis"`` or ``"none"``), one name per kind.
    polls : tuple of PollRun
        In the library's order (newest first), the full runs before the quick ones.
    seats_over_time : tuple of SeatsRow or None
        The rows of data/seats_over_time.csv (`seats_over_time_csv` writes them); None when not asked.
    backtests : int
        Backtests run or read.
    grids : tuple of (str, tuple)
        The `cached_value` name and parts of each grid stored.
    seconds : float
        Wall-clock time of the batch.
    """

    stores: tuple[str, ...]
    polls: tuple[PollRun, ...]
    seats_over_time: tuple[SeatsRow, ...] | None
    backtests: int
    grids: tuple[tuple[str, tuple], ...]
    seconds: float


def run_batch(
    client: Client,
    library: Library,
    data_dir: Path | str = DATA_DIR,
    *,
    jobs: Iterable[str] = JOBS,
    simulations: int = DEFAULT_SIMULATIONS,
    quick: bool = False,
    poll_ids: Iterable[str] | None = None,
    backtest_simulations: int = BACKTEST_SIMULATIONS,
    progress: TextIO | None = sys.stderr,
) -> BatchReport:
    """Compute the batch's scenarios on `client`'s cluster (module docstring) and wait for them.

    Parameters
    ----------
    client : distributed.Client
        Connected to the cluster (`local_cluster`, or a running scheduler).
    library : Library
        The data as loaded from `data_dir`: it lists the tasks (the workers load their own).
    data_dir : pathlib.Path or str, default the bundled data/
        Where the workers load the data from.
    jobs : iterable of str, default JOBS
        Any of `POLLS`, `SEATS_OVER_TIME`, `BACKTESTS`.
    simulations : int, default DEFAULT_SIMULATIONS
        Simulations of each poll's run.
    quick : bool, default False
        Also each poll's 2^16 quick run and sampling-only comparison (`engine.defaults.QUICK_SIMULATIONS`).
    poll_ids : iterable of str or None, default None
        The polls of the `POLLS` job; None for every poll of the library.
    backtest_simulations : int, default BACKTEST_SIMULATIONS
        Simulations per backtest.
    progress : text stream or None, default sys.stderr
        Where the progress bar is drawn; None for none.

    Returns
    -------
    BatchReport

    Raises
    ------
    ValueError
        When an argument is out of range (a job, simulations) or a poll id is unknown; a task's
        own exception when it fails (the rest are cancelled).
    """
    jobs = tuple(jobs)
    unknown = [job for job in jobs if job not in JOBS]
    if unknown:
        raise ValueError(f"unknown job {unknown[0]!r}; use {', '.join(JOBS)}")
    data_dir = str(Path(data_dir).resolve())
    started = time.perf_counter()
    tasks: dict[str, Future] = {}
    # A scheduler answers a key it still holds with the old result: each batch's keys are its own.
    batch_id = uuid.uuid4().hex[:8]

    def submit(key: str, function: Callable, *args) -> Future:
        if key not in tasks:  # the same backtest or run asked for twice is run once
            tasks[key] = client.submit(function, data_dir, *args, key=f"{key}-{batch_id}")
        return tasks[key]

    poll_keys = []
    if POLLS in jobs:
        ids = list(library.polls) if poll_ids is None else list(poll_ids)
        missing = [poll_id for poll_id in ids if poll_id not in library.polls]
        if missing:
            raise ValueError(f"unknown poll {missing[0]!r}; `python -m engine polls` lists them")
        runs = [(simulations, DEFAULT_POLLING_ERROR)]
        if quick:  # as the app runs them: its quick run, then the comparison beside the majority
            comparison = sampling_only_comparison(Scenario(next(iter(library.polls.values())), simulations=simulations))
            runs += [(QUICK_SIMULATIONS, DEFAULT_POLLING_ERROR), (comparison.simulations, comparison.polling_error)]
        for n, error in runs:
            for poll_id in ids:
                poll_scenario(library.polls[poll_id], n, error)  # a bad --simulations fails here, not on a worker
                key = f"poll-{poll_id}-{n}-{error}"
                submit(key, run_poll, poll_id, n, error)
                poll_keys.append(key)

    row_futures = []
    if SEATS_OVER_TIME in jobs:
        # The projections in `seats_over_time`'s order: polls by day and id, then the month ends.
        projections = [
            (p.fieldwork_end, p.id) for p in sorted(library.polls.values(), key=lambda p: (p.fieldwork_end, p.id))
        ]
        projections += [(day, AVERAGE_SOURCE) for day in month_ends(_average(data_dir, library), library)]
        row_futures = [submit(f"seats-{source}-{day}", projection, day, source) for day, source in projections]

    grids, backtest_keys = [], set()
    if BACKTESTS in jobs:
        for name, specs in (
            (COVERAGE_SCORES, coverage_specs(library, backtest_simulations)),
            (MODEL_COMPARISON, comparison_specs(library, backtest_simulations)),
        ):
            runs = [run for score in specs for run in score.backtests]
            backtests = [submit(_backtest_key(run), run_backtest, run) for run in runs]
            backtest_keys.update(_backtest_key(run) for run in runs)
            parts = (backtest_simulations, DEFAULT_SEED)
            submit(f"grid-{name}", store_grid, name, parts, specs, *backtests)
            grids.append((name, parts))

    _wait(list(tasks.values()), progress)
    rows = client.gather(row_futures)
    stores = tuple(sorted(set(client.run(_store_name).values())))
    return BatchReport(
        stores=stores,
        polls=tuple(client.gather([tasks[key] for key in dict.fromkeys(poll_keys)])),
        seats_over_time=_sorted_rows(rows) if SEATS_OVER_TIME in jobs else None,
        backtests=len(backtest_keys),
        grids=tuple(grids),
        seconds=time.perf_counter() - started,
    )


def _backtest_key(spec: BacktestSpec) -> str:
    poll = spec.poll_id or "perfect"
    return f"backtest-{spec.election}-{poll}-{spec.swing}-{spec.constituency_noise}-{spec.polling_error}-{spec.simulations}-{spec.seed}"


def _sorted_rows(projections: list[tuple[SeatsRow, ...]]) -> tuple[SeatsRow, ...]:
    # `seats_over_time`'s own (stable) sort of the rows gathered in its order.
    rows = [row for projection in projections for row in projection]
    return tuple(sorted(rows, key=lambda r: (r.day, r.source == AVERAGE_SOURCE, r.source)))


def _wait(futures: list[Future], progress: TextIO | None) -> None:
    """Wait for every task, drawing a bar on `progress`; the first failure is raised at once."""
    from distributed import as_completed

    started, done, width = time.perf_counter(), 0, 30
    for future in as_completed(futures):
        if future.status == "error":
            for other in futures:
                other.cancel()
            future.result()  # raises the task's exception
        done += 1
        if progress is not None:
            filled = width * done // len(futures)
            elapsed = int(time.perf_counter() - started)
            progress.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{len(futures)} tasks, {elapsed // 60}:{elapsed % 60:02d}"
            )
            progress.flush()
    if progress is not None and futures:
        progress.write("\n")
        progress.flush()


def render_batch(report: BatchReport, cluster: str, seats_over_time_file: Path | None = None) -> str:
    """Describe a batch in a few lines: what ran where, how long, what was already in the store.

    Returns
    -------
    str
        Plain text, one line per job.
    """
    minutes, seconds = divmod(round(report.seconds), 60)
    lines = [f"Batch on {cluster} in {minutes} min {seconds:02d} s; store: {', '.join(report.stores)}."]
    if report.polls:
        stored = sum(run.was_stored for run in report.polls)
        sizes = sorted({run.scenario.simulations for run in report.polls}, reverse=True)
        lines.append(
            f"- polls: {len(report.polls)} runs ({' and '.join(f'{n:,}' for n in sizes)} simulations), "
            f"{stored} already in the store"
        )
    if report.seats_over_time is not None:
        projections = len({(r.day, r.source) for r in report.seats_over_time})
        written = f"; wrote {seats_over_time_file}" if seats_over_time_file else ""
        lines.append(f"- seats over time: {projections} projections{written}")
    if report.grids:
        grids = ", ".join(f"{name} {parts}" for name, parts in report.grids)
        lines.append(f"- backtests: {report.backtests} backtests; stored {grids}")
    return "\n".join(lines) + "\n"
