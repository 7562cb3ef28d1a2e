"""Build and edit polls: an election result as a starting point, a region replaced, a party's
share set (the others giving way), a party added or removed.

Pure functions on frozen `Poll` / `RegionPoll` objects. Shares are in percent as entered (the
model renormalises them: `normalised_shares`); edited shares are rounded to `SHARE_DECIMALS`, the
precision of a share link, so that a link reproduces the edited scenario exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, timedelta

from .defaults import SHARE_DECIMALS, SHARE_RANGE
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


def set_share(region: RegionPoll, entry: str, value: float, locked: Iterable[str] = ()) -> RegionPoll:
    """`region` with `entry` at `value` percent, exactly as the model will use it.

    The region is first read as the model reads it (`normalised_shares`: every entry, OTHER
    included, summing to 100); `entry` then takes `value` and the other entries that are not in
    `locked` give way in proportion to their shares, so that the total stays 100 and every locked
    entry keeps its share. `value` is clamped to what the locked entries leave. Shares are rounded
    to `SHARE_DECIMALS` (a share link's precision), the rounding remainder going to the largest
    entry that gives way. An unknown `entry` leaves the region unchanged.
    """
    used = normalised_shares(region)
    if entry not in used:
        return region
    held = {k for k in locked if k in used and k != entry}
    movable = [k for k in used if k != entry and k not in held]
    room = 100.0 - sum(used[k] for k in held)
    value = min(max(value, SHARE_RANGE[0]), room) if movable else room
    pool = sum(used[k] for k in movable)
    shares = {k: round(v, SHARE_DECIMALS) for k, v in used.items()}
    shares[entry] = round(value, SHARE_DECIMALS)
    for k in movable:
        # With nothing left to scale, the room goes to the movable entries equally.
        part = used[k] / pool if pool > 0 else 1.0 / len(movable)
        shares[k] = round((room - value) * part, SHARE_DECIMALS)
    remainder = 100.0 - sum(shares.values())
    largest = max(movable, key=lambda k: shares[k], default=entry)
    if shares[largest] + remainder < 0:  # every other entry is at 0: the edited one absorbs it
        largest = entry
    shares[largest] = round(shares[largest] + remainder, SHARE_DECIMALS)
    return replace(region, shares=tuple(shares.items()))


def add_party(region: RegionPoll, key: str) -> RegionPoll:
    """The region with `key` added at 0 % (before Others, which stays last); a party that was
    removed comes back."""
    present = {k for entry, _ in region.shares for k in entry.split("+")}
    if key in present:
        return region
    named = [(k, s) for k, s in region.shares if k != OTHER]
    other = [(k, s) for k, s in region.shares if k == OTHER]
    removed = tuple(k for k in region.removed if k != key)
    return replace(region, shares=tuple(named + [(key, 0.0)] + other), removed=removed)


def remove_party(region: RegionPoll, entry: str, locked: Iterable[str] = ()) -> RegionPoll:
    """The region with `entry` taken out of the scenario: its share goes to the other unlocked
    entries in proportion (as `set_share` to 0) and its parties' lists get no votes in the
    region (`RegionPoll.removed`). Removing OTHER only makes the rest implicit again. A region
    keeps at least one named party."""
    if entry not in dict(region.shares) or len([k for k, _ in region.shares if k != OTHER and k != entry]) == 0:
        return region
    emptied = set_share(region, entry, 0.0, locked)
    kept = tuple((k, s) for k, s in emptied.shares if k != entry)
    gone = () if entry == OTHER else tuple(k for k in entry.split("+") if k not in region.removed)
    return replace(region, shares=kept, removed=region.removed + gone)


def addable_parties(region: RegionPoll, region_parties: list[str]) -> list[str]:
    """Registry parties that run in the region and are not yet in its poll."""
    present = {k for entry, _ in region.shares for k in entry.split("+")}
    return [k for k in region_parties if k not in present]
