"""numba kernels: arrays in, arrays out. The meaning of the arrays is in `model.py`.

Reproducibility whatever the number of threads: simulations run in fixed chunks of
`CHUNK` simulations, and chunk c draws from its own generator seeded with `chunk_seeds[c]`
(from `numpy.random.SeedSequence`). A chunk is one `prange` iteration, so one thread runs it from
its seed to its end, and the result depends on the seed and the chunk, not on the scheduling.
A run of N simulations is therefore the first N simulations of any longer run with the same seed.

Random numbers (see `bench/` for the profile that motivated this): each chunk runs its own SFC64
generator (numpy's `SFC64` algorithm, state expanded from the chunk seed by splitmix64) and draws
Gamma variates with numpy's own `Generator.standard_gamma` algorithm (Marsaglia–Tsang on a
ziggurat normal, ziggurat exponential for shape 1). Both are exact samplers; they are 6–7 times
faster than numba's legacy `np.random.gamma` (Mersenne Twister and polar Box–Muller). Given the
state from `chunk_generator_state`, the draws are bit for bit those of
`numpy.random.Generator(SFC64)` with that state, which is how the tests check them.
"""

from __future__ import annotations

from statistics import NormalDist

import numpy as np
from numba import njit, prange

# numpy's ziggurat tables (numba copies them from numpy's ziggurat_constants.h).
from numba.np.random._constants import (
    fe_double,
    fi_double,
    ke_double,
    ki_double,
    we_double,
    wi_double,
    ziggurat_exp_r,
    ziggurat_nor_inv_r,
    ziggurat_nor_r,
)

CHUNK = 4096
# Local noise (a log-normal factor per swung list and simulation) picks one of NOISE_LEVELS
# equiprobable quantiles of the factor with 12 random bits: 8× cheaper than a ziggurat normal and
# an exp, which made the noise a third of the run, and indistinguishable at the precision we
# report (the standard normal is cut at ±3.5 sd; its variance is 0.998 instead of 1).
NOISE_LEVELS = 4096
_NOISE_SHIFT = np.uint64(64 - 12)
STANDARD_NORMAL_QUANTILES = np.array([NormalDist().inv_cdf((i + 0.5) / NOISE_LEVELS) for i in range(NOISE_LEVELS)])
# Electoral Code art. 165bis: a list needs 5 % of the constituency's valid votes (1 in 20).
THRESHOLD_DIVISOR = 20.0

_U1 = np.uint64(1)
_TWO_POW_53_INV = 1.0 / 9007199254740992.0


# --- random numbers -------------------------------------------------------------------------


@njit(cache=True, inline="always")
def _next_uint64(state):
    """SFC64 (Chris Doty-Humphrey's Small Fast Chaotic generator), as numpy implements it."""
    a, b, c, counter = state[0], state[1], state[2], state[3]
    out = a + b + counter
    state[3] = counter + _U1
    state[0] = b ^ (b >> np.uint64(11))
    state[1] = c + (c << np.uint64(3))
    state[2] = ((c << np.uint64(24)) | (c >> np.uint64(40))) + out
    return out


@njit(cache=True, inline="always")
def _next_double(state):
    # Below 2^53, so the signed conversion (one instruction) is exact.
    return np.float64(np.int64(_next_uint64(state) >> np.uint64(11))) * _TWO_POW_53_INV


@njit(cache=True)
def _seed_state(seed, state):
    """SFC64 state from a chunk seed: splitmix64 fills the three words, the counter starts at 1
    and 12 rounds are discarded (as numpy's `sfc64_set_seed`)."""
    x = np.uint64(seed)
    for k in range(3):
        x = x + np.uint64(0x9E3779B97F4A7C15)
        z = x
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        state[k] = z ^ (z >> np.uint64(31))
    state[3] = _U1
    for _ in range(12):
        _next_uint64(state)


def chunk_generator_state(seed: int) -> np.ndarray:
    """The SFC64 state (4 uint64 words) a chunk starts from, for `numpy.random.SFC64().state`."""
    state = np.zeros(4, dtype=np.uint64)
    _seed_state(np.uint64(seed), state)
    return state


@njit(cache=True)
def _standard_normal(state):
    """numpy's ziggurat normal (`random_standard_normal`), on our SFC64 stream."""
    while True:
        r = _next_uint64(state)
        idx = r & np.uint64(0xFF)
        r >>= np.uint64(8)
        sign = r & _U1
        rabs = (r >> _U1) & np.uint64(0x000FFFFFFFFFFFFF)
        x = np.float64(np.int64(rabs)) * wi_double[idx]
        if sign:
            x = -x
        if rabs < ki_double[idx]:
            return x
        if idx == 0:
            while True:
                xx = -ziggurat_nor_inv_r * np.log1p(-_next_double(state))
                yy = -np.log1p(-_next_double(state))
                if yy + yy > xx * xx:
                    if (rabs >> np.uint64(8)) & _U1:
                        return -(ziggurat_nor_r + xx)
                    return ziggurat_nor_r + xx
        elif (fi_double[idx - 1] - fi_double[idx]) * _next_double(state) + fi_double[idx] < np.exp(-0.5 * x * x):
            return x


@njit(cache=True)
def _standard_exponential(state):
    """numpy's ziggurat exponential (`random_standard_exponential`)."""
    while True:
        ri = _next_uint64(state) >> np.uint64(3)
        idx = ri & np.uint64(0xFF)
        ri >>= np.uint64(8)
        x = np.float64(np.int64(ri)) * we_double[idx]
        if ri < ke_double[idx]:
            return x
        if idx == 0:
            return ziggurat_exp_r - np.log1p(-_next_double(state))
        if (fe_double[idx - 1] - fe_double[idx]) * _next_double(state) + fe_double[idx] < np.exp(-x):
            return x


@njit(cache=True)
def _standard_gamma(state, shape):
    """numpy's `random_standard_gamma`: Marsaglia–Tsang (2000) for shape > 1, exact."""
    if shape == 1.0:
        return _standard_exponential(state)
    if shape == 0.0:
        return 0.0
    if shape < 1.0:
        while True:
            u = _next_double(state)
            v = _standard_exponential(state)
            if u <= 1.0 - shape:
                x = u ** (1.0 / shape)
                if x <= v:
                    return x
            else:
                y = -np.log((1.0 - u) / shape)
                x = (1.0 - shape + shape * y) ** (1.0 / shape)
                if x <= v + y:
                    return x
    b = shape - 1.0 / 3.0
    return _marsaglia_tsang(state, b, 1.0 / np.sqrt(9.0 * b))


@njit(cache=True, inline="always")
def _marsaglia_tsang(state, b, c):
    """Gamma(b + 1/3) for b + 1/3 > 1, with c = 1/sqrt(9b) computed once per shape (numpy
    recomputes it per draw; the same expression gives the same bits)."""
    while True:
        while True:
            x = _standard_normal(state)
            v = 1.0 + c * x
            if v > 0.0:
                break
        v = v * v * v
        u = _next_double(state)
        if u < 1.0 - 0.0331 * (x * x) * (x * x):
            return b * v
        if np.log(u) < 0.5 * x * x + b * (1.0 - v + np.log(v)):
            return b * v


@njit(cache=True, inline="always")
def _gamma_fast(state, shape, b, c):
    """`_standard_gamma(state, shape)` with b, c from `_gamma_constants`: same draws."""
    if shape > 1.0:
        return _marsaglia_tsang(state, b, c)
    return _standard_gamma(state, shape)


@njit(cache=True)
def _gamma_constants(shapes):
    """b and c of `_marsaglia_tsang` per shape (unused where the shape is at most 1)."""
    b = np.zeros(shapes.shape[0])
    c = np.zeros(shapes.shape[0])
    for k in range(shapes.shape[0]):
        if shapes[k] > 1.0:
            b[k] = shapes[k] - 1.0 / 3.0
            c[k] = 1.0 / np.sqrt(9.0 * b[k])
    return b, c


@njit(cache=True)
def draw_gamma(seed, shapes, n):
    """`n` rounds of one Gamma(shape, 1) draw per shape from a chunk's stream, (n, len(shapes)):
    the kernel's draws, exposed so the tests can check them against numpy."""
    state = np.empty(4, dtype=np.uint64)
    _seed_state(np.uint64(seed), state)
    b, c = _gamma_constants(shapes)
    out = np.empty((n, shapes.shape[0]))
    for s in range(n):
        for k in range(shapes.shape[0]):
            out[s, k] = _gamma_fast(state, shapes[k], b[k], c[k])
    return out


# --- D'Hondt -------------------------------------------------------------------------------


@njit(cache=True)
def _taking_part(votes, lo, hi, taking_part, total):
    """Indices of the lists of `votes[lo:hi]` (which add up to `total`) that share the seats, into
    `taking_part`: those with 5 % of the constituency's votes, or all of them if none has (the
    threshold cannot leave seats unfilled). Returns (how many, their votes in total)."""
    m = 0
    eligible_total = 0.0
    for i in range(lo, hi):
        if votes[i] * THRESHOLD_DIVISOR >= total and votes[i] > 0.0:
            taking_part[m] = i
            m += 1
            eligible_total += votes[i]
    if m == 0:
        for i in range(lo, hi):
            taking_part[m] = i
            m += 1
        eligible_total = total
    return m, eligible_total


@njit(cache=True, inline="always")
def _hand_out(votes, taking_part, m, out, given, seats):
    """Add seats one at a time to the highest quotient v/(a+1) until `seats` are given; ties go
    to the list with more votes, then to the one listed first. Returns the seats given."""
    while given < seats:
        best = taking_part[0]
        for k in range(1, m):
            i = taking_part[k]
            # Compare v_i/(a_i+1) with v_best/(a_best+1) without dividing.
            left = votes[i] * (out[best] + 1)
            right = votes[best] * (out[i] + 1)
            if left > right or (left == right and votes[i] > votes[best]):
                best = i
        out[best] += 1
        given += 1
    return given


@njit(cache=True)
def _dhondt_range(votes, lo, hi, seats, out, taking_part):
    """D'Hondt on `votes[lo:hi]` into `out[lo:hi]`; `taking_part` is scratch (≥ hi − lo ints).

    Starts each list at its lower quota, which D'Hondt always grants, then hands out the few
    remaining seats by highest quotient. Ties go to the list with more votes, then to the one
    listed first.
    """
    total = 0.0
    for i in range(lo, hi):
        out[i] = 0
        total += votes[i]
    m, eligible_total = _taking_part(votes, lo, hi, taking_part, total)
    given = 0
    if eligible_total > 0.0:
        for k in range(m):
            i = taking_part[k]
            # The small margin keeps float rounding from granting more than the lower quota.
            quota = np.floor(seats * votes[i] / eligible_total - 1e-9)
            if quota > 0:
                out[i] = np.int64(quota)
                given += np.int64(quota)
    _hand_out(votes, taking_part, m, out, given, seats)


# A start allocation is read off a divisor only when no list's votes/divisor lies this close to
# a whole number: float rounding (1e-14 here) then cannot decide which quotients it includes.
_CUT_GUARD = 1e-6


@njit(cache=True)
def _dhondt_fast(votes, lo, hi, seats, out, taking_part, total):
    """`_dhondt_range` with a closer start, for the simulation loop: same results, fewer steps.

    Every D'Hondt allocation is "all quotients v/k above some divisor". Cutting at the divisor
    E / (seats + m/2) (E = votes of the m lists taking part) gives an allocation within a seat or
    so of the answer, and it is a prefix of the greedy order (it holds all quotients above one
    value, so no tie is split) unless some v/divisor is within `_CUT_GUARD` of a whole number, in
    which case we fall back to `_dhondt_range`. From the cut, seats are added in greedy order, or
    removed in exactly the reverse order (smallest quotient first; ties to fewer votes, then to
    the list listed last), which ends on the same allocation as handing them out from zero.
    """
    m, eligible_total = _taking_part(votes, lo, hi, taking_part, total)
    if eligible_total <= 0.0:
        _dhondt_range(votes, lo, hi, seats, out, taking_part)
        return
    for i in range(lo, hi):
        out[i] = 0
    # Divide first: a tiny total (denormal votes) would make the scale itself overflow.
    cut = seats + 0.5 * m
    given = 0
    for k in range(m):
        i = taking_part[k]
        x = votes[i] / eligible_total * cut
        whole = np.floor(x)
        if x - whole < _CUT_GUARD or whole + 1.0 - x < _CUT_GUARD:
            _dhondt_range(votes, lo, hi, seats, out, taking_part)
            return
        out[i] = np.int64(whole)
        given += np.int64(whole)
    given = _hand_out(votes, taking_part, m, out, given, seats)
    while given > seats:
        worst = -1
        for k in range(m):
            i = taking_part[k]
            if out[i] == 0:
                continue
            if worst < 0:
                worst = i
                continue
            # v_i/a_i against v_worst/a_worst without dividing.
            left = votes[i] * out[worst]
            right = votes[worst] * out[i]
            if left < right or (left == right and votes[i] <= votes[worst]):
                worst = i
        out[worst] -= 1
        given -= 1


@njit(cache=True)
def dhondt(votes, seats, out):
    """D'Hondt with the 5 % threshold, written into `out` (int64, same length as votes).

    Lists below the threshold take no seat; if no list reaches it, all lists take part (the
    threshold cannot leave seats unfilled). Starts each list at its lower quota, which D'Hondt
    always grants, then hands out the few remaining seats by highest quotient. Ties go to the list
    with more votes, then to the one listed first.
    """
    n = votes.shape[0]
    if n == 0:
        return
    _dhondt_range(votes, 0, n, seats, out, np.empty(n, dtype=np.int64))


def local_noise_factors(sd: float) -> np.ndarray:
    """The log-normal factors exp(sd × z) at the equiprobable quantiles z (empty when sd is 0)."""
    return np.exp(sd * STANDARD_NORMAL_QUANTILES) if sd > 0 else np.empty(0)


def allocate(votes, seats: int) -> np.ndarray:
    """Seats per list in one constituency (D'Hondt, 5 % threshold) from its votes."""
    votes = np.ascontiguousarray(votes, dtype=np.float64)
    out = np.zeros(votes.shape[0], dtype=np.int64)
    if votes.shape[0]:
        dhondt(votes, seats, out)
    return out


# --- the simulation ------------------------------------------------------------------------


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
    noise_factors,
):
    """Run `n_simulations` draws of the whole Chamber.

    Returns
    - seats (n_regions, n_parties, n_simulations) uint8: seats per region and party (simulations
      last, so that each party's draws are contiguous for the summaries);
    - list_histogram (n_lists, max seats + 1) int64: how often each list won k seats;
    - shares (n_shares_kept, n_categories) float32: the Dirichlet draws of the first simulations,
      from which vote-share intervals are read (the same draws as the seats).

    `noise_factors` (NOISE_LEVELS values, or empty for none) multiply each swung list's votes by
    one of them drawn at random: local deviations from the regional swing (`local_noise_factors`).
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
