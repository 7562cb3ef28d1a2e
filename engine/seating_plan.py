"""How sure each seat of the seating plan is: the seat-certainty rule (docs/seating-plan.md).

The seating plan shows each party with ``c`` seats, its expected seats rounded so that the Chamber
adds up to 150 (`engine.figures.seats.expected_seats_rounded`), in the parties' fixed
left-to-right order. The k-th of those seats is the one the party holds whenever it wins at least
k seats, so it is held in a fraction P(X ≥ k) of the simulations, X the party's projected seats.
P(X ≥ k) never grows with k: a party's first seat is its safest, its c-th its least safe.

A seat is *safe* when P(X ≥ k) ≥ `SAFE_SEAT_PROBABILITY` (95 %), *likely* when it is at least
`LIKELY_SEAT_PROBABILITY` (75 %) and a *toss-up* below. Probabilities are fractions (0–1).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .defaults import LIKELY_SEAT_PROBABILITY, SAFE_SEAT_PROBABILITY
from .domain import CHAMBER_SEATS, OTHER
from .i18n import N_
from .summaries import Probability, SeatDistribution

if TYPE_CHECKING:
    from .simulation import Result

# The classes, safest first. The English words are the catalogs' msgids: translate with `_` where
# they are shown.
SAFE, LIKELY, TOSS_UP = N_("safe"), N_("likely"), N_("toss-up")
SEAT_CLASSES = (SAFE, LIKELY, TOSS_UP)


def seat_class(chance: float) -> str:
    """Classify a seat by the fraction of simulations in which its party holds it.

    Parameters
    ----------
    chance : float
        P(X ≥ k), a fraction (0–1).

    Returns
    -------
    str
        `SAFE` when ``chance ≥ SAFE_SEAT_PROBABILITY`` (0.95), `LIKELY` when
        ``chance ≥ LIKELY_SEAT_PROBABILITY`` (0.75), else `TOSS_UP`.
    """
    if chance >= SAFE_SEAT_PROBABILITY:
        return SAFE
    if chance >= LIKELY_SEAT_PROBABILITY:
        return LIKELY
    return TOSS_UP


@dataclass(frozen=True)
class PlanSeat:
    """One seat of the seating plan and how sure it is.

    Attributes
    ----------
    party : str
        Registry key of the party that holds it in the plan (`OTHER`: lists outside the registry).
    rank : int
        k, from 1 (the party's safest seat) to `of` (its least safe).
    of : int
        The party's seats in the plan, c.
    chance : Probability
        P(X ≥ k): the fraction of simulations in which the party wins at least `rank` seats, with
        its Monte Carlo standard error.
    certainty : str
        `seat_class` of ``chance.value``: `SAFE`, `LIKELY` or `TOSS_UP` (English msgids).
    """

    party: str
    rank: int
    of: int
    chance: Probability
    certainty: str


def rank_seats(plan: Mapping[str, int], seats: Mapping[str, SeatDistribution]) -> tuple[PlanSeat, ...]:
    """Rank every seat of a seating plan from safe to toss-up, party by party.

    Parameters
    ----------
    plan : mapping of str to int
        Seats per party key in the plan, in the plan's left-to-right order (the mapping's order);
        parties with 0 seats get none.
    seats : mapping of str to SeatDistribution
        Each planned party's projected seats X.

    Returns
    -------
    tuple of PlanSeat
        ``sum(plan.values())`` seats in layout order: party by party as `plan` orders them, and
        within a party by rank k = 1, 2, …, c, that is from its safest seat to its least safe
        (chances P(X ≥ k), non-increasing in k; equal chances keep the order of k).

    Raises
    ------
    KeyError
        When a party with seats in `plan` has no distribution in `seats`.
    ValueError
        When a seat count is negative.
    """
    out: list[PlanSeat] = []
    for party, count in plan.items():
        if count < 0:
            raise ValueError(f"{party} has a negative seat count ({count})")
        if count == 0:
            continue
        distribution = seats[party]
        for k in range(1, count + 1):
            chance = distribution.at_least(k)
            out.append(PlanSeat(party, k, count, chance, seat_class(chance.value)))
    return tuple(out)


def plan_order(result: Result) -> dict[str, int]:
    """Return the seating plan's seats per party in its left-to-right order.

    The counts are the current seating plan's (`expected_seats_rounded`); parties are in
    `Party.position` order and lists outside the registry (`OTHER`) on the right, as in
    `engine.figures.hemicycle`.

    Parameters
    ----------
    result : Result
        The run.

    Returns
    -------
    dict of str to int
        Seats per party key, adding up to 150, in layout order; parties with 0 seats left out.
    """
    # Imported here: engine.figures imports this module (its seating-plan figure).
    from .figures.seats import expected_seats_rounded

    counts = expected_seats_rounded(result.parties, CHAMBER_SEATS)
    registry = result.library.parties
    ordered = sorted((k for k in counts if k != OTHER), key=lambda k: registry[k].position)
    plan = {k: counts[k] for k in ordered if counts[k] > 0}
    if counts.get(OTHER, 0) > 0:
        plan[OTHER] = counts[OTHER]
    return plan


def seating_plan(result: Result) -> tuple[PlanSeat, ...]:
    """Return the 150 seats of the seating plan with how sure each is, in layout order.

    Parameters
    ----------
    result : Result
        The run.

    Returns
    -------
    tuple of PlanSeat
        `rank_seats` of `plan_order(result)`, with each party's national seats
        (`PartyResult.seats`; for `OTHER` the summed seats of lists outside the registry).
    """
    plan = plan_order(result)
    distributions = {p.key: p.seats for p in result.parties if p.key in plan}
    if OTHER in plan:
        distributions[OTHER] = SeatDistribution.from_draws(result.seats([OTHER]))
    return rank_seats(plan, distributions)


def certainty_counts(plan: tuple[PlanSeat, ...]) -> dict[str, int]:
    """Count the seats of each class.

    Parameters
    ----------
    plan : tuple of PlanSeat
        A seating plan (`seating_plan`).

    Returns
    -------
    dict of str to int
        Seats per class, every class of `SEAT_CLASSES` present (0 when none), safest first.
    """
    counts = dict.fromkeys(SEAT_CLASSES, 0)
    for seat in plan:
        counts[seat.certainty] += 1
    return counts
