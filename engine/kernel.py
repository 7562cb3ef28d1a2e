"""The simulation loop: numba, arrays in, arrays out (docs/method.md §3.6).

The meaning of the arrays is in `model.py`.

Reproducibility whatever the number of threads: simulations run in fixed chunks of
`CHUNK` simulations, and chunk c draws from its own generator seeded with `chunk_seeds[c]`
(from `numpy.random.SeedSequence`). A chunk is one `prange` iteration, so one thread runs it from
its seed to its end, and the result depends on the seed and the chunk, not on the scheduling.
A run of N simulations is therefore the first N simulations of any longer run with the same seed.

The random numbers (SFC64 and numpy's Gamma sampler) are in `random_numbers.py`, the seat
allocation (5 % threshold, D'Hondt) in `allocation.py`.

Every compiled function releases the interpreter lock (``nogil=True``): a run in a worker thread
leaves the server's other threads (other readers' pages, the health endpoint) free to run. numba's
default threading layer here (OpenMP, or TBB) takes concurrent calls from several threads; the
fallback "workqueue" layer does not, so `simulate_seats` and the other parallel functions
(`engine.seat_counts`) then run one call at a time (`parallel_launch`).

What made the loop fast (bench/run.py has the profile): the generator's state in registers (a
tuple, not an array), unsigned indices (no wrap-around test at every array access), seats written
only for the lists that take part, and constituencies whose lists the poll does not move
allocated once per chunk.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from statistics import NormalDist
from typing import NamedTuple

import numba
import numpy as np
from numba import njit, prange

from .allocation import _dhondt_fast
from .random_numbers import _gamma_constants, _gamma_fast, _next_uint64, _seed_state

CHUNK = 4096
# Local noise (a log-normal factor per swung list and simulation) picks one of NOISE_LEVELS
# equiprobable quantiles of the factor with 12 random bits: 8× cheaper than a ziggurat normal and
# an exp, which made the noise a third of the run, and indistinguishable at the precision we
# report (the standard normal is cut at ±3.5 sd; its variance is 0.998 instead of 1).
NOISE_LEVELS = 4096
_NOISE_SHIFT = np.uint64(64 - 12)
STANDARD_NORMAL_QUANTILES = np.array([NormalDist().inv_cdf((i + 0.5) / NOISE_LEVELS) for i in range(NOISE_LEVELS)])


class KernelInputs(NamedTuple):
    """A model as the kernel reads it (built by `Model.kernel_inputs`).

    Attributes
    ----------
    alpha : numpy.ndarray of shape (n_categories,), float64
        Dirichlet parameter per category (``k + 1``, docs/method.md §2.2), categories grouped by
        region, each region's Other last.
    category_start : numpy.ndarray of shape (n_regions + 1,), int64
        Region r's categories are ``category_start[r]:category_start[r + 1]`` (empty when the
        poll does not cover it).
    category_unit : numpy.ndarray of shape (n_categories,), int64
        The swung unit a category's share feeds, or -1 (Other).
    n_units : int
        Number of swung (region, list) units.
    list_unit : numpy.ndarray of shape (n_lists,), int64
        Each list's unit, or -1 for a list that keeps `list_fixed` votes.
    list_scale : numpy.ndarray of shape (n_lists,), float64
        Votes per unit of unit share (a fraction): ``votes = list_fixed + list_scale × share``.
    list_fixed : numpy.ndarray of shape (n_lists,), float64
        The fixed part of each list's votes.
    list_party : numpy.ndarray of shape (n_lists,), int64
        Each list's output party index.
    constituency_start : numpy.ndarray of shape (n_constituencies + 1,), int64
        Constituency d's lists are ``constituency_start[d]:constituency_start[d + 1]``.
    constituency_seats : numpy.ndarray of shape (n_constituencies,), int64
        Seats per constituency (docs/method.md §1).
    constituency_region : numpy.ndarray of shape (n_constituencies,), int64
        Region index per constituency.
    n_parties : int
        Number of output parties (`Model.parties`, OTHER last).
    """

    alpha: np.ndarray  # Dirichlet parameter per category, categories grouped by region
    category_start: np.ndarray  # per region: offsets into the categories (n_regions + 1)
    category_unit: np.ndarray  # per category: the unit its share swings, or -1 (Other)
    n_units: int  # swung (region, list) units
    list_unit: np.ndarray  # per list: its unit, or -1 (keeps `list_fixed` votes)
    list_scale: np.ndarray  # per list: votes = list_fixed + list_scale × unit share
    list_fixed: np.ndarray
    list_party: np.ndarray  # per list: output party index
    constituency_start: np.ndarray  # per constituency: offsets into the lists (n + 1)
    constituency_seats: np.ndarray
    constituency_region: np.ndarray  # per constituency: region index
    n_parties: int


def local_noise_factors(sd: float) -> np.ndarray:
    """Tabulate the local noise's log-normal factors (docs/method.md §3.1).

    Parameters
    ----------
    sd : float
        The noise's standard deviation σ on the log scale (`Scenario.constituency_noise`, 0–0.5).

    Returns
    -------
    numpy.ndarray of shape (NOISE_LEVELS,) or (0,), float64
        ``exp(sd × z)`` at the `NOISE_LEVELS` (4,096) equiprobable standard normal quantiles z,
        ascending; empty when `sd` is 0 (no noise).
    """
    return np.exp(sd * STANDARD_NORMAL_QUANTILES) if sd > 0 else np.empty(0)


def is_compiled() -> bool:
    """Tell whether the simulation loop is compiled (or loaded from numba's disk cache) in this process.

    Until then the first run also compiles it, about 20 s on a cold host.

    Returns
    -------
    bool
        True once `_simulate_seats` has a compiled signature.
    """
    return bool(_simulate_seats.signatures)


def simulate_seats(
    inputs: KernelInputs, n_simulations: int, chunk_seeds: np.ndarray, n_shares_kept: int, noise_factors: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Run `n_simulations` draws of the whole Chamber from `inputs` (docs/method.md §2.2–3.6).

    Each simulation draws every covered region's shares from its Dirichlet posterior (independent
    Gamma(α, 1) draws divided by their sum, Devroye 1986, ch. XI; the Gamma draws by numpy's
    algorithm, `engine.random_numbers`), swings every list, applies the local noise, and allocates
    each constituency's seats (5 % threshold, D'Hondt). Chunk c of `CHUNK` simulations runs on its
    own SFC64 stream seeded with ``chunk_seeds[c]``, so the result does not depend on the number
    of threads. It runs without the interpreter lock, and may be called from several threads at
    once (one at a time under numba's workqueue threading layer, which cannot take more).

    Parameters
    ----------
    inputs : KernelInputs
        The model's arrays (`Model.kernel_inputs`).
    n_simulations : int
        Number of simulations (`SIMULATIONS_RANGE` when called through `engine.simulate`).
    chunk_seeds : numpy.ndarray of shape (ceil(n_simulations / CHUNK),), uint32
        One seed per chunk, from `numpy.random.SeedSequence` (`engine.simulation.chunk_seeds`).
    n_shares_kept : int
        Keep the Dirichlet draws of the first `n_shares_kept` simulations (at most `n_simulations`).
    noise_factors : numpy.ndarray of shape (NOISE_LEVELS,) or (0,), float64
        Each swung list's votes are multiplied by one of them, picked with 12 random bits: local
        deviations from the regional swing (`local_noise_factors`). Empty for no noise.

    Returns
    -------
    seats : numpy.ndarray of shape (n_regions, n_parties, n_simulations), uint8
        Seats per region and party in each simulation (simulations last, so that each party's
        draws are contiguous for the summaries).
    list_histogram : numpy.ndarray of shape (n_lists, max constituency seats + 1), int64
        ``list_histogram[j, k]``: the number of simulations in which list j won k seats.
    shares : numpy.ndarray of shape (n_shares_kept, n_categories), float32
        The Dirichlet draws (fractions, each region's block summing to 1) of the first
        simulations, from which vote-share intervals are read: the same draws as the seats.
    """
    with parallel_launch():
        return _run(inputs, n_simulations, chunk_seeds, n_shares_kept, noise_factors)


# numba's "workqueue" threading layer (used when neither OpenMP nor TBB is available) aborts the
# process if two threads launch parallel work at once; with the lock released, two readers' runs
# could. Until the first parallel launch the layer is not known, so that one is serialised too.
_ONE_AT_A_TIME = threading.Lock()


@contextmanager
def parallel_launch() -> Iterator[None]:
    """Wrap a call of a ``parallel=True`` numba function that another thread may make at the same time.

    Under numba's workqueue threading layer it holds a lock that every such call in the process
    takes (the simulation loop's and `engine.seat_counts`'), so that they run one at a time; under
    OpenMP or TBB it does nothing.
    """
    if _serialised():
        with _ONE_AT_A_TIME:
            yield
    else:
        yield


def _serialised() -> bool:
    try:
        return numba.threading_layer() == "workqueue"
    except ValueError:  # no parallel launch yet in this process
        return True


def _run(inputs, n_simulations, chunk_seeds, n_shares_kept, noise_factors):
    return _simulate_seats(
        inputs.alpha,
        inputs.category_start,
        inputs.category_unit,
        inputs.n_units,
        inputs.list_unit,
        inputs.list_scale,
        inputs.list_fixed,
        inputs.list_party,
        inputs.constituency_start,
        inputs.constituency_seats,
        inputs.constituency_region,
        inputs.n_parties,
        n_simulations,
        chunk_seeds,
        n_shares_kept,
        noise_factors,
    )


@njit(cache=True, nogil=True)
def _with_unit(unit):
    """Return the indices i with ``unit[i] >= 0`` and those units, both as uint64 arrays."""
    n = 0
    for i in range(unit.shape[0]):
        n += unit[i] >= 0
    index = np.empty(n, dtype=np.uint64)
    of = np.empty(n, dtype=np.uint64)
    n = 0
    for i in range(unit.shape[0]):
        if unit[i] >= 0:
            index[n], of[n] = i, unit[i]
            n += 1
    return index, of


@njit(parallel=True, cache=True, nogil=True)
def _simulate_seats(
    alpha,
    category_start,
    category_unit,
    n_units,
    list_unit,
    list_scale,
    list_fixed,
    list_party,
    constituency_start,
    constituency_seats,
    constituency_region,
    n_parties,
    n_simulations,
    chunk_seeds,
    n_shares_kept,
    noise_factors,
):
    """Run `simulate_seats` with the inputs' fields as positional arguments.

    A numba kernel takes arrays and numbers only.
    """
    n_regions = category_start.shape[0] - 1
    n_categories = alpha.shape[0]
    n_lists = list_unit.shape[0]
    n_constituencies = constituency_seats.shape[0]
    n_rows = n_regions * n_parties
    max_seats = 0
    for d in range(n_constituencies):
        max_seats = max(max_seats, constituency_seats[d])
    n_chunks = (n_simulations + CHUNK - 1) // CHUNK

    seats = np.zeros((n_regions, n_parties, n_simulations), dtype=np.uint8)
    seat_rows = seats.reshape((n_rows, n_simulations))  # row: region × party
    # Each chunk counts into its own small (n_lists, max_seats + 1) table, which stays in cache;
    # the tables are summed once at the end (a chunk never exceeds 4096 counts: int32 is ample).
    chunk_histogram = np.zeros((n_chunks, n_lists, max_seats + 1), dtype=np.int32)
    shares = np.zeros((n_shares_kept, n_categories), dtype=np.float32)
    gamma_b, gamma_c = _gamma_constants(alpha)

    # The model's structure as unsigned index arrays (see the module docstring).
    region_categories = category_start.astype(np.uint64)
    constituency_lists = constituency_start.astype(np.uint64)
    feeding, fed_unit = _with_unit(category_unit)  # categories that feed a unit, and that unit
    swung, swung_unit = _with_unit(list_unit)  # lists each draw moves, and their unit
    list_row = np.empty(n_lists, dtype=np.uint64)
    fixed_constituency = np.ones(n_constituencies, dtype=np.bool_)
    for d in range(n_constituencies):
        for j in range(constituency_start[d], constituency_start[d + 1]):
            list_row[j] = constituency_region[d] * n_parties + list_party[j]
            if list_unit[j] >= 0:
                fixed_constituency[d] = False

    for c in prange(n_chunks):
        _simulate_chunk(
            chunk_seeds[c],
            c * CHUNK,
            min(c * CHUNK + CHUNK, n_simulations),
            alpha,
            gamma_b,
            gamma_c,
            region_categories,
            feeding,
            fed_unit,
            n_units,
            swung,
            swung_unit,
            list_scale,
            list_fixed,
            noise_factors,
            constituency_lists,
            constituency_seats,
            fixed_constituency,
            list_row,
            seat_rows,
            chunk_histogram[c],
            shares,
        )
    return seats, chunk_histogram.sum(axis=0, dtype=np.int64), shares


@njit(cache=True, nogil=True)
def _simulate_chunk(
    chunk_seed,
    first,
    last,
    alpha,
    gamma_b,
    gamma_c,
    region_categories,
    feeding,
    fed_unit,
    n_units,
    swung,
    swung_unit,
    list_scale,
    list_fixed,
    noise_factors,
    constituency_lists,
    constituency_seats,
    fixed_constituency,
    list_row,
    seat_rows,
    histogram,
    shares,
):
    """Run simulations `first` to `last` − 1, one chunk, on the chunk's own stream.

    Writes their seats into ``seat_rows[:, first:last]``, their Dirichlet draws into `shares`
    (those below its length) and the chunk's per-list seat counts into `histogram`. A function of
    its own (called once per chunk), not the body of the parallel loop: numba's parallel pass
    cannot analyse the generator's state tuple there.
    """
    n_categories = alpha.shape[0]
    n_lists = list_fixed.shape[0]
    n_constituencies = constituency_seats.shape[0]
    n_shares_kept = np.uint64(shares.shape[0])
    has_noise = noise_factors.shape[0] > 0
    first = np.uint64(first)
    last = np.uint64(last)

    state = _seed_state(np.uint64(chunk_seed))
    theta = np.empty(n_categories)
    unit_share = np.empty(n_units)
    votes = np.empty(n_lists)
    for j in range(n_lists):
        votes[j] = max(list_fixed[j], 0.0)  # swung lists are overwritten in every simulation
    won = np.zeros(n_lists, dtype=np.int64)
    # Constituency d's lists taking part are taking_part[lo:lo + n_taking_part[d]], lo its first list.
    taking_part = np.empty(n_lists, dtype=np.uint64)
    n_taking_part = np.zeros(n_constituencies, dtype=np.uint64)
    histogram[:] = 0
    for s in range(first, last):
        for r in range(region_categories.shape[0] - 1):
            lo, hi = region_categories[r], region_categories[r + 1]
            total = 0.0
            for k in range(lo, hi):
                draw, state = _gamma_fast(state, alpha[k], gamma_b[k], gamma_c[k])
                theta[k] = draw
                total += draw
            for k in range(lo, hi):
                theta[k] /= total
        if s < n_shares_kept:
            for k in range(n_categories):
                shares[s, k] = theta[k]
        unit_share[:] = 0.0
        for q in range(feeding.shape[0]):
            unit_share[fed_unit[q]] += theta[feeding[q]]
        # Swung lists in list order: the noise draws come in the same order as ever.
        for q in range(swung.shape[0]):
            j = swung[q]
            v = list_fixed[j] + list_scale[j] * unit_share[swung_unit[q]]
            if has_noise:
                bits, state = _next_uint64(state)
                v *= noise_factors[bits >> _NOISE_SHIFT]
            votes[j] = max(v, 0.0)
        for d in range(n_constituencies):
            lo, hi = constituency_lists[d], constituency_lists[d + 1]
            # A constituency the poll does not move has the same seats in every simulation.
            if s == first or not fixed_constituency[d]:
                total = 0.0
                for j in range(lo, hi):
                    total += votes[j]
                n_taking_part[d] = _dhondt_fast(votes, lo, hi, constituency_seats[d], won, taking_part, total)
            # Only lists taking part can win; a 0 counted here is overwritten below.
            for k in range(lo, lo + n_taking_part[d]):
                j = taking_part[k]
                seat_rows[list_row[j], s] += won[j]
                histogram[j, np.uint64(won[j])] += 1
    for j in range(n_lists):
        histogram[j, 0] = np.int64(last - first) - histogram[j, 1:].sum()
