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
    """One party's share (percent) in one poll, in one region or nationally."""

    poll_id: str
    firm: str
    fieldwork_end: date
    region: str  # "VLG", "WAL", "BRU" or "national"
    party: str  # registry key, or OTHER
    share: float  # percent


def region_weights(election: Election) -> dict[str, float]:
    """Each region's share (fraction) of the valid votes in `election`, as the model weights them."""
    valid = {region: sum(election.regional_votes(region).values()) for region in REGIONS}
    total = sum(valid.values())
    return {region: votes / total for region, votes in valid.items()}


def regional_shares(poll: Poll, region: str, baseline: Election) -> dict[str, float]:
    """Shares (percent, summing to 100) per party key in `region` of `poll`, or {} if not covered."""
    region_poll = poll.region(region)
    if region_poll is None:
        return {}
    normalised = normalised_shares(region_poll)
    theta = np.array([[normalised[entry] / 100.0 for entry in normalised]])
    shares = party_vote_shares(tuple(normalised), theta, region, baseline, region_poll.removed)
    return {k: 100.0 * float(v[0]) for k, v in shares.items()}


def national_shares(poll: Poll, baseline: Election) -> dict[str, float]:
    """National shares (percent) per party key, or {} when the poll misses a region."""
    if poll.covered_regions != REGIONS:
        return {}
    weights = region_weights(baseline)
    national: dict[str, float] = {}
    for region in REGIONS:
        for key, share in regional_shares(poll, region, baseline).items():
            national[key] = national.get(key, 0.0) + weights[region] * share
    return national


def poll_shares(library: Library) -> tuple[PollShare, ...]:
    """Every poll's shares, per region and national, oldest poll first."""
    rows = []
    for poll in sorted(library.polls.values(), key=lambda p: (p.fieldwork_end, p.id)):
        baseline = library.baseline_for(poll)
        by_region = {region: regional_shares(poll, region, baseline) for region in REGIONS}
        by_region[NATIONAL] = national_shares(poll, baseline)
        for region, shares in by_region.items():
            rows += [PollShare(poll.id, poll.firm, poll.fieldwork_end, region, k, s) for k, s in shares.items()]
    return tuple(rows)


def election_shares(library: Library) -> tuple[PollShare, ...]:
    """Every election's actual shares (percent), per region and national, as `PollShare` rows
    (firm "Election", dated on election day): the mark the polls aimed at."""
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
