"""Build and edit polls.

An election result as a starting point, a region replaced, a party's share set (the others giving
way), a party added or removed.

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
    """Turn an election's regional results into a poll (docs/method.md §2.1).

    Parameters
    ----------
    election : Election
        The election (FPS Interior official results).
    sample_size : int, default 2000
        Respondents per region the result is read as: it sets the spread of the draws.

    Returns
    -------
    Poll
        All three regions, parties by descending share and `OTHER` last, shares in percent
        rounded to 0.01; firm ``"Election result <date>"``, no commissioners, dated the day after
        the election so that the election itself is its baseline.
    """
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
    """Tell whether `poll` is an election result made by `poll_from_election`, and of which day.

    Parameters
    ----------
    poll : Poll
        Any poll.

    Returns
    -------
    datetime.date or None
        The election day, or None for an opinion poll.
    """
    if poll.firm.startswith(ELECTION_FIRM_PREFIX) and not poll.commissioners:
        return poll.fieldwork_start - timedelta(days=1)
    return None


def with_region(poll: Poll, region: RegionPoll | None, region_key: str) -> Poll:
    """Replace or remove one region of a poll.

    Parameters
    ----------
    poll : Poll
        The poll.
    region : RegionPoll or None
        The new region, or None to remove it.
    region_key : str
        Region key of the region replaced or removed, one of `REGIONS`.

    Returns
    -------
    Poll
        A new poll, regions in `REGIONS` order (not validated).
    """
    kept = [r for r in poll.regions if r.region != region_key]
    if region is not None:
        kept.append(region)
    return replace(poll, regions=tuple(sorted(kept, key=lambda r: REGIONS.index(r.region))))


def normalised_shares(region: RegionPoll) -> dict[str, float]:
    """Return a region's shares as the model uses them (docs/method.md §2.1).

    Parameters
    ----------
    region : RegionPoll
        The region; shares in percent as entered.

    Returns
    -------
    dict of str to float
        Share in percent per entry, `OTHER` last, summing to 100: without an `OTHER` row it is
        the remainder to 100; with one, a total below 100 (undecided) is dropped; a total above
        100 is scaled down.
    """
    counts = region_counts(region)
    total = counts.counts.sum()
    return {k: 100.0 * c / total for k, c in zip(counts.keys, counts.counts)}


def region_reading(region: RegionPoll) -> tuple[str, float]:
    """Tell how the model reads a region's shares (docs/method.md §2.1), as `region_counts` does.

    Parameters
    ----------
    region : RegionPoll
        Shares in percent, as entered or published.

    Returns
    -------
    tuple of (str, float)
        ``("rest", p)``: no OTHER entry, so Others is the p percent up to 100;
        ``("undecided", p)``: an explicit OTHER and p percent missing, left out (the rest scaled up);
        ``("scaled_down", total)``: the shares add up to `total` percent, more than 100;
        ``("as_is", 100.0)``: they add up to exactly 100.
    """
    named = sum(s for k, s in region.shares if k != OTHER)
    other = region.share(OTHER)
    total = named + (other or 0.0)
    if total > 100.0:
        return "scaled_down", total
    if total < 100.0:
        return ("rest" if other is None else "undecided"), 100.0 - total
    return "as_is", 100.0


def set_share(region: RegionPoll, entry: str, value: float, locked: Iterable[str] = ()) -> RegionPoll:
    """Set one entry's share, the others giving way, exactly as the model will use it.

    The region is first read as the model reads it (`normalised_shares`: every entry, OTHER
    included, summing to 100); `entry` then takes `value` and the other entries that are not in
    `locked` give way in proportion to their shares, so that the total stays 100 and every locked
    entry keeps its share. `value` is clamped to what the locked entries leave. Shares are rounded
    to `SHARE_DECIMALS` (a share link's precision), the rounding remainder going to the largest
    entry that gives way. An unknown `entry` leaves the region unchanged.

    Parameters
    ----------
    region : RegionPoll
        The region; shares in percent.
    entry : str
        The entry to set (a registry key, a pair, or `OTHER`).
    value : float
        Its new share, in percent.
    locked : iterable of str, default ()
        Entries that keep their share.

    Returns
    -------
    RegionPoll
        The region with every entry (`OTHER` included) in percent summing to 100, rounded to
        `SHARE_DECIMALS` decimals.
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
    """Add a party to a region at 0 %, before `OTHER` (which stays last).

    Parameters
    ----------
    region : RegionPoll
        The region.
    key : str
        Registry key of the party; if it was removed (`RegionPoll.removed`) it comes back.

    Returns
    -------
    RegionPoll
        The region with `key` added, or unchanged when `key` is already in it (alone or in a pair).
    """
    present = {k for entry, _ in region.shares for k in entry.split("+")}
    if key in present:
        return region
    named = [(k, s) for k, s in region.shares if k != OTHER]
    other = [(k, s) for k, s in region.shares if k == OTHER]
    removed = tuple(k for k in region.removed if k != key)
    return replace(region, shares=tuple(named + [(key, 0.0)] + other), removed=removed)


def remove_party(region: RegionPoll, entry: str, locked: Iterable[str] = ()) -> RegionPoll:
    """Take an entry out of the scenario in one region.

    Its share goes to the other unlocked entries in proportion (as `set_share` to 0) and its
    parties' lists get no votes in the region (`RegionPoll.removed`, docs/method.md §3.2).
    Removing `OTHER` only makes the rest implicit again.

    Parameters
    ----------
    region : RegionPoll
        The region; shares in percent.
    entry : str
        The entry to remove (a registry key, a pair, or `OTHER`).
    locked : iterable of str, default ()
        Entries that keep their share.

    Returns
    -------
    RegionPoll
        The region without `entry`; unchanged when `entry` is not in it or is its last named
        party (a region keeps at least one).
    """
    if entry not in dict(region.shares) or len([k for k, _ in region.shares if k != OTHER and k != entry]) == 0:
        return region
    emptied = set_share(region, entry, 0.0, locked)
    kept = tuple((k, s) for k, s in emptied.shares if k != entry)
    gone = () if entry == OTHER else tuple(k for k in entry.split("+") if k not in region.removed)
    return replace(region, shares=kept, removed=region.removed + gone)


def addable_parties(region: RegionPoll, region_parties: list[str]) -> list[str]:
    """List the parties that could be added to a region.

    Parameters
    ----------
    region : RegionPoll
        The region.
    region_parties : list of str
        Registry keys of the parties that run in the region.

    Returns
    -------
    list of str
        Those of `region_parties` not yet in the region's entries (alone or in a pair), in the
        given order.
    """
    present = {k for entry, _ in region.shares for k in entry.split("+")}
    return [k for k in region_parties if k not in present]
