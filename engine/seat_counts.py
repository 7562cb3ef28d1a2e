"""Seat draws counted into distributions, in numba: what a run's summaries spend their time on.

A full run's parties, families and coalitions are a hundred distributions over 2^20 simulations
(docs/method.md §3.5, §3.7). With numpy (a cast to int64 and `numpy.bincount` per party and per
region and party; per coalition a sum of rows, a bincount and a count of Dutch-language group
majorities) they took about 0.4 s after every run; here each is one parallel pass over the draws,
about 20 ms for the parties and as much for the preset coalitions on 2 cores. The counts are whole
numbers, so the order in which the threads add them changes nothing.

A count above the Chamber's 150 seats raises `ValueError` (it is never written out of bounds).
The parallel functions are called through `engine.kernel.parallel_launch`, like the simulation loop.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from .domain import CHAMBER_SEATS
from .kernel import parallel_launch

# Coalitions are summed over blocks of this many simulations, in parallel: a block's sums stay in
# the cache. They are summed as int16, which 128 parties of at most 255 seats cannot overflow.
BLOCK = 2**14
MAX_PARTIES = 128


def is_compiled() -> bool:
    """Tell whether the counting functions are compiled (or loaded from numba's disk cache) here.

    Until then a run's summaries also compile them, about 10 s on a cold host.

    Returns
    -------
    bool
        True once `_row_counts` and `_coalition_counts` have a compiled signature.
    """
    return bool(_row_counts.signatures) and bool(_coalition_counts.signatures)


def row_counts(draws: np.ndarray) -> np.ndarray:
    """Count each row of seat draws into a distribution.

    Parameters
    ----------
    draws : numpy.ndarray of shape (n_rows, n_simulations), uint8
        Seats (at most `CHAMBER_SEATS`) of each row (a party, or a party in a region) in each
        simulation.

    Returns
    -------
    numpy.ndarray of shape (n_rows, CHAMBER_SEATS + 1), int64
        ``counts[i, x]``: the number of simulations in which row i has x seats; what
        ``numpy.bincount(draws[i], minlength=CHAMBER_SEATS + 1)`` gives.

    Raises
    ------
    ValueError
        When a draw exceeds `CHAMBER_SEATS`.
    TypeError
        When `draws` is not uint8.
    """
    with parallel_launch():
        counts = _row_counts(_uint8(draws))
    return _within_the_chamber(counts)


def coalition_counts(
    national: np.ndarray, dutch: np.ndarray, dutch_group_size: np.ndarray, members: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Sum coalitions' seats within each simulation and count them, in one pass over the draws.

    Parameters
    ----------
    national : numpy.ndarray of shape (n_parties, n_simulations), uint8
        National seats per party in each simulation.
    dutch : numpy.ndarray of shape (n_parties, n_simulations), uint8
        Dutch-language group seats per party in each simulation.
    dutch_group_size : numpy.ndarray of shape (n_simulations,), int16
        Seats in the Dutch-language group in each simulation.
    members : numpy.ndarray of shape (n_coalitions, n_parties), bool
        ``members[c, p]``: party p is in coalition c.

    Returns
    -------
    counts : numpy.ndarray of shape (n_coalitions, CHAMBER_SEATS + 1), int64
        ``counts[c, x]``: the number of simulations in which coalition c has x seats.
    dutch_majority_hits : numpy.ndarray of shape (n_coalitions,), int64
        The number of simulations in which coalition c holds more than half of the Dutch-language
        group (2 × its seats there > the group's size).

    Raises
    ------
    ValueError
        When a coalition's seats exceed `CHAMBER_SEATS` in some simulation, or there are more than
        `MAX_PARTIES` parties.
    TypeError
        When `national` or `dutch` is not uint8.
    """
    if members.shape[1] > MAX_PARTIES:
        raise ValueError(f"at most {MAX_PARTIES} parties are summed")
    with parallel_launch():
        counts, hits = _coalition_counts(
            _uint8(national),
            _uint8(dutch),
            np.ascontiguousarray(dutch_group_size, dtype=np.int16),
            np.ascontiguousarray(members, dtype=np.bool_),
        )
    return _within_the_chamber(counts), hits


def _uint8(draws: np.ndarray) -> np.ndarray:
    """Return `draws` C-contiguous; seats of another dtype are refused rather than cast (256 would read 0)."""
    if draws.dtype != np.uint8:
        raise TypeError(f"seat draws are uint8, not {draws.dtype}")
    return np.ascontiguousarray(draws)


def _within_the_chamber(counts: np.ndarray) -> np.ndarray:
    """Drop the counts' columns beyond `CHAMBER_SEATS`, which must be empty."""
    if counts[:, CHAMBER_SEATS + 1 :].any():
        raise ValueError(f"seat counts above the Chamber's {CHAMBER_SEATS} seats")
    return np.ascontiguousarray(counts[:, : CHAMBER_SEATS + 1])


@njit(parallel=True, cache=True, nogil=True)
def _row_counts(draws):
    """(n_rows, 256) int64 counts of uint8 `draws`; a uint8 cannot fall outside them."""
    n_rows = draws.shape[0]
    counts = np.zeros((n_rows, 256), dtype=np.int64)
    for i in prange(n_rows):
        _count(draws[i], 255, counts[i])
    return counts


@njit(parallel=True, cache=True, nogil=True)
def _coalition_counts(national, dutch, dutch_group_size, members):
    """(n_coalitions, CHAMBER_SEATS + 2) counts, the last column for sums beyond the Chamber, and the hits."""
    n_coalitions, n_parties = members.shape
    n = national.shape[1]
    n_blocks = (n + BLOCK - 1) // BLOCK
    block_counts = np.zeros((n_blocks, n_coalitions, CHAMBER_SEATS + 2), dtype=np.int64)
    block_hits = np.zeros((n_blocks, n_coalitions), dtype=np.int64)
    for b in prange(n_blocks):
        first = b * BLOCK
        last = min(first + BLOCK, n)
        size = last - first
        group = dutch_group_size[first:last]
        seats = np.empty(size, dtype=np.int16)
        dutch_seats = np.empty(size, dtype=np.int16)
        for c in range(n_coalitions):
            seats[:] = 0
            dutch_seats[:] = 0
            for p in range(n_parties):
                if members[c, p]:
                    party = national[p, first:last]
                    party_dutch = dutch[p, first:last]
                    for s in range(size):
                        seats[s] += party[s]
                        dutch_seats[s] += party_dutch[s]
            hits = 0
            for s in range(size):
                hits += 2 * dutch_seats[s] > group[s]
            block_hits[b, c] = hits
            _count(seats, CHAMBER_SEATS + 1, block_counts[b, c])
    return block_counts.sum(axis=0), block_hits.sum(axis=0)


# `_count` interleaves 4 tables (summed at the end): a run of equal values then adds to 4 counters
# in turn rather than waiting for each addition to the same one (a fifth to a third faster).
_LANES = 4


@njit(cache=True, nogil=True)
def _count(values, top, counts):
    """Add to ``counts[x]`` the number of `values` equal to x, values above `top` counted at `top`."""
    n = values.shape[0]
    lanes = np.zeros((_LANES, counts.shape[0]), dtype=np.int64)
    body = n - n % _LANES
    for s in range(0, body, _LANES):
        for k in range(_LANES):
            lanes[k, min(values[s + k], top)] += 1
    for s in range(body, n):
        lanes[0, min(values[s], top)] += 1
    for k in range(_LANES):
        counts += lanes[k]
