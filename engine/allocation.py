"""Seat allocation rules: the 5 % threshold, D'Hondt, largest remainder and the last seat.

The threshold is the Electoral Code's art. 165bis, D'Hondt its art. 167; the tie rule (more votes,
then listed first) is our convention (docs/method.md §3.4).

The D'Hondt kernels are numba functions on flat arrays (votes as float64, seats as int64), used by
the simulation loop in `kernel.py`; `allocate`, `largest_remainder` and `last_seat` are their
plain-Python entry points for one constituency or one Chamber.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from numba import njit

# Electoral Code art. 165bis: a list takes part in the seat allocation only with at least 5 % of
# the constituency's valid votes, tested as votes × 20 ≥ total (exact for whole vote counts,
# where 0.05 × total is not).
THRESHOLD_DIVISOR = 20.0


# The simulation loop's D'Hondt (`_dhondt_fast` and its steps) counts with unsigned indices: numba
# then indexes arrays directly, where a signed index costs a test for a negative (wrap-around)
# index at every access, about a fifth of the allocation's time (bench/run.py).
_U0 = np.uint64(0)
_U1 = np.uint64(1)


@njit(cache=True, nogil=True)
def _taking_part(votes, lo, hi, taking_part, total):
    """Write the indices of the lists of `votes[lo:hi]` that share the seats into `taking_part`.

    Those are the lists with 5 % of the constituency's votes (`total`), or all of them if none has
    (the threshold cannot leave seats unfilled). Returns (how many, their votes in total).
    """
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


@njit(cache=True, nogil=True, inline="always")
def _hand_out(votes, taking_part, start, m, out, given, seats):
    """Add seats one at a time to the highest quotient v/(a+1) until `seats` are given.

    The lists competing are ``taking_part[start:start + m]``. Ties go to the list with more votes,
    then to the one listed first. Returns the seats given.
    """
    first = np.uint64(start)
    end = first + np.uint64(m)
    while given < seats:
        best = taking_part[first]
        for k in range(first + _U1, end):
            i = taking_part[k]
            # Compare v_i/(a_i+1) with v_best/(a_best+1) without dividing.
            left = votes[i] * (out[best] + 1)
            right = votes[best] * (out[i] + 1)
            if left > right or (left == right and votes[i] > votes[best]):
                best = i
        out[best] += 1
        given += 1
    return given


@njit(cache=True, nogil=True, inline="always")
def _take_back(votes, taking_part, start, m, out, given, seats):
    """Remove seats one at a time from the lowest quotient v/a until only `seats` are left.

    Exactly the reverse of `_hand_out`'s order: the smallest quotient first, ties to fewer votes,
    then to the list listed last. Returns the seats left.
    """
    first = np.uint64(start)
    end = first + np.uint64(m)
    while given > seats:
        worst = taking_part[first]
        found = False
        for k in range(first, end):
            i = taking_part[k]
            if out[i] == 0:
                continue
            if not found:
                worst, found = i, True
                continue
            # v_i/a_i against v_worst/a_worst without dividing.
            left = votes[i] * out[worst]
            right = votes[worst] * out[i]
            if left < right or (left == right and votes[i] <= votes[worst]):
                worst = i
        out[worst] -= 1
        given -= 1
    return given


@njit(cache=True, nogil=True)
def _dhondt_range(votes, lo, hi, seats, out, taking_part):
    """D'Hondt on `votes[lo:hi]` into `out[lo:hi]`; `taking_part` is scratch (≥ hi − lo ints).

    Starts each list at its lower quota, which D'Hondt always grants, then hands out the few
    remaining seats by highest quotient. Ties go to the list with more votes, then to the one
    listed first. The lists taking part are left in ``taking_part[:m]``.
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
    _hand_out(votes, taking_part, 0, m, out, given, seats)


# A start allocation is read off a divisor only when no list's votes/divisor lies this close to
# a whole number: float rounding (1e-14 here) then cannot decide which quotients it includes.
_CUT_GUARD = 1e-6


@njit(cache=True, nogil=True, inline="always")
def _dhondt_fast(votes, lo, hi, seats, out, taking_part, total):
    """`_dhondt_range` with a closer start, for the simulation loop: same results, fewer steps.

    Every D'Hondt allocation is "all quotients v/k above some divisor". Cutting at the divisor
    E / (seats + m/2) (E = votes of the m lists taking part) gives an allocation within a seat or
    so of the answer, and it is a prefix of the greedy order (it holds all quotients above one
    value, so no tie is split) unless some v/divisor is within `_CUT_GUARD` of a whole number, in
    which case we fall back to `_dhondt_range`. From the cut, seats are added in greedy order, or
    removed in exactly the reverse order (smallest quotient first; ties to fewer votes, then to
    the list listed last), which ends on the same allocation as handing them out from zero.

    `total` is the constituency's votes, summed in list order. Writes every list's seats into
    `out[lo:hi]` and the lists that may hold one (those taking part) into
    ``taking_part[lo:lo + m]``, and returns m (an unsigned integer).
    """
    first = np.uint64(lo)
    end = np.uint64(hi)
    m = _U0
    eligible_total = 0.0
    for i in range(first, end):
        v = votes[i]
        out[i] = 0
        # Without a branch: every index is written, and kept only if the list takes part.
        takes_part = (v * THRESHOLD_DIVISOR >= total) & (v > 0.0)
        taking_part[first + m] = i
        m += np.uint64(takes_part)
        eligible_total += v if takes_part else 0.0
    if m == _U0:
        # No list reaches the threshold (or no votes at all): all of them take part.
        _dhondt_range(votes, lo, hi, seats, out, taking_part[first:])
        return end - first
    cut = seats + 0.5 * np.float64(m)
    given = 0
    near_whole = False
    for k in range(first, first + m):
        i = taking_part[k]
        # Divide first: a tiny total (denormal votes) would make the scale itself overflow.
        x = votes[i] / eligible_total * cut
        whole = np.floor(x)
        near_whole |= (x - whole < _CUT_GUARD) | (whole + 1.0 - x < _CUT_GUARD)
        out[i] = np.int64(whole)
        given += np.int64(whole)
    if near_whole:
        _dhondt_range(votes, lo, hi, seats, out, taking_part[first:])
        return m
    given = _hand_out(votes, taking_part, first, m, out, given, seats)
    _take_back(votes, taking_part, first, m, out, given, seats)
    return m


@njit(cache=True, nogil=True)
def dhondt(votes, seats, out):
    """Allocate one constituency's seats by D'Hondt with the 5 % threshold, into `out` (numba).

    Lists below the threshold (Electoral Code art. 165bis: ``20 × votes ≥ total``, exactly 5 %
    included) take no seat; if no list reaches it, all lists take part (the threshold cannot
    leave seats unfilled). D'Hondt (art. 167) starts each list at its lower quota, which it always
    grants, then hands out the few remaining seats by highest quotient. Ties go to the list with
    more votes, then to the one listed first (docs/method.md §3.4).

    Parameters
    ----------
    votes : numpy.ndarray of shape (n_lists,), float64
        Each list's votes (non-negative), in the constituency's list order.
    seats : int
        Seats to allocate.
    out : numpy.ndarray of shape (n_lists,), int64
        Overwritten with each list's seats, summing to `seats` (when every list has 0 votes, the
        tie rule gives them all to the first list). Untouched when there is no list.
    """
    n = votes.shape[0]
    if n == 0:
        return
    _dhondt_range(votes, 0, n, seats, out, np.empty(n, dtype=np.int64))


def allocate(votes, seats: int) -> np.ndarray:
    """Allocate one constituency's seats: D'Hondt with the 5 % threshold (`dhondt`).

    Parameters
    ----------
    votes : array_like of shape (n_lists,), float
        Each list's votes (non-negative), in the constituency's list order (ties go to the list
        listed first).
    seats : int
        Seats the constituency elects.

    Returns
    -------
    numpy.ndarray of shape (n_lists,), int64
        Seats per list.
    """
    votes = np.ascontiguousarray(votes, dtype=np.float64)
    out = np.zeros(votes.shape[0], dtype=np.int64)
    if votes.shape[0]:
        dhondt(votes, seats, out)
    return out


def largest_remainder(quotas: Mapping[str, float], total: int) -> dict[str, int]:
    """Round fractional seats to whole seats by Hamilton's largest-remainder method.

    Each key gets its quota rounded down, and the seats left go one each to the largest
    remainders, ties to the key that sorts first.

    Parameters
    ----------
    quotas : mapping of str to float
        Fractional seats per key (non-negative), adding up to `total`.
    total : int
        Whole seats to hand out.

    Returns
    -------
    dict of str to int
        Whole seats per key, adding up to `total`.
    """
    floors = {key: math.floor(quota) for key, quota in quotas.items()}
    left = total - sum(floors.values())
    by_remainder = sorted(quotas, key=lambda key: (-(quotas[key] - floors[key]), key))
    for key in by_remainder[:left]:
        floors[key] += 1
    return floors


def last_seat(votes, seats: int) -> tuple[int, int, float] | None:
    """Find the race for the last seat of a constituency, from its lists' votes.

    Parameters
    ----------
    votes : array_like of shape (n_lists,), float
        Each list's votes, in the constituency's list order.
    seats : int
        Seats the constituency elects.

    Returns
    -------
    tuple of (int, int, float) or None
        ``(holder, challenger, votes to move)``: the index of the list that D'Hondt gives the last
        seat to, the index of the list that needs the fewest votes moved from the holder to win a
        seat more, and that number of votes, to a millionth of a vote (the 5 % threshold is
        respected: a list under it must first reach it). None when no list can take a seat from
        the holder or there is no seat to take.
    """
    votes = np.asarray(votes, dtype=np.float64)
    won = allocate(votes, seats)
    if seats < 1 or votes.sum() <= 0:
        return None
    holder = _last_winner(votes, won)
    races = [(_votes_to_gain(votes, seats, holder, c, won[c]), c) for c in range(len(votes)) if c != holder]
    races = [(needed, c) for needed, c in races if needed is not None]
    if not races:
        return None
    needed, challenger = min(races)
    return holder, challenger, needed


def _last_winner(votes: np.ndarray, won: np.ndarray) -> int:
    """Return the list D'Hondt handed the last seat to.

    That is the smallest winning quotient votes/seats; among equal quotients, the one the tie rule
    served last (fewer votes, then listed later).
    """
    winners = [i for i in range(len(votes)) if won[i] > 0]
    return max(winners, key=lambda i: (-votes[i] / won[i], -votes[i], i))


def _votes_to_gain(votes: np.ndarray, seats: int, holder: int, challenger: int, had: int) -> float | None:
    """Return the fewest votes moved from `holder` to `challenger` that give it more than `had` seats.

    None if even all of the holder's votes do not. The challenger's seats only grow as votes move
    to it (D'Hondt is monotone), so a bisection finds the boundary.
    """

    def gains(moved: float) -> bool:
        shifted = votes.copy()
        shifted[holder] -= moved
        shifted[challenger] += moved
        return allocate(shifted, seats)[challenger] > had

    low, high = 0.0, float(votes[holder])
    if not gains(high):
        return None
    # Halve until the boundary is known to a millionth of a vote (a fraction of any printed digit).
    while high - low > 1e-6:
        middle = 0.5 * (low + high)
        low, high = (low, middle) if gains(middle) else (middle, high)
    return high
