"""Constituency detail of a run: every list's seat distribution, and the race for the last seat.

The race is read at the poll's own shares (no sampling noise): who holds the last seat and how far
the closest challenger is from taking it (docs/method.md §3.7).
"""

from __future__ import annotations

import numpy as np

from .allocation import last_seat
from .domain import OTHER, REGIONS
from .model import Model, point_estimate_votes
from .results import ConstituencyResult, LastSeat, ListSeats
from .summaries import SeatDistribution


def constituency_results(model: Model, list_histogram: np.ndarray) -> tuple[ConstituencyResult, ...]:
    """Summarise every constituency of a run: its lists' seat distributions and last-seat race.

    Parameters
    ----------
    model : Model
        The run's model; its lists are grouped by constituency (`Model.constituency_start`).
    list_histogram : numpy.ndarray of shape (n_lists, max constituency seats + 1), int64
        ``list_histogram[j, k]``: the number of simulations in which list ``j`` won ``k`` seats,
        as returned by `engine.kernel.simulate_seats`.

    Returns
    -------
    tuple of ConstituencyResult
        One per constituency, in the baseline's order. Each keeps the lists that won a seat in
        some simulation or at the baseline, most expected seats first, and the race for the last
        seat at the poll's own shares (None when there is no race).
    """
    votes = point_estimate_votes(model)
    out = []
    for d, name in enumerate(model.constituency_names):
        lo, hi = model.constituency_start[d], model.constituency_start[d + 1]
        lists = []
        for j in range(lo, hi):
            counts = list_histogram[j]
            if counts[1:].sum() == 0 and model.list_baseline_seats[j] == 0:
                continue
            key = model.parties[model.list_party[j]]
            seats = SeatDistribution(counts.copy())
            lists.append(ListSeats(model.list_names[j], "" if key == OTHER else key, int(model.list_baseline_seats[j]), seats))
        lists.sort(key=lambda entry: -entry.seats.pmf @ np.arange(len(entry.seats.counts)))
        seats = int(model.constituency_seats[d])
        region = REGIONS[model.constituency_region[d]]
        out.append(ConstituencyResult(name, region, seats, tuple(lists), _last_seat(model, votes, lo, hi, seats)))
    return tuple(out)


def _last_seat(model: Model, votes: np.ndarray, lo: int, hi: int, seats: int) -> LastSeat | None:
    race = last_seat(votes[lo:hi], seats)
    if race is None:
        return None
    holder, runner_up, gap = race
    return LastSeat(model.list_names[lo + holder], model.list_names[lo + runner_up], 100.0 * gap / votes[lo:hi].sum())
