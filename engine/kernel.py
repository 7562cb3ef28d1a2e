"""numba kernels: arrays in, arrays out. The meaning of the arrays is in `model.py`.

Reproducibility whatever the number of threads: simulations run in fixed chunks of
`CHUNK` simulations, and chunk c draws from its own generator seeded with `chunk_seeds[c]`
(from `numpy.random.SeedSequence`). A chunk is one `prange` iteration, so one thread runs it from
its seed to its end, and the result depends on the seed and the chunk, not on the scheduling.
A run of N simulations is therefore the first N simulations of any longer run with the same seed.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

CHUNK = 4096
# Electoral Code art. 165bis: a list needs 5 % of the constituency's valid votes (1 in 20).
THRESHOLD_DIVISOR = 20.0


@njit(cache=True)
def dhondt(votes, seats, out):
    """D'Hondt with the 5 % threshold, written into `out` (int64, same length as votes).

    Lists below the threshold take no seat; if no list reaches it, all lists take part (the
    threshold cannot leave seats unfilled). Starts each list at its lower quota, which D'Hondt
    always grants, then hands out the few remaining seats by highest quotient. Ties go to the list
    with more votes, then to the one listed first.
    """
    n = votes.shape[0]
    total = 0.0
    for i in range(n):
        out[i] = 0
        total += votes[i]
    eligible_total = 0.0
    for i in range(n):
        if votes[i] * THRESHOLD_DIVISOR >= total and votes[i] > 0.0:
            eligible_total += votes[i]
    everyone = eligible_total == 0.0
    if everyone:
        eligible_total = total
    given = 0
    if eligible_total > 0.0:
        for i in range(n):
            if everyone or votes[i] * THRESHOLD_DIVISOR >= total:
                # The small margin keeps float rounding from granting more than the lower quota.
                quota = np.floor(seats * votes[i] / eligible_total - 1e-9)
                if quota > 0:
                    out[i] = np.int64(quota)
                    given += out[i]
    while given < seats:
        best = -1
        for i in range(n):
            if not (everyone or votes[i] * THRESHOLD_DIVISOR >= total):
                continue
            if best < 0:
                best = i
                continue
            # Compare v_i/(a_i+1) with v_best/(a_best+1) without dividing.
            left = votes[i] * (out[best] + 1)
            right = votes[best] * (out[i] + 1)
            if left > right or (left == right and votes[i] > votes[best]):
                best = i
        out[best] += 1
        given += 1


def allocate(votes, seats: int) -> np.ndarray:
    """Seats per list in one constituency (D'Hondt, 5 % threshold) from its votes."""
    votes = np.ascontiguousarray(votes, dtype=np.float64)
    out = np.zeros(votes.shape[0], dtype=np.int64)
    if votes.shape[0]:
        dhondt(votes, seats, out)
    return out


@njit(parallel=True, cache=True)
def simulate_seats(
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
    """Run `n_simulations` draws of the whole Chamber.

    Returns
    - seats (n_simulations, n_regions, n_parties) uint8: seats per region and party;
    - list_histogram (n_lists, max seats + 1) int64: how often each list won k seats;
    - shares (n_shares_kept, n_categories) float32: the Dirichlet draws of the first simulations,
      from which vote-share intervals are read (the same draws as the seats).

    `noise_sd` > 0 multiplies each swung list's votes by exp(noise_sd × N(0, 1)): local
    deviations from the regional swing (0 = the plain regional swing of method.md).
    """
    n_regions = category_start.shape[0] - 1
    n_categories = alpha.shape[0]
    n_lists = list_unit.shape[0]
    n_constituencies = constituency_seats.shape[0]
    max_seats = 0
    for d in range(n_constituencies):
        max_seats = max(max_seats, constituency_seats[d])
    n_chunks = (n_simulations + CHUNK - 1) // CHUNK

    seats = np.zeros((n_simulations, n_regions, n_parties), dtype=np.uint8)
    chunk_histogram = np.zeros((n_chunks, n_lists, max_seats + 1), dtype=np.int64)
    shares = np.zeros((n_shares_kept, n_categories), dtype=np.float32)

    for c in prange(n_chunks):
        np.random.seed(chunk_seeds[c])
        theta = np.empty(n_categories)
        unit_share = np.empty(n_units)
        votes = np.empty(n_lists)
        won = np.empty(n_lists, dtype=np.int64)
        first = c * CHUNK
        last = min(first + CHUNK, n_simulations)
        for s in range(first, last):
            for r in range(n_regions):
                lo, hi = category_start[r], category_start[r + 1]
                total = 0.0
                for k in range(lo, hi):
                    theta[k] = np.random.gamma(alpha[k])
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
            for j in range(n_lists):
                v = list_fixed[j]
                if list_unit[j] >= 0:
                    v += list_scale[j] * unit_share[list_unit[j]]
                    if noise_sd > 0.0:
                        v *= np.exp(noise_sd * np.random.standard_normal())
                votes[j] = max(v, 0.0)
            for d in range(n_constituencies):
                lo, hi = constituency_start[d], constituency_start[d + 1]
                dhondt(votes[lo:hi], constituency_seats[d], won[lo:hi])
                r = constituency_region[d]
                for j in range(lo, hi):
                    seats[s, r, list_party[j]] += won[j]
                    chunk_histogram[c, j, won[j]] += 1
    return seats, chunk_histogram.sum(axis=0), shares
