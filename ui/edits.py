"""Edits of one region's poll, as pure functions (no Streamlit): easy to test.

Shares are in percent as entered (the model renormalises them: `engine.normalised_shares`).
Edited shares are rounded to 0.01, the precision of a share link, so that a link reproduces
the edited scenario exactly.
"""

from __future__ import annotations

from dataclasses import replace

from engine import RegionPoll
from engine.domain import OTHER

SHARE_DECIMALS = 2


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
