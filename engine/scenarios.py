"""Build and edit polls: an election result as a starting point, a region's shares changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from .domain import OTHER, REGIONS, Election, Poll, RegionPoll
from .model import region_counts

ELECTION_POLL_PREFIX = "election-"
ELECTION_SAMPLE_SIZE = 2000
ELECTION_FIRM_PREFIX = "Election result"


def poll_from_election(election: Election, sample_size: int = ELECTION_SAMPLE_SIZE) -> Poll:
    """The election's regional results as a poll (shares in percent, rounded to 0.01), dated the
    day after so that the election itself is its baseline."""
    regions = []
    for region in REGIONS:
        votes = election.regional_votes(region)
        valid = sum(votes.values())
        shares = sorted(
            ((k, round(100.0 * v / valid, 2)) for k, v in votes.items() if k != OTHER), key=lambda kv: -kv[1]
        )
        shares.append((OTHER, round(100.0 * votes.get(OTHER, 0) / valid, 2)))
        regions.append(RegionPoll(region, sample_size, tuple(shares)))
    day = election.date + timedelta(days=1)
    return Poll(
        firm=f"{ELECTION_FIRM_PREFIX} {election.id}",
        commissioners=(),
        fieldwork_start=day,
        fieldwork_end=day,
        regions=tuple(regions),
        source=election.source,
    )


def election_result_date(poll: Poll) -> date | None:
    """The election day when `poll` is an election result made by `poll_from_election`."""
    if poll.firm.startswith(ELECTION_FIRM_PREFIX) and not poll.commissioners:
        return poll.fieldwork_start - timedelta(days=1)
    return None


def with_region(poll: Poll, region: RegionPoll | None, region_key: str) -> Poll:
    """The poll with one region replaced (or removed when `region` is None)."""
    kept = [r for r in poll.regions if r.region != region_key]
    if region is not None:
        kept.append(region)
    return replace(poll, regions=tuple(sorted(kept, key=lambda r: REGIONS.index(r.region))))


def normalised_shares(region: RegionPoll) -> dict[str, float]:
    """The shares as the model uses them, in percent summing to 100 (OTHER = the rest)."""
    counts = region_counts(region)
    total = counts.counts.sum()
    return {k: 100.0 * c / total for k, c in zip(counts.keys, counts.counts)}
