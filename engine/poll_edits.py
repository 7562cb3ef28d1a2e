"""Build and edit polls: an election result as a starting point, a region replaced, a party's
share set (the others giving way), a party added or removed.

Pure functions on frozen `Poll` / `RegionPoll` objects. Shares are in percent as entered (the
model renormalises them: `normalised_shares`); edited shares are rounded to `SHARE_DECIMALS`, the
precision of a share link, so that a link reproduces the edited scenario exactly.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from .defaults import SHARE_DECIMALS
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


def set_share(region: RegionPoll, entry: str, value: float, locked: list[str] | tuple[str, ...] = ()) -> RegionPoll:
    """`entry`'s share set to `value`.

    Without locks only that share changes (the model renormalises all of them). With locked
    entries, the difference is taken from (or given to) the unlocked others in proportion to
    their shares, so that the total, and therefore every locked entry's renormalised share,
    stays as it was.
    """
    value = round(min(max(value, 0.0), 100.0), SHARE_DECIMALS)
    shares = dict(region.shares)
    if entry not in shares:
        return region
    delta = value - shares[entry]
    if locked:
        movable = [k for k in shares if k != entry and k not in locked]
        pool = sum(shares[k] for k in movable)
        if pool > 0:
            factor = max(0.0, (pool - delta) / pool)
            for k in movable:
                shares[k] = round(shares[k] * factor, SHARE_DECIMALS)
    shares[entry] = value
    return replace(region, shares=tuple((k, shares[k]) for k, _ in region.shares))


def add_party(region: RegionPoll, key: str) -> RegionPoll:
    """The region with `key` added at 0 % (before Others, which stays last)."""
    present = {k for entry, _ in region.shares for k in entry.split("+")}
    if key in present:
        return region
    named = [(k, s) for k, s in region.shares if k != OTHER]
    other = [(k, s) for k, s in region.shares if k == OTHER]
    return replace(region, shares=tuple(named + [(key, 0.0)] + other))


def remove_party(region: RegionPoll, entry: str) -> RegionPoll:
    """The region without `entry` (a region keeps at least one entry)."""
    kept = tuple((k, s) for k, s in region.shares if k != entry)
    if not kept or sum(s for _, s in kept) <= 0:
        return region
    return replace(region, shares=kept)


def addable_parties(region: RegionPoll, region_parties: list[str]) -> list[str]:
    """Registry parties that run in the region and are not yet in its poll."""
    present = {k for entry, _ in region.shares for k in entry.split("+")}
    return [k for k in region_parties if k not in present]
