"""What a run reports: per party, family of lists, coalition and constituency (frozen records).

Seats are whole seats, shares percentages, probabilities fractions with Monte Carlo standard
errors (`Probability`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .summaries import Probability, SeatDistribution, ShareDistribution


@dataclass(frozen=True)
class PartyResult:
    """One registry list's projection: seats (national and per region) and vote shares."""

    key: str
    name: str  # the name that applied at the poll's date
    abbreviation: str
    colour: str
    last_result: int  # seats in the baseline election
    last_vote_share: float  # percent, national, baseline election
    last_regional_vote_share: dict[str, float]  # percent, per region where it ran in the baseline
    seats: SeatDistribution
    vote_share: ShareDistribution  # national, percent
    regional_vote_share: dict[str, ShareDistribution]  # regions where the party has a share
    seats_by_region: dict[str, SeatDistribution]
    # Regions where the list keeps its baseline votes because the poll does not name it there
    # (or does not cover the region): its numbers there are the last result, not a projection.
    held_at_last_result: tuple[str, ...] = ()

    @property
    def probability_of_gain(self) -> Probability:
        return self.seats.at_least(self.last_result + 1)

    @property
    def probability_of_no_seat(self) -> Probability:
        return self.seats.at_most(0)


@dataclass(frozen=True)
class FamilyResult:
    """Lists of one party shown together (PVDA and PTB are one party, two lists)."""

    name: str
    parties: tuple[str, ...]
    last_result: int
    last_vote_share: float  # percent
    seats: SeatDistribution
    vote_share: ShareDistribution  # national, percent


@dataclass(frozen=True)
class CoalitionResult:
    """Any set of parties, their seats summed within each simulation."""

    name: str
    parties: tuple[str, ...]
    last_result: int
    seats: SeatDistribution
    majority_probability: Probability  # P(seats ≥ 76): arithmetical, not the chance it forms
    dutch_majority_probability: Probability  # majority within the Dutch-language group
    note: str = ""


@dataclass(frozen=True)
class ListSeats:
    """One list's seats in one constituency."""

    list_name: str
    party: str  # registry key, or "" for lists outside the registry
    last_result: int
    seats: SeatDistribution


@dataclass(frozen=True)
class LastSeat:
    """The race for a constituency's last seat at the poll's point estimate: the list D'Hondt
    gives it to, the closest challenger, and how many percentage points of the constituency's
    votes moving from the holder to the challenger would give the challenger a seat more
    (exact D'Hondt with the 5 % threshold, `engine.allocation.last_seat`)."""

    holder: str
    runner_up: str  # the closest challenger
    gap_points: float


@dataclass(frozen=True)
class ConstituencyResult:
    """One constituency: its lists' seat distributions and the race for its last seat."""

    name: str
    region: str
    seats: int
    lists: tuple[ListSeats, ...]
    last_seat: LastSeat | None
