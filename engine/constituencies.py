"""Constituency detail of a run: every list's seat distribution, and who holds the last seat at
the poll's own shares and how far the closest challenger is from taking it."""

from __future__ import annotations

import numpy as np

from .allocation import last_seat
from .domain import OTHER, REGIONS
from .model import Model, point_estimate_votes
from .results import ConstituencyResult, LastSeat, ListSeats
from .summaries import SeatDistribution


def constituency_results(model: Model, list_histogram: np.ndarray) -> tuple[ConstituencyResult, ...]:
    """Per constituency, the lists that won a seat in some simulation or at the baseline, most
    expected seats first. `list_histogram` is (lists, max seats + 1) counts from the kernel."""
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
