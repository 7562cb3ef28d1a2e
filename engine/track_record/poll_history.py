"""Poll of polls: every poll in the library as vote shares per party, per region and national.

The shares are the poll's own point estimates, read the way the model reads them (docs/method.md §2.1):
normalised to 100 % per region (`OTHER` = the rest, undecided dropped), a pair such as
`PS+VOORUIT` counted for the region's larger partner, and a list the pollster folded into Other
kept at its baseline regional share, taken out of Other. The national share weights the regions
by their share of the valid votes in the poll's baseline election (`Model.region_weight`), so it
exists only for polls that cover all three regions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from ..domain import REGIONS, Election, Library, Poll
from ..poll_edits import normalised_shares, poll_from_election
from ..vote_shares import party_vote_shares

NATIONAL = "national"


@dataclass(frozen=True)
class PollShare:
    """One party's share (percent) in one poll, in one region or nationally.

    Attributes
    ----------
    poll_id : str
        The poll's id (``"2024-11-21-Ipsos"``), or ``"election-<date>"`` for an election result.
    firm : str
        The polling firm, or ``"Election"``.
    fieldwork_end : datetime.date
        Last fieldwork day (election day for a result).
    region : str
        ``"VLG"``, ``"WAL"``, ``"BRU"`` or `NATIONAL`.
    party : str
        Registry key, or `OTHER`.
    share : float
        Vote share in percent.
    """

    poll_id: str
    firm: str
    fieldwork_end: date
    region: str  # "VLG", "WAL", "BRU" or "national"
    party: str  # registry key, or OTHER
    share: float  # percent


def region_weights(election: Election) -> dict[str, float]:
    """Return each region's share of the valid votes in `election`, as the model weights them.

    Parameters
    ----------
    election : Election
        The baseline election (FPS Interior official results).

    Returns
    -------
    dict of str to float
        Fraction (0–1) per region key, summing to 1 (docs/method.md §2.3).
    """
    valid = {region: sum(election.regional_votes(region).values()) for region in REGIONS}
    total = sum(valid.values())
    return {region: votes / total for region, votes in valid.items()}


def regional_shares(poll: Poll, region: str, baseline: Election) -> dict[str, float]:
    """Read a poll's shares in one region the way the model reads them (docs/method.md §2.1).

    Parameters
    ----------
    poll : Poll
        The poll; shares in percent.
    region : str
        Region key, one of `REGIONS`.
    baseline : Election
        The poll's baseline election (pairs: docs/method.md §2.5; unnamed lists: docs/method.md §3.2).

    Returns
    -------
    dict of str to float
        Share in percent per party key (`OTHER` included), summing to 100; empty when the poll
        does not cover `region`.
    """
    region_poll = poll.region(region)
    if region_poll is None:
        return {}
    normalised = normalised_shares(region_poll)
    theta = np.array([[normalised[entry] / 100.0 for entry in normalised]])
    shares = party_vote_shares(tuple(normalised), theta, region, baseline, region_poll.removed)
    return {k: 100.0 * float(v[0]) for k, v in shares.items()}


def national_shares(poll: Poll, baseline: Election) -> dict[str, float]:
    """Weight a poll's regional shares into national ones (docs/method.md §2.3).

    Parameters
    ----------
    poll : Poll
        The poll; shares in percent.
    baseline : Election
        The baseline election whose valid votes weight the regions.

    Returns
    -------
    dict of str to float
        National share in percent per party key (`OTHER` included); empty when the poll does not
        cover all three regions.
    """
    if poll.covered_regions != REGIONS:
        return {}
    weights = region_weights(baseline)
    national: dict[str, float] = {}
    for region in REGIONS:
        for key, share in regional_shares(poll, region, baseline).items():
            national[key] = national.get(key, 0.0) + weights[region] * share
    return national


def poll_shares(library: Library) -> tuple[PollShare, ...]:
    """List every library poll's shares, per region and national, oldest poll first.

    Parameters
    ----------
    library : Library
        The loaded data; each poll is read on its own baseline (`Library.baseline_for`).

    Returns
    -------
    tuple of PollShare
        Shares in percent, one row per poll, region (or `NATIONAL`) and party.
    """
    rows = []
    for poll in sorted(library.polls.values(), key=lambda p: (p.fieldwork_end, p.id)):
        baseline = library.baseline_for(poll)
        by_region = {region: regional_shares(poll, region, baseline) for region in REGIONS}
        by_region[NATIONAL] = national_shares(poll, baseline)
        for region, shares in by_region.items():
            rows += [PollShare(poll.id, poll.firm, poll.fieldwork_end, region, k, s) for k, s in shares.items()]
    return tuple(rows)


def election_shares(library: Library) -> tuple[PollShare, ...]:
    """List every election's actual shares, per region and national: the mark the polls aimed at.

    Each result is read as a poll on itself (`poll_from_election`), by the same rules as the polls.

    Parameters
    ----------
    library : Library
        The loaded data (elections from the FPS Interior official results).

    Returns
    -------
    tuple of PollShare
        Shares in percent, firm ``"Election"``, dated on election day, oldest election first.
    """
    rows = []
    for election in sorted(library.elections.values(), key=lambda e: e.date):
        # The result read as a poll on itself: the same rules, so polls and results compare.
        poll = poll_from_election(election)
        by_region = {region: regional_shares(poll, region, election) for region in REGIONS}
        by_region[NATIONAL] = national_shares(poll, election)
        for region, shares in by_region.items():
            rows += [
                PollShare(f"election-{election.id}", "Election", election.date, region, k, s) for k, s in shares.items()
            ]
    return tuple(rows)
