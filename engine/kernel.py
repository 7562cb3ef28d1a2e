"""The simulation loop: numba, arrays in, arrays out (docs/method.md §3.6).

The meaning of the arrays is in `model.py`.

Reproducibility whatever the number of threads: simulations run in fixed chunks of
`CHUNK` simulations, and chunk c draws from its own generator seeded with `chunk_seeds[c]`
(from `numpy.random.SeedSequence`). A chunk is one `prange` iteration, so one thread runs it from
its seed to its end, and the result depends on the seed and the chunk, not on the scheduling.
A run of N simulations is therefore the first N simulations of any longer run with the same seed.

The random numbers (SFC64 and numpy's Gamma sampler) are in `random_numbers.py`, the seat
allocation (5 % threshold, D'Hondt) in `allocation.py`.
"""

from __future__ import annotations

from statistics import NormalDist
from typing import NamedTuple

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
    of threads.

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


@njit(parallel=True, cache=True)
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
    max_seats = 0
    for d in range(n_constituencies):
        max_seats = max(max_seats, constituency_seats[d])
    n_chunks = (n_simulations + CHUNK - 1) // CHUNK

    seats = np.zeros((n_regions, n_parties, n_simulations), dtype=np.uint8)
    # Each chunk counts into its own small (n_lists, max_seats + 1) table, which stays in cache;
    # the tables are summed once at the end (a chunk never exceeds 4096 counts: int32 is ample).
    chunk_histogram = np.zeros((n_chunks, n_lists, max_seats + 1), dtype=np.int32)
    shares = np.zeros((n_shares_kept, n_categories), dtype=np.float32)
    gamma_b, gamma_c = _gamma_constants(alpha)

    for c in prange(n_chunks):
        state = np.empty(4, dtype=np.uint64)
        _seed_state(np.uint64(chunk_seeds[c]), state)
        theta = np.empty(n_categories)
        unit_share = np.empty(n_units)
        votes = np.empty(n_lists)
        won = np.empty(n_lists, dtype=np.int64)
        taking_part = np.empty(n_lists, dtype=np.int64)
        histogram = np.zeros((n_lists, max_seats + 1), dtype=np.int32)
        first = c * CHUNK
        last = min(first + CHUNK, n_simulations)
        for s in range(first, last):
            for r in range(n_regions):
                lo, hi = category_start[r], category_start[r + 1]
                total = 0.0
                for k in range(lo, hi):
                    theta[k] = _gamma_fast(state, alpha[k], gamma_b[k], gamma_c[k])
                    total += theta[k]
                for k in range(lo, hi):
                    theta[k] /= total
            if s < n_shares_kept:
                for k in range(n_categories):
                    shares[s, k] = theta[k]
            unit_share[:] = 0.0
            for k in range(n_categories):
                if category_unit[k] >= 0:
                    unit_share[category_unit[k]] += theta[k]
            for d in range(n_constituencies):
                lo, hi = constituency_start[d], constituency_start[d + 1]
                total = 0.0
                for j in range(lo, hi):
                    v = list_fixed[j]
                    if list_unit[j] >= 0:
                        v += list_scale[j] * unit_share[list_unit[j]]
                        if noise_factors.shape[0] > 0:
                            v *= noise_factors[_next_uint64(state) >> _NOISE_SHIFT]
                    votes[j] = max(v, 0.0)
                    total += votes[j]
                _dhondt_fast(votes, lo, hi, constituency_seats[d], won, taking_part, total)
                r = constituency_region[d]
                for j in range(lo, hi):
                    # Most lists win nothing most of the time: count only wins, zeros at the end.
                    if won[j] > 0:
                        seats[r, list_party[j], s] += won[j]
                        histogram[j, won[j]] += 1
        for j in range(n_lists):
            histogram[j, 0] = (last - first) - histogram[j, 1:].sum()
        chunk_histogram[c] = histogram
    return seats, chunk_histogram.sum(axis=0, dtype=np.int64), shares
