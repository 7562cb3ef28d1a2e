"""The reference kernel: the simulation as anyone would first write it, kept as the baseline.

Same inputs and outputs as `engine.kernel.simulate_seats`, same chunking and chunk seeds, but
numba's legacy `np.random.gamma` (Mersenne Twister, one generator per chunk seeded with the chunk
seed) for the Dirichlet draws and D'Hondt as one argmax over the lists per seat. It samples the
same distribution with a different random stream, so its PMFs agree with the engine's within
Monte Carlo error, not bit for bit.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from engine.allocation import THRESHOLD_DIVISOR
from engine.kernel import CHUNK, KernelInputs


@njit(cache=True)
def dhondt_by_argmax(votes, seats, out):
    """D'Hondt, threshold 5 % (everyone takes part if nobody reaches it): `seats` times, the
    list with the highest quotient v/(a+1) takes a seat; ties to more votes, then listed first."""
    n = votes.shape[0]
    total = votes.sum()
    anyone = False
    for i in range(n):
        out[i] = 0
        if votes[i] * THRESHOLD_DIVISOR >= total and votes[i] > 0.0:
            anyone = True
    for _ in range(seats):
        best = -1
        best_quotient = -1.0
        for i in range(n):
            if anyone and not (votes[i] * THRESHOLD_DIVISOR >= total and votes[i] > 0.0):
                continue
            quotient = votes[i] / (out[i] + 1)
            if best < 0 or quotient > best_quotient or (quotient == best_quotient and votes[i] > votes[best]):
                best, best_quotient = i, quotient
        out[best] += 1


def simulate_seats_reference(
    inputs: KernelInputs, n_simulations: int, chunk_seeds: np.ndarray, n_shares_kept: int, noise_sd: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """`engine.kernel.simulate_seats` the plain way, from the same `inputs`; the local noise is its
    standard deviation (one legacy normal per swung list) and seats come out as (n_simulations,
    n_regions, n_parties)."""
    return _simulate_seats_reference(
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
        noise_sd,
    )


@njit(parallel=True, cache=True)
def _simulate_seats_reference(
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
    noise_sd,
):
    n_regions = category_start.shape[0] - 1
    n_categories = alpha.shape[0]
    n_lists = list_unit.shape[0]
    max_seats = constituency_seats.max()
    n_chunks = (n_simulations + CHUNK - 1) // CHUNK
    seats = np.zeros((n_simulations, n_regions, n_parties), dtype=np.uint8)
    chunk_histogram = np.zeros((n_chunks, n_lists, max_seats + 1), dtype=np.int64)
    shares = np.zeros((n_shares_kept, n_categories), dtype=np.float32)
    for c in prange(n_chunks):
        np.random.seed(chunk_seeds[c])
        theta = np.empty(n_categories)
        votes = np.empty(n_lists)
        won = np.empty(n_lists, dtype=np.int64)
        for s in range(c * CHUNK, min((c + 1) * CHUNK, n_simulations)):
            for r in range(n_regions):
                lo, hi = category_start[r], category_start[r + 1]
                for k in range(lo, hi):
                    theta[k] = np.random.gamma(alpha[k])
                theta[lo:hi] /= theta[lo:hi].sum()
            if s < n_shares_kept:
                shares[s] = theta
            unit_share = np.zeros(n_units)
            for k in range(n_categories):
                if category_unit[k] >= 0:
                    unit_share[category_unit[k]] += theta[k]
            for j in range(n_lists):
                v = list_fixed[j]
                if list_unit[j] >= 0:
                    v += list_scale[j] * unit_share[list_unit[j]]
                    if noise_sd > 0.0:
                        v *= np.exp(noise_sd * np.random.standard_normal())
                votes[j] = max(v, 0.0)
            for d in range(constituency_seats.shape[0]):
                lo, hi = constituency_start[d], constituency_start[d + 1]
                dhondt_by_argmax(votes[lo:hi], constituency_seats[d], won[lo:hi])
                for j in range(lo, hi):
                    seats[s, constituency_region[d], list_party[j]] += won[j]
                    chunk_histogram[c, j, won[j]] += 1
    return seats, chunk_histogram.sum(axis=0), shares
