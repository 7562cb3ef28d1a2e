"""What a run reports: per party, family of lists, coalition and constituency (frozen records).

Seats are whole seats, shares percentages, probabilities fractions with Monte Carlo standard
errors (`Probability`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .domain import Party
from .summaries import Probability, SeatDistribution, ShareDistribution


class _AgainstLastResult:
    """Seat probabilities against the last result, for a record with `seats` and `last_result`."""

    seats: SeatDistribution
    last_result: int

    @property
    def probability_of_gain(self) -> Probability:
        """P(seats ≥ last result + 1), a fraction with its Monte Carlo standard error."""
        return self.seats.at_least(self.last_result + 1)

    @property
    def probability_of_no_seat(self) -> Probability:
        """P(0 seats), a fraction with its Monte Carlo standard error."""
        return self.seats.at_most(0)


@dataclass(frozen=True)
class PartyResult(_AgainstLastResult):
    """One registry list's projection: seats (national and per region) and vote shares.

    Attributes
    ----------
    key : str
        Registry key (``"NVA"``).
    name, abbreviation : str
        The list's name and abbreviation on the poll's last fieldwork day.
    colour : str
        Hex colour from the party registry.
    last_result : int
        Seats won at the baseline election (D'Hondt on the official votes).
    last_vote_share : float
        National vote share at the baseline election, in percent.
    last_regional_vote_share : dict of str to float
        Vote share at the baseline election per region key where the list ran, in percent.
    seats : SeatDistribution
        National seats over the simulations.
    vote_share : ShareDistribution
        National vote share, in percent.
    regional_vote_share : dict of str to ShareDistribution
        Vote share per region key where the party has one, in percent.
    seats_by_region : dict of str to SeatDistribution
        Seats per region key where the party runs.
    held_at_last_result : tuple of str
        Regions where the list keeps its baseline votes because the poll does not name it there
        (docs/method.md §3.2) or does not cover the region (docs/method.md §2.6): its numbers there
        are the last result, not a projection.
    """

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


def party_name(party: Party, day: date | None, lang: str) -> str:
    """Return the name a reader of `lang` knows `party` by, on `day`.

    Parameters
    ----------
    party : Party
        The registry's party.
    day : datetime.date or None
        The poll's last fieldwork day (None: today's name).
    lang : str
        A language code (`engine.i18n.LANGUAGES`).

    Returns
    -------
    str
        Its name in `lang` (`Party.names`), or its ballot name (`Party.name_on`): in English, as
        the reference reports write it; under an earlier name, which the registry does not
        translate; and for a list of a family, as PVDA and PTB have one name in each language
        and only their ballot names tell the two lists apart.
    """
    ballot = party.name_on(day)
    if lang == "en" or party.family or ballot != party.name:
        return ballot
    return dict(party.names).get(lang, ballot)


@dataclass(frozen=True)
class FamilyResult(_AgainstLastResult):
    """Lists of one party shown together (PVDA and PTB are one party, two lists).

    Seats and shares are summed within each simulation, never by adding medians
    (docs/method.md §3.5).

    Attributes
    ----------
    name : str
        The family's name (registry `family`, e.g. ``"PVDA-PTB"``).
    parties : tuple of str
        Registry keys of its lists.
    last_result : int
        Seats won at the baseline election, all lists together.
    last_vote_share : float
        National vote share at the baseline election, in percent.
    seats : SeatDistribution
        National seats of all its lists together.
    vote_share : ShareDistribution
        National vote share of all its lists together, in percent.
    """

    name: str
    parties: tuple[str, ...]
    last_result: int
    last_vote_share: float  # percent
    seats: SeatDistribution
    vote_share: ShareDistribution  # national, percent


@dataclass(frozen=True)
class CoalitionResult:
    """Any set of parties, their seats summed within each simulation (docs/method.md §3.5).

    Attributes
    ----------
    name : str
        The preset's name, or the members' abbreviations joined by " – ".
    parties : tuple of str
        Registry keys of the members.
    last_result : int
        The members' seats at the baseline election.
    seats : SeatDistribution
        The members' seats, summed within each simulation.
    majority_probability : Probability
        P(seats ≥ 76), a fraction: an arithmetical majority, not the chance that it forms.
    dutch_majority_probability : Probability
        P(more than half of the Dutch-language group), a fraction.
    note : str
        The preset's note from data/coalitions.toml, or "".
    """

    name: str
    parties: tuple[str, ...]
    last_result: int
    seats: SeatDistribution
    majority_probability: Probability  # P(seats ≥ 76): arithmetical, not the chance it forms
    dutch_majority_probability: Probability  # majority within the Dutch-language group
    note: str = ""


@dataclass(frozen=True)
class ListSeats:
    """One list's seats in one constituency.

    Attributes
    ----------
    list_name : str
        The list's name (on the poll's last fieldwork day for registry lists).
    party : str
        Registry key, or "" for lists outside the registry.
    last_result : int
        Seats won there at the baseline election.
    seats : SeatDistribution
        Seats there over the simulations (at most the constituency's seats).
    """

    list_name: str
    party: str  # registry key, or "" for lists outside the registry
    last_result: int
    seats: SeatDistribution


@dataclass(frozen=True)
class LastSeat:
    """The race for a constituency's last seat at the poll's point estimate.

    Computed by exact D'Hondt with the 5 % threshold (`engine.allocation.last_seat`).

    Attributes
    ----------
    holder : str
        Name of the list D'Hondt gives the last seat to.
    runner_up : str
        Name of the closest challenger.
    gap_points : float
        Percentage points of the constituency's projected votes that, moved from the holder to
        the challenger, would give the challenger a seat more.
    """

    holder: str
    runner_up: str  # the closest challenger
    gap_points: float


@dataclass(frozen=True)
class ConstituencyResult:
    """One constituency: its lists' seat distributions and the race for its last seat.

    Attributes
    ----------
    name : str
        The constituency's name, as in the baseline's data file.
    region : str
        Region key, one of `REGIONS`.
    seats : int
        Seats it elects at the baseline (docs/method.md §1).
    lists : tuple of ListSeats
        Lists that won a seat in some simulation or at the baseline, most expected seats first.
    last_seat : LastSeat or None
        The race for the last seat at the poll's own shares; None when there is none.
    """

    name: str
    region: str
    seats: int
    lists: tuple[ListSeats, ...]
    last_seat: LastSeat | None
